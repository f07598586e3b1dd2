// `npm run bench [-- --sizes 100000,1000000 --repeats 3]`: a benchmark, not a test. CI never runs
// it; it writes test/bench/results.json and RESULTS.md. Data goes to os.tmpdir()/funnelcast-bench.
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { firstVisit, importInBrowser, type BrowserImport, type VisitResult } from './browser.ts';
import { generateExport, type BenchExport } from './generate.ts';
import { benchNative } from './native.ts';
import { benchPapaparse } from './papaparse.ts';
import { writeReport, type BenchRun, type ImportFigures } from './report.ts';
import { buildSite, launchChromium, startPreview } from './site.ts';
import * as u from './util.ts';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100000,1000000' }, repeats: { type: 'string' } },
});
const sizes = values.sizes.split(',').map(Number);
const repeats = Number(values.repeats ?? 3);
const folder = join(tmpdir(), 'funnelcast-bench');
const SCENARIOS: u.Scenario[] = [
  { format: 'csv', history: false },
  { format: 'csv', history: true },
  { format: 'parquet', history: false },
  { format: 'parquet', history: true },
];
const began = performance.now();
const packageVersion = (name: string) =>
  (
    JSON.parse(
      readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
    ) as { version: string }
  ).version;

async function nativeVersion(): Promise<string> {
  const db = await openNodeDatabase();
  const [row] = await db.query<{ v: string }>('SELECT version() AS v');
  await db.close();
  return `@duckdb/node-api ${packageVersion('@duckdb/node-api')} (DuckDB ${row?.v})`;
}

/** Runs `task`; a failure is logged and noted in RESULTS.md, and the benchmark goes on. */
async function attempt<T>(what: string, task: () => Promise<T>): Promise<T | null> {
  try {
    return await task();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    u.log(`FAILED ${what}: ${message}`);
    notes.push(`${what} failed: ${message}`);
    return null;
  }
}

const notes: string[] = [];

function summarizeVisits(visits: VisitResult[]): VisitResult | null {
  const first = visits[0];
  if (!first) return null;
  const mid = (pick: (v: VisitResult) => number | null) => {
    const known = visits.map(pick).filter((v): v is number => v !== null);
    return known.length ? u.median(known) : null;
  };
  const peak = (key: keyof VisitResult['memory']) =>
    Math.max(...visits.map((v) => v.memory[key] ?? 0)) || null;
  return {
    ...first,
    chartMs: mid((v) => v.chartMs)!,
    firstPaintMs: mid((v) => v.firstPaintMs),
    answerMs: mid((v) => v.answerMs),
    wasmLoadedMs: mid((v) => v.wasmLoadedMs),
    memory: {
      rendererMB: peak('rendererMB'),
      cdpHeapMB: peak('cdpHeapMB'),
      pageHeapMB: peak('pageHeapMB'),
      wasmMB: peak('wasmMB'),
    },
  };
}

/** The browser half: cold first visits, then every import through the Data tab. */
async function benchBrowser(browser: Browser, exports: BenchExport[], figures: ImportFigures[]) {
  const visits: VisitResult[] = [];
  for (let i = 0; i < repeats; i++) {
    await u.waitForQuiet();
    const visit = await attempt('first visit', () => firstVisit(browser, join(folder, 'dist')));
    if (!visit) break;
    visits.push(visit);
    u.log(`first visit to first chart: ${u.seconds(visit.chartMs)} (${visit.bundle} bundle)`);
  }
  for (const exp of exports) {
    for (const scenario of SCENARIOS) {
      const runs: BrowserImport[] = [];
      const what = `browser ${u.scenarioName(scenario)}, ${exp.rows} rows`;
      for (let i = 0; i < repeats; i++) {
        await u.waitForQuiet();
        const run = await attempt(what, () => importInBrowser(browser, exp, scenario));
        if (!run) break;
        runs.push(run);
        u.log(`${what}: ${u.seconds(run.ms)} (preview before Load ${u.seconds(run.previewMs)})`);
      }
      if (runs.length === 0) continue;
      const peak = (key: keyof BrowserImport['memory']) =>
        Math.max(...runs.map((r) => r.memory[key] ?? 0)) || null;
      const f = figures.find((x) => x.rows === exp.rows && x.scenario === scenario)!;
      f.wasm = {
        timing: u.timing(
          runs.map((r) => r.ms),
          runs.map((r) => r.steps),
        ),
        previewMs: u.median(runs.map((r) => r.previewMs)),
        memory: {
          rendererMB: peak('rendererMB'),
          cdpHeapMB: peak('cdpHeapMB'),
          pageHeapMB: peak('pageHeapMB'),
          wasmMB: peak('wasmMB'),
        },
      };
    }
  }
  return visits;
}

