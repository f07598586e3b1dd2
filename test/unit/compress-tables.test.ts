import { describe, expect, it } from 'vitest';
import { COMPRESS_FROM_ROWS, compressTables, type Database } from '../../src/lib/db/database.ts';

/** Records the statements compressTables sends. */
function recording(): { db: Database; sent: string[] } {
  const sent: string[] = [];
  const db = {
    exec: (sql: string) => {
      sent.push(sql);
      return Promise.resolve();
    },
  } as Database;
  return { db, sent };
}

describe('compressTables', () => {
  it('leaves the tables of a small import as they are', async () => {
    const { db, sent } = recording();
    await compressTables(db, COMPRESS_FROM_ROWS - 1);
    expect(sent).toEqual([]);
  });

  it('compresses from COMPRESS_FROM_ROWS rows, and when the rows are not known', async () => {
    const { db, sent } = recording();
    await compressTables(db, COMPRESS_FROM_ROWS);
    await compressTables(db);
    expect(sent).toEqual(['CHECKPOINT funnelcast', 'CHECKPOINT funnelcast']);
  });
});
