import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Worker } from 'playwright-core';
import type { BenchExport } from './generate.ts';
import { sampleMemory, type MemoryPeaks } from './browser-memory.ts';
import { ORIGIN } from './site.ts';
import { stepName, stepsFrom, type Breakdown, type Scenario } from './util.ts';

export interface VisitResult {
  /** Navigation start → first chart drawn and visible. */
  chartMs: number;
  firstPaintMs: number | null;
  answerMs: number | null;
  /** When DuckDB's wasm had arrived (responseEnd), compiled and started afterwards. */
  wasmLoadedMs: number | null;
  /** Navigation start → the demo loaded into DuckDB: the page answers filters and clicks. */
  liveMs?: number | null;
  /** The JavaScript requested before the first chart was drawn, DuckDB's workers aside, gzipped. */
  firstViewJsGzipKB: number;
  /** Each of those scripts (file name, hash aside) and its gzip size, largest first. */
  scripts?: Array<{ name: string; kb: number }>;
  /** Scripts requested after the first chart was drawn, before it was marked ready. */
  laterScripts?: Array<{ name: string; kb: number }>;
  bundle: string;
  memory: MemoryPeaks;
}

export interface BrowserImport {
  ms: number;
  /** The DuckDB-WASM bundle the page ran, the threads its pool started (coi only), DuckDB's threads. */
  bundle: string;
  pthreads: number;
  threads: number;
  /** setInputFiles → load button ready: the app previews the files first (untimed by `ms`). */
  previewMs: number;
  steps: Breakdown;
  memory: MemoryPeaks;
}

interface BenchWindow {
  __visit: { answer?: number; drawn?: number; chart?: number; live?: number };
  __import: { click?: number; done?: number; error?: string; events: Array<[number, string]> };
}

