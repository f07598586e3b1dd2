import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import type { BrowserImport, VisitResult } from './browser.ts';
import type { PapaResult } from './papaparse.ts';
import { resultsJson } from './results-json.ts';
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
  /** First visits kept although other processes used the CPU meanwhile. */
  visitContended: number;
  /** What failed or was left out. */
  notes: string[];
}

const mb = (value: number | null | undefined) => (value == null ? '–' : `${Math.round(value)}`);
const num = (n: number) => n.toLocaleString('en-US');
const cell = (value: number | null | undefined) => (value == null ? '–' : seconds(value));
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null ? null : a / b;
const runCount = (t: Timing | undefined) =>
  t ? `${t.runs.length}${t.contended ? ` (${t.contended} shared)` : ''}` : '0';
const times = (r: number | null) => (r === null ? '–' : `${r.toFixed(2)}×`);

function verdict(value: number | null, limit: number, unit: (v: number) => string): string {
  if (value === null) return 'not measured';
  if (value <= limit) return `**met** (${unit(limit - value)} to spare)`;
  return `**missed** by ${unit(value - limit)} (${((1 - limit / value) * 100).toFixed(0)}% to cut)`;
}

/** `speedup` = PapaParse's time / the import's: at least `limit` is wanted. */
function fasterVerdict(speedup: number | null, limit: number): string {
  if (speedup === null) return 'not measured';
  if (speedup >= limit) return `**met** (${(speedup - limit).toFixed(2)}× to spare)`;
  const slower = speedup < 1 ? `the import takes ${(1 / speedup).toFixed(1)}× as long; ` : '';
  return `**missed**: ${slower}it must get ${(limit / speedup).toFixed(1)}× faster`;
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
    `| ${at} import ≥ 3× faster than PapaParse + JS | ${times(papaOverWasm)} | ${fasterVerdict(papaOverWasm, 3)} |`,
    `| first visit → first chart ≤ 1.5 s, cold cache | ${cell(run.visit?.chartMs)} | ${verdict(run.visit?.chartMs ?? null, 1500, seconds)} |`,
    `| first-view JS ≤ 300 KB gzip (DuckDB wasm and workers aside) | ${run.visit ? `${run.visit.firstViewJsGzipKB.toFixed(0)} KB` : '–'} | ${verdict(run.visit?.firstViewJsGzipKB ?? null, 300, (v) => `${v.toFixed(0)} KB`)} |`,
    '| filter change ≤ 150 ms p95 at 1M (≤ 50 ms at 100k) | – | not measured: not in the bench yet |',
    '| Monte Carlo 10k runs × 10k open deals ≤ 1 s | – | not measured: not in the bench yet |',
    `| 5M opportunities load in a tab | – | ${run.imports.some((f) => f.rows >= 5_000_000 && f.wasm) ? 'loaded: see the figures' : 'not in this run (`--sizes 5000000`)'} |`,
  ];
  return [...lines.filter(Boolean), '', ...gaps(run, csv1M)];
}

