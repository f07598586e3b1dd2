import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import {
  computeWaterfall,
  type WaterfallResult,
} from '../../src/lib/metrics/forecast/waterfall.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const model = stageModel(['A', 'B', 'C']);

/** Pipeline closing in 2024-Q1, from T0 = 01-31 to T1 = 02-29. */
const RANGE = { period: '2024-Q1', from: '2024-01-31', to: '2024-02-29' };

/**
 * w1 is won and w2 lost between T0 and T1; w3 moves to B and grows from 50 to 70; w4's close date
 * moves out of Q1 and w5's into it; w6 is created in between and w7 after T1; w8 has no amount;
 * w9 has no history (its state is unknown, so it is never open); w10 closed before T0; w11 moves
 * back from B to A; w12 was lost and reopened; w13 moves to Hold, a stage the model does not
 * place (unknown at T1).
 */
const DEALS = `id,stage,status,amount,created_at,close_date
w1,Won,won,100,2024-01-01,2024-02-10
w2,Lost,lost,40,2024-01-05,2024-02-20
w3,B,open,70,2024-01-10,2024-03-10
w4,B,open,60,2024-01-12,2024-05-15
w5,B,open,25,2024-01-15,2024-03-28
w6,A,open,35,2024-02-10,2024-03-30
w7,A,open,20,2024-03-05,2024-03-31
w8,A,open,,2024-01-03,2024-03-15
w9,A,open,999,2024-01-02,2024-03-01
w10,Lost,lost,30,2024-01-20,2024-01-25
w11,A,open,10,2024-01-08,2024-03-31
w12,A,open,15,2024-01-04,2024-03-29
w13,Hold,open,5,2024-01-06,2024-03-05
`;

