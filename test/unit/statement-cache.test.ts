import { describe, expect, it } from 'vitest';
import { StatementCache } from '../../src/lib/db/statement-cache.ts';

/** A fake prepared statement that records what happened to it. */
function fakes() {
  const log: string[] = [];
  let made = 0;
  const prepare = async (sql: string) => {
    if (sql.includes('bad')) throw new Error(`cannot prepare ${sql}`);
    const id = `${sql}#${++made}`;
    log.push(`prepare ${id}`);
    return { id, close: () => log.push(`close ${id}`) };
  };
  return { log, prepare };
}

describe('StatementCache', () => {
  it('prepares a statement once and runs it again by its text', async () => {
    const { log, prepare } = fakes();
    const cache = new StatementCache(prepare);
    const ids = [
      await cache.run('SELECT 1', async (s) => s.id),
      await cache.run('SELECT 1', async (s) => s.id),
      await cache.run('SELECT 2', async (s) => s.id),
    ];
    expect(ids).toEqual(['SELECT 1#1', 'SELECT 1#1', 'SELECT 2#2']);
    expect(log).toEqual(['prepare SELECT 1#1', 'prepare SELECT 2#2']);
  });

  it('closes the least recently used statement past its capacity', async () => {
    const { log, prepare } = fakes();
    const cache = new StatementCache(prepare, 2);
    await cache.run('A', async () => null);
    await cache.run('B', async () => null);
    await cache.run('A', async () => null); // A is now the most recent: B goes first.
    await cache.run('C', async () => null);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['prepare A#1', 'prepare B#2', 'prepare C#3', 'close B#2']);
    await cache.run('A', async () => null);
    expect(log.filter((l) => l.startsWith('prepare'))).toHaveLength(3);
  });

  it('closes every statement on clear, but only after the queries running on them', async () => {
    const { log, prepare } = fakes();
    const cache = new StatementCache(prepare);
    let finish = () => {};
    const running = cache.run(
      'SELECT slow',
      (s) =>
        new Promise<string>((resolve) => {
          finish = () => {
            log.push(`done ${s.id}`);
            resolve(s.id);
          };
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cleared = cache.clear();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['prepare SELECT slow#1']);
    finish();
    await Promise.all([running, cleared]);
    expect(log).toEqual(['prepare SELECT slow#1', 'done SELECT slow#1', 'close SELECT slow#1']);
    // Prepared anew after a clear.
    await cache.run('SELECT slow', async () => null);
    expect(log.at(-1)).toBe('prepare SELECT slow#2');
  });

  it('does not keep a statement that failed to prepare', async () => {
    const { prepare } = fakes();
    let attempts = 0;
    const cache = new StatementCache(async (sql: string) => {
      attempts++;
      return prepare(sql);
    });
    await expect(cache.run('bad', async () => null)).rejects.toThrow('cannot prepare bad');
    await expect(cache.run('bad', async () => null)).rejects.toThrow('cannot prepare bad');
    expect(attempts).toBe(2);
  });

  it('keeps reads only', () => {
    expect(StatementCache.keeps('SELECT 1')).toBe(true);
    expect(StatementCache.keeps('\n  with c AS (SELECT 1) SELECT * FROM c')).toBe(true);
    expect(StatementCache.keeps('CREATE OR REPLACE TABLE t AS SELECT 1')).toBe(false);
    expect(StatementCache.keeps('INSERT INTO t VALUES (?)')).toBe(false);
    expect(StatementCache.keeps('SELECTED')).toBe(false);
  });

  it('counts a statement touched as just used', async () => {
    const { log, prepare } = fakes();
    const cache = new StatementCache(prepare, 2);
    await cache.run('A', async () => null);
    await cache.run('B', async () => null);
    cache.touch('A');
    cache.touch('not kept');
    await cache.run('C', async () => null);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['prepare A#1', 'prepare B#2', 'prepare C#3', 'close B#2']);
  });

  it('prepares variants of the latest statements holding a text, which then run prepared', async () => {
    const { log, prepare } = fakes();
    const cache = new StatementCache(prepare);
    for (const sql of ['x WHERE (f)', 'y', 'z WHERE (f) AND (f)', 'w WHERE (f)']) {
      await cache.run(sql, async () => null);
    }
    log.length = 0;
    // The two latest holding (f): w, then z (every occurrence replaced); x is older.
    await cache.prepareVariants('(f)', '(g)', 2);
    expect(log).toEqual(['prepare z WHERE (g) AND (g)#5', 'prepare w WHERE (g)#6']);
    expect(await cache.run('w WHERE (g)', async (s) => s.id)).toBe('w WHERE (g)#6');
    // Nothing prepared twice: w's variant is kept; x's is new.
    log.length = 0;
    await cache.prepareVariants('(f)', '(g)', 3);
    expect(log).toEqual(['prepare x WHERE (g)#7']);
  });
});
