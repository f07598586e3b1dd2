import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { importDataset } from '../../src/lib/import/import-dataset.ts';
import { buildStageProgress } from '../../src/lib/metrics/stage-progress.ts';
import { chooseStageModel } from '../../src/lib/model/infer-stage-order.ts';
import type { StageModel } from '../../src/lib/model/stage-model.ts';

const demoFile = (name: string) => ({
  fileName: name.replace(/\.gz$/, ''),
  bytes: new Uint8Array(
    gunzipSync(readFileSync(new URL(`../../data/demo/${name}`, import.meta.url))),
  ),
});

/** The derived tables in a fixed order; deal_key apart, which only has to be unique. */
async function derived(db: Database) {
  return {
    visits: await db.query('SELECT * FROM stage_visits ORDER BY id, visit'),
    // A list's order is whatever order DuckDB's threads aggregated in; its readers unnest it.
    deals: await db.query(
      `SELECT * EXCLUDE (deal_key, done_visits, transitions, stage_entries),
         list_sort(done_visits) AS done_visits, list_sort(transitions) AS transitions,
         list_sort(stage_entries) AS stage_entries
       FROM opp_progress ORDER BY id`,
    ),
    keys: await db.query<{ n: number; distinct_keys: number; low: number; high: number }>(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT deal_key)::INTEGER AS distinct_keys,
         min(deal_key) AS low, max(deal_key) AS high FROM opp_progress`,
    ),
  };
}

describe('buildStageProgress in one go and in slices', () => {
  let db: Database;
  let model: StageModel;
  beforeAll(async () => {
    db = await openNodeDatabase();
    await importDataset(db, {
      opportunities: demoFile('opportunities.csv.gz'),
      history: demoFile('stage_history.csv.gz'),
    });
    model = (await chooseStageModel(db)).model;
  });
  afterAll(() => db.close());

  it('builds, a slice of deals at a time, the same tables as in one go', async () => {
    const [counted] = await db.query<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM stage_history',
    );
    const entries = counted!.n;
    await buildStageProgress(db, model);
    const whole = await derived(db);
    // Seven slices of the demo's history: one built by CREATE, six appended.
    const statements: string[] = [];
    const watched: Database = { ...db, exec: (sql) => (statements.push(sql), db.exec(sql)) };
    await buildStageProgress(watched, model, true, Math.ceil(entries / 7));
    const appended = (table: string) =>
      statements.filter((sql) => sql.startsWith(`INSERT INTO ${table}`)).length;
    expect([appended('stage_visits'), appended('opp_progress')]).toEqual([6, 6]);
    const sliced = await derived(db);
    expect(whole.deals.length).toBe(5000);
    expect(sliced.visits).toEqual(whole.visits);
    expect(sliced.deals).toEqual(whole.deals);
    expect(sliced.keys).toEqual([{ n: 5000, distinct_keys: 5000, low: 1, high: 5000 }]);
    expect(whole.keys).toEqual(sliced.keys);
  });

  it('stores the deals sorted by region, then owner, when built in one go', async () => {
    await buildStageProgress(db, model);
    const stored = await db.query<{ region: string; owner: string; deal_key: number }>(
      'SELECT region, owner, deal_key FROM opp_progress ORDER BY rowid',
    );
    const key = (r: (typeof stored)[number]) => [r.region, r.owner];
    // DuckDB orders text by its bytes, as JavaScript's < does for these names.
    const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sorted = stored.toSorted(
      (a, b) => byBytes(a.region, b.region) || byBytes(a.owner, b.owner) || a.deal_key - b.deal_key,
    );
    expect(new Set(stored.map((r) => r.region)).size).toBeGreaterThan(3);
    expect(stored.map(key)).toEqual(sorted.map(key));
  });
});
