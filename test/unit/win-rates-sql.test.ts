import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import type { SqlFragment } from '../../src/lib/metrics/cohort.ts';
import { computeStageOutlook } from '../../src/lib/metrics/stage-outlook.ts';
import { computeWinRateBreakdowns } from '../../src/lib/metrics/win-rate-breakdowns.ts';
import { stageWinRateCounts } from '../../src/lib/metrics/win-rate-counts.ts';
import { timeToCloseSql, transitionsSql } from '../../src/lib/metrics/win-rates-sql.ts';
import { loadSixDeals, stageModel } from '../fixtures/six-deals.ts';
import { ENGINES } from '../helpers/engines.ts';

const ABC = stageModel(['A', 'B', 'C']);

describe.each(ENGINES)('win-rate SQL on %s', (_engine, open) => {
  let db: Database;
  const run = (q: SqlFragment) => db.query(q.sql, q.params);
  beforeAll(async () => {
    db = await open();
    await loadSixDeals(db, ABC);
  });
  afterAll(() => db.close());

  const counts = async (k: number, strict: boolean, cut: string | null | 'default') =>
    stageWinRateCounts(db, k, {}, strict, cut);
  const breakdowns = (strict: boolean, overall: number[]) =>
    computeWinRateBreakdowns(db, ABC, {}, { segment: 'region', prior: 2, strict, overall });

  it('stageWinRateCounts(db, k, filter, strict, cut) counts closed deals only, split at the cut', async () => {
    const { counts: rows, cut } = await counts(3, false, '2024-01-18');
    expect(cut).toBe('2024-01-18');
    // Closed: o1 won (furthest 3), o2 (3), o4 (1), o5 (3). Before 01-18: o2; after: o1.
    // Exported probability of deals now at A: o6 10 % → 0.1; at B: o3 0.4; at C: o5 1.0 (lost
    // at 100 %: a data-quality finding).
    expect(
      rows.map((r) => [
        r.position,
        r.won,
        r.closed,
        r.won_before,
        r.closed_before,
        r.won_after,
        r.closed_after,
      ]),
    ).toEqual([
      [1, 1, 4, 0, 1, 1, 1],
      [2, 1, 3, 0, 1, 1, 1],
      [3, 1, 3, 0, 1, 1, 1],
    ]);
    expect(rows.map((r) => [r.exported, r.exported_n, r.lost_at_full, r.won_at_zero])).toEqual([
      [0.1, 1, 0, 0],
      [0.4, 1, 0, 0],
      [1, 1, 1, 0],
    ]);
  });

  it('stageWinRateCounts in strict order counts only the stages seen', async () => {
    const { counts: rows } = await counts(3, true, null);
    // Seen: o1 A B C, o2 A C, o4 A, o5 A C (current). B: only o1 among the closed.
    expect(rows.map((r) => [r.won, r.closed])).toEqual([
      [1, 4],
      [1, 1],
      [1, 3],
    ]);
  });

  it('stageWinRateCounts works the default cut out: two quarters before the last close', async () => {
    // The last close is in 2024-Q1: the cut is 2023-07-01, before both dated closes (o1, o2,
    // which reached every stage; o4 and o5 closed without a date).
    const { counts: rows, cut } = await counts(3, false, 'default');
    expect(cut).toBe('2023-07-01');
    expect(rows.map((r) => [r.closed_before, r.closed_after])).toEqual([
      [0, 2],
      [0, 2],
      [0, 2],
    ]);
    // With no stage the cut is still worked out, and o4 still counted as lost unplaced.
    expect(await counts(0, false, 'default')).toEqual({
      counts: [],
      cut: '2023-07-01',
      lostUnknown: 1,
    });
    expect(
      (await counts(3, false, null)).counts.map((r) => r.closed_before + r.closed_after),
    ).toEqual([0, 0, 0]);
  });

  it('computeWinRateBreakdowns groups by closing quarter; deals without a closing date are left out', async () => {
    const { quarters } = await breakdowns(false, [0.25, 1 / 3, 1 / 3]);
    expect(quarters.map((r) => [r.key, r.cells.map((c) => [c.won, c.closed])])).toEqual([
      [
        '2024-Q1',
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
      ],
    ]);
  });

  it('computeWinRateBreakdowns puts the deals without a region last, however many', async () => {
    // o1 and o2 without their region: two closed deals blank, against East's o5 and West's o4.
    await db.exec(`UPDATE opp_progress SET region = NULL WHERE id IN ('o1', 'o2')`);
    try {
      const { segments } = await breakdowns(false, [0.25, 1 / 3, 1 / 3]);
      expect(segments.map((r) => [r.key, r.n])).toEqual([
        ['East', 1],
        ['West', 1],
        ['', 2],
      ]);
    } finally {
      await db.exec(`UPDATE opp_progress SET region = 'East' WHERE id IN ('o1', 'o2')`);
    }
  });

  it('computeWinRateBreakdowns in strict order counts, per segment, only the stages seen', async () => {
    // East closed o1 (A B C, won), o2 (A C), o5 (A C); West closed o4 (A).
    const { segments } = await breakdowns(true, [0.25, 1, 1 / 3]);
    expect(segments.map((r) => [r.key, r.cells.map((c) => [c.won, c.closed])])).toEqual([
      [
        'East',
        [
          [1, 3],
          [1, 1],
          [1, 3],
        ],
      ],
      [
        'West',
        [
          [0, 1],
          [0, 0],
          [0, 0],
        ],
      ],
    ]);
  });

  it('timeToCloseSql(filter, asOf) measures from the first entry, censoring open deals', async () => {
    // A: o1 01-01→01-20 won 19, o2 01-01→01-15 lost 14, o3 01-02→as-of 01-20 censored 18,
    // o6 01-03→01-20 censored 17. B: o1 01-05→01-20 15, o3 01-04→ 16 censored. C: o1 10, o2 7.
    // One row per distinct (stage, event, days) with its count n.
    expect(await run(timeToCloseSql({}, '2024-01-20'))).toEqual([
      { position: 1, event: 'lost', days: 14, n: 1 },
      { position: 1, event: 'censored', days: 17, n: 1 },
      { position: 1, event: 'censored', days: 18, n: 1 },
      { position: 1, event: 'won', days: 19, n: 1 },
      { position: 2, event: 'won', days: 15, n: 1 },
      { position: 2, event: 'censored', days: 16, n: 1 },
      { position: 3, event: 'lost', days: 7, n: 1 },
      { position: 3, event: 'won', days: 10, n: 1 },
    ]);
  });

  it('transitionsSql(filter) counts moves between visits, backward ones included', async () => {
    // A→B: o1, o3 twice (A B A B) with A lasting 4, 2, 3 days; A→C: o2 (7 days); B→A: o3 (2);
    // B→C: o1 (5); C→lost: o2 (7); C→won: o1 (10). Open deals' last visits go nowhere.
    expect(await run(transitionsSql({}))).toEqual([
      { source: 1, target: '2', n: 3, mean_days: 3 },
      { source: 1, target: '3', n: 1, mean_days: 7 },
      { source: 2, target: '1', n: 1, mean_days: 2 },
      { source: 2, target: '3', n: 1, mean_days: 5 },
      { source: 3, target: 'lost', n: 1, mean_days: 7 },
      { source: 3, target: 'won', n: 1, mean_days: 10 },
    ]);
  });

  it('computeStageOutlook(db, model, filter, asOf) gives time to close and the Markov view', async () => {
    const outlook = await computeStageOutlook(db, ABC, {}, '2024-01-20');
    // Transitions: A→B 3, A→C 1, B→A 1, B→C 1, C→won 1, C→lost 1. From C half win; B and A
    // lead to C one way or another: P(win) = 0.5 everywhere. Mean visits: A (3·3 + 7) / 4 = 4,
    // B (2 + 5) / 2 = 3.5, C (7 + 10) / 2 = 8.5; days to close T_C = 8.5,
    // T_A = 4 + 0.75·T_B + 0.25·T_C and T_B = 3.5 + 0.5·T_A + 0.5·T_C → T_A = 19.1, T_B = 17.3.
    expect(outlook.map((o) => [o.markov.pWin, o.markov.transitions])).toEqual([
      [expect.closeTo(0.5, 12), 4],
      [expect.closeTo(0.5, 12), 2],
      [expect.closeTo(0.5, 12), 2],
    ]);
    expect(outlook[0]?.markov.days).toBeCloseTo(19.1, 9);
    expect(outlook[1]?.markov.days).toBeCloseTo(17.3, 9);
    // From A: lost at 14, censored at 17 and 18, won at 19. Kaplan–Meier: 3/4 left after day 14,
    // 0 after day 19 → median 19. Cumulative incidence at 30 days: lost 1/4, won 3/4 · 1/1.
    expect(outlook[0]).toMatchObject({
      entered: 4,
      won: { median: 19, p90: 19 },
      lost: { median: 14, p90: 14 },
      anyCloseMedian: 19,
    });
    expect(outlook[0]?.incidence[0]).toEqual({ t: 30, won: 0.75, lost: 0.25 });
  });

  it('computeWinRateBreakdowns shrinks a thin segment towards the overall rate', async () => {
    // Overall observed (count-skipped): A 1/4, B 1/3, C 1/3. East: 1 of 3 at every stage;
    // West: o4 lost at A only. With m = 2: West A (0 + 2·0.25) / (1 + 2) = 1/6.
    const { segments, quarters } = await breakdowns(false, [0.25, 1 / 3, 1 / 3]);
    expect(segments.map((r) => [r.key, r.n])).toEqual([
      ['East', 3],
      ['West', 1],
    ]);
    expect(segments[1]?.cells[0]).toEqual({ won: 0, closed: 1, rate: 0, shrunk: 1 / 6 });
    // Nothing of West's closed at B: its rate falls back to the overall one entirely.
    expect(segments[1]?.cells[1]).toEqual({ won: 0, closed: 0, rate: null, shrunk: 1 / 3 });
    // East A: (1 + 2·0.25) / (3 + 2) = 0.3.
    expect(segments[0]?.cells[0]?.shrunk).toBeCloseTo(0.3, 12);
    expect(quarters.map((r) => [r.key, r.n, r.cells[0]?.rate])).toEqual([['2024-Q1', 2, 0.5]]);
  });
});
