import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareNextFilter } from '../../src/lib/app/prepare-next-filter.ts';
import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { StatementCache } from '../../src/lib/db/statement-cache.ts';
import { withFilterValue, type CohortFilter } from '../../src/lib/metrics/cohort.ts';
import { computeFunnel } from '../../src/lib/metrics/funnel.ts';
import { computeSegmentFunnels, computeStageFlow } from '../../src/lib/metrics/segment-funnels.ts';
import { computeWinRates } from '../../src/lib/metrics/win-rates.ts';
import { loadSixDeals, stageModel } from '../fixtures/six-deals.ts';

const ABC = stageModel(['A', 'B', 'C']);

/** What the Funnel and Win rates views read under `filter`, by SQL text. */
async function readsUnder(db: Database, filter: CohortFilter): Promise<string[]> {
  const sql: string[] = [];
  const recording: Database = {
    ...db,
    query: (text, params) => {
      sql.push(text);
      return db.query(text, params);
    },
  };
  await computeFunnel(recording, ABC, filter, { asOf: '2024-01-20' });
  await computeStageFlow(recording, filter);
  await computeSegmentFunnels(recording, ABC, filter, 'region');
  await computeWinRates(recording, ABC, filter, {});
  return [...new Set(sql)];
}

describe('prepareNextFilter(db, filter, segment)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openNodeDatabase();
    await loadSixDeals(db, ABC);
  });
  afterAll(() => db.close());

  /**
   * Runs the views' reads under `filter` through a statement cache, then prepares ahead for a
   * value of `segment`: what was prepared, against what the views then read.
   */
  async function rehearse(filter: CohortFilter, segment: 'region' | 'status') {
    const prepared: string[] = [];
    const cache = new StatementCache(async (sql: string) => {
      prepared.push(sql);
      return { close: () => undefined };
    });
    const before = await readsUnder(db, filter);
    for (const sql of before) await cache.run(sql, async () => null);
    prepared.length = 0;
    const rehearsing: Database = {
      ...db,
      prepareVariants: (from, to) => cache.prepareVariants(from, to),
    };
    await prepareNextFilter(rehearsing, filter, segment);
    const after = await readsUnder(db, withFilterValue(filter, segment, 'East'));
    return { before, prepared, after };
  }

  it('prepares every filtered read the views run next, and nothing else', async () => {
    const { before, prepared, after } = await rehearse({}, 'region');
    // Five reads, each over the cohort: with region = East, each is new SQL.
    expect(before).toHaveLength(5);
    expect(after.filter((sql) => before.includes(sql))).toEqual([]);
    expect([...prepared].sort()).toEqual([...after].sort());
  });

  it('adds a placeholder to a field already filtered, after the other fields', async () => {
    const filter: CohortFilter = { where: { region: ['West'] } };
    const { prepared, after } = await rehearse(filter, 'region');
    expect([...prepared].sort()).toEqual([...after].sort());
    expect(prepared.every((sql) => sql.includes('"region" IN (?, ?)'))).toBe(true);
    const two = await rehearse(filter, 'status');
    expect([...two.prepared].sort()).toEqual([...two.after].sort());
    expect(two.prepared.every((sql) => sql.includes('"region" IN (?) AND "status" IN (?)'))).toBe(
      true,
    );
  });

  it('does nothing on a database that cannot prepare ahead', async () => {
    await expect(prepareNextFilter(db, {}, 'region')).resolves.toBeUndefined();
  });
});
