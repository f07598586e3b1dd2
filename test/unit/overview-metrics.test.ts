import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import type { CohortFilter } from '../../src/lib/metrics/cohort.ts';
import {
  overviewCubeSql,
  orderByModel,
  summarizeOverview,
  type OverviewCubeRow,
} from '../../src/lib/metrics/overview.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { chooseStageModel } from '../../src/lib/model/infer-stage-order.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

// Six deals: a and b open in Qualification (10 %), c open in Proposal (60 %, no amount), d won,
// e lost. f sits in Proposal at 0 %, but with no status column an open stage means open.
const DEALS = `id,stage,amount,probability,created_at
a,Qualification,100,10,2024-01-10
b,Qualification,300,10,2024-02-01
c,Proposal,,60,2024-04-02
d,Closed Won,1000,100,2024-04-20
e,Closed Lost,50,0,2024-05-01
f,Proposal,70,0,2023-12-31
`;

describe.each(ENGINES)('overview metrics on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) } });
    // The Overview reads the per-deal table the stage model derives, as every view does.
    await buildStageProgress(db, (await chooseStageModel(db)).model);
  });
  afterAll(() => db.close());
  const summary = async (filter: CohortFilter) => {
    const q = overviewCubeSql(filter);
    return summarizeOverview(await db.query<OverviewCubeRow>(q.sql, q.params));
  };

  it('counts open, won and lost with amounts and missing amounts', async () => {
    // open: a, b, c, f → 4, amount 100 + 300 + 70 = 470, c has none; won: d 1000; lost: e.
    expect((await summary({})).kpis).toEqual({
      total: 6,
      open: 4,
      open_amount: 470,
      open_missing_amount: 1,
      won: 1,
      lost: 1,
      won_amount: 1000,
      won_missing_amount: 0,
    });
  });

  it('orders open stages by mean probability, closed-only stages last', async () => {
    // Qualification: mean open probability 10 %; Proposal: (60 + 0) / 2 = 30 %;
    // Closed Lost and Closed Won hold no open deal, so they follow, by name.
    expect((await summary({})).stages).toEqual([
      { stage: 'Qualification', status: 'open', n: 2, stage_order: 1 },
      { stage: 'Proposal', status: 'open', n: 2, stage_order: 2 },
      { stage: 'Closed Lost', status: 'lost', n: 1, stage_order: 3 },
      { stage: 'Closed Won', status: 'won', n: 1, stage_order: 4 },
    ]);
  });

  it('groups by calendar quarter of creation', async () => {
    expect((await summary({})).quarters).toEqual([
      { quarter: '2023-Q4', status: 'open', n: 1 },
      { quarter: '2024-Q1', status: 'open', n: 2 },
      { quarter: '2024-Q2', status: 'lost', n: 1 },
      { quarter: '2024-Q2', status: 'open', n: 1 },
      { quarter: '2024-Q2', status: 'won', n: 1 },
    ]);
  });

  it('follows the cohort filter: created in 2024-Q2 are c, d, e', async () => {
    const { kpis } = await summary({ from: '2024-04-01', to: '2024-06-30' });
    // c open without amount, d won 1000, e lost.
    expect(kpis).toMatchObject({
      total: 3,
      open: 1,
      open_amount: 0,
      open_missing_amount: 1,
      won: 1,
      lost: 1,
    });
  });
});

describe('summarizeOverview(cube)', () => {
  const row = (r: Partial<OverviewCubeRow>): OverviewCubeRow => ({
    stage: 'A',
    status: 'open',
    created_q: 2024 * 4,
    n: 1,
    amount: 0,
    with_amount: 1,
    p_sum: 0,
    p_n: 0,
    ...r,
  });
  // B: open at 20 % and 40 % over two quarters (mean 30 %), one won; A: open without any
  // probability; no stage: one lost without a creation date; C: won only.
  const cube = [
    row({ stage: 'B', n: 2, amount: 50, p_sum: 0.4, p_n: 2 }),
    row({
      stage: 'B',
      created_q: 2024 * 4 + 1,
      n: 1,
      amount: 20,
      with_amount: 0,
      p_sum: 0.5,
      p_n: 1,
    }),
    row({ stage: 'B', status: 'won', created_q: 2024 * 4 + 1, n: 1, amount: 90, p_sum: 1, p_n: 1 }),
    row({ stage: 'A', n: 3, amount: 30, with_amount: 2 }),
    row({ stage: null, status: 'lost', created_q: null, n: 4, amount: 8 }),
    row({ stage: 'C', status: 'won', n: 5, amount: 100, with_amount: 4 }),
  ];

  it('orders stages: open ones by mean probability, those without one next, closed-only by name', () => {
    // B (0.9 / 3 = 30 %), then A (open, no probability), then '' and C (no open deal), by name.
    expect(summarizeOverview(cube).stages).toEqual([
      { stage: 'B', status: 'open', n: 3, stage_order: 1 },
      { stage: 'B', status: 'won', n: 1, stage_order: 1 },
      { stage: 'A', status: 'open', n: 3, stage_order: 2 },
      { stage: '', status: 'lost', n: 4, stage_order: 3 },
      { stage: 'C', status: 'won', n: 5, stage_order: 4 },
    ]);
  });

  it('orders stages as the stage model does, won and lost after, the unplaced last', () => {
    // The model places C before B (a re-ordered funnel) and knows no A; nothing is won or lost
    // by name here, so '' and A keep their order after the model's stages.
    const model: StageModel = {
      source: { kind: 'custom' },
      stages: [
        { name: 'C', members: ['C'], preset: null },
        { name: 'B', members: ['B'], preset: null },
      ],
      won: [],
      lost: [],
    };
    expect(orderByModel(summarizeOverview(cube).stages, model)).toEqual([
      { stage: 'C', status: 'won', n: 5, stage_order: 1 },
      { stage: 'B', status: 'open', n: 3, stage_order: 2 },
      { stage: 'B', status: 'won', n: 1, stage_order: 2 },
      { stage: 'A', status: 'open', n: 3, stage_order: 3 },
      { stage: '', status: 'lost', n: 4, stage_order: 4 },
    ]);
    // A won value and a lost one go after the stages, won first, whichever row came first.
    const order = (won: string, lost: string) =>
      orderByModel(summarizeOverview(cube).stages, { ...model, won: [won], lost: [lost] }).map(
        (r) => r.stage,
      );
    expect(order('A', '')).toEqual(['C', 'B', 'B', 'A', '']);
    expect(order('', 'A')).toEqual(['C', 'B', 'B', '', 'A']);
  });

  it('sums quarters and status over stages, leaving out deals without a creation date', () => {
    expect(summarizeOverview(cube).quarters).toEqual([
      { quarter: '2024-Q1', status: 'open', n: 5 },
      { quarter: '2024-Q1', status: 'won', n: 5 },
      { quarter: '2024-Q2', status: 'open', n: 1 },
      { quarter: '2024-Q2', status: 'won', n: 1 },
    ]);
  });

  it('counts every deal in the headline numbers', () => {
    // Open 2 + 1 + 3 = 6 (50 + 20 + 30 = 100; missing 1 + 1 + 1); won 1 + 5 (190; missing 1).
    expect(summarizeOverview(cube).kpis).toEqual({
      total: 16,
      open: 6,
      open_amount: 100,
      open_missing_amount: 3,
      won: 6,
      lost: 4,
      won_amount: 190,
      won_missing_amount: 1,
    });
  });
});
