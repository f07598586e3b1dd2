// After an import through the real UI: filter changes on each view (from the change to every
// number and chart of the view redrawn), and the forecast's Monte Carlo run in the page.
import type { Browser, Page } from 'playwright-core';
import { sampleMemory, type MemoryPeaks } from './browser-memory.ts';
import { importOnPage, openSite } from './browser.ts';
import { afterStep, filterKey, filterWalk } from './filter-walk.ts';
import type { BenchExport } from './generate.ts';
import { log, median, percentile, seconds } from './util.ts';

const REGIONS = ['EMEA', 'APAC', 'North America', 'LATAM', 'DACH', 'Nordics'];
const SOURCES = ['Inbound', 'Outbound', 'Partner', 'Referral', 'Event', 'Web'];
const INDUSTRIES = ['Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Energy', 'Logistics'];

/**
 * The views a filter changes, by their tab (`data-view`) and their answer's test id, and the field
 * each filters on. The page keeps the results it read, and views share some queries (the
 * Overview's this-quarter forecast reads the stage win rates as the Forecast does): views that
 * share one filter on fields of their own, so that none of a view's new filters is answered from
 * another view's reads.
 */
export const VIEWS = [
  {
    view: 'overview',
    name: 'Overview',
    answer: 'overview-answer',
    field: 'region',
    values: REGIONS,
  },
  { view: 'funnel', name: 'Funnel', answer: 'funnel-answer', field: 'region', values: REGIONS },
  {
    view: 'rates',
    name: 'Win rates',
    answer: 'win-rates-answer',
    field: 'industry',
    values: INDUSTRIES,
  },
  { view: 'grades', name: 'Grades', answer: 'grades-answer', field: 'region', values: REGIONS },
  {
    view: 'forecast',
    name: 'Forecast',
    answer: 'forecast-answer',
    field: 'source',
    values: SOURCES,
  },
] as const;
export type ViewName = (typeof VIEWS)[number]['view'];

export interface FilterFigures {
  view: ViewName;
  rows: number;
  /**
   * Each change to a filter the view had not shown before: the change event → the answer's new
   * text and every chart on screen redrawn, in ms. The target is judged on these.
   */
  changes: number[];
  /** How many of the field's values each of `changes` left in the filter (one or two). */
  chosen?: number[];
  p50: number;
  p95: number;
  /** Each change back to a filter the view had shown (a chip removed, a value chosen again). */
  back?: number[];
  /** Median of the change event → the answer's new text (the queries behind it, mostly). */
  answerP50: number;
  /**
   * Forecast: changes whose long simulation showed its normal approximation meanwhile (counted as
   * redrawn then), and each change → its simulation finished.
   */
  approximated?: number;
  refined?: number[];
  /** Charts the view showed once settled, and those of them on screen (the ones timed). */
  charts: number;
  chartsOnScreen?: number;
  /** Tab clicked → the view's answer and charts shown (its first opening, chunk loading included). */
  openMs: number;
  /** Changes that did not finish within the time allowed (left out of the figures). */
  timedOut: number;
  /** Each added filter: the page preparing the view's reads ahead while its value is picked. */
  preparedAhead?: number[];
}

export interface MonteCarloFigures {
  rows: number;
  /** The filter that narrowed the open deals, as field = values. */
  slice: string;
  /** Open deals with an amount in that slice: the deals each run draws. */
  deals: number;
  runs: number;
  /** Progress line shown → the simulation's charts drawn (open-deal query, workers, charts). */
  runsMs: number[];
  median: number;
  /** Click on the Forecast tab → the simulation's charts drawn. */
  fromTabMs: number;
  /** First Monte Carlo worker created → the last one terminated: the simulation proper. */
  workersMs: number | null;
  /** Longest main-thread task (PerformanceObserver 'longtask') while the simulation ran. */
  longestTaskMs: number | null;
  /** Main-thread time in long tasks (over 50 ms) while it ran, summed over the run. */
  longTasksMs: number;
  /** Clicks made while it ran, and the slowest from the click to the next frame. */
  clicks: number;
  slowestClickMs: number | null;
}

