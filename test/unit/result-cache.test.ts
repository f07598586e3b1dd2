import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/lib/db/database.ts';
import { ResultCache } from '../../src/lib/db/result-cache.ts';

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
