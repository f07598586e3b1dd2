import { expect, test } from '@playwright/test';

// This project's preview sends COOP/COEP, as a host that sets them (playwright.config.ts).
test('cross-origin isolated, DuckDB runs threads no more than the cores and imports', async ({
  page,
}) => {
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The page's mark says which bundle DuckDB runs, and at how many threads.
  await page.waitForFunction(() => performance.getEntriesByName('duckdb-started').length === 1);
  const started = await page.evaluate(() => ({
    ...(performance.getEntriesByName('duckdb-started')[0] as PerformanceMark).detail,
    cores: navigator.hardwareConcurrency,
  }));
  expect(started.bundle).toBe('coi');
  expect(started.threads).toBe(Math.min(started.cores, 4));
  // The demo's Overview is painted before DuckDB starts: the page is live once the demo's tables
  // are in, or it says why not (its message is what a failure here should show).
  await expect(page.getByTestId('demo-banner').or(page.getByRole('alert'))).toBeVisible();
  expect(await page.getByRole('alert').allTextContents()).toEqual([]);
  await expect(page.getByTestId('overview-answer')).toContainText('open opportunities worth');

  await page.locator('[data-view=data]').click();
  const csv =
    'Deal ID,Stage,Amount,Close Date\nD1,Closed Won,1200,2024-03-01\nD2,Proposal,800,2024-04-15\nD1,Proposal,5,2024-05-01\nD3,Closed Lost,,2024-02-10\n';
  await page.getByTestId('file-input').setInputFiles({
    name: 'deals.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByTestId('load').click();
  const row = page.locator('tr[data-file="deals.csv"]');
  await expect(row.getByTestId('loaded-count')).toHaveText('3');
  await expect(row.getByTestId('rejected-count')).toHaveText('1');
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toContainText('1 of 2 closed deals was won');
});
