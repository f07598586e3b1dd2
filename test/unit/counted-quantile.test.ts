import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/db/database.ts';
import { countedQuantile } from '../../src/lib/metrics/stats/counted-quantile.ts';
import { ENGINES } from '../helpers/engines.ts';

describe('countedQuantile(sorted, q)', () => {
  it('interpolates between ranks as quantile_cont does', () => {
    // 2, 3, 4, 7: h = 1.5 → 3.5; h = 2.25 → 4 + 0.25·3 = 4.75; h = 2.7 → 4 + 0.7·3 = 6.1.
    const values = [2, 3, 4, 7].map((value) => ({ value, n: 1 }));
    expect(countedQuantile(values, 0.5)).toBe(3.5);
    expect(countedQuantile(values, 0.75)).toBe(4.75);
    expect(countedQuantile(values, 0.9)).toBeCloseTo(6.1, 12);
  });

  it('reads a value counted several times as that many values', () => {
    // 2, 3, 3, 7: h = 1.5 → 3; h = 2.25 → 3 + 0.25·4 = 4; h = 0 → 2; h = 3 → 7.
    const counted = [
      { value: 2, n: 1 },
      { value: 3, n: 2 },
      { value: 7, n: 1 },
    ];
    expect([0.5, 0.75, 0, 1].map((q) => countedQuantile(counted, q))).toEqual([3, 4, 2, 7]);
  });

  it('is null over nothing, and the value itself over one value', () => {
    expect(countedQuantile([], 0.5)).toBeNull();
    expect(countedQuantile([{ value: 9, n: 3 }], 0.9)).toBe(9);
  });
});

describe.each(ENGINES)('countedQuantile against quantile_cont on %s', (_engine, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives what DuckDB gives over the values one by one', async () => {
    // 1,000 whole numbers of days in 0…89, skewed towards short visits.
    let seed = 7;
    const days = Array.from({ length: 1000 }, () => {
      seed = (seed * 48271) % 2147483647;
      return Math.floor((seed / 2147483647) ** 2 * 90);
    });
    const list = days.join(', ');
    const [duck] = await db.query<{ p50: number; p75: number; p90: number }>(
      `SELECT quantile_cont(d, 0.5) AS p50, quantile_cont(d, 0.75) AS p75,
         quantile_cont(d, 0.9) AS p90 FROM unnest([${list}]::DOUBLE[]) t(d)`,
    );
    const counts = new Map<number, number>();
    for (const d of days) counts.set(d, (counts.get(d) ?? 0) + 1);
    const counted = [...counts]
      .map(([value, n]) => ({ value, n }))
      .sort((a, b) => a.value - b.value);
    expect(countedQuantile(counted, 0.5)).toBeCloseTo(duck!.p50, 9);
    expect(countedQuantile(counted, 0.75)).toBeCloseTo(duck!.p75, 9);
    expect(countedQuantile(counted, 0.9)).toBeCloseTo(duck!.p90, 9);
  });
});
