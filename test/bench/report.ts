import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import type { BrowserImport, VisitResult } from './browser.ts';
import { VIEWS, type FilterFigures, type InteractiveFigures } from './interactive.ts';
import type { EngineResult } from './monte-carlo-node.ts';
import type { PapaResult } from './papaparse.ts';
import {
  commandLineEntries,
  commandLineLines,
  commandLineTargets,
  readCommandLine,
} from './command-line-report.ts';
import type { CommandLineFigures } from './command-line.ts';
import { resultsJson } from './results-json.ts';
import { QUICK_DRAWS } from '../../src/lib/metrics/forecast/forecast.ts';
import { percentile, scenarioName, seconds, type Scenario, type Timing } from './util.ts';

/** The imports of one scenario in the page: their timing, and what the page ran them on. */
export type PageImports = Omit<BrowserImport, 'ms' | 'steps'> & { timing: Timing };

export interface ImportFigures {
  scenario: Scenario;
  rows: number;
  historyRows: number;
  wasm: PageImports | null;
  /** The same import on a page served with COOP/COEP (the 1M CSV only): DuckDB's coi bundle. */
  isolated?: PageImports | null;
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
  /**
   * Threads the page's import is compared with native at: one for eh and mvp, two (the machine's
   * cores) for coi, which starts four.
   */
  wasmThreads: number;
  data: Array<{ rows: number; historyRows: number; sizes: Record<string, number> }>;
  visit: (VisitResult & { demoRows: number }) | null;
  visitRuns: number;
  imports: ImportFigures[];
  /** First visits kept although other processes used the CPU meanwhile. */
  visitContended: number;
  /** Filter changes and the Monte Carlo on a page that imported each export (CSV + history). */
  interactive?: Array<InteractiveFigures & { contended: boolean }>;
  /** Cold first visits to the page served with COOP/COEP, where DuckDB runs its coi bundle. */
  isolatedVisit?: VisitResult | null;
  /** The same filter changes on the page served with COOP/COEP (the coi bundle), at 1M. */
  isolatedInteractive?: (InteractiveFigures & { contended: boolean }) | null;
  /** The Monte Carlo engine in Node, one thread. */
  engine?: EngineResult | null;
  mcRuns?: number;
  /** Filter changes asked for per view, and the seconds a view may take for them. */
  changes?: number;
  viewBudgetSeconds?: number;
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

function targets(run: BenchRun, cli: CommandLineFigures | null): string[] {
  // The targets are set on a million rows; the tab's limit has a target of its own.
  const plain = run.imports.filter((f) => f.scenario.format === 'csv' && !f.scenario.history);
  const csv1M =
    plain.find((f) => f.rows === 1_000_000) ??
    plain.filter((f) => f.rows < 5_000_000).sort((a, b) => b.rows - a.rows)[0];
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
    run.wasmThreads === 1 ? isolatedTarget(csv1M) : '',
    `| ${at} import ≥ 3× faster than PapaParse + JS | ${times(papaOverWasm)} | ${fasterVerdict(papaOverWasm, 3)} |`,
    `| first visit → first chart ≤ 1.5 s, cold cache | ${cell(run.visit?.chartMs)} | ${verdict(run.visit?.chartMs ?? null, 1500, seconds)} |`,
    `| first-view JS ≤ 300 KB gzip (requested before the first chart is drawn; DuckDB wasm and workers aside) | ${run.visit ? `${run.visit.firstViewJsGzipKB.toFixed(0)} KB` : '–'} | ${verdict(run.visit?.firstViewJsGzipKB ?? null, 300, (v) => `${v.toFixed(0)} KB`)} |`,
    ...filterTargets(run),
    ...monteCarloTargets(run),
    tabLimitTarget(run),
    ...commandLineTargets(cli),
  ];
  return [...lines.filter(Boolean), '', ...gaps(run, csv1M), ...interactiveGaps(run)];
}

/** How much quicker native DuckDB imports at two threads than at one. */
function nativeGain(csv: ImportFigures): number | null {
  const one = csv.native[1]?.median;
  const two = csv.native[2]?.median;
  return one && two ? one / two : null;
}

/** The 1M CSV on a page served with COOP/COEP, against native DuckDB at two threads. */
function isolatedTarget(csv: ImportFigures | undefined): string {
  const what = `${csv ? `${num(csv.rows)}-row CSV` : 'CSV'} import ≤ 1.5× native with threads (coi bundle, the page served with COOP/COEP)`;
  const page = csv?.isolated;
  if (!page) return `| ${what} | – | not measured |`;
  if (page.bundle !== 'coi') {
    return `| ${what} | – | not measured: the page ran the ${page.bundle} bundle, not isolated |`;
  }
  const vsNative = ratio(page.timing.median, csv.native[2]?.median);
  return `| ${what} | ${times(vsNative)} (${seconds(page.timing.median)} against ${cell(csv.native[2]?.median)}) | ${verdict(vsNative, 1.5, (v) => `${v.toFixed(2)}×`)} |`;
}

