import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';

test('a link reproduces the report: filters, options and an edited stage model', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await page.locator('[data-view=funnel]').click();
  await expect(page.getByTestId('funnel-answer')).toBeVisible();
  await page.getByTestId('filter-field').selectOption('region');
  await page.getByTestId('filter-value').selectOption('华东');
  await page.getByTestId('strict-order').check();
  await page.getByTestId('stage-model-editor').locator('summary').click();
  await page.locator('tr[data-stage="有效商机"] [data-testid=stage-up]').click();
  const table = page.getByTestId('funnel-table');
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('Qualified');
  // The address follows the screen once DuckDB is idle, so wait for the last edit to reach it: an
  // edited stage model makes the address compressed (z=).
  await expect(page).toHaveURL(/#v=1&z=/);
  const rows = await table.locator('tbody tr').allInnerTexts();

  const shared = await context.newPage();
  await shared.goto(page.url());
  await expect(shared.getByTestId('filter-chip')).toHaveText(/Region: 华东/);
  await expect(shared.getByTestId('strict-order')).toBeChecked();
  const sharedTable = shared.getByTestId('funnel-table');
  await expect(sharedTable.locator('tbody tr').first().locator('td').first()).toHaveText(
    'Qualified',
  );
  expect(await sharedTable.locator('tbody tr').allInnerTexts()).toEqual(rows);
});

test('back and forward move between views', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await page.locator('[data-view=funnel]').click();
  await expect(page.getByTestId('funnel-answer')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('overview-answer')).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('funnel-answer')).toBeVisible();
});

for (const [what, fragment] of [
  ['a damaged link', '#v=1&z=not-deflate-at-all'],
  ['a link from another version', '#v=9&vw=funnel'],
  ['an unknown setting', '#v=1&colour=%3Cscript%3Ealert(1)%3C/script%3E'],
]) {
  test(`${what} says what was not used and still opens the report`, async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      return d.dismiss();
    });
    await page.goto(`/${fragment}`);
    await expect(page.getByTestId('link-notes')).toBeVisible();
    await expect(page.getByTestId('overview-answer')).toBeVisible();
    expect(dialogs).toEqual([]);
  });
}

test('a link made from a local file asks for it, and warns when another file comes', async ({
  page,
}) => {
  await page.goto('/#v=1&s.name=pipeline.csv&s.rows=3&s.hash=0123456789abcdef01234567');
  await expect(page.getByTestId('expected-file')).toContainText('pipeline.csv');
  await page.locator('[data-view=data]').click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'pipeline.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,stage\nA,Won\nB,Lost\n'),
  });
  await page.getByTestId('load').click();
  await expect(page.getByTestId('other-file')).toContainText('not the file the link was made from');
});

test('on plain HTTP from a named host, a file imports and a link made from it knows it', async ({
  page,
  context,
  baseURL,
}) => {
  // No WebCrypto there: crypto.subtle exists only on HTTPS and localhost.
  await context.route('http://funnelcast.test/**', async (route) => {
    const url = route.request().url().replace('http://funnelcast.test', baseURL!);
    await route.fulfill({ response: await route.fetch({ url }) });
  });
  const csv = 'id,stage\nA,Won\nB,Lost\nC,Proposal\n';
  const hash = createHash('sha256').update(csv).digest('hex').slice(0, 24);
  await page.goto(`http://funnelcast.test/#v=1&s.name=pipeline.csv&s.rows=3&s.hash=${hash}`);
  expect(await page.evaluate(() => isSecureContext)).toBe(false);
  await expect(page.getByTestId('expected-file')).toContainText('pipeline.csv');
  await page.locator('[data-view=data]').click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'pipeline.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByTestId('load').click();
  await expect(page.locator('tr[data-file="pipeline.csv"]').getByTestId('loaded-count')).toHaveText(
    '3',
  );
  await expect(page.getByTestId('expected-file')).toHaveCount(0);
  await expect(page.getByTestId('other-file')).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`s\\.hash=${hash}`));
  // A request the page still has in flight (a chunk, the icon) must not fail the route after the test.
  await context.unrouteAll({ behavior: 'ignoreErrors' });
});
