import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Row } from '../../src/lib/db/database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { historyCoverage } from '../../src/lib/metrics/forecast/as-of.ts';
import { asOfSql, prepareAsOf, resetAsOfStates } from '../../src/lib/metrics/forecast/as-of-sql.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { stageModel } from '../fixtures/six-deals.ts';
import { utf8 } from '../helpers/db.ts';
import { ENGINES } from '../helpers/engines.ts';

const model = stageModel(['A', 'B', 'C']);

/**
 * d1 goes A, B, back to A, B again, C and is won on 03-01; d2 is lost on 01-25; d3 is created on
 * 02-10; d4 has no history; d5's history stops at B and it was lost on 02-05 (its closing entry
 * comes from the close date).
 */
const DEALS = `id,stage,status,amount,created_at,close_date
d1,Won,won,100,2024-01-01,2024-03-01
d2,Lost,lost,50,2024-01-05,2024-01-25
d3,A,open,30,2024-02-10,2024-04-30
d4,B,open,20,2024-01-02,2024-03-31
d5,Lost,lost,40,2024-01-03,2024-02-05
`;

/** d1's entries carry amount and close date, some blank: the last one carrying each wins. */
const HISTORY = `opportunity_id,stage,entered_at,amount,close_date
d1,A,2024-01-01,80,2024-03-31
d1,B,2024-01-10,,2024-02-28
d1,A,2024-01-20,90,
d1,B,2024-02-01,,
d1,C,2024-02-15,100,2024-03-15
d1,Won,2024-03-01,100,2024-03-01
d2,A,2024-01-05,,
d2,Lost,2024-01-25,,
d3,A,2024-02-10,,
d5,A,2024-01-03,,
d5,B,2024-01-15,,
`;

const PLAIN_HISTORY = HISTORY.split('\n')
  .map((line) => line.split(',').slice(0, 3).join(','))
  .join('\n');

async function load(db: Database, history: string | null, useHistory = true) {
  await importDataset(db, {
    opportunities: { fileName: 'deals.csv', bytes: utf8(DEALS) },
    ...(history === null ? {} : { history: { fileName: 'history.csv', bytes: utf8(history) } }),
  });
  await buildStageProgress(db, model, useHistory);
}

async function stateAt(db: Database, at: string): Promise<Row[]> {
  await prepareAsOf(db, at);
  const q = asOfSql(at);
  return db.query(`SELECT * FROM (${q.sql}) ORDER BY id`, q.params);
}

const pick = (rows: Row[], ...columns: string[]) =>
  rows.map((r) => [r.id, ...columns.map((c) => r[c])]);

