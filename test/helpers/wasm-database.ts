import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { arrowRows } from '../../src/lib/db/arrow-rows.ts';
import {
  CONNECTION_SETUP,
  type Database,
  type Row,
  type SqlValue,
} from '../../src/lib/db/database.ts';

const dist = dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/blocking'));

/**
 * DuckDB-WASM (the browser's engine, 1.4) in Node, so the import runs on the same engine as the
 * site: functions that exist natively but not in the WASM build (to_json, …) fail here first.
 */
export async function openWasmDatabase(): Promise<Database> {
  const instance = await duckdb.createDuckDB(
    {
      mvp: {
        mainModule: join(dist, 'duckdb-mvp.wasm'),
        mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs'),
      },
      eh: {
        mainModule: join(dist, 'duckdb-eh.wasm'),
        mainWorker: join(dist, 'duckdb-node-eh.worker.cjs'),
      },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await instance.instantiate();
  instance.open({
    query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true },
  });
  const connection = instance.connect();
  for (const statement of CONNECTION_SETUP) connection.query(statement);
  return {
    async query<T extends Row = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
      if (params.length === 0) return arrowRows<T>(connection.query(sql));
      const statement = connection.prepare(sql);
      try {
        return arrowRows<T>(statement.query(...params));
      } finally {
        statement.close();
      }
    },
    async exec(sql: string): Promise<void> {
      connection.query(sql);
    },
    async registerFile(name: string, bytes: Uint8Array): Promise<string> {
      instance.registerFileBuffer(name, bytes);
      return name;
    },
    async dropFile(name: string): Promise<void> {
      instance.dropFile(name);
    },
    async close(): Promise<void> {
      connection.close();
      instance.reset();
    },
  };
}