/** The plain opportunities CSV of 5M or more rows, imported in the page (`--tab-limit`). */
function tabLimitTarget(run: BenchRun): string {
  const what = '5M opportunities from a UTF-8 CSV load in a tab (32-bit WASM: 4,096 MB at most)';
  const big = run.imports.find(
    (f) => f.rows >= 5_000_000 && f.scenario.format === 'csv' && !f.scenario.history,
  );
  if (!big) return `| ${what} | – | not in this run (\`--tab-limit 5000000\`) |`;
  if (!big.wasm) return `| ${what} | failed | **missed**: see the notes below the figures |`;
  const { timing, memory } = big.wasm;
  return `| ${what} | ${num(big.rows)} rows in ${seconds(timing.median)}; DuckDB's wasm memory ${mb(memory.wasmMB)} MB, the renderer's peak ${mb(memory.rendererMB)} MB | **met**${memory.wasmMB === null ? '' : ` (${mb(4096 - memory.wasmMB)} MB of wasm memory to spare)`} |`;
}

const ms = (v: number | null | undefined) =>
  v == null || Number.isNaN(v) ? '–' : `${Math.round(v).toLocaleString('en-US')} ms`;
const viewName = (view: string) => VIEWS.find((v) => v.view === view)?.name ?? view;
const filtersOf = (run: BenchRun, rows: number): FilterFigures[] =>
  run.interactive?.find((p) => p.rows === rows)?.filters.filter((f) => f.changes.length) ?? [];
/** The issue's bound on a filter change: 150 ms p95 at a million opportunities, 50 ms at 100k. */
const filterLimit = (rows: number) => (rows >= 1_000_000 ? 150 : 50);

function filterTargets(run: BenchRun): string[] {
  const pages = run.interactive ?? [];
  if (pages.length === 0) {
    return [
      '| filter change → every number and chart ≤ 150 ms p95 at 1M (≤ 50 ms at 100k) | – | not measured |',
    ];
  }
  return pages.map(({ rows, historyRows }) => {
    const limit = filterLimit(rows);
    const list = filtersOf(run, rows);
    const what = `filter change → every number and chart ≤ ${limit} ms p95, ${num(rows)} + ${num(historyRows)} stage changes`;
    if (list.length === 0) return `| ${what} | – | not measured (see the notes) |`;
    const worst = Math.max(...list.map((f) => f.p95));
    const met = list.filter((f) => f.p95 <= limit).map((f) => viewName(f.view));
    const missing = VIEWS.filter((v) => !list.some((f) => f.view === v.view)).map((v) => v.name);
    const measured =
      list.map((f) => `${viewName(f.view)} ${ms(f.p95)}`).join(', ') +
      (missing.length ? `; ${missing.join(', ')}: not measured (see the notes)` : '');
    const which = met.length ? `; met on ${met.join(', ')}` : '';
    return `| ${what} | ${measured} | ${verdict(worst, limit, ms)} at the slowest view${which} |`;
  });
}

function monteCarloTargets(run: BenchRun): string[] {
  const mc = run.interactive?.find((p) => p.monteCarlo)?.monteCarlo;
  const runs = num(run.mcRuns ?? 10_000);
  if (!mc)
    return [`| Monte Carlo ${runs} runs × 10k open deals ≤ 1 s, in workers | – | not measured |`];
  const what = `Monte Carlo ${runs} runs × ${num(mc.deals)} open deals ≤ 1 s, in workers (progress line → its charts)`;
  const clicks = mc.slowestClickMs;
  const answers =
    clicks === null
      ? 'not measured: no click landed while it ran'
      : clicks <= 100
        ? `**met**: no click waited more than ${ms(clicks)} for its frame (100 ms taken as the bound)`
        : `**missed**: a click waited ${ms(clicks)} for its frame (100 ms taken as the bound)`;
  return [
    `| ${what} | ${seconds(mc.median)} | ${verdict(mc.median, 1000, seconds)} |`,
    `| … and the page answers clicks meanwhile | ${mc.clicks} clicks, slowest ${ms(clicks)} to the next frame; longest task ${ms(mc.longestTaskMs)} | ${answers} |`,
  ];
}

