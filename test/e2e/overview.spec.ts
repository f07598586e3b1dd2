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
    .locator('section', { has: page.getByRole('heading', { name: /created per quarter/ }) })
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
