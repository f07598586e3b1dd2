import type { Pivots } from './pivot-reads.ts';

/** A value that can be bound to a prepared-statement parameter. */
export type SqlValue = string | number | boolean | null;

/** A result row: BIGINT/DECIMAL arrive as numbers, DATE as 'YYYY-MM-DD', TIMESTAMP as ISO text. */
export type Row = Record<string, SqlValue>;

/**
 * The one narrow interface between the app and DuckDB. The browser adapter runs DuckDB-WASM in a
 * worker; the Node adapter runs native DuckDB for tests and the command line.
 */
export interface Database {
  /** Runs one statement with positional `?` parameters and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Runs statements that return nothing (DDL, several statements separated by `;`). */
  exec(sql: string): Promise<void>;
  /** Makes bytes readable by `read_csv`; returns the path to name in SQL (pass it through `literal`). */
  registerFile(name: string, bytes: Uint8Array): Promise<string>;
  dropFile(name: string): Promise<void>;
  /**
   * Creates `table` from an Arrow IPC stream. DuckDB-WASM only: native DuckDB has no Arrow reader
   * built in, and nothing that runs natively needs one.
   */
  insertArrow?(table: string, stream: Uint8Array): Promise<void>;
  /**
   * Prepares ahead the reads just run with `from` in their SQL as they would read with `to` in its
   * place (DuckDB-WASM only: where a prepare is a round trip to DuckDB's worker).
   */
  prepareVariants?(from: string, to: string): Promise<void>;
  /** Grouped reads run ahead of the filter changes they answer (DuckDB-WASM only). */
  pivots?: Pivots;
  /**
   * A second connection, into an empty in-memory database of its own that `close` throws away,
   * for work whose results nobody reads (DuckDB-WASM only).
   */
  scratch?(): Promise<Database>;
  close(): Promise<void>;
}

/**
 * The settings every connection starts with: offline extensions must never be fetched, and tables
 * live in an in-memory database that compresses them (a tenth of the memory, and faster scans),
 * at the checkpoints `compressTables` asks for rather than after every 16 MB written.
 */
export const CONNECTION_SETUP = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  "ATTACH IF NOT EXISTS ':memory:' AS funnelcast (COMPRESS)",
  'USE funnelcast',
  "SET checkpoint_threshold = '1TB'",
];

/**
 * Rows (opportunities and stage changes) below which an import's tables are not compressed: a
 * checkpoint costs a tenth of a second or more in the page, and small tables neither crowd memory
 * nor scan slowly.
 */
export const COMPRESS_FROM_ROWS = 100_000;

/** Compresses every table written since the last call, unless `rows` says the data is small. */
export async function compressTables(db: Database, rows = Infinity): Promise<void> {
  if (rows >= COMPRESS_FROM_ROWS) await db.exec('CHECKPOINT funnelcast');
}
