import * as duckdb from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthreadWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';
import { CONNECTION_SETUP, type Database, type Row, type SqlValue } from './database.ts';
import { arrowRows } from './arrow-rows.ts';
import { renewingViews, singleThreaded, type MemoryViews } from './memory-views.ts';
import { PivotReads } from './pivot-reads.ts';
import { insertedTable, ResultCache } from './result-cache.ts';
import { StatementCache } from './statement-cache.ts';

/** Every bundle is served by the site itself: nothing is fetched from a CDN. */
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
  coi: { mainModule: coiWasm, mainWorker: coiWorker, pthreadWorker: coiPthreadWorker },
};

/** What DuckDB started as, left on a User Timing mark (`duckdb-started`) for tests and the bench. */
export interface BrowserDatabaseInfo {
  bundle: 'coi' | 'eh' | 'mvp';
  version: string;
  threads: number;
}

/**
 * The multi-threaded (coi) bundle runs 4 threads unless told otherwise; on fewer cores they
 * outnumber what the machine runs beside the page (on two cores a 1M-row import was 8% quicker
 * at 2 threads than at 4: median of five paired runs). It is never asked for more than those 4.
 * The single-threaded bundles refuse any thread setting.
 */
const MAX_THREADS = 4;

async function open(): Promise<Database> {
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!);
  const instance = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await instance.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await instance.open({
    ...(bundle.pthreadWorker
      ? { maximumThreads: Math.min(navigator.hardwareConcurrency || MAX_THREADS, MAX_THREADS) }
      : {}),
    query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true },
  });
  const views = bundle.pthreadWorker
    ? renewingViews(() => instance.globFiles('funnelcast-renews-memory-views'))
    : singleThreaded;
  const connection = await instance.connect();
  const run = (sql: string) => views.copyIn(() => connection.query(sql));
  for (const statement of CONNECTION_SETUP) await run(statement);
  const setting = (
    await run("SELECT version() AS version, current_setting('threads')::INTEGER AS threads")
  ).get(0);
  const info: BrowserDatabaseInfo = {
    bundle: bundle.mainModule === coiWasm ? 'coi' : bundle.mainModule === ehWasm ? 'eh' : 'mvp',
    version: String(setting?.version ?? ''),
    threads: Number(setting?.threads ?? 1),
  };
  performance.mark('duckdb-started', { detail: info });

  const statements = new StatementCache((sql) => views.copyIn(() => connection.prepare(sql)));
  const results = new ResultCache();
  const runRead = async <T extends Row>(sql: string, params: SqlValue[]): Promise<T[]> => {
    const start = performance.now();
    const table = await views.read(() =>
      statements.run(sql, (statement) => statement.query(...params)),
    );
    const rows = arrowRows<T>(table);
    // A User Timing entry per read DuckDB ran (DevTools' Performance panel, `npm run bench`).
    performance.measure('duckdb', { start, detail: sql });
    return rows;
  };
  const pivots = new PivotReads(runRead);
  /** Forgets what reads returned: for every statement that may change it. */
  const forget = (table?: string) => {
    results.clear(table);
    pivots.clear(table);
  };

  const db: Database = {
    async query<T extends Row = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
      if (!StatementCache.keeps(sql)) {
        // An insert leaves the tables' shapes and every other table's rows as they were.
        const table = insertedTable(sql);
        forget(table ?? undefined);
        if (!table) await statements.clear();
        const statement = await views.copyIn(() => connection.prepare(sql));
        try {
          return arrowRows<T>(await statement.query(...params));
        } finally {
          await statement.close();
        }
      }
      statements.touch(sql);
      return results.read(sql, params, () => runRead<T>(sql, params));
    },
    async exec(sql: string): Promise<void> {
      forget();
      await statements.clear();
      await run(sql);
    },
    prepareVariants: (from, to) => statements.prepareVariants(from, to),
    pivots,
    async registerFile(name: string, bytes: Uint8Array): Promise<string> {
      forget();
      // The buffer is transferred to the worker whole: a view into a larger buffer is copied out.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      await views.moveIn(() => instance.registerFileBuffer(name, whole ? bytes : bytes.slice()));
      return name;
    },
    async dropFile(name: string): Promise<void> {
      forget();
      await instance.dropFile(name);
    },
    async insertArrow(table: string, stream: Uint8Array): Promise<void> {
      forget();
      await statements.clear();
      await views.moveIn(() => connection.insertArrowFromIPCStream(stream, { name: table }));
    },
    scratch: () => scratchDatabase(instance, views),
    async close(): Promise<void> {
      await connection.close();
      await instance.terminate();
    },
  };
  return db;
}

/** `USE` and temporary macros belong to a connection, so the import runs here unchanged. */
async function scratchDatabase(
  instance: duckdb.AsyncDuckDB,
  views: MemoryViews,
): Promise<Database> {
  const connection = await instance.connect();
  const run = (sql: string) => views.copyIn(() => connection.query(sql));
  const name = `scratch_${++scratches}`;
  await run(`ATTACH ':memory:' AS ${name}`);
  await run(`USE ${name}`);
  return {
    async query<T extends Row = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
      const statement = await views.copyIn(() => connection.prepare(sql));
      try {
        return arrowRows<T>(await statement.query(...params));
      } finally {
        await statement.close();
      }
    },
    async exec(sql: string): Promise<void> {
      await run(sql);
    },
    // Its files are named apart from the page's, which may be importing at the same time.
    async registerFile(file: string, bytes: Uint8Array): Promise<string> {
      await views.moveIn(() => instance.registerFileBuffer(`${name}/${file}`, bytes.slice()));
      return `${name}/${file}`;
    },
    async dropFile(file: string): Promise<void> {
      await instance.dropFile(`${name}/${file}`);
    },
    async close(): Promise<void> {
      await run('USE funnelcast');
      await run(`DETACH ${name}`);
      await connection.close();
    },
  };
}

let scratches = 0;

let started: Promise<Database> | undefined;

/** DuckDB starts on first use; every caller shares the one start-up. */
export function browserDatabase(): Promise<Database> {
  started ??= open();
  return started;
}
