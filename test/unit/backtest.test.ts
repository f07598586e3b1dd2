import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestJson } from '../../src/cli/forecast-json.ts';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import {
  computeBacktest,
  type BacktestPeriod,
  type BacktestResult,
} from '../../src/lib/metrics/forecast/backtest.ts';
import { stageObservationsSql } from '../../src/lib/metrics/forecast/backtest-sql.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const model = stageModel(['A', 'B'], [0.2, 0.6]);
const OPTIONS = { unit: 'month' as const, asOf: '2024-05-01', minClosed: 2 };

/**
 * c1–c3 close in January (c3 goes A, B, back to A, B and is lost); p1 is won 02-15, p2 lost
 * 03-05, p3 won 03-10, p4 stays open and p5 (created 03-10) is lost 04-25. n1 has no history.
 * Closes: c2 01-15, c1 01-20, c3 01-25, …: with minClosed 2 the first period scored is 2024-02,
 * the last 2024-04 (fully before 05-01).
 */
const DEALS = `id,stage,status,amount,created_at,close_date
c1,Won,won,100,2024-01-02,2024-01-20
c2,Lost,lost,50,2024-01-03,2024-01-15
c3,Lost,lost,80,2024-01-04,2024-01-25
p1,Won,won,200,2024-01-10,2024-02-15
p2,Lost,lost,100,2024-01-15,2024-03-05
p3,Won,won,60,2024-01-20,2024-03-10
p4,A,open,40,2024-01-28,2024-04-30
p5,Lost,lost,30,2024-03-10,2024-04-25
n1,A,open,1000,2024-01-05,2024-02-10
`;

/** Close dates as known then: p1 02-20, p2 02-28, p3 03-15 then 03-20, p4 02-25, p5 04-20. */
const HISTORY = `opportunity_id,stage,entered_at,amount,close_date
c1,A,2024-01-02,100,2024-01-31
c1,B,2024-01-05,100,2024-01-31
c1,Won,2024-01-20,100,2024-01-20
c2,A,2024-01-03,50,2024-01-31
c2,Lost,2024-01-15,50,2024-01-15
c3,A,2024-01-04,80,2024-01-31
c3,B,2024-01-10,80,2024-01-31
c3,A,2024-01-12,80,2024-01-31
c3,B,2024-01-14,80,2024-01-31
c3,Lost,2024-01-25,80,2024-01-25
p1,A,2024-01-10,200,2024-02-20
p1,B,2024-01-25,200,2024-02-20
p1,Won,2024-02-15,200,2024-02-15
p2,A,2024-01-15,100,2024-02-28
p2,Lost,2024-03-05,100,2024-03-05
p3,A,2024-01-20,60,2024-03-15
p3,B,2024-02-10,60,2024-03-20
p3,Won,2024-03-10,60,2024-03-10
p4,A,2024-01-28,40,2024-02-25
p5,A,2024-03-10,30,2024-04-20
p5,Lost,2024-04-25,30,2024-04-25
`;

const PLAIN_HISTORY = HISTORY.split('\n')
  .map((line) => line.split(',').slice(0, 3).join(','))
  .join('\n');

async function load(db: Database, history: string | null) {
  await importDataset(db, {
    opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) },
    ...(history === null ? {} : { history: { fileName: 'history.csv', bytes: utf8(history) } }),
  });
  await buildStageProgress(db, model);
}

/**
 * Rates fitted before each period's first day (A, B). Closed before 02-01: c1 won (reached B),
 * c2 lost (A), c3 lost (B); before 03-01 also p1 won (B); before 04-01 also p2 lost (A) and p3
 * won (B). Calibrated, m = 10: (won + 10·preset) / (closed + 10).
 * Markov moves before 02-01: A→B 4 (c1, c3 twice, p1), A→lost 1; B→won 1, B→A 1, B→lost 1:
 * P(B) = 1/3 + P(A)/3, P(A) = 4/5·P(B) → P(B) = 5/11, P(A) = 4/11. Before 03-01 add A→B (p3),
 * B→won (p1): A→B 5, A→lost 1, B→won 2, B→A 1, B→lost 1 → P(B) = 12/19, P(A) = 10/19. Before
 * 04-01 add A→lost (p2), B→won (p3): P(B) = 3/5 + P(A)/5, P(A) = 5/7·P(B) → 7/10, 1/2.
 */
const RATES = {
  feb: { observed: [1 / 3, 1 / 2], calibrated: [3 / 13, 7 / 12], markov: [4 / 11, 5 / 11] },
  mar: { observed: [1 / 2, 2 / 3], calibrated: [4 / 14, 8 / 13], markov: [10 / 19, 12 / 19] },
  apr: { observed: [1 / 2, 3 / 4], calibrated: [5 / 16, 9 / 14], markov: [1 / 2, 7 / 10] },
};
const PRESET = [0.2, 0.6];

