import { describe, expect, it } from 'vitest';
import { openWasmDatabase } from '../../src/lib/db/wasm-node-database.ts';
import { utf8 } from '../helpers/db.ts';

describe('openWasmDatabase(options)', () => {
  it('opens a database after a closed one with nothing of it: tables, macros, files, settings', async () => {
    const first = await openWasmDatabase({ castResults: false });
    await first.exec('CREATE TABLE deals AS SELECT 1 AS id');
    await first.exec('CREATE MACRO twice(x) AS x * 2');
    await first.registerFile('deals.csv', utf8('id\n1\n'));
    expect(await first.query('SELECT typeof(42::BIGINT) AS t')).toEqual([{ t: 'BIGINT' }]);
    await first.close();

    const second = await openWasmDatabase();
    expect(
      await second.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'deals'"),
    ).toEqual([{ n: 0 }]);
    await expect(second.query('SELECT twice(1)')).rejects.toThrow(/twice/);
    await expect(second.query("SELECT * FROM read_csv('deals.csv')")).rejects.toThrow(/deals\.csv/);
    // Its own options: BIGINT read as a number, as the page reads it.
    expect(await second.query('SELECT 42::BIGINT AS n')).toEqual([{ n: 42 }]);
    await second.close();
  });

  it('opens two at once apart', async () => {
    const [a, b] = await Promise.all([openWasmDatabase(), openWasmDatabase()]);
    await a.exec('CREATE TABLE only_a AS SELECT 1 AS id');
    await expect(b.query('SELECT * FROM only_a')).rejects.toThrow(/only_a/);
    await Promise.all([a.close(), b.close()]);
  });
});
