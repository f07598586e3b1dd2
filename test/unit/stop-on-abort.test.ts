import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import { stopOnAbort } from '../../src/lib/db/stop-on-abort.ts';
import { utf8 } from '../helpers/db.ts';

describe('stopOnAbort(db, signal)', () => {
  it('runs statements until the signal aborts, the one sent to its end, then none', async () => {
    const db = await openNodeDatabase();
    const controller = new AbortController();
    const stoppable = stopOnAbort(db, controller.signal);
    await stoppable.exec('CREATE TABLE before AS SELECT 1 AS id');
    const sent = stoppable.query<{ n: number }>('SELECT count(*) AS n FROM range(1000000)');
    controller.abort();
    expect(await sent).toEqual([{ n: 1_000_000 }]);

    await expect(stoppable.exec('CREATE TABLE after AS SELECT 1 AS id')).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    await expect(stoppable.query('SELECT 1')).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    await expect(stoppable.registerFile('late.csv', utf8('id\n1\n'))).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    expect(
      await db.query<{ table_name: string }>('SELECT table_name FROM duckdb_tables() ORDER BY 1'),
    ).toEqual([{ table_name: 'before' }]);
    await stoppable.close();
  });

  it('drops a file registered before the signal aborted', async () => {
    const db = await openNodeDatabase();
    const controller = new AbortController();
    const stoppable = stopOnAbort(db, controller.signal);
    const path = await stoppable.registerFile('early.csv', utf8('id\n1\n'));
    controller.abort();
    await stoppable.dropFile('early.csv');
    await expect(db.query(`SELECT * FROM read_csv('${path}')`)).rejects.toThrow();
    await stoppable.close();
  });
});