export interface InteractiveFigures {
  rows: number;
  historyRows: number;
  importMs: number;
  filters: FilterFigures[];
  monteCarlo: MonteCarloFigures | null;
  memory: MemoryPeaks;
  /** What did not work out, for RESULTS.md. */
  notes: string[];
}

interface Watch {
  armed: boolean;
  start?: number;
  /** When the answer's text first differed from before the change. */
  answer?: number;
  done?: number;
  /** Whether the forecast showed its normal approximation when the view was whole. */
  approximate?: boolean;
  /** When the view was whole with no simulation running. */
  refined?: number;
  /** Why the view is not finished yet, for a change that times out. */
  waiting: string;
}

interface BenchHooks {
  arm(answer: string): void;
  watch: Watch;
}

/**
 * Runs in the page: a capture listener stamps the filter change (the value chosen, the chip's
 * close button clicked) with its event time, and a MutationObserver stamps the moment the view is
 * whole again: the answer's text differs from before, no simulation is running (or its normal
 * approximation is shown meanwhile), no number is shown faded as being recomputed, and every
 * chart on screen when the filter changed has drawn since (a new element, or a new
 * `data-chart-version`) and is marked ready by ECharts.
 * The page draws the charts below the fold once it is idle, after those.
 */
function installFilterWatch(): void {
  const scope = window as unknown as { __bench: BenchHooks };
  let answerId = '';
  let before = '';
  let oldCharts = new Map<Element, string | null>();
  let shownCharts = new Set<Element>();
  const watch: Watch = { armed: false, waiting: '' };
  const check = () => {
    if (!watch.armed || watch.start === undefined || watch.refined !== undefined) return;
    const answer = document.querySelector(`[data-testid=${answerId}]`)?.textContent?.trim();
    // The charts on screen: those that were when the filter changed, and any new one.
    const charts = [...document.querySelectorAll('main .chart')].filter(
      (c) => shownCharts.has(c) || !oldCharts.has(c),
    );
    const stale = charts.filter(
      (c) => oldCharts.has(c) && oldCharts.get(c) === c.getAttribute('data-chart-version'),
    ).length;
    const drawing = charts.filter((c) => c.getAttribute('data-chart-ready') !== 'true').length;
    const running = document.querySelector('[data-testid=forecast-progress]') !== null;
    const approximate =
      document
        .querySelector('[data-testid=forecast-simulation]')
        ?.getAttribute('data-approximate') === 'true';
    // A number shown faded (a KPI marked aria-busy) is being recomputed, not updated yet; the
    // forecast's normal approximation is faded too, and counts as drawn.
    const updating = approximate
      ? 0
      : document.querySelectorAll('main .kpi[aria-busy=true]').length;
    if (watch.answer === undefined && answer && answer !== before) watch.answer = performance.now();
    const shown = [
      !answer || answer === before ? 'answer unchanged' : '',
      stale ? `${stale} of ${charts.length} charts not redrawn` : '',
      drawing ? `${drawing} charts drawing` : '',
      updating ? `${updating} numbers updating` : '',
    ].filter(Boolean);
    watch.waiting = [...shown, running ? 'simulation running' : ''].filter(Boolean).join(', ');
    if (shown.length > 0) return;
    if (watch.done === undefined && (!running || approximate)) {
      watch.done = performance.now();
      watch.approximate = approximate;
    }
    if (!running) watch.refined = performance.now();
  };
  for (const type of ['change', 'click']) {
    document.addEventListener(
      type,
      (event) => {
        const target = event.target as Element | null;
        const isChange =
          (type === 'change' && target?.matches('[data-testid=filter-value]')) ||
          (type === 'click' && target?.closest('[data-testid=filter-chip] .chip-close'));
        if (watch.armed && watch.start === undefined && isChange) {
          watch.start = event.timeStamp;
          queueMicrotask(check);
        }
      },
      { capture: true },
    );
  }
  new MutationObserver(check).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-chart-ready', 'data-chart-version', 'aria-busy'],
  });
  scope.__bench = {
    watch,
    arm(answer: string) {
      answerId = answer;
      before = document.querySelector(`[data-testid=${answer}]`)?.textContent?.trim() ?? '';
      const all = [...document.querySelectorAll('main .chart')];
      oldCharts = new Map(all.map((c) => [c, c.getAttribute('data-chart-version')]));
      shownCharts = new Set(
        all.filter((c) => {
          const box = c.getBoundingClientRect();
          return box.bottom > 0 && box.top < innerHeight;
        }),
      );
      delete watch.start;
      delete watch.answer;
      delete watch.done;
      delete watch.approximate;
      delete watch.refined;
      watch.waiting = 'no change yet';
      watch.armed = true;
    },
  };
}

