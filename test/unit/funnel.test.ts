import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { LATEST_EVENT_SQL } from '../../src/lib/metrics/funnel-sql.ts';
import { dealsSql, type DealQuery } from '../../src/lib/metrics/deals-sql.ts';
import { leakiestStage } from '../../src/lib/metrics/funnel-answer.ts';
import { computeFunnel, type FunnelResult } from '../../src/lib/metrics/funnel.ts';
import { computeSegmentFunnels, computeStageFlow } from '../../src/lib/metrics/segment-funnels.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { utf8 } from '../helpers/db.ts';
import { loadSixDeals, stageModel } from '../fixtures/six-deals.ts';
import { ENGINES } from '../helpers/engines.ts';

const model = (names: string[]) => stageModel(names);
const ABC = model(['A', 'B', 'C']);

const counts = (f: FunnelResult) =>
  f.stages.map((s) => [s.stage, s.reached, s.passed, s.lost, s.open, s.amount, s.missingAmount]);

describe.each(ENGINES)('computeFunnel(db, model, filter, options) on %s', (_engine, open) => {
  let db: Database;
  let asOf: string;
  beforeAll(async () => {
    db = await open();
    await loadSixDeals(db, ABC);
    asOf = String((await db.query(LATEST_EVENT_SQL))[0]?.as_of);
  });
  afterAll(() => db.close());

  it('takes the as-of date from the latest event: o1 won on 2024-01-20', () => {
    expect(asOf).toBe('2024-01-20');
  });

  it('counts skipped stages as passed: furthest stages are 3, 3, 2, 1, 3, 1', async () => {
    const f = await computeFunnel(db, ABC, {}, { asOf });
    // reached(A) = 6, amount 100 + 200 + 300 + 50 + 10 = 660 with o4 missing;
    // reached(B) = o1, o2 (skipped B), o3, o5 (kept stage C) = 4; reached(C) = o1, o2, o5 = 3.
    // Lost at A: o4; open at A: o6. Open at B: o3. Lost at C: o2, o5. Passed C: won o1.
    expect(counts(f)).toEqual([
      ['A', 6, 4, 1, 1, 660, 1],
      ['B', 4, 3, 0, 1, 650, 0],
      ['C', 3, 1, 2, 0, 350, 0],
    ]);
    expect(f.stages.map((s) => s.passRate)).toEqual([4 / 6, 3 / 4, 1 / 3]);
    expect(f.stages.map((s) => s.cumulative)).toEqual([1, 4 / 6, 3 / 6]);
    expect([f.total, f.won, f.lost, f.open, f.lostUnknown, f.withHistory]).toEqual([
      6, 1, 3, 2, 1, 4,
    ]);
  });

  it('in strict order counts only the stages seen', async () => {
    const f = await computeFunnel(db, ABC, {}, { asOf, strict: true });
    // Seen: o1 A B C, o2 A C, o3 A B, o4 A, o5 A C (current), o6 A.
    // Passed A→B: o1, o3. Passed B→C: o1. Passed C→won: o1.
    expect(counts(f).map((c) => c.slice(0, 5))).toEqual([
      ['A', 6, 2, 3, 1],
      ['B', 2, 1, 0, 1],
      ['C', 3, 1, 2, 0],
    ]);
  });

  it('gives days in stage from completed visits, and stale open deals', async () => {
    const f = await computeFunnel(db, ABC, {}, { asOf });
    // A: o1 4, o2 7, o3 2 and 3 days → 2, 3, 4, 7: median 3.5, P75 4 + 0.25·3 = 4.75, P90 6.1.
    // B: o1 5, o3 2 → median 3.5, P75 4.25, P90 4.7. C: o1 10, o2 7 → 8.5, 9.25, 9.7.
    expect(f.stages.map((s) => [s.visits, s.medianDays, s.p75Days, s.p90Days])).toEqual([
      [4, 3.5, 4.75, expect.closeTo(6.1, 9)],
      [2, 3.5, 4.25, expect.closeTo(4.7, 9)],
      [2, 8.5, 9.25, expect.closeTo(9.7, 9)],
    ]);
    // o6 has sat at A since 01-03 (17 days > 6.1), o3 at B since 01-09 (11 days > 4.7).
    expect(f.stages.map((s) => [s.stale, s.openDated])).toEqual([
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
  });

  it('counts the backward move and the re-entries of o3', async () => {
    const f = await computeFunnel(db, ABC, {}, { asOf });
    expect([f.backwardMoves, f.backwardDeals, f.reentries, f.reentryDeals]).toEqual([1, 1, 2, 1]);
  });

  it('follows a segment filter: West is o3, o4, o6', async () => {
    const f = await computeFunnel(db, ABC, { where: { region: ['West'] } }, { asOf });
    expect(counts(f).map((c) => c.slice(0, 3))).toEqual([
      ['A', 3, 1],
      ['B', 1, 0],
      ['C', 0, 0],
    ]);
    // Nothing reached C: its pass rate is unknown, not 0 % and not NaN.
    expect(f.stages[2]?.passRate).toBeNull();
    expect(f.stages[2]?.cumulative).toBe(0);
  });

  it('gives zeros and nulls, never NaN, for a filter that leaves nothing', async () => {
    const f = await computeFunnel(
      db,
      ABC,
      { where: { region: ['Nowhere'] }, from: '2030-01-01' },
      { asOf },
    );
    expect(f.total).toBe(0);
    for (const s of f.stages) {
      expect([s.reached, s.amount, s.passed, s.lost, s.open]).toEqual([0, 0, 0, 0, 0]);
      expect([s.passRate, s.cumulative, s.medianDays]).toEqual([null, null, null]);
    }
  });

  it('keeps an empty stage in the funnel: nobody is at D', async () => {
    const withD = model(['A', 'B', 'C', 'D']);
    await buildStageProgress(db, withD);
    const f = await computeFunnel(db, withD, {}, { asOf });
    // Won deals passed every stage, D included: reached(D) = won = 1.
    expect(counts(f).map((c) => c.slice(0, 3))).toEqual([
      ['A', 6, 4],
      ['B', 4, 3],
      ['C', 3, 1],
      ['D', 1, 1],
    ]);
    await buildStageProgress(db, ABC);
  });

  it('has the product property on closed deals: w(i) = p(i) · … · p(k)', async () => {
    const closed = { where: { status: ['won', 'lost'] } };
    const f = await computeFunnel(db, ABC, closed, { asOf });
    for (const [i, stage] of f.stages.entries()) {
      // Every deal closed: the win rate from Si is won among those that reached Si.
      const winRate = f.won / stage.reached;
      const product = f.stages.slice(i).reduce((p, s) => p * (s.passRate ?? 0), 1);
      expect(product).toBeCloseTo(winRate, 12);
    }
  });
});

describe.each(ENGINES)('computeFunnel on wide stage dates, %s', (_engine, open) => {
  it('reads Maven-style engage_date columns as history; a closed deal ends its visit on close', async () => {
    const db = await open();
    const wide = `opportunity_id,deal_stage,engage_date,close_date
m1,Won,2017-01-05,2017-02-04
m2,Lost,2017-01-10,2017-01-20
m3,Engaging,2017-01-15,
m4,Prospecting,,
`;
    await importDataset(db, { opportunities: { fileName: 'pipeline.csv', bytes: utf8(wide) } });
    const maven = model(['Prospecting', 'Engaging']);
    await buildStageProgress(db, maven);
    const f = await computeFunnel(db, maven, {}, { asOf: '2017-02-04' });
    // Reached Engaging: m1 (won), m2 (entered), m3 (current) = 3 of 4; won 1 of those 3.
    expect(counts(f).map((c) => c.slice(0, 3))).toEqual([
      ['Prospecting', 4, 3],
      ['Engaging', 3, 1],
    ]);
    // Engaging lasted 30 days for m1 and 10 for m2: median 20.
    expect(f.stages[1]?.medianDays).toBe(20);
    await db.close();
  });
});

describe.each(ENGINES)('computeSegmentFunnels and computeStageFlow on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await loadSixDeals(db, ABC);
  });
  afterAll(() => db.close());

  it('computeSegmentFunnels(db, model, filter, "region") sorts regions by conversion', async () => {
    const regions = await computeSegmentFunnels(db, ABC, {}, 'region');
    // East: o1 (won), o2, o5 → furthest 3, 3, 3; won 1 of 3. West: o3, o4, o6 → 2, 1, 1; won 0.
    expect(regions.map((r) => [r.segment, r.total, r.won, r.conversion])).toEqual([
      ['East', 3, 1, 1 / 3],
      ['West', 3, 0, 0],
    ]);
    expect(regions[1]?.stages.map((s) => [s.reached, s.passed, s.passRate])).toEqual([
      [3, 1, 1 / 3],
      [1, 0, 0],
      [0, 0, null],
    ]);
  });

  it('computeSegmentFunnels puts the deals without a region last, however they convert', async () => {
    // o1, the one won deal, without its region: 1 of 1 won, yet after West (3, none won) and
    // East (o2, o5: 2, none won), which tie on conversion and go by size.
    await db.exec(`UPDATE opp_progress SET region = NULL WHERE id = 'o1'`);
    try {
      const regions = await computeSegmentFunnels(db, ABC, {}, 'region');
      expect(regions.map((r) => [r.segment, r.total, r.won])).toEqual([
        ['West', 3, 0],
        ['East', 2, 0],
        ['', 1, 1],
      ]);
    } finally {
      await db.exec(`UPDATE opp_progress SET region = 'East' WHERE id = 'o1'`);
    }
  });

  it('dealsSql(query, columns) lists the deals behind a funnel number', async () => {
    const query = (drill: DealQuery['drill'], strict = false): DealQuery => ({
      filter: {},
      drill,
      strict,
      search: '',
      sort: { column: 'amount', direction: 'desc' },
      asOf: null,
    });
    const ids = async (drill: DealQuery['drill'], strict = false) => {
      const q = dealsSql(query(drill, strict), ['id']);
      return (await db.query<{ id: string }>(q.sql, q.params)).map((r) => r.id).sort();
    };
    // Reached B: o1, o2 (skipped it), o3, o5; lost at C: o2, o5; open at A: o6.
    expect(await ids({ position: 2, which: 'reached' })).toEqual(['o1', 'o2', 'o3', 'o5']);
    expect(await ids({ position: 3, which: 'lost' })).toEqual(['o2', 'o5']);
    expect(await ids({ position: 1, which: 'open' })).toEqual(['o6']);
    // Strictly, only o1 and o3 were seen at B.
    expect(await ids({ position: 2, which: 'reached' }, true)).toEqual(['o1', 'o3']);
    const all = dealsSql(query(null), ['id', 'amount']);
    const rows = await db.query(all.sql, all.params);
    expect([rows.length, rows[0]]).toEqual([6, { id: 'o3', amount: 300 }]);
  });

  it('computeStageFlow(db, filter) follows each deal through the stages it was seen at', async () => {
    // Paths: o1 1-2-3→won, o2 1-3→lost (a skip), o3 1-2→open, o4 1→lost, o5 1-2-3→lost (no
    // history: assumed through every stage up to its kept stage C), o6 1→open.
    expect(await computeStageFlow(db, {})).toEqual([
      { source: '1', target: '2', n: 3 },
      { source: '1', target: '3', n: 1 },
      { source: '1', target: 'lost', n: 1 },
      { source: '1', target: 'open', n: 1 },
      { source: '2', target: '3', n: 2 },
      { source: '2', target: 'open', n: 1 },
      { source: '3', target: 'lost', n: 2 },
      { source: '3', target: 'won', n: 1 },
    ]);
  });
});

