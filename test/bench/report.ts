import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import type { BrowserImport, VisitResult } from './browser.ts';
import type { PapaResult } from './papaparse.ts';
import { scenarioName, seconds, type Scenario, type Timing } from './util.ts';

export interface ImportFigures {
  scenario: Scenario;
  rows: number;
  historyRows: number;
  wasm: (Omit<BrowserImport, 'ms' | 'steps'> & { timing: Timing }) | null;
  /** By thread count. */
  native: Record<number, Timing>;
  papaparse: PapaResult | null;
}

export interface BenchRun {
  date: string;
  minutes: number;
  repeats: number;
  budgetSeconds: number;
  machine: Record<string, string>;
  /** Threads of the DuckDB-WASM bundle the page chose: eh and mvp run one, coi two. */
  wasmThreads: number;
  data: Array<{ rows: number; historyRows: number; sizes: Record<string, number> }>;
  visit: (VisitResult & { demoRows: number }) | null;
  visitRuns: number;
  imports: ImportFigures[];
  contended: boolean;
  /** What failed or was left out. */
  notes: string[];
}

const round = (value: number | null | undefined) => (value == null ? null : Math.round(value));
const mb = (value: number | null | undefined) => (value == null ? '–' : `${Math.round(value)}`);
const num = (n: number) => n.toLocaleString('en-US');
const cell = (value: number | null | undefined) => (value == null ? '–' : seconds(value));
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null ? null : a / b;
const times = (r: number | null) => (r === null ? '–' : `${r.toFixed(2)}×`);

export interface ResultEntry {
  name: string;
  rows: number;
  wasmMs: number | null;
  nativeMs: number | null;
  papaparseMs: number | null;
  peakMB: number | null;
}

type Figures = Partial<Record<'wasmMs' | 'nativeMs' | 'papaparseMs' | 'peakMB', number | null>>;

const entry = (name: string, rows: number, f: Figures): ResultEntry => ({
  name,
  rows,
  wasmMs: round(f.wasmMs),
  nativeMs: round(f.nativeMs),
  papaparseMs: round(f.papaparseMs),
  peakMB: round(f.peakMB),
});

/** `results.json`: one entry per figure, null where not measured. */
export function resultsJson(run: BenchRun): ResultEntry[] {
  const entries: ResultEntry[] = [];
  if (run.visit) {
    entries.push(
      entry('first visit to first chart (demo, cold cache)', run.visit.demoRows, {
        wasmMs: run.visit.chartMs,
        peakMB: run.visit.memory.rendererMB,
      }),
    );
  }
  for (const f of run.imports) {
    entries.push(
      entry(scenarioName(f.scenario), f.rows, {
        wasmMs: f.wasm?.timing.median,
        nativeMs: f.native[run.wasmThreads]?.median,
        papaparseMs: f.papaparse?.totalMs,
        peakMB: f.wasm?.memory.rendererMB,
      }),
    );
  }
  for (const f of run.imports) {
    for (const [threads, timing] of Object.entries(f.native)) {
      if (Number(threads) === run.wasmThreads) continue;
      const name = `${scenarioName(f.scenario)} (native, ${threads} threads)`;
      entries.push(entry(name, f.rows, { nativeMs: timing.median }));
    }
    if (f.papaparse) {
      const { totalMs, heapMB } = f.papaparse;
      const name = 'PapaParse + JS count and sum per stage (Node; peakMB: heap of its rows)';
      entries.push(entry(name, f.rows, { papaparseMs: totalMs, peakMB: heapMB }));
    }
  }
  return entries;
}

function verdict(value: number | null, limit: number, unit: (v: number) => string): string {
  if (value === null) return 'not measured';
  if (value <= limit) return `**met** (${unit(limit - value)} to spare)`;
  return `**missed** by ${unit(value - limit)} (${((1 - limit / value) * 100).toFixed(0)}% to cut)`;
}

