import { expect, test } from '@playwright/test';

test('dragging across the created chart’s quarters narrows every view to them, one chip to undo', async ({
  page,
}) => {
  await page.goto('/');
  const total = page.locator('.kpi', { has: page.locator('[data-kpi="Opportunities"]') });
  await expect(total.locator('.value')).toHaveText('5,000');
  // Filters apply once DuckDB is live, as the filter bar shows.
  await expect(page.getByTestId('filter-bar')).toBeVisible();
  const chart = page
    .locator('section.card', { hasText: 'Opportunities created per quarter' })
    .locator('[data-chart-ready]');
  await chart.scrollIntoViewIfNeeded();
  // Each quarter has lost deals: their bars, left to right, mark the quarters' columns (the
  // legend's swatch, above the plot, left out).
  const lostBars = async () => {
    const plotTop = (await chart.boundingBox())!.y + 32;
    const boxes = (await chart
      .locator('path[fill="#D55E00"]')
      .evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().toJSON()))) as DOMRect[];
    return boxes.filter((b) => b.y > plotTop).sort((a, b) => a.x - b.x);
  };
  const bars = await lostBars();
  expect(bars.length).toBeGreaterThan(5);
  const xs = bars.map((b) => b.x + b.width / 2);
  const y = Math.max(...bars.map((b) => b.y + b.height / 2));

  // From the demo's second quarter (2024-Q1) to its fifth (2024-Q4).
  await page.mouse.move(xs[1]!, y);
  await page.mouse.down();
  await page.mouse.move(xs[4]!, y, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator('.chip', { hasText: 'Created' })).toHaveText(
    /Created Jan 1, 2024 – Dec 31, 2024/,
  );
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);
  await expect(page).toHaveURL(/from=2024-01-01.*to=2024-12-31|to=2024-12-31.*from=2024-01-01/);
  await expect(total.locator('.value')).not.toHaveText('5,000');

  // A click on one column still narrows to that quarter and status (the chip's × scrolled the
  // page up to it).
  await page.locator('.chip', { hasText: 'Created' }).getByRole('button').click();
  await expect(total.locator('.value')).toHaveText('5,000');
  await chart.scrollIntoViewIfNeeded();
  const third = (await lostBars())[2]!;
  await page.mouse.click(third.x + third.width / 2, third.y + third.height / 2);
  await expect(page.getByTestId('filter-chip')).toHaveText([
    /Created quarter: 2024-Q2/,
    /Status: Lost/,
  ]);
});

test('chart titles say what their charts show, over what they plot, in either language', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('filter-bar')).toBeVisible();
  await expect(page.getByTestId('chart-headline')).toHaveText([
    'Most open deals sit at Potential: 347 of 1,050',
    '2026-Q2 brought the most new deals: 539',
  ]);
  await expect(page.locator('.card .what')).toHaveText([
    'Where the opportunities stand now, by current stage',
    'Opportunities created per quarter, by outcome so far',
  ]);

  await page.locator('[data-view=funnel]').click();
  await expect(page.getByTestId('chart-headline')).toHaveText([
    '15.7% of the deals that enter reach Target',
    'Most lost deals leave from Potential: 1,639 of 3,487',
    'Deals wait longest at Target: 78 days (median)',
    '华东 converts best (12.2%), 东北 least (3.6%)',
  ]);
  // Filtered to one region, in Chinese: the titles follow; one region has no spread to tell.
  await page.goto(`/#v=1&vw=funnel&lc=zh-CN&f.region=${encodeURIComponent('华东')}`);
  await expect(page.getByTestId('chart-headline')).toHaveText([
    '进入漏斗的商机有 20.0% 走到目标商机',
    '输单商机最多从潜在商机流失：874 条中的 361 条',
    '商机在可行商机停留最久：中位数 77 天',
  ]);
  await expect(page.getByRole('heading', { name: '按区域的转化率，由高到低' })).toBeVisible();
});

test('a chart clicked before DuckDB is live takes the demo’s numbers away: they are for no filter', async ({
  page,
}) => {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/tables.bin-*', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByTestId('starting')).toBeVisible();
  const chart = page
    .locator('section.card', { hasText: 'Where the opportunities stand now' })
    .locator('[data-chart-ready]');
  await chart.scrollIntoViewIfNeeded();
  // Potential's lost deals: the widest bar of the lost colour.
  const boxes = (await chart
    .locator('path[fill="#D55E00"]')
    .evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().toJSON()))) as DOMRect[];
  const widest = boxes.sort((a, b) => b.width - a.width)[0]!;
  await page.mouse.click(widest.x + widest.width / 2, widest.y + widest.height / 2);
  await expect(page.locator('main .chart')).toHaveCount(0);
  await expect(page.getByTestId('starting')).toBeVisible();

  release();
  await expect(page.getByTestId('filter-chip')).toHaveText([/Stage: Potential/, /Status: Lost/]);
  const total = page.locator('.kpi', { has: page.locator('[data-kpi="Opportunities"]') });
  await expect(total.locator('.value')).not.toHaveText('5,000');
});
