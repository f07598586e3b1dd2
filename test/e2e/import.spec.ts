import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test, type Page } from '@playwright/test';
import { loadCsv, openDataTab } from '../helpers/load-csv.ts';

/** Every request that leaves the page's origin is recorded and refused: the site must work offline. */
async function offline(page: Page, baseURL: string): Promise<string[]> {
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseURL) || /^(data|blob):/.test(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return outside;
}

test('opens on the demo with no network and says it is demo data', async ({ page, baseURL }) => {
  const outside = await offline(page, baseURL!);
  await page.goto('/');
  await expect(page.getByTestId('demo-banner')).toContainText('demo data');
  await expect(page.getByTestId('overview-answer')).toContainText('open opportunities worth');
  await expect(page.locator('[data-chart-ready=true]').first()).toBeVisible();
  // Once DuckDB has run everything the view asked for, the page no longer says it is working.
  await expect(page.locator('main')).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('.working')).not.toHaveClass(/\bon\b/);
  // Then DuckDB's import code is warmed on a scratch copy of the demo, leaving the page's tables.
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.waitForFunction(() => performance.getEntriesByName('duckdb-warm').length === 1);
  expect(warnings).toEqual([]);
  // Without COOP/COEP headers the page runs DuckDB's single-threaded bundle (isolated.spec.ts: with).
  const started = await page.evaluate(
    () => (performance.getEntriesByName('duckdb-started')[0] as PerformanceMark).detail,
  );
  expect(started).toMatchObject({ bundle: 'eh', threads: 1 });
  await expect(page.getByTestId('overview-answer')).toContainText('open opportunities worth');
  expect(outside).toEqual([]);
});

test('uploads a CSV, confirms the mapping and sees loaded and rejected counts', async ({
  page,
  baseURL,
}) => {
  const outside = await offline(page, baseURL!);
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('DuckDB')) {
      warnings.push(message.text());
    }
  });
  await openDataTab(page);
  // D1 appears twice: the second is rejected as a duplicate id.
  const csv =
    'Deal ID,Deal Name,Stage,Amount,Close Date\nD1,Alpha,Closed Won,"$1,200",2024-03-01\nD2,Beta,Proposal,800,2024-04-15\nD1,Again,Proposal,5,2024-05-01\nD3,Gamma,Closed Lost,,2024-02-10\n';
  const chosenAt = await page.evaluate(() => performance.now());
  await page.getByTestId('file-input').setInputFiles({
    name: 'deals.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  const setup = page.getByTestId('file-setup');
  await expect(setup).toContainText('deals.csv');
  await expect(setup.locator('select[data-field=stage]')).toHaveValue('Stage');
  await expect(setup.locator('select[data-field=amount]')).toHaveValue('Amount');
  await page.getByTestId('load').click();
  const row = page.locator('tr[data-file="deals.csv"]');
  await expect(row.getByTestId('loaded-count')).toHaveText('3');
  await expect(row.getByTestId('rejected-count')).toHaveText('1');
  await expect(page.getByTestId('problems')).toContainText('duplicate id');
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toContainText('1 of 2 closed deals was won');
  // DuckDB's import code warms on a scratch copy of the demo once the page is live; when the file
  // comes before that is done, the warm-up stops rather than hold up the file's import.
  const warm = await page
    .waitForFunction(() => {
      const mark = performance.getEntriesByName('duckdb-warm')[0] as PerformanceMark | undefined;
      return mark && { startTime: mark.startTime, detail: mark.detail as unknown };
    })
    // It resolves once the function returns the mark.
    .then((handle) => handle.jsonValue() as Promise<{ startTime: number; detail: unknown }>);
  expect(warm.detail).toEqual({ stopped: warm.startTime > chosenAt });
  expect(warnings).toEqual([]);
  expect(outside).toEqual([]);
});

