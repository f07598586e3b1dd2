import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { arrowRows } from './arrow-rows.ts';
import { CONNECTION_SETUP, type Database, type Row, type SqlValue } from './database.ts';

const dist = dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/blocking'));

export interface WasmNodeDatabase extends Database {
  insertArrow(table: string, stream: Uint8Array): Promise<void>;
  scratch(): Promise<Database>;
  /** The rows of `sql` as an Arrow IPC stream, in DuckDB's own types. */
  arrowStream(sql: string): Uint8Array;
}

/**
 * DuckDB-WASM (the browser's engine) in Node, so the import runs on the same engine as the site:
 * functions that exist natively but not in the WASM build (to_json, …) fail here first. With
 * `castResults` off, BIGINT and TIMESTAMP come out as such rather than as the page reads them
 * (doubles and dates), so that `arrowStream` writes tables that load back as they were.
 */
export async function openWasmDatabase({ castResults = true } = {}): Promise<WasmNodeDatabase> {
  const instance = idleInstances.pop() ?? (await instantiateDuckDB());
  instance.open(
    castResults
      ? {
          query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true },
        }
      : {},
  );
  const connection = instance.connect();
  for (const statement of CONNECTION_SETUP) connection.query(statement);
  let scratches = 0;
  return {
    ...connectionDatabase(instance, connection, ''),
    async insertArrow(table: string, stream: Uint8Array): Promise<void> {
      connection.insertArrowFromIPCStream(stream, { name: table });
    },
    arrowStream(sql: string): Uint8Array {
      const file = connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql));
      return tableToIPC(tableFromIPC(file), 'stream');
    },
    async scratch(): Promise<Database> {
      const name = `scratch_${++scratches}`;
      const other = instance.connect();
      other.query(`ATTACH ':memory:' AS ${name}`);
      other.query(`USE ${name}`);
      return {
        ...connectionDatabase(instance, other, `${name}/`),
        async close(): Promise<void> {
          other.query('USE funnelcast');
          other.query(`DETACH ${name}`);
          other.close();
        },
      };
    },
    async close(): Promise<void> {
      connection.close();
      instance.dropFiles();
      instance.reset();
      idleInstances.push(instance);
    },
  };
}

/**
 * DuckDB modules whose database was closed: reset (tables, macros and registered files gone) and
 * kept for the next open. Instantiating one costs about a second in Node, most of it emscripten's
 * dynamic-linking glue relocating tens of thousands of symbols, against some 50 ms to open a
 * database in one already there: a process that opens many (the unit tests) pays it once.
 */
const idleInstances: duckdb.DuckDBBindings[] = [];

async function instantiateDuckDB(): Promise<duckdb.DuckDBBindings> {
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
  return instance;
}

/** What every connection's adapter shares; `prefix` keeps a scratch connection's files apart. */
function connectionDatabase(
  instance: duckdb.DuckDBBindings,
  connection: duckdb.DuckDBConnection,
  prefix: string,
): Omit<Database, 'close'> {
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
      instance.registerFileBuffer(prefix + name, bytes);
      return prefix + name;
    },
    async dropFile(name: string): Promise<void> {
      instance.dropFile(prefix + name);
    },
  };
}
