import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/lib/db/database.ts';
import { insertedTable, ResultCache } from '../../src/lib/db/result-cache.ts';

/** A stand-in for DuckDB: counts the reads that reach it and answers what `table` holds now. */
function engine() {
  const state = { reads: 0, table: [{ n: 1 }] as Row[] };
  const read = () => {
    state.reads += 1;
    return Promise.resolve(state.table.map((r) => ({ ...r })));
  };
  return { state, read };
}

describe('ResultCache', () => {
  it('answers a read seen before without running it, by SQL and parameters', async () => {
    const cache = new ResultCache();
    const { state, read } = engine();
    expect(await cache.read('SELECT n', ['EMEA'], read)).toEqual([{ n: 1 }]);
    expect(await cache.read('SELECT n', ['EMEA'], read)).toEqual([{ n: 1 }]);
    expect(state.reads).toBe(1);
    await cache.read('SELECT n', ['APAC'], read);
    await cache.read('SELECT m', ['EMEA'], read);
    expect(state.reads).toBe(3);
  });

  it('gives each caller its own rows', async () => {
    const cache = new ResultCache();
    const { read } = engine();
    const first = await cache.read('SELECT n', [], read);
    first[0]!.n = 99;
    first.push({ n: 2 });
    const again = await cache.read('SELECT n', [], read);
    again[0]!.n = 42;
    expect(await cache.read('SELECT n', [], read)).toEqual([{ n: 1 }]);
  });

  it('reads again after clear', async () => {
    const cache = new ResultCache();
    const { state, read } = engine();
    await cache.read('SELECT n', [], read);
    state.table = [{ n: 2 }];
    cache.clear();
    expect(await cache.read('SELECT n', [], read)).toEqual([{ n: 2 }]);
    expect(state.reads).toBe(2);
  });

  it('does not keep a result whose read was sent before a clear', async () => {
    const cache = new ResultCache();
    const { state } = engine();
    let answer!: (rows: Row[]) => void;
    const pending = cache.read('SELECT n', [], () => new Promise<Row[]>((r) => (answer = r)));
    // A write lands while the read is out: what the read brings back may predate it.
    cache.clear();
    state.table = [{ n: 2 }];
    answer([{ n: 1 }]);
    expect(await pending).toEqual([{ n: 1 }]);
    expect(await cache.read('SELECT n', [], () => Promise.resolve(state.table))).toEqual([
      { n: 2 },
    ]);
  });

  it('after an insert, forgets only the reads that name its table', async () => {
    const cache = new ResultCache();
    const { state, read } = engine();
    await cache.read('SELECT count(*) FROM as_of_states WHERE as_of = ?', ['2024-01-01'], read);
    await cache.read('SELECT "n" FROM "as_of_states"', [], read);
    await cache.read('SELECT n FROM opp_progress', [], read);
    await cache.read('SELECT n FROM as_of_states_old', [], read);
    expect(state.reads).toBe(4);
    state.table = [{ n: 2 }];
    cache.clear('as_of_states');
    expect(
      await cache.read('SELECT count(*) FROM as_of_states WHERE as_of = ?', ['2024-01-01'], read),
    ).toEqual([{ n: 2 }]);
    expect(await cache.read('SELECT "n" FROM "as_of_states"', [], read)).toEqual([{ n: 2 }]);
    expect(state.reads).toBe(6);
    // Another table, and a name the table's is only part of: kept.
    expect(await cache.read('SELECT n FROM opp_progress', [], read)).toEqual([{ n: 1 }]);
    expect(await cache.read('SELECT n FROM as_of_states_old', [], read)).toEqual([{ n: 1 }]);
    expect(state.reads).toBe(6);
  });

  it('does not keep a read sent before an insert into a table it names', async () => {
    const cache = new ResultCache();
    const answers: Array<(rows: Row[]) => void> = [];
    const pending = (sql: string) =>
      cache.read(sql, [], () => new Promise<Row[]>((r) => answers.push(r)));
    const states = pending('SELECT n FROM as_of_states');
    const deals = pending('SELECT n FROM opp_progress');
    cache.clear('as_of_states');
    answers.forEach((answer) => answer([{ n: 1 }]));
    await Promise.all([states, deals]);
    let reads = 0;
    const again = (sql: string) =>
      cache.read(sql, [], () => ((reads += 1), Promise.resolve([{ n: 2 }])));
    expect(await again('SELECT n FROM as_of_states')).toEqual([{ n: 2 }]);
    expect(await again('SELECT n FROM opp_progress')).toEqual([{ n: 1 }]);
    expect(reads).toBe(1);
  });

  it('names the table an INSERT INTO writes, and none for other statements', () => {
    expect(insertedTable('INSERT INTO as_of_states WITH d AS (SELECT 1) SELECT * FROM d')).toBe(
      'as_of_states',
    );
    expect(insertedTable('  insert into "stage_map" VALUES (?, ?, ?)')).toBe('stage_map');
    expect(insertedTable('INSERT INTO import_problems(file) VALUES (?)')).toBe('import_problems');
    expect(insertedTable('CREATE TABLE t AS SELECT 1')).toBeNull();
    expect(insertedTable('INSERT OR REPLACE INTO t VALUES (1)')).toBeNull();
    expect(insertedTable('SELECT * FROM t -- INSERT INTO t')).toBeNull();
  });

  it('keeps the most recently used results up to its rows, and no large result', async () => {
    const cache = new ResultCache(2, 3);
    const { state, read } = engine();
    await cache.read('a', [], read);
    await cache.read('b', [], read);
    await cache.read('a', [], read);
    await cache.read('c', [], read);
    expect(state.reads).toBe(3);
    await cache.read('a', [], read);
    expect(state.reads).toBe(3);
    await cache.read('b', [], read);
    expect(state.reads).toBe(4);
    const big = () => Promise.resolve([1, 2, 3, 4].map((n) => ({ n })));
    let bigReads = 0;
    const counted = () => ((bigReads += 1), big());
    await cache.read('big', [], counted);
    await cache.read('big', [], counted);
    expect(bigReads).toBe(2);
  });
});
