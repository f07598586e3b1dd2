import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import process from 'node:process';
import { expect, test } from '@playwright/test';
import { readZip } from '../helpers/read-zip.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/** The simplest static server: files under `root`, a folder's index.html, 404 otherwise. */
function serveFolder(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = join(root, normalize(path.endsWith('/') ? `${path}index.html` : path));
    try {
      const bytes = readFileSync(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(bytes);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A gate for requests: `asked` waits until `release`; `requested` settles on the first ask. */
function holdBack() {
  let release = () => {};
  let requested = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const first = new Promise<void>((resolve) => (requested = resolve));
  return {
    requested: first,
    release,
    asked: () => {
      requested();
      return released;
    },
  };
}

test('a published report opens on its own server with the same numbers', async ({
  page,
  browser,
}) => {
  // The zip holds the whole site (about 110 MB before compression, most of it DuckDB's wasm).
  test.setTimeout(240_000);
  await page.goto('/');
  const answer = page.getByTestId('overview-answer');
  await expect(answer).toBeVisible();
  const everyRegion = await answer.innerText();
  await page.getByTestId('filter-field').selectOption('region');
  await page.getByTestId('filter-value').selectOption('华东');
  await expect(page.getByTestId('filter-chip')).toHaveText(/Region: 华东/);
  await expect(answer).not.toHaveText(everyRegion);
  const original = await answer.innerText();

  await page.locator('[data-view=data]').click();
  await page.getByTestId('omit-owner').check();
  const downloading = page.waitForEvent('download', { timeout: 180_000 });
  await page.getByTestId('publish-button').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('funnelcast-report.zip');
  const zip = readZip(new Uint8Array(readFileSync(await download.path())));
  expect([...zip.keys()]).toEqual(
    expect.arrayContaining([
      'index.html',
      'app.html',
      'report.json',
      'data/opportunities.parquet',
      'data/stage_history.parquet',
      'data/analyses.json',
    ]),
  );
  expect([...zip.keys()].filter((name) => name.endsWith('.wasm'))).toHaveLength(3);

  const root = mkdtempSync(join(tmpdir(), 'funnelcast-published-'));
  for (const [name, bytes] of zip) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), bytes);
  }
  const server = await serveFolder(root);
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const context = await browser.newContext();
  try {
    const requests: string[] = [];
    // The data files wait for `data.release()`: what the page shows before its data is in.
    let data = holdBack();
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      requests.push(url);
      if (!url.startsWith(`${origin}/`)) return route.abort();
      if (url.endsWith('.parquet')) await data.asked();
      return route.continue();
    });
    const published = await context.newPage();
    await published.goto(`${origin}/`);
    await expect(published).toHaveURL(/\/app\.html\?src=data\/opportunities\.parquet/);
    // Until the data is in, its Overview is painted from the analyses published with it.
    await data.requested;
    await expect(published.getByTestId('starting')).toHaveText(
      'Loading data/opportunities.parquet and data/stage_history.parquet into the in-browser database…',
    );
    await expect(published.getByTestId('filter-chip')).toHaveText(/Region: 华东/);
    await expect(published.getByTestId('overview-answer')).toHaveText(original);
    const opened = published.url();
    data.release();
    await expect(published.getByTestId('filter-chip')).toHaveText(/Region: 华东/);
    await expect(published.getByTestId('overview-answer')).toHaveText(original);
    await expect(published.getByText('data/opportunities.parquet')).toBeVisible();
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);

    // Links made in the published report open it again, on the bundled data.
    await published.locator('[data-view=funnel]').click();
    await expect(published.getByTestId('funnel-answer')).toBeVisible();
    const funnelAnswer = await published.getByTestId('funnel-answer').innerText();
    const link = published.url();
    await published.close();

    // A link with another filter than the one published: nothing is painted before the data is
    // in; nor once the filter is changed there.
    data = holdBack();
    const unfiltered = await context.newPage();
    await unfiltered.goto(link.replace(/#.*/, '#v=1'));
    await data.requested;
    await expect(unfiltered.getByTestId('starting')).toBeVisible();
    await expect(unfiltered.locator('main .chart')).toHaveCount(0);
    data.release();
    await expect(unfiltered.getByTestId('overview-answer')).toHaveText(everyRegion);
    await unfiltered.close();
    data = holdBack();
    const changed = await context.newPage();
    await changed.goto(opened);
    await data.requested;
    await expect(changed.getByTestId('overview-answer')).toHaveText(original);
    await changed.getByTestId('filter-chip').locator('.chip-close').click();
    await expect(changed.locator('main .chart')).toHaveCount(0);
    data.release();
    await expect(changed.getByTestId('overview-answer')).toHaveText(everyRegion);
    await changed.close();

    const again = await context.newPage();
    const said: string[] = [];
    again.on('console', (message) => said.push(`${message.type()}: ${message.text()}`));
    again.on('pageerror', (error) => said.push(`error: ${error.message}`));
    await again.goto(link);
    // A cold start: this server sends no cache headers, so DuckDB's wasm is fetched and compiled
    // again. If it does not come, the failure says what the page showed and logged instead.
    await expect(again.getByTestId('funnel-answer'))
      .toHaveText(funnelAnswer, { timeout: 60_000 })
      .catch(async (error: Error) => {
        const shown = await again
          .locator('main')
          .innerText()
          .catch(() => '(no main)');
        throw new Error(
          `${error.message}\nThe page showed:\n${shown}\nIt logged:\n${said.join('\n')}`,
        );
      });
  } finally {
    await context.close();
    server.close();
  }
});