/** Serves the build, runs the browser half, and stops Chromium and the server whatever happens. */
async function inBrowser(dist: string, exports: BenchExport[], figures: ImportFigures[]) {
  const stopPreview = await startPreview(dist);
  try {
    const browser = await launchChromium();
    try {
      return { chromium: browser.version(), visits: await benchBrowser(browser, exports, figures) };
    } finally {
      await browser.close();
    }
  } finally {
    stopPreview();
    u.log('browser and preview server stopped');
  }
}

function demoRows(): number {
  const csv = gunzipSync(
    readFileSync(new URL('../../data/demo/opportunities.csv.gz', import.meta.url)),
  );
  return csv.toString('utf8').trimEnd().split('\n').length - 1;
}

const megabytes = (path: string) => statSync(path).size / 2 ** 20;

async function main(): Promise<void> {
  u.log(`funnelcast bench: sizes ${sizes.join(', ')}, ${repeats} repeats, data in ${folder}`);
  const exports: BenchExport[] = [];
  for (const rows of sizes) {
    u.log(`generating ${rows} opportunities (CSV, then Parquet through native DuckDB)`);
    exports.push(await generateExport(folder, rows));
  }
  const figures: ImportFigures[] = exports.flatMap((exp) =>
    SCENARIOS.map((scenario) => ({
      scenario,
      rows: exp.rows,
      historyRows: exp.historyRows,
      ...{ wasm: null, native: {}, papaparse: null },
    })),
  );
  const figure = (rows: number, scenario: u.Scenario) =>
    figures.find((f) => f.rows === rows && f.scenario === scenario)!;
  for (const exp of exports) {
    figure(exp.rows, SCENARIOS[0]!).papaparse = await attempt(`PapaParse ${exp.rows}`, () =>
      benchPapaparse(exp.csv.opportunities, exp.rows, repeats),
    );
  }
  for (const exp of exports) {
    for (const scenario of SCENARIOS) {
      const what = `native ${u.scenarioName(scenario)}, ${exp.rows} rows`;
      const results = await attempt(what, () => benchNative(exp, scenario, [1, 2], repeats));
      for (const r of results ?? []) figure(exp.rows, scenario).native[r.threads] = r.timing;
    }
  }
  const dist = join(folder, 'dist');
  buildSite(dist);
  const { chromium, visits } = await inBrowser(dist, exports, figures);
  const visit = summarizeVisits(visits);
  const bundle = visit?.bundle ?? 'unknown';
  const run: BenchRun = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    minutes: (performance.now() - began) / 60_000,
    repeats,
    machine: {
      CPU: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
      memory: `${(totalmem() / 2 ** 30).toFixed(1)} GB`,
      OS: `${type()} ${release()}`,
      Node: process.version,
      Chromium: `${chromium} (headless)`,
      'DuckDB-WASM': `${packageVersion('@duckdb/duckdb-wasm')}, ${bundle} bundle`,
      'native DuckDB': await nativeVersion(),
      PapaParse: packageVersion('papaparse'),
    },
    wasmThreads: bundle === 'coi' ? 2 : 1,
    data: exports.map((exp) => ({
      rows: exp.rows,
      historyRows: exp.historyRows,
      sizes: Object.fromEntries(
        (['csv', 'parquet'] as const).flatMap((format) =>
          (['opportunities', 'history'] as const).map((role) => [
            `${format} ${role}`,
            megabytes(exp[format][role]),
          ]),
        ),
      ),
    })),
    visit: visit && { ...visit, demoRows: demoRows() },
    imports: figures,
    contended: u.wasContended(),
    notes,
  };
  await writeReport(run, new URL('./', import.meta.url));
  u.log(`wrote test/bench/results.json and test/bench/RESULTS.md (${run.minutes.toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
