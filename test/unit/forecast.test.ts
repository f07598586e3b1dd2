import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import {
  defaultForecastSettings,
  type ForecastSettings,
} from '../../src/lib/metrics/forecast/forecast-settings.ts';
import {
  forecastPipeline,
  outlineSimulation,
  planSimulation,
  readOutline,
  simulateForecast,
  type ForecastPipeline,
} from '../../src/lib/metrics/forecast/forecast.ts';
import { forecastMoments } from '../../src/lib/metrics/forecast/normal-approximation.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

/**
 * Open deals on 2024-06-30 at stages with presets A 0.2, B 0.5, C 0.8 (the weighted-pipeline
 * fixture): Q3 holds p1 (100 at A) and p2 (200 at B); Q4 holds p3 (300 at C). p5 is overdue and p6
 * has no close date: with close-date timing they land in no period. p4 has no amount and p7 no
 * model stage: neither is drawn.
 */
const DEALS = `id,stage,status,amount,created_at,close_date
p1,A,open,100,2024-01-01,2024-07-10
p2,B,open,200,2024-01-01,2024-08-01
p3,C,open,300,2024-01-01,2024-11-05
p4,B,open,,2024-01-01,2024-09-01
p5,C,open,50,2024-01-01,2024-05-01
p6,A,open,70,2024-01-01,
p7,X,open,10,2024-01-01,2024-07-02
`;

/** The moments worked out from the simulation's deals read one by one, each a group of its own. */
async function momentsOfDeals(
  db: Database,
  pipeline: ForecastPipeline,
  s: ForecastSettings,
  asOf: string,
) {
  const { input } = await planSimulation(db, {}, pipeline, s, asOf);
  const groups = input.deals.map(({ amount, p, timing }) => ({
    amount,
    squares: amount * amount,
    negative: Math.min(amount, 0),
    p,
    timing,
  }));
  return forecastMoments(groups, input.periods);
}

const settings = (patch: Partial<ForecastSettings>): ForecastSettings => ({
  ...defaultForecastSettings(),
  ...patch,
});

