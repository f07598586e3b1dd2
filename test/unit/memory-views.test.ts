import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { renewingViews } from '../../src/lib/db/memory-views.ts';

/** A worker that logs, in order, the renewals and the calls posted to it. */
function worker() {
  const log: string[] = [];
  const renew = async () => {
    log.push('renew');
  };
  return { log, views: renewingViews(renew) };
}

/** A call that fails with `errors` in turn, then answers `done`. */
function failing(log: string[], errors: Error[]) {
  return async () => {
    log.push('copy');
    const error = errors.shift();
    if (error) throw error;
    return 'done';
  };
}

const outgrown = () => new Error('offset is out of bounds');
const table = (columns: number) => ({ schema: { fields: Array(columns).fill({}) } }) as Table;

describe('renewingViews', () => {
  it('posts a renewal right before each copy, without waiting for it', async () => {
    const { log, views } = worker();
    let renewed = false;
    const copied = views.copyIn(async () => {
      renewed = log.includes('renew');
      return 1;
    });
    expect(renewed).toBe(true);
    expect(await copied).toBe(1);
  });

  it('posts a copy again after it failed past an outgrown view, with a renewal before each', async () => {
    const { log, views } = worker();
    expect(await views.copyIn(failing(log, [outgrown(), outgrown()]))).toBe('done');
    expect(log).toEqual(['renew', 'copy', 'renew', 'copy', 'renew', 'copy']);
  });

  it('gives up after three tries, with the error', async () => {
    const { log, views } = worker();
    const copy = failing(log, [outgrown(), outgrown(), outgrown()]);
    await expect(views.copyIn(copy)).rejects.toThrow('offset is out of bounds');
    expect(log.filter((entry) => entry === 'copy')).toHaveLength(3);
  });

  it('does not post again a call that failed otherwise', async () => {
    const { log, views } = worker();
    const copy = failing(log, [new Error('Catalog Error: Table with name x does not exist!')]);
    await expect(views.copyIn(copy)).rejects.toThrow('Catalog Error');
    expect(log).toEqual(['renew', 'copy']);
  });

  it('posts a moved buffer once, after a renewal: it is gone from the page', async () => {
    const { log, views } = worker();
    const move = async () => {
      await failing(log, [outgrown()])();
    };
    await expect(views.moveIn(move)).rejects.toThrow('offset is out of bounds');
    expect(log).toEqual(['renew', 'copy']);
  });

  it('reads again a result that came out with no columns, and returns the first whole one', async () => {
    const { views } = worker();
    const results = [table(0), table(2), table(3)];
    const read = await views.read(async () => results.shift()!);
    expect(read.schema.fields).toHaveLength(2);
    expect(results).toHaveLength(1);
  });

  it('reads once when the result has its columns, and stops at three reads', async () => {
    const { views } = worker();
    let reads = 0;
    await views.read(async () => (reads++, table(1)));
    expect(reads).toBe(1);
    const empty = await views.read(async () => (reads++, table(0)));
    expect(empty.schema.fields).toHaveLength(0);
    expect(reads).toBe(4);
  });
});
