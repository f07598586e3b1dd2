import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Row } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { PivotReads } from '../../src/lib/db/pivot-reads.ts';

describe('PivotReads', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDatabase();
    await db.exec('CREATE TABLE deals AS SELECT i, i % 3 AS region FROM range(10) r(i)');
  });
  afterAll(() => db.close());

  const byRegion = {
    sql: 'SELECT region, count(*)::INTEGER AS n FROM deals WHERE i >= ? GROUP BY ALL ORDER BY region',
    params: [1],
  };

  const asRows = (rows: Row[]) => rows;

  it('runs a read once, however often it is prepared, and keeps what is made of its rows', async () => {
    let runs = 0;
    const pivots = new PivotReads((sql, params) => {
      runs++;
      return db.query(sql, params);
    });
    expect(await pivots.kept(byRegion)).toBeNull();
    await Promise.all([pivots.prepare(byRegion, asRows), pivots.prepare(byRegion, asRows)]);
    // Deals 1 to 9: regions 1, 2, 0, 1, 2, 0, 1, 2, 0.
    expect(await pivots.kept(byRegion)).toEqual([
      { region: 0, n: 3 },
      { region: 1, n: 3 },
      { region: 2, n: 3 },
    ]);
    expect(runs).toBe(1);
    const counted = { ...byRegion, params: [3] };
    await pivots.prepare(counted, (rows) => rows.length);
    expect(await pivots.kept(counted)).toBe(3);
    // Other parameters are another read.
    expect(pivots.holds({ ...byRegion, params: [2] })).toBe(false);
  });

  it('keeps no read past its rows, nor a failed one, and forgets those naming a table', async () => {
    const pivots = new PivotReads((sql, params) => db.query(sql, params), 24, 2);
    let kept = 0;
    const keep = (rows: Row[]) => (kept++, rows);
    await pivots.prepare(byRegion, keep);
    expect(await pivots.kept(byRegion)).toBeNull();
    const failing = { sql: 'SELECT * FROM missing', params: [] };
    await pivots.prepare(failing, keep);
    expect(await pivots.kept(failing)).toBeNull();
    expect(kept).toBe(0);
    const two = { sql: 'SELECT region FROM deals WHERE i < 2', params: [] };
    await pivots.prepare(two, keep);
    expect(await pivots.kept(two)).toHaveLength(2);
    pivots.clear('other_table');
    expect(pivots.holds(two)).toBe(true);
    pivots.clear('deals');
    expect(pivots.holds(two)).toBe(false);
  });

  it('keeps the reads prepared last, up to its capacity', async () => {
    const pivots = new PivotReads((sql, params) => db.query(sql, params), 2);
    const reads = [1, 2, 3].map((i) => ({ ...byRegion, params: [i] }));
    for (const read of reads) await pivots.prepare(read, asRows);
    expect(reads.map((read) => pivots.holds(read))).toEqual([false, true, true]);
  });
});