describe.each(ENGINES)('forecast on %s', (_, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) } });
  });
  afterAll(() => db.close());

  it('simulates around Σ a·p with the variance Σ a²·p(1 − p), the same for a seed', async () => {
    const model = stageModel(['A', 'B', 'C'], [0.2, 0.5, 0.8]);
    await buildStageProgress(db, model);
    const s = settings({ rates: 'preset', runs: 20_000, seed: 7 });
    const pipeline = await forecastPipeline(db, model, {}, s, '2024-06-30');
    expect(pipeline.rates).toEqual([0.2, 0.5, 0.8]);
    const sim = await simulateForecast(db, {}, pipeline, s, '2024-06-30');
    expect(sim.deals).toBe(5);
    expect(sim.noRate).toBe(0);
    const [q2, q3, q4] = sim.periods;
    expect(q2).toEqual({ mean: 0, p10: 0, p50: 0, p90: 0 });
    // Q3: mean 100·0.2 + 200·0.5 = 120; variance 100²·0.16 + 200²·0.25 = 11,600, so the mean of
    // 20,000 runs has a standard error of √(11,600 / 20,000) ≈ 0.76: allow 4 of them.
    expect(Math.abs(q3!.mean - 120)).toBeLessThan(4 * 0.76);
    // Q4: 300 won with p = 0.8: P10 is 0 (20 % of runs lose it), P50 and P90 are 300.
    expect(Math.abs(q4!.mean - 240)).toBeLessThan(4 * Math.sqrt((300 ** 2 * 0.16) / 20_000));
    expect([q4!.p10, q4!.p50, q4!.p90]).toEqual([0, 300, 300]);
    // Overdue p5 and undated p6 land nowhere: the overall mean is Q3 + Q4.
    expect(Math.abs(sim.overall.mean - 360)).toBeLessThan(
      4 * Math.sqrt((11_600 + 14_400) / 20_000),
    );
    const again = await simulateForecast(db, {}, pipeline, s, '2024-06-30');
    expect(again.result.totals).toEqual(sim.result.totals);
  });

  /** The pipeline on 2024-06-30 at these presets, and the outline of its simulation. */
  async function outlineAtPresets(presets: Array<number | null>) {
    const model = stageModel(['A', 'B', 'C'], presets);
    await buildStageProgress(db, model);
    const s = settings({ rates: 'preset' });
    const pipeline = await forecastPipeline(db, model, {}, s, '2024-06-30');
    const read = await readOutline(db, {}, 'close');
    return { s, pipeline, outline: outlineSimulation(pipeline, s, '2024-06-30', read) };
  }

  it('outlines the simulation from the pipeline alone: its deals and their exact moments', async () => {
    const { s, pipeline, outline } = await outlineAtPresets([0.2, 0.5, 0.8]);
    expect([outline.deals, outline.noRate, outline.runs]).toEqual([5, 0, s.runs]);
    const [q2, q3, q4] = outline.moments.periods;
    expect(q2).toEqual({ mean: 0, sd: 0, min: 0, max: 0 });
    // Q3: 100 at 0.2 and 200 at 0.5: mean 120, variance 100²·0.16 + 200²·0.25 = 11,600.
    expect(q3!.mean).toBeCloseTo(120, 9);
    expect(q3!.sd).toBeCloseTo(Math.sqrt(11_600), 9);
    expect(q3!.max).toBe(300);
    // Q4: 300 at 0.8: mean 240, variance 300²·0.16 = 14,400; overdue p5 and undated p6 nowhere.
    expect(q4!.mean).toBeCloseTo(240, 9);
    expect(q4!.sd).toBeCloseTo(120, 9);
    expect(outline.moments.overall.mean).toBeCloseTo(360, 9);
    expect(outline.moments.overall.sd).toBeCloseTo(Math.sqrt(26_000), 9);
    expect(outline.moments.overall.max).toBe(600);
    expect(outline.moments).toEqual(await momentsOfDeals(db, pipeline, s, '2024-06-30'));
  });

  it('leaves the deals of a stage without a rate out of the outline, as the simulation does', async () => {
    const { s, pipeline, outline } = await outlineAtPresets([0.2, null, 0.8]);
    // p2 (200 at B) has no rate; p4 at B has no amount and is not a deal drawn either way.
    expect([outline.deals, outline.noRate]).toEqual([4, 1]);
    expect(outline.moments.periods[1]!.mean).toBeCloseTo(20, 9);
    expect(outline.moments).toEqual(await momentsOfDeals(db, pipeline, s, '2024-06-30'));
    const sim = await simulateForecast(db, {}, pipeline, s, '2024-06-30');
    expect([sim.deals, sim.noRate]).toEqual([4, 1]);
  });
});

/**
 * History timing. w1 and w2 entered A on 2024-01-01 and were won after 30 and 60 days; l1 was
 * lost from A. So A's observed rate is 2/3. o (900) entered A on 2024-02-29, 10 days before the
 * as-of date 2024-03-10, and its close date is 2024-05-15. The times to win longer than the 10 days
 * o has spent at A leave 20 and 50 days to go: 2024-03-30 (March) and 2024-04-29 (April), half
 * each. So March and April each expect 900 · 2/3 · ½ = 300, and May, where its close date is,
 * nothing; with close-date timing May expects 600.
 */
const TIMED = `id,stage,status,amount,created_at,close_date
w1,Won,won,100,2024-01-01,2024-01-31
w2,Won,won,100,2024-01-01,2024-03-01
l1,Lost,lost,100,2024-01-05,2024-02-01
o,A,open,900,2024-02-29,2024-05-15
`;
const TIMED_HISTORY = `opportunity_id,stage,entered_at
w1,A,2024-01-01
w1,Won,2024-01-31
w2,A,2024-01-01
w2,Won,2024-03-01
l1,A,2024-01-05
l1,Lost,2024-02-01
o,A,2024-02-29
`;