/** The forecast's share of a missed filter change: its queries, then its simulation. */
function forecastGap(f: FilterFigures, runs: number): string {
  const approximated = f.approximated ?? 0;
  const first = `The forecast's answer (the weighted pipeline) comes at ${ms(f.answerP50)} p50.`;
  if (approximated === 0) {
    return `${first} Its ${num(runs)}-run simulation then runs again over every open deal of the new slice; the last one stays dimmed until it arrives.`;
  }
  return `${first} Its simulation's normal approximation counts as the view redrawn (see “Filter changes”).`;
}

/** Which change of a view was its slowest, and how slow the next was: one change decides a p95. */
function slowestChange(f: FilterFigures, firstOnPage: boolean): string {
  const slowest = f.changes.indexOf(Math.max(...f.changes));
  const rest = f.changes.filter((_, i) => i !== slowest);
  const ordinal = slowest === 0 ? 'the first' : `change ${slowest + 1}`;
  const cold =
    slowest === 0 && firstOnPage
      ? ": the page's first filter change, which runs code for the first time (the filter bar's first chip and its Clear button, the rollup, ECharts' paths for a changed option; under Chromium's profiler at 100,000 the Overview's first change kept the main thread 79 ms against 60 ms for its later ones). What would close it: that code run once before the user's first change, such as a change rehearsed off screen once the page is live (not built)"
      : '';
  return `its slowest change was ${ordinal} of ${f.changes.length}, the next slowest ${ms(Math.max(...rest))}${cold}`;
}

