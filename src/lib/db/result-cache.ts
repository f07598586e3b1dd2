import type { Row, SqlValue } from './database.ts';

/**
 * Results of reads by their SQL and parameters, so going back to a filter already seen (a chip
 * removed, a view opened again) answers without DuckDB. `clear` must be called for every
 * statement that may change what a read returns (DDL, inserts, a file registered under a name);
 * a result whose read was sent before such a statement is not kept. Each caller gets its own copy
 * of the rows, so one that sorts or edits them in place changes nobody else's.
 */
export class ResultCache {
  readonly #results = new Map<string, Row[]>();
  #rows = 0;
  #generation = 0;

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
      return copy(kept) as T[];
    }
    const generation = this.#generation;
    const rows = await run();
    if (generation === this.#generation && rows.length <= this.maxRows) {
      this.#results.set(key, copy(rows));
      this.#rows += rows.length;
      while (this.#rows > this.capacity) {
        const [oldest, dropped] = this.#results.entries().next().value!;
        this.#results.delete(oldest);
        this.#rows -= dropped.length;
      }
    }
    return rows;
  }

  clear(): void {
    this.#results.clear();
    this.#rows = 0;
    this.#generation += 1;
  }
}

const copy = <T extends Row>(rows: readonly T[]): T[] => rows.map((row) => ({ ...row }));