describe.each(ENGINES)('forecast timing from history on %s', (_, open) => {
  let db: Database;
  const model = stageModel(['A']);
  beforeAll(async () => {
    db = await open();
    await importDataset(db, {
      opportunities: { fileName: 'deals.csv', bytes: utf8(TIMED) },
      history: { fileName: 'history.csv', bytes: utf8(TIMED_HISTORY) },
    });
    await buildStageProgress(db, model);
  });
  afterAll(() => db.close());

  it('spreads a won deal over the periods its stage historically took', async () => {
    const s = settings({ unit: 'month', rates: 'observed', timing: 'history', runs: 30_000 });
    const pipeline = await forecastPipeline(db, model, {}, s, '2024-03-10');
    expect(pipeline.pipeline.periods.map((p) => [p.period, p.weighted])).toEqual([
      ['2024-03', 0],
      ['2024-04', 0],
      ['2024-05', 600],
    ]);
    const sim = await simulateForecast(db, {}, pipeline, s, '2024-03-10');
    // Each month's won amount is 900 with probability 1/3: variance 900² · 2/9 = 180,000.
    const se = Math.sqrt(180_000 / 30_000);
    expect(Math.abs(sim.periods[0]!.mean - 300)).toBeLessThan(4 * se);
    expect(Math.abs(sim.periods[1]!.mean - 300)).toBeLessThan(4 * se);
    expect(sim.periods[2]!.mean).toBe(0);
    expect(sim.timedByCloseDate).toBe(0);

    const byClose = await simulateForecast(
      db,
      {},
      pipeline,
      { ...s, timing: 'close' },
      '2024-03-10',
    );
    expect(byClose.periods[0]!.mean).toBe(0);
    expect(Math.abs(byClose.periods[2]!.mean - 600)).toBeLessThan(
      4 * Math.sqrt(180_000 / 30_000) * 2,
    );
  });

  it('outlines the simulation from the open deals summed by stage and entry day', async () => {
    const s = settings({ unit: 'month', rates: 'observed', timing: 'history' });
    const pipeline = await forecastPipeline(db, model, {}, s, '2024-03-10');
    const read = await readOutline(db, {}, 'history');
    expect(read.stays).toEqual([
      { position: 1, entered: '2024-02-29', amount: 900, squares: 810_000, negative: 0 },
    ]);
    const outline = outlineSimulation(pipeline, s, '2024-03-10', read);
    expect([outline.deals, outline.timedByCloseDate]).toEqual([1, 0]);
    // March and April: 900 with q = 2/3 · 1/2 = 1/3, variance 900² · 1/3 · 2/3 = 180,000.
    const [march, april, may] = outline.moments.periods;
    expect(march!.mean).toBeCloseTo(300, 9);
    expect(march!.sd).toBeCloseTo(Math.sqrt(180_000), 9);
    expect(april!.mean).toBeCloseTo(300, 9);
    expect(may!.mean).toBe(0);
    // Over the three months q = 2/3: mean 600, variance 900² · 2/3 · 1/3, 180,000 too.
    expect(outline.moments.overall.mean).toBeCloseTo(600, 9);
    expect(outline.moments.overall.sd).toBeCloseTo(Math.sqrt(180_000), 9);
    expect(outline.moments).toEqual(await momentsOfDeals(db, pipeline, s, '2024-03-10'));

    const close = { ...s, timing: 'close' as const };
    const byClose = outlineSimulation(pipeline, close, '2024-03-10', { stays: [], days: [] });
    expect(byClose.moments.periods.map((m) => m.mean)).toEqual([0, 0, 600]);
    expect(byClose.moments).toEqual(await momentsOfDeals(db, pipeline, close, '2024-03-10'));
  });
});
