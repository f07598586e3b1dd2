import { readFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
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
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort();
    });
    const published = await context.newPage();
    await published.goto(`${origin}/`);
    await expect(published).toHaveURL(/\/app\.html\?src=data\/opportunities\.parquet/);
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