/** For missed interaction targets: where the time goes, by the figures, and what would close it. */
function interactiveGaps(run: BenchRun): string[] {
  const notes: string[] = [];
  for (const page of run.interactive ?? []) {
    const limit = filterLimit(page.rows);
    const views = filtersOf(run, page.rows);
    const missed = views.filter((f) => f.p95 > limit);
    if (missed.length === 0) continue;
    const parts = missed.map(
      (f) =>
        `${viewName(f.view)} ${ms(f.p95)} (${((1 - limit / f.p95) * 100).toFixed(0)}% to cut; ${slowestChange(f, f === views[0])})`,
    );
    // The same change answered from kept results (the way back) is the page's redraw alone.
    const redraws = missed
      .filter((f) => f.view !== 'forecast' && f.back?.length)
      .map((f) => percentile(f.back!, 0.5));
    const forecast = missed.find((f) => f.view === 'forecast');
    notes.push(
      [
        `- Filter change at ${num(page.rows)} opportunities: missed on ${parts.join(', ')}.`,
        redraws.length
          ? `The page's redraw alone (the same change answered from the results it keeps: the _back_ column) takes ${[...new Set([Math.min(...redraws), Math.max(...redraws)].map(ms))].join('–')}; the rest is adding up the pivot reads' rows for the new values (see “Filter changes”) and any read that is no sum, which still goes to DuckDB.`
          : '',
        forecast ? forecastGap(forecast, run.mcRuns ?? 10_000) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
  const mc = run.interactive?.find((p) => p.monteCarlo)?.monteCarlo;
  if (mc && mc.median > 1000) {
    const engine = run.engine;
    notes.push(
      `- Monte Carlo: ${seconds(mc.median)} from the progress line to its charts, of which the workers ran ${mc.workersMs === null ? '–' : seconds(mc.workersMs)} (first created → last done)${engine ? `; the engine alone takes ${seconds(engine.ms)} on one thread in Node for ${num(engine.runs)} × ${num(engine.deals)}` : ''}. The rest is the open-deal query (it waits behind the forecast page’s other cards in DuckDB’s queue) and summarising and drawing. Starting the workers with the deals as soon as the weighted pipeline is known, ahead of the other cards’ queries, and a third worker where the machine has the cores would close it; on two cores the engine’s ${engine ? seconds(engine.ms / 2) : '–'} split in two is the floor.`,
    );
  }
  return notes;
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
      `- First-view JS: ${v.firstViewJsGzipKB.toFixed(0)} KB gzip of scripts requested before the first chart was drawn${v.scripts ? ` (${scriptList(v.scripts)})` : ''}. The other views already load on first use; what is left is ECharts’ bar chart with its renderer, Svelte, the app shell and both languages’ messages.`,
    );
  }
  const papa = csv?.papaparse;
  const wasm = csv?.wasm;
  const isolated = csv?.isolated;
  if (isolated?.bundle === 'coi' && wasm) {
    const gain = wasm.timing.median / isolated.timing.median;
    const against =
      gain >= 1.1
        ? `${gain.toFixed(2)}× quicker than single-threaded`
        : gain <= 0.9
          ? `${(1 / gain).toFixed(2)}× slower than single-threaded`
          : 'within the noise of single-threaded';
    notes.push(
      `- Cross-origin isolated, DuckDB ran its coi bundle at ${isolated.threads} threads (${isolated.pthreads} pthread workers; the page asks DuckDB-WASM for as many threads as the machine has cores, at most the 4 it runs by default, as on two cores shared with the page a 1,000,000-row import was 8% quicker at two threads than at four) and imported the ${num(csv.rows)}-row CSV in ${seconds(isolated.timing.median)}: ${against} (the eh bundle's ${seconds(wasm.timing.median)}), against ${cell(csv.native[2]?.median)} native at two threads. The page takes the coi bundle wherever it is cross-origin isolated: where the host sends COOP/COEP (\`FUNNELCAST_ISOLATED=1 npm run preview\`, as here) and, on a static host that cannot, from the second visit on, as the site's service worker (\`coi-sw.js\`, registered once the first visit is live) adds them; a first visit there runs the eh bundle.${nativeGain(csv) ? ` Natively two threads make the same import ${nativeGain(csv)!.toFixed(2)}× quicker than one; in DuckDB-WASM they gain ${gain.toFixed(2)}×, so the ratio with threads is worse than without.` : ''}${(ratio(isolated.timing.median, csv.native[2]?.median) ?? 0) > 1.5 ? ` What would close it: less work in the import's own statements, which counts for most where the browser runs them slower (in DuckDB-WASM in Node at 1,000,000 rows: cleaning and typing the cells, one pass, 3.7–4.1 s; reading the CSV 2.9 s; the per-deal table 2.0–2.4 s; three checkpoints 4.1–4.4 s in all).` : ''}`,
    );
  }
  if (papa && wasm && papa.totalMs / wasm.timing.median < 3) {
    const [top] = [...wasm.timing.steps].sort((a, b) => b.ms - a.ms);
    notes.push(
      `- PapaParse + JS (${seconds(papa.totalMs)}: read ${seconds(papa.readMs)}, parse ${seconds(papa.parseMs)}, aggregate ${seconds(papa.aggregateMs)}) only splits text; the import also maps, types and checks every value and derives the per-opportunity table. Its largest step is “${top?.step}” at ${seconds(top?.ms ?? 0)}; reading the CSV into DuckDB alone is not what costs.${nativeAgainstPapa(papa, csv?.native[1]?.median)}`,
    );
  }
  return notes;
}

/** Native DuckDB's whole import against PapaParse's split: why no build of DuckDB meets the ratio. */
function nativeAgainstPapa(papa: PapaResult, native: number | undefined): string {
  if (!native) return '';
  return ` Native DuckDB takes ${seconds(native)} for the same path at one thread, ${(papa.totalMs / native).toFixed(2)}× PapaParse's speed, so no build of DuckDB meets this ratio through the whole import; the prototype's 2.8× compared a bare \`read_csv\` with it. What would close it is not a quicker import but an earlier answer: the Overview drawn from the typed table while the per-deal tables are derived, which is not built.`;
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
    const isolated = f.isolated;
    if (isolated) {
      const coi = isolated.timing.median;
      lines.push(
        `| ${scenarioName(f.scenario)}, cross-origin isolated (${isolated.bundle} bundle; / native at 2 threads) | ${rows} | ${cell(coi)} | – | ${cell(f.native[2]?.median)} | ${times(ratio(coi, f.native[2]?.median))} | – | – | ${cell(isolated.previewMs)} | ${mb(isolated.memory.rendererMB)} | ${mb(isolated.memory.wasmMB)} | ${mb(isolated.memory.cdpHeapMB)} | ${runCount(isolated.timing)} / ${runCount(f.native[2])} |`,
      );
    }
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

/** Median change of the filters of one value, then of two (`–` where none or not recorded). */
function byValues(f: FilterFigures): string {
  const of = (n: number) => f.changes.filter((_, k) => f.chosen?.[k] === n);
  const [one, two] = [of(1), of(2)];
  return one.length && two.length
    ? `${ms(percentile(one, 0.5))} / ${ms(percentile(two, 0.5))}`
    : '–';
}

function filterLines(run: BenchRun): string[] {
  const pages = run.interactive ?? [];
  if (pages.length === 0) return [];
  const lines = [
    '## Filter changes',
    '',
    'On a page that imported the CSV with its stage history through the Data tab: each view opened',
    '(and finished loading: its answer and charts shown, and DuckDB done with every read it asked',
    'for, below the fold included, as `main` stops being `aria-busy`), then chips of one field added through the filter bar (the field, then the value) and removed, one or two at a time:',
    'one value, that value or the next, the next alone, and so on (`filter-walk.ts`), so that most changes bring a filter the view had not shown;',
    'a value is picked once the page has listed the field’s values and run the view’s reads grouped by that field (its `prepare-ahead` User Timing entry: see below), as it has long before a person picks from the list.',
    'The field is a region on the Overview, the Funnel and the Grades, an industry on',
    'the Win rates, a source on the Forecast. The page keeps the results of the reads it ran until',
    'the data changes, and the Overview and the Forecast share their stage win rates:',
    'each of them filters on a field of its own, so that no change is answered by another view’s',
    'reads. A filter the view has shown comes back without DuckDB: _p50_ and _p95_ count only',
    'the changes to a filter the view had not shown (the _new filters_ column), which the target',
    'is judged on; _back_ is the median of the others. Under 20 new filters a view’s _p95_ is its',
    'slowest change (the smallest time with 95% of them at or below it), so one slow change decides it.',
    'Each change is timed in the page from its event (the value chosen,',
    'the chip’s × clicked) to the moment the view’s answer shows new text, no simulation runs (or a long one shows its normal approximation meanwhile), no number is shown faded as being recomputed, and',
    'every chart on screen (1280 × 900) has drawn anew and is marked drawn by ECharts',
    '(`data-chart-ready`), by a MutationObserver. Charts below the fold redraw once the page is',
    'idle, after what is on screen (the _charts_ column: on screen, of all the view holds).',
    '_Answer_ is the median time to the new answer text alone (the forecast’s',
    'answer drops to the weighted figure at once, while the simulation runs again). Changes stop after',
    `${run.changes ?? 20} changes or ${run.viewBudgetSeconds ?? 30} s per view (at least two); _opened_ is the tab click → the view whole.${preparedAheadText(pages)}`,
    '',
    '| view | opportunities | new filters | p50 | p95 | one value / two (p50) | answer (p50) | back (p50) | charts | opened | target (p95) | verdict |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const page of pages) {
    const limit = filterLimit(page.rows);
    for (const f of page.filters) {
      lines.push(
        `| ${viewName(f.view)} | ${num(f.rows)}${page.contended ? ' (shared)' : ''} | ${f.changes.length}${f.timedOut ? ` (+${f.timedOut} timed out)` : ''} | ${ms(f.p50)} | ${ms(f.p95)} | ${byValues(f)} | ${ms(f.answerP50)} | ${f.back?.length ? ms(percentile(f.back, 0.5)) : '–'} | ${f.chartsOnScreen ?? f.charts} of ${f.charts} | ${seconds(f.openMs)} | ${limit} ms | ${verdict(f.p95, limit, ms)} |`,
      );
    }
  }
  lines.push('', PIVOT_READS, '');
  for (const page of pages) {
    const forecast = page.filters.find((f) => f.view === 'forecast' && f.approximated);
    if (forecast) {
      const refined = forecast.refined ?? [];
      lines.push(
        `Forecast at ${num(page.rows)}: in ${forecast.approximated} of ${forecast.changes.length} changes the slice's simulation was long (over ${num(QUICK_DRAWS)} draws, deals × runs), so its normal approximation (exact mean and spread, normal P10–P90) was drawn with the weighted pipeline, from its rows (grouped by stage and period, with Σ amount²); that is when the change counts as redrawn. The simulation replacing it finished at ${ms(percentile(refined, 0.5))} p50, ${ms(percentile(refined, 0.95))} p95.`,
        '',
      );
    }
  }
  const isolated = run.isolatedInteractive;
  if (isolated?.filters.length) {
    const plain = pages.find((p) => p.rows === isolated.rows);
    const pair = (f: FilterFigures) => {
      const eh = plain?.filters.find((e) => e.view === f.view);
      return `${viewName(f.view)} ${ms(f.p50)} / ${ms(f.p95)}${eh ? ` (plain page ${ms(eh.p50)} / ${ms(eh.p95)})` : ''}`;
    };
    lines.push(
      `Served with COOP/COEP, where DuckDB runs its multi-threaded (coi) bundle, the same changes at ${num(isolated.rows)} (p50 / p95): ${isolated.filters.map(pair).join(', ')}${isolated.contended ? '; **other processes used the CPU during this page’s run**' : ''}. That page imported ${num(isolated.rows)} + ${num(isolated.historyRows)} rows in ${seconds(isolated.importMs)}. ${quickerOnCoi(isolated.filters, plain?.filters ?? [])} The two pages run one after the other, not interleaved; on this machine the plain page’s Overview changes at 1,000,000 ranged 161–246 ms p50 over three runs on one day, so differences under a third are noise here.`,
      '',
    );
  }
  for (const page of pages) {
    lines.push(
      `The ${num(page.rows)}-row page imported ${num(page.rows)} + ${num(page.historyRows)} rows in ${seconds(page.importMs)} first; its renderer peaked at ${mb(page.memory.rendererMB)} MB${page.contended ? '; **other processes used the CPU during this page’s run**' : ''}.`,
    );
  }
  lines.push('');
  return lines;
}

/** How a filter change is answered, and how it was before. */
const PIVOT_READS = `How a change is answered: every read the five views run after a filter change is counts and sums over groups of deals (the grades’ AUC from the won and lost deals per score, the sales velocity’s means from sums and counts), so its rows under a filter on one field are those of the same read grouped by that field too, kept for the chosen values and added up. Once a field is chosen in the filter bar, while its values are listed, the page runs the reads the view on screen made (up to eight) that way, over the filter without that field (the pivot reads, \`filter-rollup.ts\`: a few hundred to a few tens of thousands of rows each; one of more than 50,000 rows, as days in stage grouped by owner, is not kept, and that read goes to DuckDB at each change), and each value then picked or removed is answered in the page, without DuckDB: running them is the \`prepare-ahead\` wait above, and a change costs the page’s adding up and drawing. Each pivot read is kept indexed (\`pivot-index.ts\`: per row its group and pivot value as numbers, the sums in typed arrays), so that a change adds numbers up without building a key per row, and the page holds a few arrays per read rather than an object per row: kept as objects, tens of thousands of freshly read rows made the first change after choosing a field wait 9–17 ms for the garbage collector to move them (Chromium traces at 100,000), and that first change decided the p95 (Overview 59–67 ms, Funnel 58–73 ms in the runs before). Until then the page also ran ahead the reads of the views shown before (eight in all on the Funnel after the Overview). Reads that are no sums (the simulation’s open deals, the deal lists) still go to DuckDB. Before (2026-12-07 10:29 UTC at a0e26ce), when every change read DuckDB, the p95 were Overview 103 / 171 ms, Funnel 116 / 180, Grades 81 / 145, Forecast 63 / 153, Win rates 40 / 165 (100,000 / 1,000,000 opportunities): a view’s four or five filtered reads ran one after another in its one DuckDB worker (40–70 ms at 100,000: in DuckDB-WASM a filtered scan of 100,000 deals with a handful of sums takes 8–15 ms however it is written, as aggregating, not scanning, is what costs), then the page drew (20–35 ms). A second DuckDB worker with its own copy of the per-deal table was weighed then and not built (1.5× on two reads at a time, for a copy of 48 MB per 100,000 deals after every import). Tried and not kept: ENUM types for status and region (no gain: the tables are compressed, so those strings are dictionary-encoded already); a queue in the page sending one or two reads at a time, so that reads a newer filter made stale could be dropped (at 100,000 it added 10–20 ms to each change, the worker idling while the page drew); drawing the Overview's answer and charts from its first read while DuckDB runs the other four (the answer showed at 48–50 ms p50 at 100,000, but the whole view took 92–102 ms against 66–73 ms in two interleaved runs: the drawing slowed the reads it overlapped); ECharts' canvas renderer instead of SVG (no quicker: Overview changes at 100,000, two interleaved runs each, p50 114–135 ms on canvas against 82–97 ms in SVG); the filtered deals copied once per change into a temporary table that the reads then share (at 1,000,000 in DuckDB-WASM in Node, the Overview's five reads took 68–80 ms on it against 108–126 ms on the per-deal table, but copying 166,000 deals out took 484–564 ms); merging options into the chart instead of replacing its components, or leaving out its ARIA description (the Overview's two charts took 8.0–8.8 ms per redraw in Node whichever way: ECharts rebuilding its model is what costs); the values written into each read's SQL instead of bound to its cached prepared statement, in case a plan made without them scanned more (no: the Overview's five reads were within a fifth either way, sometimes one quicker, sometimes the other, at 100,000 and at 1,000,000 in DuckDB-WASM in Node).`;

/** How long the reads run ahead took: only a field's first value has any to run. */
function preparedAheadText(pages: InteractiveFigures[]): string {
  const all = pages.flatMap((p) => p.filters.flatMap((f) => f.preparedAhead ?? []));
  if (all.length === 0) return '';
  const bySize = pages
    .filter((p) => p.filters.some((f) => f.preparedAhead?.length))
    .map(
      (p) =>
        `${ms(Math.max(...p.filters.flatMap((f) => f.preparedAhead ?? [])))} at ${num(p.rows)}`,
    );
  return ` Running the pivot reads and preparing the others ahead took up to ${bySize.join(' and ')} (median ${ms(percentile(all, 0.5))}: a field’s later values find them run).`;
}

/** Which bundle answered each view's new filters sooner (p50), coi against the plain page. */
function quickerOnCoi(coi: FilterFigures[], plain: FilterFigures[]): string {
  const pairs = coi.flatMap((f) => {
    const eh = plain.find((e) => e.view === f.view);
    return eh ? [{ view: viewName(f.view), ratio: f.p50 / eh.p50 }] : [];
  });
  if (pairs.length === 0) return '';
  const quicker = pairs.filter((p) => p.ratio < 1).map((p) => p.view);
  const range = pairs.map((p) => p.ratio);
  return `The coi page was quicker on ${quicker.length} of ${pairs.length} views${quicker.length ? ` (${quicker.join(', ')})` : ''}, at ${Math.min(...range).toFixed(2)}–${Math.max(...range).toFixed(2)}× the plain page’s p50.`;
}

function monteCarloLines(run: BenchRun): string[] {
  const mc = run.interactive?.find((p) => p.monteCarlo)?.monteCarlo;
  const engine = run.engine;
  if (!mc && !engine) return [];
  const lines = ['## Monte Carlo forecast', ''];
  if (mc) {
    lines.push(
      `In the page (${num(mc.rows)}-row export filtered to ${mc.slice}: ${num(mc.deals)} open deals with an amount, counted natively), ${num(mc.runs)} runs, the page’s default, over ${mc.runsMs.length} openings of the Forecast tab from the Overview:`,
      '',
      `- progress line shown → the simulation’s charts drawn: ${seconds(mc.median)} (median of ${mc.runsMs.map(seconds).join(', ')}); it includes the open-deal query, the workers, the summaries and the two charts;`,
      `- the workers alone (first Monte Carlo worker created → last one done): ${mc.workersMs === null ? '–' : seconds(mc.workersMs)};`,
      `- click on the Forecast tab → the simulation’s charts: ${seconds(mc.fromTabMs)};`,
      `- meanwhile ${mc.clicks} clicks (one every 100 ms, real input events) waited at most ${ms(mc.slowestClickMs)} for the next frame; the longest main-thread task was ${ms(mc.longestTaskMs)}, long tasks took ${ms(mc.longTasksMs)} per run in all (PerformanceObserver 'longtask').`,
      '',
    );
  }
  if (engine) {
    lines.push(
      `The engine alone in Node (\`monteCarlo\`, one thread, ${num(engine.runs)} runs × ${num(engine.deals)} synthetic deals × ${engine.periods} quarters, medians of ${run.repeats}${engine.contended ? `, ${engine.contended} shared` : ''}): ${seconds(engine.ms)} with close-date timing (one draw per deal and run, as the page’s default), ${seconds(engine.drawnMs)} when every won deal’s period is drawn too (history timing); the summaries (mean, P10/P50/P90 per quarter) ${ms(engine.summaryMs)}.`,
      '',
    );
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
    `${v.wasmLoadedMs === null ? 'after the first chart (the Overview is painted from the demo’s precomputed numbers)' : cell(v.wasmLoadedMs)}, overview answer ${cell(v.answerMs)}, first chart ${seconds(v.chartMs)}`,
    `(medians). Before its first chart was drawn the page requested ${v.firstViewJsGzipKB.toFixed(0)} KB of JavaScript (gzip, DuckDB’s`,
    `workers aside)${v.scripts?.length ? `: ${scriptList(v.scripts)}` : ''}.${v.laterScripts?.length ? ` Requested once it was on screen, to start DuckDB and load the demo into it: ${scriptList(v.laterScripts)}.` : ''}`,
    `DuckDB ran the ${v.bundle} bundle.${v.liveMs == null ? '' : ` The page was live (DuckDB started and the demo’s ${num(v.demoRows)} opportunities and their stage history loaded into it, so that filters and clicks answer) at ${seconds(v.liveMs)}. The demo comes as its tables ready-made (Arrow streams of what the import makes of it, written by \`npm run demo\`: \`data/demo/tables.bin.gz\`, downloaded while DuckDB starts): importing its CSV ran a hundred-odd statements on DuckDB’s code cold and took the page to about 8 s. That import still runs once the page is live, into a scratch database thrown away after, so that the user’s first import does not run on code the browser has not optimised yet (without it 100,000 opportunities took 5.0 s instead of 2.8 s); a file the user brings meanwhile stops it, rather than wait behind it; the imports above are timed once it is done. Most of what remains is DuckDB’s wasm: downloading it from \`vite preview\`, which does not compress it, and compiling it.`}`,
    ...isolatedVisitLines(run),
    '',
  ];
}

/** The coi bundle's start, which a returning visitor on a static host gets (`coi-sw.js`). */
function isolatedVisitLines(run: BenchRun): string[] {
  const coi = run.isolatedVisit;
  if (!coi?.liveMs || coi.bundle !== 'coi') return [];
  const later = run.visit?.liveMs ? ` (${seconds(coi.liveMs - run.visit.liveMs)} later)` : '';
  return [
    '',
    `Served with COOP/COEP, where DuckDB runs its threaded coi bundle (on every visit where the host sends them, and on a static host from the second visit on, once the site’s service worker adds them), the first chart came at ${seconds(coi.chartMs)} and the page was live at ${seconds(coi.liveMs)}${later}. A Chromium trace of that start shows why: the bundle starts four pthread workers and instantiates DuckDB’s module in each (0.4–0.5 s apiece, on two cores) before the database opens, and emscripten builds the pool at start, so a page cannot defer it. What the threads buy is in the import of a large file (above) and in filter changes at a million deals (below); over a few thousand deals, one row group that a scan cannot split, they buy nothing for that wait.`,
  ];
}

function scriptList(scripts: Array<{ name: string; kb: number }>): string {
  return scripts.map((s) => `${s.name} ${s.kb.toFixed(0)} KB`).join(', ');
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
  const pages = run.interactive ?? [];
  const sharedPages = pages.filter((p) => p.contended).map((p) => num(p.rows));
  const pagesLine = sharedPages.length
    ? ` **The interactive page${sharedPages.length > 1 ? 's' : ''} at ${sharedPages.join(' and ')} rows (filter changes, Monte Carlo) shared the CPU too.**`
    : pages.length
      ? ' The interactive pages (filter changes, Monte Carlo) had it to themselves.'
      : '';
  if (shared === 0) return `All ${all} timed runs had the CPU to themselves.${pagesLine}`;
  return `**${shared} of ${all} timed runs shared the CPU with other processes** (more than a quarter of a core on average, after re-runs); their figures may be slow (_shared_ in the runs column).${pagesLine}`;
}

/** Repeats spread wider than this (slowest over quickest) make a median doubtful. */
const WIDE_SPREAD = 1.2;

/**
 * The imports whose repeats spread widely: on a shared host the VM's own processes can be idle
 * while the machine under it is not, and a ratio built on such a median says little.
 */
function spreadLine(run: BenchRun): string {
  const wide = run.imports.flatMap((f) => {
    const timings: Array<[string, Timing | undefined]> = [
      ['in the page', f.wasm?.timing],
      ['cross-origin isolated', f.isolated?.timing],
      ...Object.entries(f.native).map(([threads, t]): [string, Timing] => [
        `native at ${threads} thread${threads === '1' ? '' : 's'}`,
        t,
      ]),
    ];
    return timings.flatMap(([where, t]) => {
      if (!t || t.runs.length < 2) return [];
      const [low, high] = [Math.min(...t.runs), Math.max(...t.runs)];
      return high / low > WIDE_SPREAD
        ? [
            `${scenarioName(f.scenario)} at ${num(f.rows)} ${where}: ${seconds(low)}–${seconds(high)}`,
          ]
        : [];
    });
  });
  if (wide.length === 0) return '';
  return `**Repeats of ${wide.length} import${wide.length > 1 ? 's' : ''} differed by more than a fifth** (${wide.join('; ')}): the machine under this one was likely busy, and ratios built on ${wide.length > 1 ? 'these medians' : 'this median'} are doubtful.`;
}

export function resultsMarkdown(run: BenchRun, cli: CommandLineFigures | null): string {
  const m = run.machine;
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${run.date} in ${run.minutes.toFixed(1)} minutes; do not edit by hand, run it again.`,
    `Medians of up to ${run.repeats} repeats, as many as fit in ${run.budgetSeconds} s per step and engine (the _runs_ column). Times are wall clock; the browser's from the click on Load to the loaded row showing its count, the native ones over the same steps (\`importDataset\`, then \`publishImport\`).`,
    [contendedLine(run), spreadLine(run)].filter(Boolean).join(' '),
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
    ...targets(run, cli),
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
    ...commandLineLines(cli),
    ...firstVisitLines(run),
    ...filterLines(run),
    ...monteCarloLines(run),
    '## Where the import spends its time',
    '',
    'The last step includes compressing every table the import wrote (DuckDB checkpoints of its',
    'compressed in-memory database: a tenth of the memory, faster scans after); files past 256 MB',
    'also have their staging tables compressed as they are written, inside the middle steps.',
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
  const cli = readCommandLine();
  const entries = [...resultsJson(run), ...commandLineEntries(cli)];
  await writeFormatted(here('results.json'), JSON.stringify(entries, null, 2));
  await writeFormatted(here('RESULTS.md'), resultsMarkdown(run, cli));
}
