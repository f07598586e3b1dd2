import type { Row, SqlValue } from './database.ts';
import { names } from './result-cache.ts';

/** A read with its parameters. */
export interface Read {
  sql: string;
  params: SqlValue[];
}

/** What `Database.pivots` offers: see `PivotReads`. */
export type Pivots = Pick<PivotReads, 'prepare' | 'kept' | 'holds' | 'clear'>;

/**
 * Grouped reads run ahead of the filter changes they answer: each one a view's read with one more
 * column to group by (a filter field, left out of its filter), so that any values of that field
 * are then answered by adding up its rows in the page (`PivotIndex`), without DuckDB. Each read's
 * rows are kept in the form its `keep` makes of them, by the read's SQL and parameters, the least
 * recently prepared going first; `clear` must be called for every statement that may change what
 * a read returns, as for the result cache.
 */
export class PivotReads {
  readonly #reads = new Map<string, { sql: string; kept: Promise<unknown> }>();

  constructor(
    private readonly query: (sql: string, params: SqlValue[]) => Promise<Row[]>,
    /** Reads kept in all. */
    private readonly capacity = 16,
    /**
     * A read with more rows is not kept (nor are they all fetched): adding up as many in the page
     * would take longer than DuckDB's read.
     */
    private readonly maxRows = 50_000,
  ) {}

  /** Runs `read` and keeps what `keep` makes of its rows, unless it is kept or running already. */
  prepare(read: Read, keep: (rows: Row[]) => unknown): Promise<unknown> {
    const key = keyOf(read);
    const running = this.#reads.get(key);
    if (running) return running.kept;
    const limited = `SELECT * FROM (${read.sql}) LIMIT ${this.maxRows + 1}`;
    const kept = this.query(limited, read.params).then(
      (rows) => (rows.length <= this.maxRows ? keep(rows) : null),
      () => null,
    );
    this.#reads.set(key, { sql: read.sql, kept });
    while (this.#reads.size > this.capacity) this.#reads.delete(this.#reads.keys().next().value!);
    return kept;
  }

  /** What was kept of `read` once run ahead (waiting for it when it is running), or null. */
  async kept(read: Read): Promise<unknown> {
    return (await this.#reads.get(keyOf(read))?.kept) ?? null;
  }

  /** Whether `read` was run ahead, or is running. */
  holds(read: Read): boolean {
    return this.#reads.has(keyOf(read));
  }

  /** Forgets every read, or only those that name `table`. */
  clear(table?: string): void {
    for (const [key, { sql }] of this.#reads) {
      if (table === undefined || names(sql, table)) this.#reads.delete(key);
    }
  }
}

const keyOf = (read: Read) => JSON.stringify([read.sql, read.params]);