function targets(run: BenchRun): string[] {
  const csv1M = [...run.imports]
    .filter((f) => f.scenario.format === 'csv' && !f.scenario.history)
    .sort((a, b) => b.rows - a.rows)[0];
  const wasm = csv1M?.wasm?.timing.median ?? null;
  const vsNative = ratio(wasm, csv1M?.native[run.wasmThreads]?.median);
  const papaOverWasm = ratio(csv1M?.papaparse?.totalMs, wasm);
  const at = csv1M ? `${num(csv1M.rows)}-row CSV` : 'CSV';
  const x = (v: number) => `${v.toFixed(2)}×`;
  const lines = [
    '| target (issue 8) | measured | verdict |',
    '|---|---|---|',
    run.wasmThreads === 1
      ? `| ${at} import ≤ 2× native, one thread each (single-threaded bundle) | ${times(vsNative)} | ${verdict(vsNative, 2, x)} |`
      : `| ${at} import ≤ 1.5× native at ${run.wasmThreads} threads (cross-origin isolated) | ${times(vsNative)} | ${verdict(vsNative, 1.5, x)} |`,
    run.wasmThreads === 1
      ? '| ≤ 1.5× native with threads (coi bundle) | – | not measured: the preview sends no COOP/COEP headers, so the page runs the single-threaded eh bundle |'
      : '',
    `| ${at} import ≥ 3× faster than PapaParse + JS | ${times(papaOverWasm)} | ${papaOverWasm === null ? 'not measured' : papaOverWasm >= 3 ? `**met** (${x(papaOverWasm - 3)} to spare)` : `**missed** by ${x(3 - papaOverWasm)}`} |`,
    `| first visit → first chart ≤ 1.5 s, cold cache | ${cell(run.visit?.chartMs)} | ${verdict(run.visit?.chartMs ?? null, 1500, seconds)} |`,
    `| first-view JS ≤ 300 KB gzip (DuckDB wasm and workers aside) | ${run.visit ? `${run.visit.firstViewJsGzipKB.toFixed(0)} KB` : '–'} | ${verdict(run.visit?.firstViewJsGzipKB ?? null, 300, (v) => `${v.toFixed(0)} KB`)} |`,
    '| filter change ≤ 150 ms p95 at 1M (≤ 50 ms at 100k) | – | not measured yet: the views have no filters |',
    '| Monte Carlo 10k runs × 10k open deals ≤ 1 s | – | not measured yet: no forecast view |',
    `| 5M opportunities load in a tab | – | ${run.imports.some((f) => f.rows >= 5_000_000 && f.wasm) ? 'loaded: see the figures' : 'not in this run (`--sizes 5000000`)'} |`,
  ];
  return lines.filter(Boolean);
}

