import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test('forecasts the quarter with a range, a target and a link that reproduces it', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await page.locator('[data-view=forecast]').click();
  const answer = page.getByTestId('forecast-answer');
  // The demo's as-of date is 2026-11-15: the current quarter is 2026-Q4.
  await expect(answer).toContainText(/2026-Q4: .+ between .+ and .+ \(median .+, P10–P90\)/);
  await expect(page.getByTestId('forecast-simulation').locator('[data-chart-ready]')).toHaveCount(
    2,
  );
  await expect(page.getByTestId('forecast-overdue')).toContainText('overdue');

  // The cards below the fold render (and query) once scrolled to, as a reader would.
  await expect(page.getByTestId('forecast-by-segment')).toHaveCount(0);
  await expect(async () => {
    await page.mouse.wheel(0, 300);
    await expect(page.getByTestId('forecast-by-segment')).toBeVisible({ timeout: 250 });
  }).toPass();

  // The table by region exports its raw weighted amounts, not the rounded "10M".
  const table = page.getByTestId('forecast-by-segment').locator('..').locator('..');
  const download = page.waitForEvent('download');
  await table.getByTestId('export-table-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const [header, first] = csv.replace('\uFEFF', '').split('\n');
  expect(header).toBe('Region,2026-Q4,2027-Q1,2027-Q2,2027-Q3,All periods');
  expect(first).toMatch(/^华东,\d+(\.\d+)?,/);
  // The card's title holds its breakdown menu where the field's name goes: "Forecast by [Region]".
  const card = page.locator('section.card', { has: page.getByTestId('forecast-by-segment') });
  const menu = card.getByRole('heading', { name: /^Forecast by/ }).getByLabel('Break down by');
  await expect(menu).toHaveValue('region');
  await menu.selectOption('owner');
  await expect(page.getByTestId('forecast-by-segment').locator('th').first()).toHaveText('Owner');
  await expect(page).toHaveURL(/bd=owner/);

  await page.getByTestId('forecast-target').fill('30000000');
  await page.getByTestId('forecast-target').blur();
  await expect(page.getByText('share of 10,000 runs ≥ 30M')).toBeVisible();
  await page.getByTestId('forecast-unit').selectOption('month');
  await page.getByTestId('forecast-runs').fill('2000');
  await page.getByTestId('forecast-runs').blur();
  await expect(answer).toContainText(/^2026-11: .+ between /);
  await expect(page).toHaveURL(/fc\.u=month/);
  await expect(page).toHaveURL(/fc\.g=30000000/);
  await expect(page).toHaveURL(/fc\.n=2000/);
  const shown = await answer.innerText();

  // A fresh page opened on the link shows the same simulated numbers (the seed travels).
  const other = await browser.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('forecast-answer')).toContainText('between');
  expect(await other.getByTestId('forecast-answer').innerText()).toBe(shown);
  await expect(other.getByTestId('forecast-target')).toHaveValue('30000000');
  await other.close();
});

test('shows the normal approximation at once while a long simulation runs, then the simulation', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-view=forecast]').click();
  const answer = page.getByTestId('forecast-answer');
  await expect(answer).toContainText('(median');
  // Records every answer shown over the approximation: it may last only a moment.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { approximated: string[] }).approximated = seen;
    new MutationObserver(() => {
      const box = document.querySelector('[data-testid=forecast-simulation]');
      const text = document.querySelector('[data-testid=forecast-answer]')?.textContent?.trim();
      if (box?.getAttribute('data-approximate') === 'true' && text) seen.push(text);
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  // About 1,050 open deals × 100,000 runs: past the draws a simulation is waited for.
  await page.getByTestId('forecast-runs').fill('100000');
  await page.getByTestId('forecast-runs').blur();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { approximated: string[] }).approximated))
    .toContainEqual(expect.stringMatching(/2026-Q4: .+ between about .+ normal approximation/));
  await expect(page.getByTestId('forecast-progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('forecast-simulation')).toHaveAttribute(
    'data-approximate',
    'false',
  );
  await expect(answer).toContainText(/between .+ \(median .+, P10–P90\)/);
  await expect(page.getByText(/100,000 simulation runs/)).toBeVisible();
});

test('a card scrolled away waits for the reader to come back before it recomputes', async ({
  page,
}) => {
  await page.goto('/');
  await page.locator('[data-view=forecast]').click();
  await expect(page.getByTestId('forecast-answer')).toContainText('(median');
  const scores = page.getByTestId('backtest-scores');
  const toBottom = () => page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(async () => {
    await toBottom();
    await expect(scores).toBeVisible({ timeout: 500 });
  }).toPass();
  // The demo's presets, from its exported probability as on the Win rates, are scored too.
  await expect(scores.locator('tbody td:first-child')).toHaveText([
    'Preset',
    'Observed',
    'Calibrated',
    'Markov',
  ]);
  // The demo's stage rates overshoot every past quarter, in amount more than in deals: its
  // large deals win less often than their stage's rate. The cards' titles say what they show.
  const backtest = page.getByTestId('backtest');
  await expect(backtest.getByTestId('chart-headline')).toHaveText(
    'Every rate set forecast too much, by 95% or more',
  );
  await expect(backtest.getByTestId('backtest-mix')).toContainText(
    'Counted in deals, Calibrated rates were off by +51%, against +95% in amount',
  );
  // And in odds: the deals found at Target when a quarter began won less often than all reaching it.
  await expect(backtest.getByTestId('backtest-stalled')).toHaveText(
    'Deals found at Target on a period’s first day went on to win 58% of those closed since, against 74% of every deal that reached it: deals that sit in a stage win less often than those passing through it.',
  );
  await expect(page.getByTestId('waterfall').getByTestId('chart-headline')).toHaveText(
    'The pipeline for 2026-Q4 fell from 218M to 124M; the largest drop: deals lost, 97M',
  );
  const before = await scores.innerText();

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('filter-field').selectOption('region');
  await page.getByTestId('filter-value').selectOption('华东');
  await expect(page.getByTestId('forecast-answer')).toContainText('(median');
  // Off screen, the backtest still shows what it worked out for the whole pipeline.
  await expect(page.getByTestId('backtest-progress')).toHaveCount(0);
  expect(await scores.innerText()).toBe(before);

  await toBottom();
  await expect(scores).not.toHaveText(before);
});