describe('leakiestStage(funnel)', () => {
  const stage = (position: number, reached: number, passed: number) => ({
    stage: `S${position}`,
    position,
    reached,
    passed,
    passRate: reached > 0 ? passed / reached : null,
  });
  const funnel = (stages: Array<ReturnType<typeof stage>>) =>
    ({ stages }) as unknown as FunnelResult;

  it('picks the lowest pass rate among stages with at least 20 deals', () => {
    // S2 passes 1 of 6 (17 %) but has too few deals to be called; S3 passes 10 of 40 (25 %).
    const f = funnel([stage(1, 100, 60), stage(2, 6, 1), stage(3, 40, 10), stage(4, 10, 9)]);
    expect(leakiestStage(f)?.stage.stage).toBe('S3');
    expect(leakiestStage(f)?.next?.stage).toBe('S4');
  });

  it('falls back to any stage with deals, and to null for an empty funnel', () => {
    expect(leakiestStage(funnel([stage(1, 5, 4), stage(2, 4, 1)]))?.stage.stage).toBe('S2');
    expect(leakiestStage(funnel([stage(1, 0, 0)]))).toBeNull();
  });
});

describe.each(ENGINES)(
  'buildStageProgress(db, model, useHistory = false) on %s',
  (_engine, open) => {
    it('places every deal by its current stage alone', async () => {
      const db = await open();
      await loadSixDeals(db, ABC, false);
      const f = await computeFunnel(db, ABC, {}, { asOf: '2024-01-20' });
      // Furthest by current stage: o1 won → 3, o2 Lost → 1 (its skip to C is forgotten), o3 B → 2,
      // o4 → 1, o5 kept C → 3, o6 A → 1. Lost unknown: o2 and o4. No visits, no days.
      expect(counts(f).map((c) => c.slice(0, 4))).toEqual([
        ['A', 6, 3, 2],
        ['B', 3, 2, 0],
        ['C', 2, 1, 1],
      ]);
      expect([f.lostUnknown, f.withHistory, f.stages[0]?.medianDays]).toEqual([2, 0, null]);
      await db.close();
    });
  },
);
