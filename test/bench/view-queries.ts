// Times every query a view runs after a filter change, on native DuckDB or DuckDB-WASM in Node:
//   npx tsx test/bench/view-queries.ts [--rows 100000] [--engine wasm|native] [--repeats 3]
//     [--only overview,funnel]
// Reads the exports `npm run bench` generated (os.tmpdir()/funnelcast-bench).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { publishImport } from '../../src/lib/app/analysis.ts';
import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import type { CohortFilter } from '../../src/lib/metrics/cohort.ts';
import { defaultForecastSettings } from '../../src/lib/metrics/forecast/forecast-settings.ts';
import { forecastPipeline, simulateForecast } from '../../src/lib/metrics/forecast/forecast.ts';
import { computeVelocity } from '../../src/lib/metrics/forecast/velocity.ts';
import { computeWeightedPipeline } from '../../src/lib/metrics/forecast/weighted-pipeline.ts';
import { computeWaterfall } from '../../src/lib/metrics/forecast/waterfall.ts';
import { computeBacktest } from '../../src/lib/metrics/forecast/backtest.ts';
import { computeFunnel } from '../../src/lib/metrics/funnel.ts';
import { computeSegmentFunnels, computeStageFlow } from '../../src/lib/metrics/segment-funnels.ts';
import { defaultSetup } from '../../src/lib/metrics/grades/grading-setup.ts';
import { computeGradeBySegment, computeGrades } from '../../src/lib/metrics/grades/grades.ts';
import { presentIndicators } from '../../src/lib/metrics/grades/present-indicators.ts';
import { computeOverview } from '../../src/lib/metrics/overview-data.ts';
import { computeStageOutlook } from '../../src/lib/metrics/stage-outlook.ts';
import { computeWinRateBreakdowns } from '../../src/lib/metrics/win-rate-breakdowns.ts';
import { computeWinRates } from '../../src/lib/metrics/win-rates.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';
import type { AppState } from '../../src/lib/state/app-state.svelte.ts';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    engine: { type: 'string', default: 'wasm' },
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const folder = join(tmpdir(), 'funnelcast-bench');
const rows = Number(values.rows);

interface Timing {
  sql: string;
  ms: number;
}
/** One query at a time (as in the page's one DuckDB worker), each timed on its own. */
function timed(db: Database, log: Timing[]): Database {
  let queue: Promise<unknown> = Promise.resolve();
  const run = <T>(sql: string, work: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      const start = performance.now();
      const result = await work();
      log.push({ sql, ms: performance.now() - start });
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    ...db,
    query: (sql, params) => run(sql, () => db.query(sql, params)) as never,
    exec: (sql) => run(sql, () => db.exec(sql)),
  };
}

const raw = values.engine === 'native' ? await openNodeDatabase() : await openWasmDatabase();
if (values.engine === 'native') await raw.exec('SET threads = 1');
const file = (name: string) => {
  const path = join(folder, name);
  return { fileName: basename(path), bytes: new Uint8Array(readFileSync(path)) };
};
let start = performance.now();
const report = await importDataset(raw, {
  opportunities: file(`opps-${rows}.csv`),
  history: file(`opps-${rows}-history.csv`),
});
let model: StageModel | null = null;
const app = {
  db: raw,
  useHistory: true,
  grading: null,
  loaded: (_r: unknown, _s: unknown, _rc: unknown, m: StageModel) => (model = m),
} as unknown as AppState;
await publishImport(app, report, { kind: 'demo' });
console.log(`import ${Math.round(performance.now() - start)} ms (${values.engine}, ${rows} rows)`);
const [latest] = await raw.query<{ as_of: string }>(
  `SELECT max(created_at)::VARCHAR AS as_of FROM opportunities`,
);
const asOf = latest!.as_of;
const setup = defaultSetup(await presentIndicators(raw));
const m = model!;
const DEFAULT_FORECAST = defaultForecastSettings();
const winRates = { strict: false, prior: 10, monotone: false };

const views: Record<string, (db: Database, filter: CohortFilter) => Promise<unknown>> = {
  overview: (db, filter) =>
    computeOverview(db, { filter, model: m, asOf, forecast: DEFAULT_FORECAST, winRates }),
  funnel: (db, filter) =>
    Promise.all([
      computeFunnel(db, m, filter, { strict: false, asOf }),
      computeStageFlow(db, filter),
      computeSegmentFunnels(db, m, filter, 'owner'),
    ]),
  rates: async (db, filter) => {
    const [r] = await Promise.all([
      computeWinRates(db, m, filter, winRates),
      computeStageOutlook(db, m, filter, asOf),
    ]);
    await computeWinRateBreakdowns(db, m, filter, {
      segment: 'owner',
      prior: 10,
      strict: false,
      overall: r.stages.map((s) => s.rate),
    });
  },
  grades: (db, filter) =>
    Promise.all([computeGrades(db, setup, filter), computeGradeBySegment(db, 'owner', filter)]),
  forecast: async (db, filter) => {
    const f = await forecastPipeline(db, m, filter, DEFAULT_FORECAST, asOf, winRates);
    await Promise.all([
      computeVelocity(db, filter),
      computeWeightedPipeline(db, filter, {
        unit: 'quarter',
        asOf,
        rates: f.rates,
        stack: 'owner',
      }),
      computeWaterfall(db, filter, { period: '2026-Q1', from: '2026-01-01', to: asOf }).catch(
        () => null,
      ),
    ]);
    const backtestStart = performance.now();
    await computeBacktest(db, m, filter, { unit: 'quarter', asOf });
    console.log(`  backtest ${Math.round(performance.now() - backtestStart)} ms`);
    const mcStart = performance.now();
    await simulateForecast(db, filter, f, { ...DEFAULT_FORECAST, runs: 10000 }, asOf);
    console.log(`  monte carlo ${Math.round(performance.now() - mcStart)} ms`);
  },
};

const regions = ['North America', 'EMEA', 'APAC'];
for (const [name, view] of Object.entries(views)) {
  if (values.only && !values.only.split(',').includes(name)) continue;
  const totals: number[] = [];
  let last: Timing[] = [];
  for (let i = 0; i < Number(values.repeats); i++) {
    const log: Timing[] = [];
    start = performance.now();
    await view(timed(raw, log), { where: { region: [regions[i % regions.length]!] } });
    totals.push(performance.now() - start);
    last = log;
  }
  console.log(
    `${name}: ${totals.map((t) => Math.round(t)).join(' / ')} ms, ${last.length} queries`,
  );
  for (const t of [...last].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
    console.log(`  ${Math.round(t.ms)} ms  ${t.sql.replace(/\s+/g, ' ').slice(0, 140)}`);
  }
}
await raw.close();
process.exit(0);