/**
 * Waits until the view shows its answer, no simulation runs, every chart is drawn (those below
 * the fold included) and DuckDB has nothing left to run for it (`main` is not `aria-busy`): a
 * filter change is timed on a view that has finished loading, as a user changes one after
 * looking at it. Counts its charts, and those on screen.
 */
async function settled(
  page: Page,
  answer: string,
  timeout: number,
): Promise<{ charts: number; onScreen: number }> {
  const handle = await page.waitForFunction(
    (answer) => {
      if (!document.querySelector(`[data-testid=${answer}]`)?.textContent?.trim()) return false;
      if (document.querySelector('[data-testid=forecast-progress]')) return false;
      if (document.querySelector('main')?.getAttribute('aria-busy') === 'true') return false;
      const charts = [...document.querySelectorAll('main .chart')];
      const ready = charts.every((c) => c.getAttribute('data-chart-ready') === 'true');
      const onScreen = charts.filter((c) => {
        const box = c.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      }).length;
      return ready && { charts: charts.length, onScreen };
    },
    answer,
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as { charts: number; onScreen: number };
}

/** Chooses `value` of `field` in the filter bar: the field first, then its value once listed. */
async function chooseFilterValue(page: Page, field: string, value: string): Promise<void> {
  await page.getByTestId('filter-field').selectOption(field);
  const select = page.getByTestId('filter-value');
  await select.locator(`option[value="${value}"]`).waitFor({ state: 'attached', timeout: 60_000 });
  await select.selectOption(value);
}

/** In the page: how many times, and how long last, it has prepared a view's reads ahead. */
const preparedAheadCount = () => performance.getEntriesByName('prepare-ahead').length;
const lastPreparedAhead = () => performance.getEntriesByName('prepare-ahead').at(-1)!.duration;

/**
 * `changes` filter changes on one view, chips of its field added and removed (`filterWalk`: one
 * value, then two, most of them filters the view had not shown), within `budgetMs` (at least
 * `minChanges`). Each is timed in the page.
 */
async function filterChangesOn(
  page: Page,
  { view, answer, field, values }: (typeof VIEWS)[number],
  rows: number,
  { changes, minChanges, budgetMs, settleMs }: InteractiveOptions,
): Promise<FilterFigures> {
  await page.locator(`[data-view=${view}]`).click();
  const opened = performance.now();
  const { charts, onScreen } = await settled(page, answer, settleMs).catch(() => {
    throw new Error(`the view did not show its answer and charts within ${seconds(settleMs)}`);
  });
  const openMs = performance.now() - opened;
  const times: number[] = [];
  const counts: number[] = [];
  const back: number[] = [];
  // What the view has shown: its results for these may be kept, so they are timed apart.
  const shown = new Set([filterKey([])]);
  const answers: number[] = [];
  const refined: number[] = [];
  let approximated = 0;
  let timedOut = 0;
  const preparedAhead: number[] = [];
  const began = performance.now();
  const walk = filterWalk(values, changes);
  let chosen: string[] = [];
  for (const [i, step] of walk.entries()) {
    if (i >= minChanges && performance.now() - began > budgetMs) break;
    if ('add' in step) {
      // Choosing the field lists its values (a query of its own), then the page prepares the
      // view's reads for one more value: both before the watch starts, as both are done long
      // before a person has read the list and picked a value.
      const ahead = await page.evaluate(preparedAheadCount);
      await page.getByTestId('filter-field').selectOption(field);
      const select = page.getByTestId('filter-value');
      await select.locator(`option[value="${step.add}"]`).waitFor({ state: 'attached' });
      await page.waitForFunction(
        (n) => performance.getEntriesByName('prepare-ahead').length > n,
        ahead,
        {
          timeout: settleMs,
        },
      );
      preparedAhead.push(await page.evaluate(lastPreparedAhead));
      await page.evaluate(
        (a) => (window as unknown as { __bench: BenchHooks }).__bench.arm(a),
        answer,
      );
      await select.selectOption(step.add);
    } else {
      await page.evaluate(
        (a) => (window as unknown as { __bench: BenchHooks }).__bench.arm(a),
        answer,
      );
      await page
        .getByTestId('filter-chip')
        .filter({ hasText: `: ${step.remove}` })
        .locator('.chip-close')
        .click();
    }
    chosen = afterStep(chosen, step);
    const watch = await page
      .waitForFunction(
        () => {
          const { watch } = (window as unknown as { __bench: BenchHooks }).__bench;
          return watch.refined !== undefined && watch;
        },
        null,
        { timeout: settleMs, polling: 50 },
      )
      .then((h) => h.jsonValue() as Promise<Watch>)
      .catch(() => null);
    if (!watch) {
      const why = await page.evaluate(
        () => (window as unknown as { __bench: BenchHooks }).__bench.watch.waiting,
      );
      log(`  ${view}: change ${i + 1} not finished after ${seconds(settleMs)} (${why})`);
      timedOut++;
      await settled(page, answer, settleMs).catch(() => 0);
      // The chip may be left over: a removal is still to come, or it was never added.
      continue;
    }
    const state = filterKey(chosen);
    if (shown.has(state)) {
      back.push(watch.done! - watch.start!);
      continue;
    }
    shown.add(state);
    times.push(watch.done! - watch.start!);
    counts.push(chosen.length);
    answers.push((watch.answer ?? watch.done!) - watch.start!);
    refined.push(watch.refined! - watch.start!);
    if (watch.approximate) approximated++;
  }
  const figures: FilterFigures = {
    view,
    rows,
    changes: times,
    chosen: counts,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    back,
    answerP50: percentile(answers, 0.5),
    approximated,
    refined,
    charts,
    chartsOnScreen: onScreen,
    openMs,
    timedOut,
    preparedAhead,
  };
  log(
    `filter change → ${view} redrawn, ${rows} rows: p50 ${Math.round(figures.p50)} ms, ` +
      `p95 ${Math.round(figures.p95)} ms over ${times.length} new filters (${charts} charts; ` +
      `answer p50 ${Math.round(figures.answerP50)} ms)` +
      (approximated
        ? `, ${approximated} approximated first, simulation done at p95 ${Math.round(percentile(refined, 0.95))} ms`
        : '') +
      (back.length ? `; back to a filter shown: p50 ${Math.round(percentile(back, 0.5))} ms` : '') +
      (timedOut ? `, ${timedOut} timed out` : '') +
      (preparedAhead.length
        ? `; reads prepared ahead in p50 ${Math.round(percentile(preparedAhead, 0.5))} ms`
        : ''),
  );
  // Leave no filter behind for the next view.
  while ((await page.getByTestId('filter-chip').count()) > 0) {
    await page.getByTestId('filter-chip').first().locator('.chip-close').click();
  }
  return figures;
}

interface McWatch {
  tab?: number;
  /** The first Monte Carlo worker started, the last one stopped (terminated when done). */
  workersFrom?: number;
  workersTo?: number;
  progress?: number;
  done?: number;
  longTasks: Array<[number, number]>;
  clicks: Array<[number, number]>;
}

/** Runs in the page: stamps the tab click, the progress line, and the simulation's charts. */
function installMonteCarloWatch(): void {
  const state: McWatch = { longTasks: [], clicks: [] };
  (window as unknown as { __mc: McWatch }).__mc = state;
  // The simulation's workers, seen from outside: constructed, then terminated once all replied.
  const scope = window as unknown as { __mcWorker?: typeof Worker; Worker: typeof Worker };
  const Original = (scope.__mcWorker ??= scope.Worker);
  scope.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (!String(url).includes('monte-carlo')) return;
      const mc = (window as unknown as { __mc: McWatch }).__mc;
      mc.workersFrom ??= performance.now();
      const terminate = this.terminate.bind(this);
      this.terminate = () => {
        mc.workersTo = performance.now();
        terminate();
      };
    }
  };
  document
    .querySelector('[data-view=forecast]')
    ?.addEventListener('click', (e) => (state.tab = e.timeStamp), { capture: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask' });
  // A click anywhere: from its event time to the next frame the page draws.
  document.addEventListener(
    'pointerdown',
    (e) => {
      const at = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => state.clicks.push([at, performance.now()])));
    },
    { capture: true },
  );
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (state.progress === undefined && document.querySelector('[data-testid=forecast-progress]'))
      state.progress = now;
    const box = document.querySelector('[data-testid=forecast-simulation]');
    const charts = box ? [...box.querySelectorAll('.chart')] : [];
    // The simulation's own charts, not its normal approximation drawn meanwhile.
    const simulated = box?.getAttribute('data-approximate') === 'false';
    const ready =
      simulated && charts.length > 0 && charts.every((c) => c.getAttribute('data-chart-ready'));
    if (state.progress !== undefined && state.done === undefined && ready) {
      state.done = now;
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
}