function figuresTable(run: BenchRun): string[] {
  const t = run.wasmThreads;
  const lines = [
    `| scenario | rows | WASM (${t} thread${t > 1 ? 's' : ''}) | native, ${t} thread${t > 1 ? 's' : ''} | native, 2 threads | WASM / native | PapaParse + JS | PapaParse / WASM | preview before Load | peak renderer RSS (MB) | wasm linear memory (MB) | main JS heap (MB) | runs (WASM / native) |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  if (run.visit) {
    const v = run.visit;
    lines.push(
      `| first visit → first chart (demo, cold cache) | ${num(v.demoRows)} | ${seconds(v.chartMs)} | – | – | – | – | – | – | ${mb(v.memory.rendererMB)} | ${mb(v.memory.wasmMB)} | ${mb(v.memory.cdpHeapMB)} | ${run.visitRuns} |`,
    );
  }
  for (const f of run.imports) {
    const wasm = f.wasm?.timing.median;
    const native = f.native[t]?.median;
    const rows = f.scenario.history ? `${num(f.rows)} + ${num(f.historyRows)}` : num(f.rows);
    lines.push(
      `| ${scenarioName(f.scenario)} | ${rows} | ${cell(wasm)} | ${cell(native)} | ${cell(f.native[2]?.median)} | ${times(ratio(wasm, native))} | ${cell(f.papaparse?.totalMs)} | ${times(ratio(f.papaparse?.totalMs, wasm))} | ${cell(f.wasm?.previewMs)} | ${mb(f.wasm?.memory.rendererMB)} | ${mb(f.wasm?.memory.wasmMB)} | ${mb(f.wasm?.memory.cdpHeapMB)} | ${f.wasm?.timing.runs.length ?? 0} / ${f.native[t]?.runs.length ?? 0} |`,
    );
  }
  return lines;
}

/** Each step of the largest imports, WASM next to native at the same thread count. */
function breakdown(run: BenchRun): string[] {
  const largest = Math.max(...run.imports.map((f) => f.rows));
  const lines: string[] = [];
  for (const f of run.imports.filter((i) => i.rows === largest && i.wasm)) {
    const native = f.native[run.wasmThreads]?.steps ?? [];
    lines.push('', `**${scenarioName(f.scenario)}, ${num(f.rows)} rows**`, '');
    lines.push('| step | WASM | native | WASM / native | share of WASM |', '|---|--:|--:|--:|--:|');
    for (const { step, ms: wasmMs } of f.wasm!.timing.steps) {
      const nativeMs = native.find((s) => s.step === step)?.ms;
      const share = (wasmMs / f.wasm!.timing.median) * 100;
      lines.push(
        `| ${step} | ${seconds(wasmMs)} | ${cell(nativeMs)} | ${times(ratio(wasmMs, nativeMs))} | ${share.toFixed(0)}% |`,
      );
    }
  }
  return lines;
}

function firstVisitLines(run: BenchRun): string[] {
  const v = run.visit;
  if (!v) return [];
  return [
    '## First visit, cold cache',
    '',
    `Navigation start → first contentful paint ${cell(v.firstPaintMs)}, DuckDB’s wasm downloaded`,
    `${cell(v.wasmLoadedMs)}, overview answer ${cell(v.answerMs)}, first chart ${seconds(v.chartMs)}`,
    `(medians). The first view ran ${v.firstViewJsGzipKB.toFixed(0)} KB of JavaScript (gzip),`,
    `DuckDB’s workers aside, on the ${v.bundle} bundle.`,
    '',
  ];
}

export function resultsMarkdown(run: BenchRun): string {
  const m = run.machine;
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${run.date} in ${run.minutes.toFixed(1)} minutes; do not edit by hand, run it again.`,
    `Medians of up to ${run.repeats} repeats, as many as fit in ${run.budgetSeconds} s per step and engine (the _runs_ column). Times are wall clock; the browser's from the click on Load to the loaded row showing its count, the native ones over the same steps (\`importDataset\`, then \`publishImport\`).`,
    run.contended
      ? '\n**The lead’s test suite ran during this benchmark: figures may be slow.**'
      : '',
    '',
    '## Machine',
    '',
    ...Object.entries(m).map(([key, value]) => `- ${key}: ${value}`),
    '',
    '| export | opportunities | stage changes | opportunities CSV | history CSV | opportunities Parquet | history Parquet |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...run.data.map(
      (d) =>
        `| ${num(d.rows)} | ${num(d.rows)} | ${num(d.historyRows)} | ${Object.values(d.sizes)
          .map((size) => `${size.toFixed(1)} MB`)
          .join(' | ')} |`,
    ),
    '',
    '## Targets',
    '',
    ...targets(run),
    '',
    '## Figures',
    '',
    ...figuresTable(run),
    '',
    'WASM / native compares at the same thread count. _Preview before Load_ is the time the page',
    'takes to show the mapping step after the files are chosen; it is not in the WASM column.',
    'Memory: peak RSS of the Chromium renderer process (main thread, DuckDB worker and its wasm',
    'memory), sampled every 250 ms; DuckDB’s wasm linear memory read in its worker after the import',
    '(it never shrinks, so this is its peak; the eh build reserves about 1.5 GB at start, touched',
    'lazily, so only growth past that tells anything); main-thread JS heap peak from CDP',
    '`Performance.getMetrics` (JSHeapUsedSize). Native DuckDB and PapaParse run in Node;',
    'PapaParse’s figure is read + parse + aggregation, its memory the heap its rows hold.',
    '',
    ...firstVisitLines(run),
    '## Where the import spends its time',
    ...breakdown(run),
    '',
    ...(run.notes.length ? ['## Notes', '', ...run.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}

async function writeFormatted(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}

export async function writeReport(run: BenchRun, folder: URL): Promise<void> {
  await writeFormatted(
    new URL('results.json', folder).pathname,
    JSON.stringify(resultsJson(run), null, 2),
  );
  await writeFormatted(new URL('RESULTS.md', folder).pathname, resultsMarkdown(run));
}