/** A Parquet export of `deals` opportunities in row groups of 2,048, written by native DuckDB. */
async function parquetExport(deals: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'funnelcast-e2e-'));
  try {
    const path = join(dir, 'deals.parquet');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`COPY (
        SELECT 'P' || i AS "Deal ID", ['Qualify', 'Proposal', 'Closed Won'][i % 3 + 1] AS "Stage",
          100 * i AS "Amount", DATE '2024-01-01' + (i % 300)::INTEGER AS "Close Date"
        FROM range(${deals}) t(i)
      ) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    connection.closeSync();
    return readFileSync(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('uploads a Parquet export: the mapping shows its first rows, Load reads every row group', async ({
  page,
}) => {
  await openDataTab(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'deals.parquet',
    mimeType: 'application/octet-stream',
    buffer: await parquetExport(5000),
  });
  const setup = page.getByTestId('file-setup');
  await expect(setup).toContainText('parquet');
  await expect(setup.locator('select[data-field=stage]')).toHaveValue('Stage');
  await expect(setup.locator('.preview tbody tr').first()).toContainText('P0');
  await page.getByTestId('load').click();
  const row = page.locator('tr[data-file="deals.parquet"]');
  await expect(row.getByTestId('loaded-count')).toHaveText('5,000');
  await expect(row.getByTestId('rejected-count')).toHaveText('0');
});

test('imports a GBK export with Chinese headers, in Chinese', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('language').click();
  await expect(page.getByTestId('overview-answer')).toContainText('在跟进商机');
  await page.locator('[data-view=data]').click();
  await page.getByTestId('file-input').setInputFiles({
    name: '商机导出.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(new URL('../fixtures/encodings/gbk.csv', import.meta.url)),
  });
  await expect(page.getByTestId('file-encoding')).toHaveValue('gb18030');
  await expect(page.locator('select[data-field=stage]')).toHaveValue('销售阶段');
  // The progress line, each time it changes: gone once the data shows, so it is recorded.
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { progressSeen: seen });
    new MutationObserver(() => {
      const phase = document.querySelector('.progress [data-phase]')?.textContent?.trim();
      const step = document.querySelector('[data-testid=import-step]')?.textContent?.trim();
      // The data being replaced cannot be published meanwhile.
      const publish = document.querySelector<HTMLButtonElement>('[data-testid=publish-button]');
      const line =
        phase && step && `${phase} | ${step} | ${publish?.disabled ? 'publish off' : 'publish on'}`;
      if (line && seen.at(-1) !== line) seen.push(line);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('load').click();
  const row = page.locator('tr[data-file="商机导出.csv"]');
  await expect(row.getByTestId('loaded-count')).toHaveText('8');
  await expect(row.getByTestId('rejected-count')).toHaveText('0');
  const seen = await page.evaluate(
    () => (window as unknown as { progressSeen: string[] }).progressSeen,
  );
  // One file: reading, loading into DuckDB, checking, publishing, deriving; with the time taken,
  // the Publish button off throughout and on again once the new data shows.
  await expect(page.getByTestId('publish-button')).toBeEnabled();
  for (const line of seen)
    expect(line).toMatch(/^\S.* \| 第 [1-5] 步，共 5 步 · 已用时 \d+:\d\d \| publish off$/);
  expect(seen[0]).toMatch(/^正在读取 商机导出\.csv \| 第 1 步/);
  expect(seen.at(-1)).toMatch(/^正在计算每个商机的阶段与等级 \| 第 5 步/);
  const steps = seen.map((line) => Number(/第 (\d) 步/.exec(line)![1]));
  expect(steps).toEqual([...steps].sort());
});

test('asks about ambiguous dates and unknown statuses, and re-reads with the answers', async ({
  page,
}) => {
  await openDataTab(page);
  // Days never exceed 12, so 03/04/2024 could be 3 April or 4 March; "Pending" is no status word.
  const csv = 'id,status,close date\nA,Won,03/04/2024\nB,Pending,05/06/2024\nC,Lost,07/08/2024\n';
  await page.getByTestId('file-input').setInputFiles({
    name: 'ambiguous.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByTestId('load').click();
  const row = page.locator('tr[data-file="ambiguous.csv"]');
  await expect(row.getByTestId('rejected-count')).toHaveText('1');
  const questions = page.getByTestId('import-questions');
  await expect(questions).toContainText('close date');
  await questions.locator('select').nth(1).selectOption('open');
  await expect(row.getByTestId('loaded-count')).toHaveText('3');
  await expect(row.getByTestId('rejected-count')).toHaveText('0');
  await questions.locator('select').first().selectOption('dmy');
  await expect(page.getByTestId('import-questions')).toHaveCount(0);
});

test('?src= loads an export the site serves, GBK and all', async ({ page }) => {
  await page.goto('/?src=examples/crm-export-gbk.csv');
  // 40 deals: 12 won (成功商机), 16 lost (输单), 12 open (跟进中).
  await expect(page.getByTestId('overview-answer')).toContainText('12 of 28 closed deals were won');
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
});

test('?src= that is not there says so and keeps the demo', async ({ page }) => {
  await page.goto('/?src=no-such-export.csv');
  await expect(page.getByRole('alert')).toContainText('no-such-export.csv');
  await expect(page.getByTestId('demo-banner')).toBeVisible();
});

test('?src= on another origin is refused with a reason, before any request, under a CSP', async ({
  page,
  baseURL,
}) => {
  const outside = await offline(page, baseURL!);
  await page.goto('/?src=https://elsewhere.example/export.csv');
  await expect(page.getByRole('alert')).toContainText('loads data only from itself');
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  expect(outside).toEqual([]);
  const policy = await page
    .locator('meta[http-equiv=Content-Security-Policy]')
    .getAttribute('content');
  expect(policy).toContain("connect-src 'self' blob: data:");
  // The page itself cannot reach another origin either: the browser refuses it.
  const reached = await page.evaluate(() =>
    fetch('https://elsewhere.example/x').then(
      () => 'reached',
      (e: Error) => e.name,
    ),
  );
  expect(reached).toBe('TypeError');
  expect(outside).toEqual([]);
});

test('exports deals as CSV that a spreadsheet will not run, Chinese intact', async ({ page }) => {
  await loadCsv(page, {
    'formula.csv':
      'id,name,stage,amount\nX1,"=HYPERLINK(""http://evil"",""click"")",赢单,100\nX2,华东项目,Proposal,50\n',
  });
  await expect(page.locator('tr[data-file="formula.csv"]').getByTestId('loaded-count')).toHaveText(
    '2',
  );
  await page.locator('[data-view=deals]').click();
  await expect(page.getByTestId('deals-count')).toContainText('2 deals match');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-deals').click();
  const text = readFileSync(await (await download).path(), 'utf8');
  // The default columns the file leaves empty (account, owner, close date) are left out.
  expect(text.startsWith('\uFEFFid,name,amount,stage,status\n')).toBe(true);
  expect(text).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
  expect(text).toContain('X2,华东项目');
});

test('a file whose every row is rejected is refused, and its rows can still be downloaded', async ({
  page,
}) => {
  await openDataTab(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,stage\nA,Won,extra\nB,\n'),
  });
  await page.getByTestId('load').click();
  await expect(page.getByTestId('import-error')).toContainText('Nothing was changed: broken.csv');
  const download = page.waitForEvent('download');
  await page.getByTestId('download-refused').click();
  const text = readFileSync(await (await download).path(), 'utf8');
  expect(text.split('\n').slice(0, 3)).toEqual([
    '\uFEFFrow,reason,id,stage,text as in the file',
    expect.stringMatching(/^2,.+,,,"A,Won,extra"$/),
    expect.stringMatching(/^3,.+,B,,$/),
  ]);
  // The demo is still what the other views show.
  await page.locator('[data-view=overview]').click();
  await expect(page.getByTestId('overview-answer')).toContainText('1,050 open opportunities');
});
