/** What the cache needs of a prepared statement. */
export interface Closable {
  close(): Promise<unknown> | unknown;
}

/** Only reads are kept prepared: anything else may change the tables the plans were made for. */
const READ = /^\s*(SELECT|WITH)\b/i;

/**
 * Prepared statements by their SQL text, so a filter change re-runs the same queries without
 * preparing them again (each prepare and close is a round trip to DuckDB's worker). The least
 * recently used one is closed past `capacity`. Any statement that is not a read empties the
 * cache: its plans may name tables that statement replaces. A statement is closed only once no
 * query that took it is still running.
 */
export class StatementCache<S extends Closable> {
  readonly #statements = new Map<string, Promise<S>>();
  readonly #running = new Set<Promise<unknown>>();

  constructor(
    private readonly prepare: (sql: string) => Promise<S>,
    private readonly capacity = 64,
  ) {}

  /** Runs `work` with the statement prepared for `sql`. */
  async run<T>(sql: string, work: (statement: S) => Promise<T>): Promise<T> {
    let statement = this.#statements.get(sql);
    if (statement) this.touch(sql);
    else statement = this.#remember(sql);
    this.#evict();
    const running = statement.then(work);
    this.#running.add(running);
    try {
      return await running;
    } finally {
      this.#running.delete(running);
    }
  }

  /** Counts `sql` as just used (its results were kept and read again): see `prepareVariants`. */
  touch(sql: string): void {
    const statement = this.#statements.get(sql);
    if (!statement) return;
    this.#statements.delete(sql);
    this.#statements.set(sql, statement);
  }

  /**
   * Prepares, ahead of its first run, the SQL of each of the `limit` most recently used statements
   * whose text holds `from`, with `to` in its place.
   */
  async prepareVariants(from: string, to: string, limit = 12): Promise<void> {
    const variants = [...this.#statements.keys()]
      .reverse()
      .filter((sql) => sql.includes(from))
      .slice(0, limit)
      .map((sql) => sql.replaceAll(from, to))
      .filter((sql) => !this.#statements.has(sql));
    // In their originals' order of use.
    const prepared = variants.reverse().map((sql) => this.#remember(sql));
    this.#evict();
    await Promise.allSettled(prepared);
  }

  /** Whether `sql` may be kept prepared; a statement that is not (DDL, inserts) should `clear`. */
  static keeps(sql: string): boolean {
    return READ.test(sql);
  }

  /** Forgets every statement, closing each once the queries running now have finished. */
  async clear(): Promise<void> {
    const statements = [...this.#statements.values()];
    this.#statements.clear();
    await this.#close(statements);
  }

  /** Prepares `sql` and keeps it as the most recently used. */
  #remember(sql: string): Promise<S> {
    const prepared = this.prepare(sql);
    // A failed prepare is not kept: the next call prepares again (and reports the error).
    prepared.catch(() => {
      if (this.#statements.get(sql) === prepared) this.#statements.delete(sql);
    });
    this.#statements.set(sql, prepared);
    return prepared;
  }

  #evict(): void {
    while (this.#statements.size > this.capacity) {
      const [oldest, statement] = this.#statements.entries().next().value!;
      this.#statements.delete(oldest);
      void this.#close([statement]);
    }
  }

  async #close(statements: Array<Promise<S>>): Promise<void> {
    await Promise.allSettled([...this.#running]);
    for (const statement of await Promise.allSettled(statements)) {
      if (statement.status === 'fulfilled') await statement.value.close();
    }
  }
}
