import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { defaultForecastSettings } from '../../src/lib/metrics/forecast/forecast-settings.ts';
import { forecastPipeline } from '../../src/lib/metrics/forecast/forecast.ts';
import { computeWinRates } from '../../src/lib/metrics/win-rates.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { loadSixDeals, stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const model = stageModel(['A', 'B', 'C'], [0.2, 0.5, 0.8]);

describe.each(ENGINES)('computeWinRates(db, model, filter, options) on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await loadSixDeals(db, model);
  });
  afterAll(() => db.close());

  it('gives won, closed, observed and calibrated rates per stage, open deals left out', async () => {
    const r = await computeWinRates(db, model, {}, { cut: '2024-01-18' });
    // Furthest: o1 3, o2 3, o4 1, o5 3 → A 1 of 4, B 1 of 3, C 1 of 3.
    // Calibrated with m = 10: (1 + 10·0.2) / 14 = 3/14, (1 + 5) / 13 = 6/13, (1 + 8) / 13 = 9/13.
    expect(r.stages.map((s) => [s.stage, s.won, s.closed, s.rate])).toEqual([
      ['A', 1, 4, 0.25],
      ['B', 1, 3, 1 / 3],
      ['C', 1, 3, 1 / 3],
    ]);
    expect(r.stages.map((s) => s.calibrated)).toEqual([3 / 14, 6 / 13, 9 / 13]);
    // Wilson 95 % for 1 of 3 is [0.0615, 0.7923]: C's preset 0.8 lies above it, B's 0.5 inside.
    expect(r.stages.map((s) => s.presetOutside)).toEqual([false, false, true]);
    expect(r.stages[2]?.low).toBeCloseTo(0.0615, 4);
    expect(r.stages[2]?.high).toBeCloseTo(0.7923, 4);
    // o5 was lost at an exported 100 %: a contradiction at C.
    expect(r.stages.map((s) => s.contradictions)).toEqual([0, 0, 1]);
  });

  it('counts the lost deals placed at the first stage for want of history or a kept stage', async () => {
    // o4 (West) has neither; o5 kept C and o2 has history, so they are placed where they were.
    expect((await computeWinRates(db, model, {})).lostUnknown).toBe(1);
    expect((await computeWinRates(db, model, { where: { region: ['East'] } })).lostUnknown).toBe(0);
    expect((await computeWinRates(db, model, {}, { checks: false })).lostUnknown).toBe(1);
  });

  it('scores each rate set with the Brier score over (closed deal, stage reached) pairs', async () => {
    const r = await computeWinRates(db, model, {}, { cut: '2024-01-18' });
    // Preset: A won 0.8² + 3 lost 0.2², B 0.5² + 2·0.5², C 0.2² + 2·0.8² → 2.83 / 10 pairs.
    expect(r.brier.preset?.brier).toBeCloseTo(0.283, 12);
    // Observed: A 0.75² + 3·0.25², B and C (2/3)² + 2·(1/3)² → (0.75 + 4/3) / 10.
    expect(r.brier.observed?.brier).toBeCloseTo((0.75 + 4 / 3) / 10, 12);
    const d = r.brier.observed!;
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
  });

  it('walks forward: fits on deals closed before the cut, scores on those after', async () => {
    const r = await computeWinRates(db, model, {}, { cut: '2024-01-18' });
    // Before 01-18: o2 lost (A, B, C reached). After: o1 won. o4 and o5 have no closing date.
    // Observed fit 0 everywhere: error 1 at each of 3 pairs. Preset: (0.8² + 0.5² + 0.2²) / 3.
    // Calibrated fit 2/11, 5/11, 8/11: ((9/11)² + (6/11)² + (3/11)²) / 3 = 42/121.
    expect(r.walkForward).toMatchObject({ cut: '2024-01-18', fitted: 1, scored: 1 });
    expect(r.walkForward.brier?.observed).toBeCloseTo(1, 12);
    expect(r.walkForward.brier?.preset).toBeCloseTo(0.93 / 3, 12);
    expect(r.walkForward.brier?.calibrated).toBeCloseTo(42 / 121, 12);
  });

  it('says nothing, rather than crashing, when the cut leaves one side empty', async () => {
    const r = await computeWinRates(db, model, {}, { cut: '2030-01-01' });
    // o1 and o2 closed before it; o4 and o5 have no closing date, so they are on neither side.
    expect(r.walkForward).toEqual({ cut: '2030-01-01', fitted: 2, scored: 0, brier: null });
  });

  it('leaves out the checks when asked: no cut, no contradiction, the same rates and scores', async () => {
    const checked = await computeWinRates(
      db,
      model,
      {},
      { cut: '2024-01-18', presetSource: 'export' },
    );
    const bare = await computeWinRates(
      db,
      model,
      {},
      { cut: '2024-01-18', presetSource: 'export', checks: false },
    );
    // o5, lost at an exported 100 %, is C's contradiction only when the checks are read.
    expect(checked.stages.map((s) => s.contradictions)).toEqual([0, 0, 1]);
    expect(bare.stages.map((s) => s.contradictions)).toEqual([0, 0, 0]);
    expect(bare.walkForward).toEqual({ cut: null, fitted: 0, scored: 0, brier: null });
    const rates = (r: typeof bare) => r.stages.map(({ contradictions: _, ...rest }) => rest);
    expect(rates(bare)).toEqual(rates(checked));
    expect(bare.stages.map((s) => s.preset)).toEqual([0.1, 0.4, 1]);
    expect(bare.brier).toEqual(checked.brier);
  });

  it('is read without its checks for the forecast, unless they are asked for', async () => {
    const settings = defaultForecastSettings();
    const bare = await forecastPipeline(db, model, {}, settings, '2024-06-30', {
      cut: '2024-01-18',
    });
    const checked = await forecastPipeline(db, model, {}, settings, '2024-06-30', {
      cut: '2024-01-18',
      checks: true,
    });
    expect(bare.winRates.walkForward.cut).toBeNull();
    expect(checked.winRates.walkForward.cut).toBe('2024-01-18');
    expect(bare.winRates.stages.map((s) => s.contradictions)).toEqual([0, 0, 0]);
    expect(checked.winRates.stages.map((s) => s.contradictions)).toEqual([0, 0, 1]);
    // The calibrated rates weigh the pipeline either way: 3/14, 6/13, 9/13.
    expect(bare.rates).toEqual([3 / 14, 6 / 13, 9 / 13]);
    expect(checked.rates).toEqual(bare.rates);
  });

  it('takes presets from the export when asked: mean probability of deals now at the stage', async () => {
    const r = await computeWinRates(db, model, {}, { presetSource: 'export' });
    // Now at A: o6 10 %; at B: o3 40 %; at C: o5 100 %.
    expect(r.stages.map((s) => s.preset)).toEqual([0.1, 0.4, 1]);
  });

  it('makes calibrated rates non-decreasing with pool-adjacent-violators', async () => {
    const falling: StageModel = {
      ...model,
      stages: model.stages.map((s, i) => ({ ...s, preset: [0.9, 0.1, 0.5][i]! })),
    };
    const r = await computeWinRates(db, falling, {}, { monotone: true, prior: 10 });
    // Raw: (1 + 9) / 14 = 0.714, (1 + 1) / 13 = 0.154, (1 + 5) / 13 = 0.462. A and B violate the
    // order and pool with weights 14 and 13: (10 + 2) / 27 = 4/9, below C's 6/13, which stays.
    expect(r.stages.map((s) => s.calibrated)).toEqual([4 / 9, 4 / 9, 6 / 13]);
  });
});

