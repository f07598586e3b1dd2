import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import {
  createdByQuarterSql,
  overviewKpisSql,
  stageStatusSql,
} from '../../src/lib/metrics/overview.ts';
import type { SqlFragment } from '../../src/lib/metrics/cohort.ts';
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
  const run = (q: SqlFragment) => db.query(q.sql, q.params);

  it('overviewKpisSql(filter) counts open, won and lost with amounts and missing amounts', async () => {
    // open: a, b, c, f → 4, amount 100 + 300 + 70 = 470, c has none; won: d 1000; lost: e.
    expect(await run(overviewKpisSql({}))).toEqual([
      {
        total: 6,
        open: 4,
        open_amount: 470,
        open_missing_amount: 1,
        won: 1,
        lost: 1,
        won_amount: 1000,
        won_missing_amount: 0,
      },
    ]);
  });

  it('stageStatusSql(filter) orders open stages by mean probability, closed-only stages last', async () => {
    // Qualification: mean open probability 10 %; Proposal: (60 + 0) / 2 = 30 %;
    // Closed Lost and Closed Won hold no open deal, so they follow, by name.
    expect(await run(stageStatusSql({}))).toEqual([
      { stage: 'Qualification', status: 'open', n: 2, stage_order: 1 },
      { stage: 'Proposal', status: 'open', n: 2, stage_order: 2 },
      { stage: 'Closed Lost', status: 'lost', n: 1, stage_order: 3 },
      { stage: 'Closed Won', status: 'won', n: 1, stage_order: 4 },
    ]);
  });

  it('createdByQuarterSql(filter) groups by calendar quarter of creation', async () => {
    expect(await run(createdByQuarterSql({}))).toEqual([
      { quarter: '2023-Q4', status: 'open', n: 1 },
      { quarter: '2024-Q1', status: 'open', n: 2 },
      { quarter: '2024-Q2', status: 'lost', n: 1 },
      { quarter: '2024-Q2', status: 'open', n: 1 },
      { quarter: '2024-Q2', status: 'won', n: 1 },
    ]);
  });

  it('follows the cohort filter: created in 2024-Q2 are c, d, e', async () => {
    const [kpis] = await run(overviewKpisSql({ from: '2024-04-01', to: '2024-06-30' }));
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