describe.each(ENGINES)('asOfSql(at, filter) on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await load(db, HISTORY);
  });
  afterAll(() => db.close());

  it('takes the last entry at or before the date, after a backward move', async () => {
    // 01-20: d1 moved back to A that day; d2 is still at A (lost on 01-25); d3 does not exist
    // yet; d4 exists without any entry (unknown, not open); d5 is at B since 01-15.
    expect(
      pick(await stateAt(db, '2024-01-20'), 'existed', 'stage', 'kind', 'since', 'is_open'),
    ).toEqual([
      ['d1', true, 'A', 'open', '2024-01-20', true],
      ['d2', true, 'A', 'open', '2024-01-05', true],
      ['d3', false, null, null, null, false],
      ['d4', true, null, null, null, false],
      ['d5', true, 'B', 'open', '2024-01-15', true],
    ]);
  });

  it('follows re-entries and closes, the closing entry coming from the close date', async () => {
    // 02-10: d1 re-entered B on 02-01; d2 was lost on 01-25; d3 was created that day; d5 has
    // no lost entry in the history, so its close date 02-05 stands in for it.
    expect(pick(await stateAt(db, '2024-02-10'), 'existed', 'stage', 'position', 'kind')).toEqual([
      ['d1', true, 'B', 2, 'open'],
      ['d2', true, 'Lost', 0, 'lost'],
      ['d3', true, 'A', 1, 'open'],
      ['d4', true, null, null, null],
      ['d5', true, 'Lost', 0, 'lost'],
    ]);
    expect(pick(await stateAt(db, '2024-03-01'), 'kind', 'position').slice(0, 1)).toEqual([
      ['d1', 'won', 4],
    ]);
  });

  it('a deal created after the date does not exist yet', async () => {
    const rows = await stateAt(db, '2024-02-09');
    expect(pick(rows, 'born', 'existed', 'is_open')[2]).toEqual(['d3', '2024-02-10', false, false]);
  });

  it('takes amount and close date from the last entry by then carrying them', async () => {
    // d1 on 01-05: its 01-01 entry, 80 and 03-31. On 02-01: amount 90 from the 01-20 entry,
    // close date 02-28 from the 01-10 one (the later entries leave them blank). d2's entries
    // carry neither, so today's 50 and 01-25 stand in, flagged.
    const columns = ['amount', 'amount_from_history', 'close_date', 'close_date_from_history'];
    expect(pick(await stateAt(db, '2024-01-05'), ...columns).slice(0, 2)).toEqual([
      ['d1', 80, true, '2024-03-31', true],
      ['d2', 50, false, '2024-01-25', false],
    ]);
    expect(pick(await stateAt(db, '2024-02-01'), ...columns)[0]).toEqual([
      'd1',
      90,
      true,
      '2024-02-28',
      true,
    ]);
  });

  it('works a date out once, however often and however many views ask for it', async () => {
    const kept = async (at: string) =>
      (
        await db.query<{ n: number; deals: number }>(
          `SELECT count(*)::INTEGER AS n, count(id)::INTEGER AS deals FROM as_of_states
           WHERE as_of = ?::DATE`,
          [at],
        )
      )[0];
    await Promise.all([prepareAsOf(db, '2024-02-20'), prepareAsOf(db, '2024-02-20')]);
    await prepareAsOf(db, '2024-02-20');
    // 02-20: d1 at C since 02-15 (amount 100), d3 at A; d2 and d5 lost; d4 unknown.
    expect(await kept('2024-02-20')).toEqual({ n: 5, deals: 4 });
    expect(pick(await stateAt(db, '2024-02-20'), 'stage', 'amount')).toEqual([
      ['d1', 'C', 100],
      ['d2', 'Lost', 50],
      ['d3', 'A', 30],
      ['d4', null, 20],
      ['d5', 'Lost', 40],
    ]);
    // Before any history: nothing known, one marker row so it is not worked out again.
    await prepareAsOf(db, '2023-12-01');
    await prepareAsOf(db, '2023-12-01');
    expect(await kept('2023-12-01')).toEqual({ n: 1, deals: 0 });
  });

  it('asks DuckDB once per date, and again once the states are emptied', async () => {
    const sent: string[] = [];
    const watched: Database = {
      ...db,
      query: (sql, params) => (sent.push(sql), db.query(sql, params)),
      exec: (sql) => (sent.push(sql), db.exec(sql)),
    };
    const states = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM as_of_states`))[0]!.n;
    await prepareAsOf(watched, '2024-02-01');
    await prepareAsOf(watched, '2024-02-01');
    expect(sent).toHaveLength(1);
    const before = await states();
    await resetAsOfStates(watched);
    expect(await states()).toBe(0);
    await prepareAsOf(watched, '2024-02-01');
    expect(sent).toHaveLength(3);
    // 02-01: d1 at B, d2 lost, d5 at B; d3 not created, d4 without history: 3 states, a marker.
    expect(await states()).toBe(4);
    expect(before).toBeGreaterThanOrEqual(4);
    // The states were emptied through another wrapper of the database: its dates are gone too.
    await prepareAsOf(db, '2024-02-20');
    expect(await states()).toBe(4 + 5);
  });

  it('keeps to the cohort filter', async () => {
    await prepareAsOf(db, '2024-02-10');
    const q = asOfSql('2024-02-10', { from: '2024-01-03' });
    const rows = await db.query(`SELECT id FROM (${q.sql}) ORDER BY id`, q.params);
    expect(rows.map((r) => r.id)).toEqual(['d2', 'd3', 'd5']);
  });

  it('reports what the history carries', async () => {
    expect(await historyCoverage(db)).toEqual({
      available: true,
      reason: null,
      amountHistory: true,
      closeDateHistory: true,
    });
  });
});

describe.each(ENGINES)('historyCoverage(db) on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('without amounts and close dates in the history, today’s values stand in', async () => {
    await load(db, PLAIN_HISTORY);
    expect(await historyCoverage(db)).toEqual({
      available: true,
      reason: null,
      amountHistory: false,
      closeDateHistory: false,
    });
    const rows = await stateAt(db, '2024-01-05');
    expect(pick(rows, 'amount', 'amount_from_history', 'close_date')[0]).toEqual([
      'd1',
      100,
      false,
      '2024-03-01',
    ]);
  });

  it('without history (or with it switched off) past states are unavailable', async () => {
    const unavailable = {
      available: false,
      reason: 'no-history',
      amountHistory: false,
      closeDateHistory: false,
    };
    await load(db, HISTORY, false);
    expect(await historyCoverage(db)).toEqual(unavailable);
    await load(db, null);
    expect(await historyCoverage(db)).toEqual(unavailable);
  });
});
