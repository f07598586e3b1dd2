import { expect, test, type Page } from '@playwright/test';

// This project's preview sends no COOP/COEP, as a static host: the site's service worker does.
test.use({ serviceWorkers: 'allow' });

const started = (page: Page) =>
  page
    .waitForFunction(() => performance.getEntriesByName('duckdb-started').length === 1)
    .then(() =>
      page.evaluate(() => ({
        ...(performance.getEntriesByName('duckdb-started')[0] as PerformanceMark).detail,
        isolated: crossOriginIsolated,
        cores: navigator.hardwareConcurrency,
      })),
    );

test('on a host without COOP/COEP, the service worker isolates the next visit: DuckDB runs threads', async ({
  page,
}) => {
  await page.goto(`/#v=1&f.region=${encodeURIComponent('华东')}`);
  const first = await started(page);
  expect(first).toMatchObject({ isolated: false, bundle: 'eh', threads: 1 });
  await expect(page.getByTestId('overview-answer')).toContainText('open opportunities worth');
  const answer = await page.getByTestId('overview-answer').textContent();
  // Registered once the page is live, for the next visit; this one is not reloaded.
  const worker = await page.evaluate(() =>
    navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? null),
  );
  expect(worker).toMatch(/\/coi-sw\.js$/);

  await page.reload();
  const second = await started(page);
  expect(second).toMatchObject({ isolated: true, bundle: 'coi' });
  expect(second.threads).toBe(Math.min(second.cores, 4));
  // The same link opens the same report, multi-threaded.
  await expect(page.getByTestId('overview-answer')).toHaveText(answer!);
  await expect(page.getByTestId('filter-chip')).toHaveCount(1);

  await page.locator('[data-view=data]').click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'deals.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'Deal ID,Stage,Amount,Close Date\nD1,Closed Won,1200,2024-03-01\nD2,Proposal,800,2024-04-15\nD3,Closed Lost,,2024-02-10\n',
    ),
  });
  await page.getByTestId('load').click();
  await expect(page.locator('tr[data-file="deals.csv"]').getByTestId('loaded-count')).toHaveText(
    '3',
  );
});