/** For each missed target, what the figures say about where the time goes. */
function gaps(run: BenchRun, csv: ImportFigures | undefined): string[] {
  const notes: string[] = [];
  const v = run.visit;
  if (v && v.chartMs > 1500) {
    notes.push(
      `- First chart: the page painted at ${cell(v.firstPaintMs)} and had DuckDB’s wasm at ${cell(v.wasmLoadedMs)}, but the first chart waits for DuckDB to start and import the demo (${seconds(v.chartMs - (v.wasmLoadedMs ?? 0))} after the wasm arrived). Drawing the first view from precomputed demo aggregates, before DuckDB is ready, would close it.`,
    );
  }
  if (v && v.firstViewJsGzipKB > 300) {
    notes.push(
      `- First-view JS: ${v.firstViewJsGzipKB.toFixed(0)} KB gzip; loading the views other than the overview (and their chart types) on first use would close it.`,
    );
  }
  const papa = csv?.papaparse;
  const wasm = csv?.wasm;
  if (papa && wasm && papa.totalMs / wasm.timing.median < 3) {
    const [top] = [...wasm.timing.steps].sort((a, b) => b.ms - a.ms);
    notes.push(
      `- PapaParse + JS (${seconds(papa.totalMs)}: read ${seconds(papa.readMs)}, parse ${seconds(papa.parseMs)}, aggregate ${seconds(papa.aggregateMs)}) only splits text; the import also maps, types and checks every value and derives the per-opportunity table. Its largest step is “${top?.step}” at ${seconds(top?.ms ?? 0)}; reading the CSV into DuckDB alone is not what costs.`,
    );
  }
  return notes;
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
      `| first visit → first chart (demo, cold cache) | ${num(v.demoRows)} | ${seconds(v.chartMs)} | – | – | – | – | – | – | ${mb(v.memory.rendererMB)} | ${mb(v.memory.wasmMB)} | ${mb(v.memory.cdpHeapMB)} | ${run.visitRuns}${run.visitContended ? ` (${run.visitContended} shared)` : ''} |`,
    );
  }
  for (const f of run.imports) {
    const wasm = f.wasm?.timing.median;
    const native = f.native[t]?.median;
    const rows = f.scenario.history ? `${num(f.rows)} + ${num(f.historyRows)}` : num(f.rows);
    lines.push(
      `| ${scenarioName(f.scenario)} | ${rows} | ${cell(wasm)} | ${cell(native)} | ${cell(f.native[2]?.median)} | ${times(ratio(wasm, native))} | ${cell(f.papaparse?.totalMs)} | ${times(ratio(f.papaparse?.totalMs, wasm))} | ${cell(f.wasm?.previewMs)} | ${mb(f.wasm?.memory.rendererMB)} | ${mb(f.wasm?.memory.wasmMB)} | ${mb(f.wasm?.memory.cdpHeapMB)} | ${runCount(f.wasm?.timing)} / ${runCount(f.native[t])} |`,
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

/** How many kept runs shared the CPU with other processes (a test suite, a build). */
function contendedLine(run: BenchRun): string {
  const timings = run.imports.flatMap((f) => [
    ...(f.wasm ? [f.wasm.timing] : []),
    ...Object.values(f.native),
  ]);
  const runs = (list: Array<{ runs: number[]; contended: number }>) =>
    list.reduce((sum, t) => sum + t.runs.length, 0);
  const papa = run.imports.flatMap((f) => (f.papaparse ? [f.papaparse] : []));
  const shared =
    run.visitContended +
    timings.reduce((sum, t) => sum + t.contended, 0) +
    papa.reduce((sum, p) => sum + p.contended, 0);
  const all = run.visitRuns + runs(timings) + papa.length * run.repeats;
  if (shared === 0) return `All ${all} timed runs had the CPU to themselves.`;
  return `**${shared} of ${all} timed runs shared the CPU with other processes** (more than a quarter of a core on average, after re-runs); their figures may be slow (_shared_ in the runs column).`;
}

export function resultsMarkdown(run: BenchRun): string {
  const m = run.machine;
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${run.date} in ${run.minutes.toFixed(1)} minutes; do not edit by hand, run it again.`,
    `Medians of up to ${run.repeats} repeats, as many as fit in ${run.budgetSeconds} s per step and engine (the _runs_ column). Times are wall clock; the browser's from the click on Load to the loaded row showing its count, the native ones over the same steps (\`importDataset\`, then \`publishImport\`).`,
    contendedLine(run),
    '',
    '## Machine',
    '',
    ...Object.entries(m).map(([key, value]) => `- ${key}: ${value}`),
    '',
    '| opportunities | stage changes | opportunities CSV | history CSV | opportunities Parquet | history Parquet |',
    '|--:|--:|--:|--:|--:|--:|',
    ...run.data.map(
      (d) =>
        `| ${num(d.rows)} | ${num(d.historyRows)} | ${Object.values(d.sizes)
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

/** Writes results.json and RESULTS.md beside this file, formatted as `prettier --check` wants. */
export async function writeReport(run: BenchRun): Promise<void> {
  const here = (name: string) => new URL(name, import.meta.url).pathname;
  await writeFormatted(here('results.json'), JSON.stringify(resultsJson(run), null, 2));
  await writeFormatted(here('RESULTS.md'), resultsMarkdown(run));
}