/**
 * The forecast's Monte Carlo (10,000 runs, the default) over the open deals of a slice, opened
 * `repeats` times from the Overview. Meanwhile a click every 100 ms on the page's title checks that
 * the page still answers.
 */
async function monteCarloOn(
  page: Page,
  rows: number,
  slice: { field: string; values: string[]; deals: number },
  repeats: number,
  settleMs: number,
): Promise<MonteCarloFigures> {
  await page.locator('[data-view=overview]').click();
  await settled(page, 'overview-answer', settleMs);
  for (const value of slice.values) await chooseFilterValue(page, slice.field, value);
  await settled(page, 'overview-answer', settleMs);
  const runs: McWatch[] = [];
  for (let i = 0; i < repeats; i++) {
    await page.locator('[data-view=overview]').click();
    await settled(page, 'overview-answer', settleMs);
    await page.evaluate(installMonteCarloWatch);
    await page.locator('[data-view=forecast]').click();
    await page.waitForFunction(
      () => (window as unknown as { __mc: McWatch }).__mc.progress !== undefined,
      null,
      { timeout: settleMs, polling: 20 },
    );
    // Click while it runs: Playwright's mouse sends real input events through the browser.
    const brand = await page.locator('.brand').boundingBox();
    const done = () => (window as unknown as { __mc: McWatch }).__mc.done !== undefined;
    const deadline = performance.now() + settleMs;
    while (!(await page.evaluate(done))) {
      if (performance.now() > deadline) throw new Error('the simulation did not finish');
      if (brand) await page.mouse.click(brand.x + 5, brand.y + 5);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // the last click's frame
    runs.push(await page.evaluate(() => (window as unknown as { __mc: McWatch }).__mc));
  }
  const within = (run: McWatch, [at]: [number, number]) => at >= run.progress! && at <= run.done!;
  const longTasks = runs.flatMap((run) => run.longTasks.filter((t) => within(run, t)));
  const clicks = runs.flatMap((run) => run.clicks.filter((c) => within(run, c)));
  const runsMs = runs.map((r) => r.done! - r.progress!);
  const figures: MonteCarloFigures = {
    rows,
    slice: `${slice.field} = ${slice.values.join(', ')}`,
    deals: slice.deals,
    runs: 10_000,
    runsMs,
    median: median(runsMs),
    fromTabMs: median(runs.map((r) => r.done! - r.tab!)),
    workersMs: runs.every((r) => r.workersTo !== undefined)
      ? median(runs.map((r) => r.workersTo! - r.workersFrom!))
      : null,
    longestTaskMs: longTasks.length ? Math.max(...longTasks.map(([, d]) => d)) : null,
    longTasksMs: median(
      runs.map((run) => run.longTasks.filter((t) => within(run, t)).reduce((s, [, d]) => s + d, 0)),
    ),
    clicks: clicks.length,
    slowestClickMs: clicks.length ? Math.max(...clicks.map(([a, b]) => b - a)) : null,
  };
  log(
    `Monte Carlo in the page, ${figures.deals} open deals (${figures.slice}): ${seconds(figures.median)} ` +
      `(${runsMs.map(seconds).join(', ')}; from the tab ${seconds(figures.fromTabMs)}; workers ` +
      `${figures.workersMs === null ? '–' : seconds(figures.workersMs)}), longest task ` +
      `${figures.longestTaskMs === null ? 'none' : `${Math.round(figures.longestTaskMs)} ms`}, ` +
      `${clicks.length} clicks, slowest to the next frame ` +
      `${figures.slowestClickMs === null ? '–' : `${Math.round(figures.slowestClickMs)} ms`}`,
  );
  return figures;
}

export interface InteractiveOptions {
  views: ReadonlyArray<(typeof VIEWS)[number]>;
  changes: number;
  /** Per view: past it, no further change is made (but at least `minChanges`, an even number). */
  budgetMs: number;
  minChanges: number;
  /** How long a view may take to open, and a change to finish. */
  settleMs: number;
  /** The slice whose open deals the Monte Carlo draws (null: not measured on this export). */
  monteCarlo: { field: string; values: string[]; deals: number; repeats: number } | null;
}

/** Imports the CSV with its history through the Data tab, then times filter changes and more. */
export async function interactive(
  browser: Browser,
  exp: BenchExport,
  options: InteractiveOptions,
): Promise<InteractiveFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const notes: string[] = [];
  try {
    const page = await context.newPage();
    const memory = await sampleMemory(page, await context.newCDPSession(page));
    await openSite(page);
    const imported = await importOnPage(page, exp, { format: 'csv', history: true });
    log(`interactive page: imported ${exp.rows} rows with history in ${seconds(imported.ms)}`);
    // tsx names the functions these scripts define with a helper the page lacks: a no-op will do.
    await page.evaluate('globalThis.__name = (f) => f');
    await page.evaluate(installFilterWatch);
    const filters: FilterFigures[] = [];
    for (const view of options.views) {
      try {
        filters.push(await filterChangesOn(page, view, exp.rows, options));
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`FAILED filter changes on ${view.view}, ${exp.rows} rows: ${message}`);
        notes.push(`Filter changes on ${view.name} at ${exp.rows} rows: ${message}.`);
      }
    }
    let monteCarlo: MonteCarloFigures | null = null;
    if (options.monteCarlo) {
      const { repeats, ...slice } = options.monteCarlo;
      const mc = monteCarloOn(page, exp.rows, slice, repeats, options.settleMs);
      monteCarlo = await mc.catch((error: unknown) => {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`FAILED Monte Carlo in the page: ${message}`);
        notes.push(`Monte Carlo in the page failed: ${message}`);
        return null;
      });
    }
    return {
      rows: exp.rows,
      historyRows: exp.historyRows,
      importMs: imported.ms,
      filters,
      monteCarlo,
      memory: await memory.stop(),
      notes,
    };
  } finally {
    await context.close();
  }
}
