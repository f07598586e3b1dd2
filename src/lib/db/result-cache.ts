import type { Row, SqlValue } from './database.ts';

/** A read on its way to DuckDB; `stale` once a write it may not see has been sent. */
interface Pending {
  sql: string;
  stale: boolean;
}

/**
 * The one table an `INSERT INTO` statement writes (what else it reads is left as it was), or null
 * for any other statement.
 */
export function insertedTable(sql: string): string | null {
  return /^\s*INSERT\s+INTO\s+"?([A-Za-z_]\w*)"?[\s(]/i.exec(sql)?.[1] ?? null;
}

/** Whether `sql` names `table` (a word of it, quoted or not): a read that may see its rows. */
export const names = (sql: string, table: string) =>
  new RegExp(`(^|[^\\w])${table}($|[^\\w])`, 'i').test(sql);

/**
 * Results of reads by their SQL and parameters, so going back to a filter already seen (a chip
 * removed, a view opened again) answers without DuckDB. `clear` must be called for every
 * statement that may change what a read returns (DDL, inserts, a file registered under a name),
 * with the table when it writes only that one; a result whose read was sent before such a
 * statement is not kept. Each caller gets its own copy of the rows, so one that sorts or edits
 * them in place changes nobody else's.
 */
export class ResultCache {
  readonly #results = new Map<string, { sql: string; rows: Row[] }>();
  readonly #pending = new Set<Pending>();
  #rows = 0;

  constructor(
    /** Rows kept in all, the least recently used results going first. */
    private readonly capacity = 100_000,
    /** Larger results (deal lists, the simulation's open deals) are read again each time. */
    private readonly maxRows = 10_000,
  ) {}

  async read<T extends Row>(
    sql: string,
    params: SqlValue[],
    run: () => Promise<T[]>,
  ): Promise<T[]> {
    const key = JSON.stringify([sql, params]);
    const kept = this.#results.get(key);
    if (kept) {
      this.#results.delete(key);
      this.#results.set(key, kept);
      return copy(kept.rows) as T[];
    }
    const pending: Pending = { sql, stale: false };
    this.#pending.add(pending);
    let rows: T[];
    try {
      rows = await run();
    } finally {
      this.#pending.delete(pending);
    }
    if (!pending.stale && rows.length <= this.maxRows) {
      this.#results.set(key, { sql, rows: copy(rows) });
      this.#rows += rows.length;
      while (this.#rows > this.capacity) {
        const [oldest, dropped] = this.#results.entries().next().value!;
        this.#results.delete(oldest);
        this.#rows -= dropped.rows.length;
      }
    }
    return rows;
  }

  /** Forgets every result, or only the reads that name `table`. */
  clear(table?: string): void {
    const touched = (sql: string) => table === undefined || names(sql, table);
    for (const [key, { sql, rows }] of this.#results) {
      if (!touched(sql)) continue;
      this.#results.delete(key);
      this.#rows -= rows.length;
    }
    for (const pending of this.#pending) if (touched(pending.sql)) pending.stale = true;
  }
}

const copy = <T extends Row>(rows: readonly T[]): T[] => rows.map((row) => ({ ...row }));
