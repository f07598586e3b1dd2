import { expect, test } from '@playwright/test';
import { openDataTab } from '../helpers/load-csv.ts';

/** Names that would run if any view put them into HTML: each sets window.__xss when it runs. */
const CODE = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=2</script>',
  svg: '<svg onload="window.__xss=3">',
  rich: '{a|x}{@html y}',
  sql: "'); DROP TABLE opportunities; --",
};

test('names that look like code are shown as text in every view, never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openDataTab(page);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = [
    'Deal ID,Deal Name,Owner,Region,Stage,Amount,Created,Close Date',
    `D1,${q(CODE.img)},${q(CODE.script)},${q(CODE.svg)},Closed Won,100,2024-01-01,2024-03-01`,
    `D2,${q(CODE.rich)},${q(CODE.sql)},${q(CODE.img)},${q(CODE.svg)},80,2024-01-02,2024-06-15`,
    `D3,Plain,${q(CODE.img)},${q(CODE.rich)},Closed Lost,50,2024-01-03,2024-04-16`,
  ];
  await page.getByTestId('file-input').setInputFiles({
    name: `${CODE.img}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${rows.join('\n')}\n`),
  });
  await page.getByTestId('load').click();
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toContainText('1 open opportunit');
  for (const view of ['funnel', 'rates', 'grades', 'forecast', 'deals', 'data', 'overview']) {
    await page.locator(`[data-view=${view}]`).click();
    await expect(page.locator('main > p.muted', { hasText: 'Loading…' })).toHaveCount(0);
    // Hover every chart so its tooltip renders the names (those below the fold draw when idle).
    await expect(page.locator('main .chart:not([data-chart-ready])')).toHaveCount(0);
    for (const chart of await page.locator('[data-chart-ready]').all()) {
      await chart.hover({ position: { x: 60, y: 60 } }).catch(() => {});
    }
  }
  await page.locator('[data-view=deals]').click();
  await expect(page.locator('main')).toContainText(CODE.img);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The tables are all still there: the SQL-looking name changed nothing.
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toContainText('1 of 2 closed deals was won');
});
