import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { computeWeightedPipeline } from '../../src/lib/metrics/forecast/weighted-pipeline.ts';
import { computeVelocity } from '../../src/lib/metrics/forecast/velocity.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

/**
 * Open deals on 2024-06-30 with rates A 0.2, B 0.5, C 0.8:
 * p1 A 100 → Q3 (July) weighs 20; p2 B 200 → Q3 (August) 100; p3 C 300 → Q4 (November) 240;
 * p4 B without an amount → Q3 (September), counted, not summed; p5 C 50 closing in May is
 * overdue, 40; p6 A 70 without a close date, 14; p7 at stage X, which the model does not place,
 * → Q3 (July), amount 10 but no rate. p8 (won) and p9 (lost) are not pipeline.
 */
const DEALS = `id,stage,status,amount,owner,created_at,close_date
p1,A,open,100,Ann,2024-01-01,2024-07-10
p2,B,open,200,Bob,2024-01-01,2024-08-01
p3,C,open,300,Ann,2024-01-01,2024-11-05
p4,B,open,,Bob,2024-01-01,2024-09-01
p5,C,open,50,Ann,2024-01-01,2024-05-01
p6,A,open,70,Bob,2024-01-01,
p7,X,open,10,Ann,2024-01-01,2024-07-02
p8,Won,won,500,Ann,2024-01-01,2024-03-01
p9,Lost,lost,80,Bob,2024-01-01,2024-03-02
`;

const RATES = [0.2, 0.5, 0.8];
const AS_OF = '2024-06-30';

describe.each(ENGINES)('weighted pipeline on %s', (_, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) } });
    await buildStageProgress(db, stageModel(['A', 'B', 'C']));
  });
  afterAll(() => db.close());

  it('sums amount × rate by close quarter, keeping overdue and undated deals apart', async () => {
    const p = await computeWeightedPipeline(db, {}, { unit: 'quarter', asOf: AS_OF, rates: RATES });
    expect(p.periods.map((b) => b.period)).toEqual(['2024-Q2', '2024-Q3', '2024-Q4']);
    const [q2, q3, q4] = p.periods;
    // The as-of quarter holds nothing: p5 closed before the as-of date is overdue, not Q2.
    expect(q2).toMatchObject({ open: 0, amount: 0, weighted: 0 });
    expect(q3).toMatchObject({ open: 4, amount: 310, noAmount: 1, noRate: 1 });
    expect(q3!.weighted).toBeCloseTo(120, 9);
    expect(q3!.parts).toEqual({ 1: 20, 2: 100, '': 0 });
    expect(q4).toMatchObject({ open: 1, amount: 300 });
    expect(q4!.weighted).toBeCloseTo(240, 9);
    expect(p.overdue).toMatchObject({ period: 'overdue', open: 1, amount: 50 });
    expect(p.overdue.weighted).toBeCloseTo(40, 9);
    expect(p.noCloseDate).toMatchObject({ period: 'none', open: 1, amount: 70 });
    expect(p.noCloseDate.weighted).toBeCloseTo(14, 9);
    // Stage parts in stage order, as the stages' colours run, the unplaced last (though C weighs
    // most: 240 + 40, then B 100, A 20 + 14).
    expect(p.parts).toEqual(['1', '2', '3', '']);
  });

  it('lists an empty month between two that hold deals', async () => {
    const p = await computeWeightedPipeline(db, {}, { unit: 'month', asOf: AS_OF, rates: RATES });
    expect(p.periods.map((b) => [b.period, b.open, b.amount])).toEqual([
      ['2024-06', 0, 0],
      ['2024-07', 2, 110],
      ['2024-08', 1, 200],
      ['2024-09', 1, 0],
      ['2024-10', 0, 0],
      ['2024-11', 1, 300],
    ]);
  });

  it('stacks by owner and follows the cohort filter', async () => {
    const p = await computeWeightedPipeline(
      db,
      { where: { owner: ['Ann'] } },
      { unit: 'quarter', asOf: AS_OF, rates: RATES, stack: 'owner' },
    );
    // Ann: p1 (Q3, 20), p7 (Q3, no rate), p3 (Q4, 240), p5 overdue (40).
    expect(p.periods.map((b) => b.weighted)).toEqual([0, 20, 240]);
    expect(p.periods[1]!.parts).toEqual({ Ann: 20 });
    expect(p.overdue.open).toBe(1);
    expect(p.noCloseDate.open).toBe(0);
  });

  it('gives the sales velocity: open × win rate × mean won ÷ mean days to win', async () => {
    // 7 open; 1 won of 2 closed; p8 won 500 after 60 days (2024-01-01 to 2024-03-01, a leap year):
    // 7 · ½ · 500 ÷ 60 ≈ 29.17 a day.
    const v = await computeVelocity(db, {});
    expect(v).toMatchObject({ open: 7, winRate: 0.5, meanWon: 500, meanDays: 60 });
    expect(v.perDay).toBeCloseTo(1750 / 60, 9);
    const none = await computeVelocity(db, { where: { status: ['open'] } });
    expect(none).toMatchObject({ open: 7, winRate: null, perDay: null });
  });

  it('gives a single empty period when nothing is open', async () => {
    const p = await computeWeightedPipeline(
      db,
      { where: { status: ['won'] } },
      { unit: 'quarter', asOf: AS_OF, rates: RATES },
    );
    expect(p.periods).toEqual([
      { period: '2024-Q2', open: 0, amount: 0, weighted: 0, noAmount: 0, noRate: 0, parts: {} },
    ]);
    expect(p.parts).toEqual([]);
  });
});

/**
 * Won deals that leave a part out: w2 has no amount (in the days, not the mean amount), w3 closed
 * before it was created (in the mean amount, not the days). Won 3 of 4 closed; mean won
 * (100 + 300) ÷ 2 = 200; mean days (30 + 60) ÷ 2 = 45; one open: 1 · ¾ · 200 ÷ 45 ≈ 3.33 a day.
 */
const WON = `id,stage,status,amount,created_at,close_date
w1,Won,won,100,2024-01-01,2024-01-31
w2,Won,won,,2024-01-01,2024-03-01
w3,Won,won,300,2024-05-01,2024-04-01
l1,Lost,lost,50,2024-01-01,2024-02-01
o1,A,open,10,2024-01-01,2024-09-01
`;

describe.each(ENGINES)('sales velocity on %s', (_, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'won.csv', bytes: utf8(WON) } });
    await buildStageProgress(db, stageModel(['A', 'B', 'C']));
  });
  afterAll(() => db.close());

  it('means only the won deals that have the part measured', async () => {
    const v = await computeVelocity(db, {});
    expect(v).toMatchObject({ open: 1, winRate: 0.75, meanWon: 200, meanDays: 45 });
    expect(v.perDay).toBeCloseTo(150 / 45, 9);
  });
});