function expectForecast(p: BacktestPeriod | undefined, expected: Record<string, number>) {
  for (const [set, value] of Object.entries(expected)) {
    expect(p?.forecast[set as keyof BacktestPeriod['forecast']]).toBeCloseTo(value, 9);
  }
}

describe.each(ENGINES)('computeBacktest(db, model, filter, options) on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  describe('with close dates in the history', () => {
    let r: BacktestResult;
    beforeAll(async () => {
      await load(db, HISTORY);
      r = await computeBacktest(db, model, {}, OPTIONS);
    });

    it('scores the periods after the second close and fully before the as-of date', () => {
      expect(r).toMatchObject({ available: true, closeDateHistory: true, amountHistory: true });
      expect(r.periods.map((p) => [p.period, p.start, p.end])).toEqual([
        ['2024-02', '2024-02-01', '2024-02-29'],
        ['2024-03', '2024-03-01', '2024-03-31'],
        ['2024-04', '2024-04-01', '2024-04-30'],
      ]);
    });

    it('February: the deals open on 02-01 due in February, at their stage then', () => {
      // Open on 02-01 with a February close date as known then: p1 at B (200), p2 and p4 at A
      // (100 + 40). p3 (due 03-15) is not; n1 has no history, so no known stage. p1 was won
      // 02-15: actual 200. Forecasts Σ amount · rate: preset 200·0.6 + 140·0.2 = 148.
      const feb = r.periods[0];
      expect(feb).toMatchObject({ open: 3, openAmount: 340, won: 1, actual: 200 });
      const { observed, calibrated, markov } = RATES.feb;
      expectForecast(feb, {
        preset: 148,
        observed: 200 * observed[1]! + 140 * observed[0]!,
        calibrated: 200 * calibrated[1]! + 140 * calibrated[0]!,
        markov: 200 * markov[1]! + 140 * markov[0]!,
      });
      expect(feb?.error.preset).toBeCloseTo(-52, 9);
    });

    it('March: p2 and p4 are overdue, only p3 (at B since 02-10, due 03-20) counts', () => {
      const mar = r.periods[1];
      expect(mar).toMatchObject({ open: 1, openAmount: 60, won: 1, actual: 60 });
      expectForecast(mar, {
        preset: 36,
        observed: 40,
        calibrated: (60 * 8) / 13,
        markov: (60 * 12) / 19,
      });
    });

    it('April: p5 (due 04-20) is lost, an actual of 0', () => {
      const apr = r.periods[2];
      expect(apr).toMatchObject({ open: 1, openAmount: 30, won: 0, actual: 0 });
      expectForecast(apr, { preset: 6, observed: 15, calibrated: 30 * (5 / 16), markov: 15 });
    });

    it('MAPE leaves April (actual 0) out; bias = mean error / mean actual over all three', () => {
      // Preset errors −52, −24, +6: MAPE (52/200 + 24/60) / 2 = 0.33; bias (−70/3) / (260/3).
      expect(r.mape.preset).toBeCloseTo(0.33, 12);
      expect(r.bias.preset).toBeCloseTo(-70 / 260, 12);
      // Observed: Feb 440/3 − 200 = −160/3, Mar −20, Apr +15.
      expect(r.mape.observed).toBeCloseTo((160 / 3 / 200 + 20 / 60) / 2, 12);
      expect(r.bias.observed).toBeCloseTo((-160 / 3 - 20 + 15) / 260, 12);
      const markovErrors = [1560 / 11 - 200, 720 / 19 - 60, 15];
      expect(r.mape.markov).toBeCloseTo((-markovErrors[0]! / 200 - markovErrors[1]! / 60) / 2, 12);
      expect(r.bias.markov).toBeCloseTo((markovErrors[0]! + markovErrors[1]! + 15) / 260, 12);
      for (const set of ['mape', 'bias'] as const) {
        expect(Object.values(r[set]).every((v) => v !== null && Number.isFinite(v))).toBe(true);
      }
    });

    it('counts the same forecast in deals, against the deals won', () => {
      // Deals at their stage: February B 1 (p1), A 2 (p2, p4); March B 1 (p3); April A 1 (p5).
      // Won: 1, 1, 0. Preset: 0.6 + 2 · 0.2 = 1, 0.6, 0.2; observed: 1/2 + 2/3, 2/3, 1/2.
      expect(r.periods.map((p) => p.forecastDeals.preset)).toEqual([
        expect.closeTo(1, 12),
        expect.closeTo(0.6, 12),
        expect.closeTo(0.2, 12),
      ]);
      expect(r.periods.map((p) => p.forecastDeals.observed)).toEqual([
        expect.closeTo(7 / 6, 12),
        expect.closeTo(2 / 3, 12),
        expect.closeTo(1 / 2, 12),
      ]);
      // Σ (forecast − won) / Σ won: preset (0 − 0.4 + 0.2) / 2, observed (1/6 − 1/3 + 1/2) / 2.
      expect(r.dealBias.preset).toBeCloseTo(-0.1, 12);
      expect(r.dealBias.observed).toBeCloseTo(1 / 6, 12);
      // In amount the presets were 27 % short (above); in deals, 10 %.
      expect(r.bias.preset).toBeCloseTo(-70 / 260, 12);
      // The command line's forecast gives both, per period and overall.
      const json = backtestJson(r, 'preset', ['A', 'B']);
      expect(json.backtest.map((p) => [p.period, p.forecastDeals, p.won])).toEqual([
        ['2024-02', expect.closeTo(1, 12), 1],
        ['2024-03', expect.closeTo(0.6, 12), 1],
        ['2024-04', expect.closeTo(0.2, 12), 0],
      ]);
      expect(json.backtestScores.dealBias).toBe(r.dealBias);
    });

    it('says how the pipelines it rebuilt ended, against each stage’s win rate', () => {
      // Found at A on a first day: p2, p4 (February), p5 (April): p2 and p5 lost since, p4 open.
      // At B: p1 (February), p3 (March), both won. Every close by 05-01: c2, p2, p5 lost at A;
      // c3 lost at B; c1, p1, p3 won past B: A 3 won of 7, B 3 of 4.
      expect(r.pipelineOutcomes).toEqual([
        { position: 1, open: 3, won: 0, closed: 2, stageWon: 3, stageClosed: 7 },
        { position: 2, open: 2, won: 2, closed: 2, stageWon: 3, stageClosed: 4 },
      ]);
      // On the command line, by stage name.
      expect(backtestJson(r, 'observed', ['A', 'B']).backtestPipelineOutcomes).toEqual([
        { stage: 'A', open: 3, won: 0, closed: 2, stageWon: 3, stageClosed: 7 },
        { stage: 'B', open: 2, won: 2, closed: 2, stageWon: 3, stageClosed: 4 },
      ]);
    });

    it('has no preset forecast or scores when the model carries no presets', async () => {
      const bare = stageModel(['A', 'B']);
      const b = await computeBacktest(db, bare, {}, OPTIONS);
      expect(b.periods.map((p) => p.forecast.preset)).toEqual([null, null, null]);
      expect([b.mape.preset, b.bias.preset, b.dealBias.preset]).toEqual([null, null, null]);
      expect(b.periods.map((p) => p.forecastDeals.preset)).toEqual([null, null, null]);
      // Without presets the calibrated rates are the observed ones.
      expect(b.periods.map((p) => p.forecast.calibrated)).toEqual(
        b.periods.map((p) => p.forecast.observed),
      );
    });

    it('takes the presets the win rates took, as the export gives them, when passed', async () => {
      const bare = stageModel(['A', 'B']);
      const b = await computeBacktest(db, bare, {}, { ...OPTIONS, presets: PRESET });
      // As with the model's presets: 148, 36 and 6, calibrated towards them.
      expect(b.periods.map((p) => p.forecast.preset)).toEqual(
        r.periods.map((p) => p.forecast.preset),
      );
      expect(b.periods.map((p) => p.forecast.calibrated)).toEqual(
        r.periods.map((p) => p.forecast.calibrated),
      );
      const other = await computeBacktest(db, model, {}, { ...OPTIONS, presets: [0.5, 0.5] });
      // February: 340 open at 50 %, whatever the model says.
      expect(other.periods[0]?.forecast.preset).toBeCloseTo(170, 9);
    });

    it('reports each period it starts, and stops between periods when cancelled', async () => {
      const seen: string[] = [];
      const abort = new AbortController();
      const run = computeBacktest(
        db,
        model,
        {},
        {
          ...OPTIONS,
          signal: abort.signal,
          onProgress: (done, total) => {
            seen.push(`${done}/${total}`);
            if (done === 1) abort.abort(new Error('stopped by the user'));
          },
        },
      );
      await expect(run).rejects.toThrow('stopped by the user');
      expect(seen).toEqual(['0/3', '1/3']);
    });

    it('needs minClosed deals closed before a period starts', async () => {
      const three = await computeBacktest(db, model, {}, { ...OPTIONS, minClosed: 4 });
      // The 4th close is p1 on 02-15: scoring starts in March.
      expect(three.periods.map((p) => p.period)).toEqual(['2024-03', '2024-04']);
      const none = await computeBacktest(db, model, {}, { ...OPTIONS, minClosed: 8 });
      expect(none).toMatchObject({ available: false, reason: 'too-few-closed', periods: [] });
      expect(none.mape).toEqual({ preset: null, observed: null, calibrated: null, markov: null });
    });
  });

  describe('without close dates in the history', () => {
    let r: BacktestResult;
    beforeAll(async () => {
      await load(db, PLAIN_HISTORY);
      r = await computeBacktest(db, model, {}, OPTIONS);
    });

    it('February: every deal open on 02-01, all its wins inside 28 days', () => {
      // Open on 02-01: p1 at B (200); p2, p3, p4 at A (100 + 60 + 40). Won in February: p1.
      // Times from entering A, as known on 02-01: won 18 (c1), lost 12 (c2), 21 (c3), censored
      // 22 (p1), 17 (p2), 12 (p3), 4 (p4); from B: won 15 (c1), lost 15 (c3), censored 7 (p1).
      // The horizon, 28 days, reaches past every time seen: share 1 at both stages.
      const feb = r.periods[0];
      expect(r.closeDateHistory).toBe(false);
      expect(feb).toMatchObject({ open: 4, openAmount: 400, won: 1, actual: 200 });
      const { observed, calibrated, markov } = RATES.feb;
      expectForecast(feb, {
        preset: 200 * 0.6 + 200 * 0.2,
        observed: 200 * observed[1]! + 200 * observed[0]!,
        calibrated: 200 * calibrated[1]! + 200 * calibrated[0]!,
        markov: 200 * markov[1]! + 200 * markov[0]!,
      });
    });

    it('March: A’s rate scaled by the share of its wins coming within 30 days', () => {
      // Open on 03-01: p2 and p4 at A (100 + 40), p3 at B (60); p3 is won 03-10: actual 60.
      // From A, as known on 03-01: lost 12, won 18, lost 21, censored 33, won 36, censored 41,
      // 46. Aalen–Johansen: at 12, 1/7 lost (S = 6/7); at 18, won 6/7 · 1/6 = 1/7 (S = 5/7); at
      // 21, lost 1/7 (S = 4/7); at 36, won 4/7 · 1/3 = 4/21. F_won(30) = 1/7, F_won(46) = 1/3:
      // share 3/7. From B: won 15, lost 15, censored 20 (p3), won 21 (p1): 30 ≥ 21, share 1.
      const mar = r.periods[1];
      expect(mar).toMatchObject({ open: 3, openAmount: 200, won: 1, actual: 60 });
      const { observed, calibrated, markov } = RATES.mar;
      const a = 140 * (3 / 7);
      expectForecast(mar, {
        preset: a * PRESET[0]! + 60 * PRESET[1]!,
        observed: a * observed[0]! + 60 * observed[1]!,
        calibrated: a * calibrated[0]! + 60 * calibrated[1]!,
        markov: a * markov[0]! + 60 * markov[1]!,
      });
      expect(mar?.forecast.preset).toBeCloseTo(48, 9);
    });

    it('reads the times to close as counts per cut, stage, days and outcome', async () => {
      const q = stageObservationsSql({}, ['2024-02-01', '2024-03-01']);
      const rows = await db.query(q.sql, q.params);
      const at = (cut: string, position: number) =>
        rows
          .filter((o) => o.cut === cut && o.position === position)
          .map((o) => [o.days, o.event, o.n]);
      // As the February and March cases above list them.
      expect(at('2024-02-01', 2)).toEqual([
        [7, 'censored', 1],
        [15, 'lost', 1],
        [15, 'won', 1],
      ]);
      expect(at('2024-03-01', 1)).toEqual([
        [12, 'lost', 1],
        [18, 'won', 1],
        [21, 'lost', 1],
        [33, 'censored', 1],
        [36, 'won', 1],
        [41, 'censored', 1],
        [46, 'censored', 1],
      ]);
    });

    it('April: nothing open on 04-01 is won in April', () => {
      expect(r.periods[2]).toMatchObject({ open: 2, openAmount: 70, won: 0, actual: 0 });
    });
  });

  it('is unavailable without history, and says why', async () => {
    await load(db, null);
    const r = await computeBacktest(db, model, {}, OPTIONS);
    expect(r).toEqual({
      available: false,
      reason: 'no-history',
      closeDateHistory: false,
      amountHistory: false,
      periods: [],
      mape: { preset: null, observed: null, calibrated: null, markov: null },
      bias: { preset: null, observed: null, calibrated: null, markov: null },
      dealBias: { preset: null, observed: null, calibrated: null, markov: null },
      pipelineOutcomes: [],
    });
  });
});