/** Runs in the page before its own scripts: marks when the answer and the first chart appear. */
function markFirstView(): void {
  const mark: BenchWindow['__visit'] = {};
  (window as unknown as BenchWindow).__visit = mark;
  new MutationObserver(() => {
    const answer = document.querySelector('[data-testid=overview-answer]');
    if (!mark.answer && answer?.textContent?.trim()) mark.answer = performance.now();
    const drawn = document.querySelector('[data-chart-version]');
    if (!mark.drawn && drawn?.checkVisibility()) mark.drawn = performance.now();
    const chart = document.querySelector('[data-chart-ready=true]');
    if (!mark.chart && chart?.checkVisibility()) mark.chart = performance.now();
    // The page says it is starting DuckDB until the demo is in it.
    const starting = document.querySelector('[data-testid=starting]');
    if (mark.chart && !mark.live && !starting) mark.live = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** DuckDB's own worker; its file name names the bundle (eh, mvp or coi). */
const DUCKDB_WORKER = /duckdb-browser-(\w+)\.worker/;

/**
 * Watches the page's workers: DuckDB's (its file name names the bundle: eh, mvp or coi) and the
 * pthread workers the coi bundle starts for its threads.
 */
function watchDuckdbWorkers(page: Page): () => { bundle: string; pthreads: number } {
  const urls: string[] = [];
  page.on('worker', (worker) => urls.push(worker.url()));
  return () => ({
    bundle: urls.map((url) => DUCKDB_WORKER.exec(url)?.[1]).find(Boolean) ?? 'unknown',
    pthreads: urls.filter((url) => /duckdb-browser-\w+\.pthread\.worker/.test(url)).length,
  });
}

function gzipKB(outDir: string, url: string): number {
  return gzipSync(readFileSync(join(outDir, new URL(url).pathname))).length / 1024;
}

/** First visit on a cold cache: a new context has an empty HTTP and code cache. */
export async function firstVisit(browser: Browser, outDir: string): Promise<VisitResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(markFirstView);
    const memory = await sampleMemory(page, await context.newCDPSession(page));
    const duckdbWorkers = watchDuckdbWorkers(page);
    await page.goto(ORIGIN);
    await page.waitForFunction(() => (window as unknown as BenchWindow).__visit.chart, null, {
      timeout: 60_000,
    });
    const marks = await page.evaluate(() => ({
      ...(window as unknown as BenchWindow).__visit,
      origin: performance.timeOrigin,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      resources: performance
        .getEntriesByType('resource')
        .map((r) => ({ name: r.name, start: r.startTime })),
    }));
    const { live } = await page
      .waitForFunction(() => (window as unknown as BenchWindow).__visit.live, null, {
        timeout: 60_000,
      })
      .then(() => page.evaluate(() => (window as unknown as BenchWindow).__visit));
    // DuckDB starts once the first chart is drawn: its worker may not be there yet.
    const isDuckdb = (w: Worker) => DUCKDB_WORKER.test(w.url());
    const worker =
      page.workers().find(isDuckdb) ??
      (await page.waitForEvent('worker', { predicate: isDuckdb, timeout: 30_000 }));
    // The worker fetches the wasm: its timeline starts later, so shift it to the page's.
    const wasmLoadedMs = await worker.evaluate(async (pageOrigin) => {
      for (let tries = 0; tries < 300; tries++) {
        const wasm = performance.getEntriesByType('resource').find((r) => /\.wasm$/.test(r.name));
        if (wasm) {
          return (
            (wasm as PerformanceResourceTiming).responseEnd + performance.timeOrigin - pageOrigin
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return null;
    }, marks.origin);
    const all = marks.resources.filter(
      (r) => /\.js$/.test(r.name) && !/duckdb-browser-.*worker/.test(r.name),
    );
    const drawnAt = marks.drawn ?? marks.chart!;
    const scripts = all.filter((r) => r.start <= drawnAt).map((r) => r.name);
    const listed = (names: string[]) =>
      names
        .map((name) => ({
          name: basename(new URL(name).pathname).replace(/-[\w-]{8}\.js$/, '.js'),
          kb: gzipKB(outDir, name),
        }))
        .sort((a, b) => b.kb - a.kb);
    return {
      chartMs: marks.chart!,
      firstPaintMs: marks.paint,
      answerMs: marks.answer ?? null,
      liveMs: live ?? null,
      wasmLoadedMs: wasmLoadedMs ?? null,
      firstViewJsGzipKB: scripts.reduce((sum, name) => sum + gzipKB(outDir, name), 0),
      scripts: listed(scripts),
      laterScripts: listed(all.filter((r) => r.start > drawnAt).map((r) => r.name)),
      bundle: duckdbWorkers().bundle,
      memory: await memory.stop(),
    };
  } finally {
    await context.close();
  }
}

/** Records the click on Load, the progress texts, and when every file's row shows its count. */
async function watchImport(page: Page, expected: Record<string, number>): Promise<void> {
  await page.evaluate((expected) => {
    const state: BenchWindow['__import'] = { events: [] };
    (window as unknown as BenchWindow).__import = state;
    const load = document.querySelector('[data-testid=load]');
    load?.addEventListener('click', () => (state.click = performance.now()), { capture: true });
    new MutationObserver(() => {
      const now = performance.now();
      const phase = document.querySelector<HTMLElement>('.progress [data-phase]');
      const progress = phase ? `${phase.dataset.phase} ${phase.textContent}` : '';
      if (progress && state.events.at(-1)?.[1] !== progress) state.events.push([now, progress]);
      const error = document.querySelector('[data-testid=import-error]')?.textContent;
      if (error) state.error = error;
      const counts = Object.entries(expected).map(([file, rows]) => {
        const cell = document.querySelector(`tr[data-file="${file}"] [data-testid=loaded-count]`);
        return Number(cell?.textContent?.replace(/\D/g, '') || -1) === rows;
      });
      if (!state.done && counts.every(Boolean)) state.done = now;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, expected);
}

/** Progress phases with their texts ('reading Reading x.csv', 'loading Loading …') as steps. */
function importSteps(state: BenchWindow['__import'], historyFile: string | null): Breakdown {
  const events = state.events.map(([at, text]) => {
    const phase = text.split(' ')[0]!;
    const role = historyFile && text.includes(historyFile) ? 'history' : 'opportunities';
    return { at, step: stepName(phase, role) };
  });
  const start = state.click!;
  return [
    { step: 'file bytes to the page (File.arrayBuffer)', ms: (events[0]?.at ?? start) - start },
    ...stepsFrom(events, state.done!),
  ];
}

/** Opens the site on a page and waits for its first chart: the Data tab is then ready to use. */
export async function openSite(page: Page): Promise<void> {
  await page.goto(ORIGIN);
  await page.locator('[data-chart-ready=true]').first().waitFor({ timeout: 60_000 });
  // Once live, the page warms DuckDB's import code in the background: imports are timed on a
  // settled page, as a user meets it who took a few seconds to find the file.
  await page.waitForFunction(() => performance.getEntriesByName('duckdb-warm').length > 0, null, {
    timeout: 60_000,
  });
}

/** One import through the Data tab of an open page, timed from the click on Load. */
export async function importOnPage(
  page: Page,
  exp: BenchExport,
  { format, history }: Scenario,
): Promise<Omit<BrowserImport, 'memory' | 'bundle' | 'pthreads' | 'threads'>> {
  const files = [exp[format].opportunities, ...(history ? [exp[format].history] : [])];
  const expected: Record<string, number> = { [basename(files[0]!)]: exp.rows };
  if (history) expected[basename(files[1]!)] = exp.historyRows;
  await page.locator('[data-view=data]').click();
  const previewStart = performance.now();
  await page.getByTestId('file-input').setInputFiles(files);
  await page
    .getByTestId('file-setup')
    .nth(files.length - 1)
    .waitFor({ timeout: 600_000 });
  await page.locator('[data-testid=load]:enabled').waitFor({ timeout: 600_000 });
  const previewMs = performance.now() - previewStart;
  const roles = await page
    .getByTestId('file-role')
    .evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
  const wanted = history ? ['opportunities', 'history'] : ['opportunities'];
  if (roles.join() !== wanted.join()) throw new Error(`the page guessed roles ${roles.join()}`);
  await watchImport(page, expected);
  await page.getByTestId('load').click();
  await page.waitForFunction(
    () => {
      const state = (window as unknown as BenchWindow).__import;
      return state.done !== undefined || state.error !== undefined;
    },
    null,
    { timeout: 900_000, polling: 100 },
  );
  const state = await page.evaluate(() => (window as unknown as BenchWindow).__import);
  if (state.error) throw new Error(`the page failed to import: ${state.error}`);
  return {
    ms: state.done! - state.click!,
    previewMs,
    steps: importSteps(state, history ? basename(files[1]!) : null),
  };
}

/** One import through the Data tab of a fresh page, timed from the click on Load. */
export async function importInBrowser(
  browser: Browser,
  exp: BenchExport,
  scenario: Scenario,
): Promise<BrowserImport> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const memory = await sampleMemory(page, await context.newCDPSession(page));
    const duckdbWorkers = watchDuckdbWorkers(page);
    await openSite(page);
    const run = await importOnPage(page, exp, scenario);
    const threads = await page.evaluate(
      () =>
        (performance.getEntriesByName('duckdb-started')[0] as PerformanceMark).detail
          .threads as number,
    );
    return { ...run, ...duckdbWorkers(), threads, memory: await memory.stop() };
  } finally {
    await context.close();
  }
}