test('a report published from the command line opens on its analyses, then on its data', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const out = join(mkdtempSync(join(tmpdir(), 'funnelcast-cli-published-')), 'report');
  const cli = spawnSync(
    process.execPath,
    [
      ...['--import', 'tsx', 'src/cli/main.ts', 'publish', 'data/demo/opportunities.csv.gz'],
      ...['--history', 'data/demo/stage_history.csv.gz', '--out', out],
      ...['--link', '#v=1&vw=funnel&f.region=华东'],
    ],
    { encoding: 'utf8' },
  );
  expect(cli.stderr).toBe('');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { url: string };
  const server = await serveFolder(out);
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const context = await browser.newContext();
  try {
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();

    // Its 5,000 deals fit in a tab: the bundle opens on them, its views live.
    await page.goto(`${origin}/${report.url}`);
    await expect(page.getByTestId('funnel-answer')).toBeVisible();
    const funnelAnswer = await page.getByTestId('funnel-answer').innerText();
    await page.locator('[data-view=overview]').click();
    const overviewAnswer = await page.getByTestId('overview-answer').innerText();
    await expect(page.getByTestId('published-analyses')).toHaveCount(0);

    // Asked for its analyses, it shows what native DuckDB computed: the page's own numbers,
    // without starting DuckDB or fetching the data.
    requests.length = 0;
    await page.goto(`${origin}/${report.url.replace('#', '&load=analyses#')}`);
    await expect(page.getByTestId('published-analyses')).toContainText('5,000 opportunities');
    await expect(page.getByTestId('published-filters')).toContainText('Region: 华东');
    await expect(page.getByTestId('overview-answer')).toHaveText(overviewAnswer);
    await expect(page.getByTestId('published-funnel-answer')).toHaveText(funnelAnswer);
    for (const card of ['published-funnel', 'published-rates', 'published-forecast']) {
      await expect(page.getByTestId(card).locator('[data-chart-ready]')).toBeVisible();
    }
    // The demo's open deals close from its as-of quarter on, 2026-Q4.
    await expect(page.getByTestId('published-forecast')).toContainText('2027-Q1');
    expect(requests.filter((url) => /\.(parquet|wasm)$/.test(url))).toEqual([]);
    await expect(page.locator('[data-view]')).toHaveCount(0);

    await page.getByTestId('load-anyway').click();
    await expect(page).toHaveURL(/load=all/);
    await expect(page.getByTestId('funnel-answer')).toHaveText(funnelAnswer);
  } finally {
    await context.close();
    server.close();
  }
});
