import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { PivotReads } from '../../src/lib/db/pivot-reads.ts';
import { countRunning } from '../../src/lib/db/running-statements.ts';

describe('countRunning(db, report)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDatabase();
  });
  afterAll(() => db.close());

  it('reports each statement starting and finishing, failed ones included', async () => {
    const reports: number[] = [];
    const counted = countRunning(db, (running) => reports.push(running));
    await counted.exec('CREATE TABLE t AS SELECT * FROM range(4) r(i)');
    expect(reports).toEqual([1, 0]);
    const [a, b] = await Promise.all([
      counted.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t WHERE i < ?', [2]),
      counted.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t'),
    ]);
    expect([a, b]).toEqual([[{ n: 2 }], [{ n: 4 }]]);
    expect(reports).toEqual([1, 0, 1, 2, 1, 0]);
    await expect(counted.query('SELECT * FROM missing')).rejects.toThrow(/missing/);
    expect(reports.slice(-2)).toEqual([1, 0]);
  });

  it('counts a change waiting for a pivot read, not the pivot read run ahead', async () => {
    const reports: number[] = [];
    const pivots = new PivotReads((sql, params) => db.query(sql, params));
    const counted = countRunning({ ...db, pivots }, (running) => reports.push(running));
    const read = { sql: 'SELECT 7 AS n', params: [] };
    await counted.pivots!.prepare(read, (rows) => rows);
    expect(reports).toEqual([]);
    expect(counted.pivots!.holds(read)).toBe(true);
    expect(await counted.pivots!.kept(read)).toEqual([{ n: 7 }]);
    expect(reports).toEqual([1, 0]);
    counted.pivots!.clear();
    expect(counted.pivots!.holds(read)).toBe(false);
  });
});
