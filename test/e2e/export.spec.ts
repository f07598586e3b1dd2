import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openDataTab } from '../helpers/load-csv.ts';

test('exports a chart as PNG and its numbers as CSV, defusing formula-like names', async ({
  page,
}) => {
  await openDataTab(page);
  // A stage named like a spreadsheet formula: it must reach the CSV as text, never as a formula.
  const csv =
    'Deal ID,Stage,Amount,Close Date\nD1,Closed Won,100,2024-03-01\nD2,=HYPERLINK("http://x"),80,2024-04-15\nD3,=HYPERLINK("http://x"),50,2024-04-16\n';
  await page.getByTestId('file-input').setInputFiles({
    name: 'formula.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByTestId('load').click();
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toContainText('2 open opportunities');
  const card = page.locator('section.card').first();
  await expect(card.locator('[data-chart-ready]')).toBeVisible();

  const png = page.waitForEvent('download');
  await card.getByTestId('export-png').click();
  const pngFile = await png;
  expect(pngFile.suggestedFilename()).toMatch(/\.png$/);
  const bytes = readFileSync(await pngFile.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(2000);

  const data = page.waitForEvent('download');
  await card.getByTestId('export-chart-csv').click();
  const text = readFileSync(await (await data).path(), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  expect(text).not.toMatch(/(^|,|\n)"?=HYPERLINK/);
});