/**
 * Closed deals that keep their last open stage, as some CRMs export them: p3 lost at A with the
 * 0 % its loss set, p5 won at B with 100 %, p6 lost at B still at 60 % (never reset).
 */
const KEPT_STAGES = `id,stage,status,created_at,close_date,probability
p1,A,open,2024-01-01,,20
p2,A,open,2024-01-01,,30
p3,A,lost,2024-01-01,2024-02-01,0
p4,B,open,2024-01-01,,60
p5,B,won,2024-01-01,2024-02-01,100
p6,B,lost,2024-01-01,2024-02-01,60
`;

describe.each(ENGINES)(
  'presets from the export, and where they come from unasked, on %s',
  (_e, open) => {
    let db: Database;
    const seedModel = stageModel(['A', 'B']);
    const load = async (csv: string) => {
      await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(csv) } });
      await buildStageProgress(db, seedModel, false);
    };
    beforeAll(async () => {
      db = await open();
    });
    afterAll(() => db.close());

    it('leaves out the 0 % and 100 % a deal was set to as it closed, not a probability kept', async () => {
      await load(KEPT_STAGES);
      const r = await computeWinRates(db, seedModel, {}, { presetSource: 'export' });
      // A: (20 + 30) / 2, p3's 0 left out (with it 50 / 3). B: (60 + 60) / 2, p5's 100 left out.
      expect(r.stages.map((s) => s.preset)).toEqual([0.25, 0.6]);
      expect(r.presetsFrom).toBe('export');
      // p3 and p6 were lost at the stages their export kept: none counts as lost at A unseen.
      expect(r.lostUnknown).toBe(0);
    });

    it('takes them, unasked, from the model where it carries any, else from the export', async () => {
      await load(KEPT_STAGES);
      const unasked = await computeWinRates(db, seedModel, {}, {});
      expect(unasked.presetsFrom).toBe('export');
      expect(unasked.stages.map((s) => s.preset)).toEqual([0.25, 0.6]);
      // Calibrated towards them: A reached by p3, p5, p6, one won: (1 + 10 · 0.25) / 13; B by p5
      // and p6: (1 + 10 · 0.6) / 12.
      expect(unasked.stages.map((s) => s.calibrated)).toEqual([3.5 / 13, 7 / 12]);

      const asked = await computeWinRates(db, seedModel, {}, { presetSource: 'model' });
      expect(asked.presetsFrom).toBe('model');
      expect(asked.stages.map((s) => s.preset)).toEqual([null, null]);

      const withPresets = stageModel(['A', 'B'], [0.1, null]);
      const fromModel = await computeWinRates(db, withPresets, {}, { presetSource: null });
      expect(fromModel.presetsFrom).toBe('model');
      expect(fromModel.stages.map((s) => s.preset)).toEqual([0.1, null]);
    });

    it('stays with the model when the export has no probability', async () => {
      await load(KEPT_STAGES.replace(/,probability|,\d+$/gm, ''));
      const r = await computeWinRates(db, seedModel, {}, {});
      expect(r.presetsFrom).toBe('model');
      expect(r.stages.map((s) => [s.preset, s.exportedPreset])).toEqual([
        [null, null],
        [null, null],
      ]);
    });
  },
);