const HISTORY = `opportunity_id,stage,entered_at,amount,close_date
w1,A,2024-01-01,100,2024-03-15
w1,Won,2024-02-10,100,2024-02-10
w2,A,2024-01-05,40,2024-03-20
w2,Lost,2024-02-20,40,2024-02-20
w3,A,2024-01-10,50,2024-03-10
w3,B,2024-02-05,70,2024-03-10
w4,A,2024-01-12,60,2024-03-25
w4,B,2024-02-15,60,2024-05-15
w5,A,2024-01-15,25,2024-04-20
w5,B,2024-02-20,25,2024-03-28
w6,A,2024-02-10,35,2024-03-30
w7,A,2024-03-05,20,2024-03-31
w8,A,2024-01-03,,2024-03-15
w10,A,2024-01-20,30,2024-02-28
w10,Lost,2024-01-25,30,2024-01-25
w11,B,2024-01-08,10,2024-03-31
w11,A,2024-02-12,10,2024-03-31
w12,A,2024-01-04,15,2024-03-29
w12,Lost,2024-01-20,15,2024-01-20
w12,A,2024-02-10,15,2024-03-29
w13,A,2024-01-06,5,2024-03-05
w13,Hold,2024-02-12,5,2024-03-05
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

const table = (r: WaterfallResult) =>
  r.steps.map((s) => [s.step, s.amount, s.count, s.missingAmount]);

/** Start plus every change, which must land on End exactly. */
const landing = (r: WaterfallResult) => r.steps.slice(0, -1).reduce((sum, s) => sum + s.amount, 0);

describe.each(ENGINES)('computeWaterfall(db, filter, range) on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('splits the change into moved in, moved out and amount change with full history', async () => {
    await load(db, HISTORY);
    const r = await computeWaterfall(db, {}, RANGE);
    // S(T0), close dates as known on 01-31: w1 100 (03-15), w2 40 (03-20), w3 50, w4 60 (03-25),
    // w8 (no amount), w11 10, w13 5 → 265 over 7 deals, 1 missing; w5 (04-20) is outside Q1.
    // S(T1): w3 70, w5 25 (now 03-28), w6 35, w8, w11 10 (back at A), w12 15 → 155 over 6.
    // Created w6 +35; won w1 −100; lost w2 −40; moved in w5 25 + reopened w12 15 = +40;
    // moved out w4 (05-15) 60 + w13 (unknown stage) 5 = −65; amount change w3 +20 (w8, missing at
    // both dates, is no known change: start and end count it as missing).
    // 265 + 35 − 100 − 40 + 40 − 65 + 20 = 155.
    expect(table(r)).toEqual([
      ['start', 265, 7, 1],
      ['created', 35, 1, 0],
      ['won', -100, 1, 0],
      ['lost', -40, 1, 0],
      ['moved-in', 40, 2, 0],
      ['moved-out', -65, 2, 0],
      ['amount-change', 20, 1, 0],
      ['end', 155, 6, 1],
    ]);
    expect(landing(r)).toBe(r.steps.at(-1)?.amount);
    expect(r).toMatchObject({
      available: true,
      unavailable: null,
      closeDateHistory: true,
      amountHistory: true,
    });
  });

  it('folds the rest into one other step when today’s values stand in', async () => {
    await load(db, PLAIN_HISTORY);
    const r = await computeWaterfall(db, {}, RANGE);
    // Today's close dates: w4 (05-15) is never in Q1, w5 (03-28) always; w3 is 70 throughout.
    // S(T0): w1 100, w2 40, w3 70, w5 25, w8, w11 10, w13 5 = 250; S(T1) as before = 155.
    // Other = reopened w12 +15 − w13 5 = +10: 250 + 35 − 100 − 40 + 10 = 155; w8 has no amount
    // throughout, so no change of it is known or counted.
    expect(table(r)).toEqual([
      ['start', 250, 7, 1],
      ['created', 35, 1, 0],
      ['won', -100, 1, 0],
      ['lost', -40, 1, 0],
      ['other', 10, 2, 0],
      ['end', 155, 6, 1],
    ]);
    expect(landing(r)).toBe(r.steps.at(-1)?.amount);
    expect(r.unavailable).toEqual({
      steps: ['moved-in', 'moved-out', 'amount-change'],
      reasons: ['no-close-date-history', 'no-amount-history'],
    });
  });

  it('counts an amount first known after T0 as a change from a missing amount', async () => {
    await importDataset(db, {
      opportunities: {
        fileName: 'deals.csv',
        bytes: utf8(
          'id,stage,status,amount,created_at,close_date\nv1,B,open,,2024-01-02,2024-03-10\n',
        ),
      },
      history: {
        fileName: 'history.csv',
        bytes: utf8(
          'opportunity_id,stage,entered_at,amount,close_date\n' +
            'v1,A,2024-01-02,,2024-03-10\nv1,B,2024-02-05,30,2024-03-10\n',
        ),
      },
    });
    await buildStageProgress(db, model);
    // v1 is due in Q1 at both dates. Its history gives no amount on 01-31 (nor does the export, to
    // stand in) and 30 on 02-29: a change of +30 from a missing amount, counted from 0.
    expect(table(await computeWaterfall(db, {}, RANGE))).toEqual([
      ['start', 0, 1, 1],
      ['created', 0, 0, 0],
      ['won', 0, 0, 0],
      ['lost', 0, 0, 0],
      ['moved-in', 0, 0, 0],
      ['moved-out', 0, 0, 0],
      ['amount-change', 30, 1, 1],
      ['end', 30, 1, 0],
    ]);
  });

  it('keeps to the cohort filter', async () => {
    await load(db, HISTORY);
    const r = await computeWaterfall(db, { where: { stage: ['B'] } }, RANGE);
    // Deals now at B: w3, w4, w5. Start w3 50 + w4 60; end w3 70 + w5 25.
    expect(table(r)).toEqual([
      ['start', 110, 2, 0],
      ['created', 0, 0, 0],
      ['won', 0, 0, 0],
      ['lost', 0, 0, 0],
      ['moved-in', 25, 1, 0],
      ['moved-out', -60, 1, 0],
      ['amount-change', 20, 1, 0],
      ['end', 95, 2, 0],
    ]);
  });

  it('is unavailable without history, and refuses dates out of order', async () => {
    await load(db, null);
    const r = await computeWaterfall(db, {}, RANGE);
    expect(r).toMatchObject({ available: false, reason: 'no-history', steps: [] });
    await expect(
      computeWaterfall(db, {}, { ...RANGE, from: RANGE.to, to: RANGE.from }),
    ).rejects.toThrow(RangeError);
  });
});
