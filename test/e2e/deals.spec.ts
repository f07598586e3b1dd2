import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { loadCsv } from '../helpers/load-csv.ts';

async function openDeals(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await page.locator('[data-view=deals]').click();
  await expect(page.getByTestId('deals-count')).toContainText('5,000 deals match');
  return page.getByRole('region', { name: /^Deals:/ });
}

test('the deal table sorts, scrolls to its last row, chooses and exports columns, searches', async ({
  page,
}) => {
  const table = await openDeals(page);
  const count = page.getByTestId('deals-count');
  const firstId = table.locator('tr[data-row="0"] td').first();
  const amount = table.locator('th').filter({ has: page.locator('[data-column=amount]') });

  // Largest first: OPP-003408 (19.1M) tops the demo; a click turns it to smallest first, where
  // many deals share the least amount (20,000) and the id settles the tie.
  await expect(amount).toHaveAttribute('aria-sort', 'descending');
  await expect(firstId).toHaveText('OPP-003408');
  await table.locator('[data-column=amount]').click();
  await expect(amount).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstId).toHaveText('OPP-000140');

  // The 60 deals without an amount come last either way, OPP-004967 the last of them by id.
  await table.evaluate((box) => {
    box.scrollIntoView({ block: 'end' });
    box.scrollTo(0, box.scrollHeight);
  });
  const last = table.locator('tr[aria-rowindex="5001"]');
  await expect(last).toBeInViewport();
  await expect(last.locator('td').first()).toHaveText('OPP-004967');
  await expect(table.locator('tbody tr[data-row]')).not.toHaveCount(5000);

  // The keyboard walks the rows too: Home from the last row goes back to the first.
  await last.focus();
  await page.keyboard.press('Home');
  await expect(table.locator('tr[data-row="0"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(table.locator('tr[data-row="1"]')).toBeFocused();

  const chooser = page.getByTestId('column-chooser');
  await chooser.locator('summary').click();
  await chooser.getByRole('checkbox', { name: 'Account' }).uncheck();
  await expect(table.locator('[data-column=account]')).toHaveCount(0);
  await chooser.getByRole('checkbox', { name: 'Region' }).check();
  await expect(table.locator('[data-column=region]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(chooser).not.toHaveAttribute('open');

  // The export has the columns shown, in the table's order: smallest amount first.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-deals').click();
  const lines = readFileSync(await (await download).path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(lines).toHaveLength(5001);
  expect(lines[0]).toBe('\uFEFFid,name,owner,region,amount,close_date,stage,status');
  expect(lines[1]).toMatch(/^OPP-000140,.*,20000,/);
  expect(lines[5000]).toMatch(/^OPP-004967,/);

  // The demo's ids run OPP-000001…OPP-005000: "opp-00001" is in OPP-000010…OPP-000019.
  const search = page.getByTestId('deals-search');
  await search.fill('opp-00001');
  await expect(count).toContainText('10 deals match');
  await expect(table.locator('tbody tr[data-row]')).toHaveCount(10);
  await search.fill('张敏');
  await expect(count).toContainText('184 deals match');
  await search.fill('100%');
  await expect(count).toContainText('0 deals match');
});

test('a deal opens with its stage history, and Esc brings focus back to its row', async ({
  page,
}) => {
  const table = await openDeals(page);
  const panel = page.getByRole('dialog');

  // OPP-000088 went 潜在 → 有效 → 可行 → 目标, back to 可行, to 目标 again, and was lost.
  await page.getByTestId('deals-search').fill('OPP-000088');
  await expect(page.getByTestId('deals-count')).toContainText('1 deal matches');
  const row = table.locator('tr[data-row="0"]');
  await expect(row.locator('td').first()).toHaveText('OPP-000088');
  await table.focus();
  await page.keyboard.press('ArrowDown');
  await expect(row).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(
    '天汇金融控股工业数据分析平台项目',
  );
  const visits = panel.getByTestId('deal-timeline').locator('li');
  await expect(visits).toHaveCount(7);
  await expect(visits.nth(4)).toContainText('moved back');
  await expect(visits.nth(4)).toContainText('Feasible');
  await expect(visits.nth(6)).toHaveAttribute('data-kind', 'lost');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(row).toBeFocused();

  // A click opens a deal too; the close button closes it.
  await page.getByTestId('deals-search').fill('');
  await expect(page.getByTestId('deals-count')).toContainText('5,000 deals match');
  await table.locator('tr[data-row="2"]').click();
  await expect(panel.getByTestId('deal-timeline')).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();
  await expect(table.locator('tr[data-row="2"]')).toBeFocused();
});

test('a deal from an export without history says it has none', async ({ page }) => {
  await loadCsv(page, {
    'no-history.csv': 'id,name,stage,amount\nX1,Alpha,Proposal,100\nX2,Beta,Closed Won,50\n',
  });
  await expect(
    page.locator('tr[data-file="no-history.csv"]').getByTestId('loaded-count'),
  ).toHaveText('2');
  await page.locator('[data-view=deals]').click();
  await expect(page.getByTestId('deals-count')).toContainText('2 deals match');
  await page
    .getByRole('region', { name: /^Deals:/ })
    .locator('tr[data-row="0"]')
    .click();
  await expect(page.getByRole('dialog').getByTestId('timeline-none')).toContainText(
    'No stage history for this deal',
  );
});

test('an export without names, accounts or close dates lists its deals without those empty columns', async ({
  page,
}) => {
  await loadCsv(page, {
    'nameless.csv':
      'id,owner,stage,amount,created_date\nN1,Li,Proposal,100,2024-01-05\nN2,Wang,Closed Won,50,2024-02-01\n',
  });
  await expect(page.locator('tr[data-file="nameless.csv"]').getByTestId('loaded-count')).toHaveText(
    '2',
  );
  await page.locator('[data-view=deals]').click();
  const table = page.getByRole('region', { name: /^Deals:/ });
  await expect(table.locator('tr[data-row="1"]')).toBeVisible();
  await expect(table.locator('thead [data-column]')).toHaveText([
    'Opportunity ID',
    'Owner',
    /Amount/,
    'Stage',
    'Status',
  ]);
  await expect(table.locator('[data-column=name]')).toHaveCount(0);

  // Ticking another column makes the choice the user's: it is kept in the link.
  const chooser = page.getByTestId('column-chooser');
  await chooser.locator('summary').click();
  await expect(chooser.getByRole('checkbox', { name: 'Opportunity name' })).toHaveCount(0);
  await chooser.getByRole('checkbox', { name: 'Days open' }).check();
  await expect(table.locator('[data-column=days_open]')).toHaveCount(1);
  await expect(page).toHaveURL(/dc=/);
});
