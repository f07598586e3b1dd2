import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { defaultForecastSettings } from '../../src/lib/metrics/forecast/forecast-settings.ts';
import { computeOverview } from '../../src/lib/metrics/overview-data.ts';
import { computeRecentChange } from '../../src/lib/metrics/recent-change.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

/**
 * As of 2024-06-30 the last 90 days run from 2024-04-02 and the 90 before from 2024-01-03 to
 * 2024-04-01. a (won, 61 days), b (lost, on the last day) and c (won, 92 days, on the first day)
 * closed in the current window; d (won, 122 days, on the previous window's last day) in the
 * previous one; e closed before both; f is open.
 */
const DEALS = `id,stage,status,amount,region,created_at,close_date
a,Won,won,100,East,2024-03-01,2024-05-01
b,Lost,lost,70,East,2024-03-01,2024-06-30
c,Won,won,300,West,2024-01-01,2024-04-02
d,Won,won,50,East,2023-12-01,2024-04-01
e,Lost,lost,20,East,2023-12-01,2024-01-02
f,A,open,10,East,2024-02-01,2024-09-01
`;

describe.each(ENGINES)('recent change on %s', (_, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, { opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) } });
    await buildStageProgress(db, stageModel(['A']));
  });
  afterAll(() => db.close());

  it('compares the last 90 days with the 90 before, bounds included', async () => {
    const { change } = await computeRecentChange(db, {}, '2024-06-30');
    expect(change.current).toEqual({
      from: '2024-04-02',
      to: '2024-06-30',
      won: 2,
      closed: 3,
      winRate: 2 / 3,
      wonAmount: 400,
      cycleDays: (61 + 92) / 2,
    });
    expect(change.previous).toEqual({
      from: '2024-01-03',
      to: '2024-04-01',
      won: 1,
      closed: 1,
      winRate: 1,
      wonAmount: 50,
      cycleDays: 122,
    });
    // Without stage history the pipeline of 90 days ago cannot be rebuilt.
    expect(change.openBefore).toBeNull();
  });

  it('gives the Overview what its quarter won so far and what the last one won', async () => {
    // Q2 2024 to the as-of date: a (05-01, 100), c (04-02, 300) and d (04-01, 50) were won; Q1
    // saw no win.
    const overview = await computeOverview(db, {
      filter: {},
      model: stageModel(['A']),
      asOf: '2024-06-30',
      forecast: defaultForecastSettings(),
      winRates: {},
    });
    expect(overview.quarterWon).toEqual({ wonSoFar: 450, previous: '2024-Q1', previousWon: 0 });
    // Two weeks into Q3 nothing is won yet; Q2 won a, c and d, the last on its first day.
    const { quarterWon } = await computeRecentChange(db, {}, '2024-07-14');
    expect(quarterWon).toEqual({ wonSoFar: 0, previous: '2024-Q2', previousWon: 450 });
  });

  it('follows a close-date range: d, closed on 2024-04-01, falls outside it', async () => {
    const { change } = await computeRecentChange(
      db,
      { dateField: 'close_date', from: '2024-04-02', to: '2024-06-30' },
      '2024-06-30',
    );
    expect(change.current).toMatchObject({ won: 2, closed: 3 });
    expect(change.previous).toMatchObject({ won: 0, closed: 0, winRate: null });
  });

  it('follows the filter and has no rate or cycle for an empty window', async () => {
    const { change } = await computeRecentChange(db, { where: { region: ['West'] } }, '2024-06-30');
    expect(change.current).toMatchObject({ won: 1, closed: 1, wonAmount: 300, cycleDays: 92 });
    expect(change.previous).toMatchObject({
      won: 0,
      closed: 0,
      winRate: null,
      wonAmount: 0,
      cycleDays: null,
    });
  });
});

/**
 * With history, as of 2024-06-30: 90 days before is 2024-04-01. x (70) was open at A then; z was
 * won on 2024-03-15, before it; y was created on 2024-05-01, after it. So 1 deal worth 70.
 */
const TIMED = `id,stage,status,amount,created_at,close_date
x,A,open,70,2024-01-01,2024-09-01
y,A,open,500,2024-05-01,2024-09-01
z,Won,won,90,2024-01-01,2024-03-15
`;
const TIMED_HISTORY = `opportunity_id,stage,entered_at
x,A,2024-01-01
y,A,2024-05-01
z,A,2024-01-01
z,Won,2024-03-15
`;

describe.each(ENGINES)('the pipeline 90 days ago on %s', (_, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await importDataset(db, {
      opportunities: { fileName: 'deals.csv', bytes: utf8(TIMED) },
      history: { fileName: 'history.csv', bytes: utf8(TIMED_HISTORY) },
    });
    await buildStageProgress(db, stageModel(['A']));
  });
  afterAll(() => db.close());

  it('is rebuilt from the stage history', async () => {
    const { change } = await computeRecentChange(db, {}, '2024-06-30');
    expect(change.openBefore).toEqual({ date: '2024-04-01', count: 1, amount: 70 });
  });
});
