import type { Table } from 'apache-arrow';

/**
 * DuckDB-WASM's threaded (coi) bundle copies into wasm memory (SQL text, Arrow streams, file
 * buffers) and copies results out through a view of the memory that its worker renews only in
 * some calls. After one of DuckDB's threads grew the memory, a copy into the new part fails with
 * "offset is out of bounds" (duckdb/duckdb-wasm#2256), and a result there comes out empty: no
 * columns, where every DuckDB result has at least one. The page's start failed so in CI, once in
 * about three runs: likely DuckDB's threads, which start with it, grew the memory meanwhile.
 */
export interface MemoryViews {
  /** Runs a call that copies text into wasm memory (a statement's SQL). */
  copyIn<T>(call: () => Promise<T>): Promise<T>;
  /** Runs a call that moves a buffer to the worker, to be copied into wasm memory. */
  moveIn(call: () => Promise<void>): Promise<void>;
  /** Runs a read (which renews the view as it starts) again if its result came out empty. */
  read(call: () => Promise<Table>): Promise<Table>;
}

const ATTEMPTS = 3;

/**
 * A call passing a string renews the view, so one (`renew`) is posted right before each copy; the
 * worker takes its messages in turn, so nothing runs between the two. (With a query growing the
 * memory on other threads all along, 64 of 64 copies of 2 to 8 MB of SQL went through so, against
 * 15 of 32 without.) A copy of text that still failed did so before DuckDB ran anything, and is
 * posted again; so is a read: it changes nothing. A buffer moved to the worker is gone from here,
 * so it is not.
 */
export function renewingViews(renew: () => Promise<unknown>): MemoryViews {
  return {
    async copyIn<T>(call: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          const [, result] = await Promise.all([renew(), call()]);
          return result;
        } catch (error) {
          if (attempt === ATTEMPTS || !copiedPastView(error)) throw error;
        }
      }
    },
    async moveIn(call: () => Promise<void>): Promise<void> {
      await Promise.all([renew(), call()]);
    },
    async read(call: () => Promise<Table>): Promise<Table> {
      for (let attempt = 1; ; attempt++) {
        const table = await call();
        if (attempt === ATTEMPTS || table.schema.fields.length > 0) return table;
      }
    },
  };
}

/** The error a copy into wasm memory through an outgrown view fails with. */
export function copiedPastView(error: unknown): boolean {
  return error instanceof Error && error.message === 'offset is out of bounds';
}

/** The single-threaded bundles: one thread, so the view is never outgrown behind its back. */
export const singleThreaded: MemoryViews = {
  copyIn: (call) => call(),
  moveIn: (call) => call(),
  read: (call) => call(),
};
