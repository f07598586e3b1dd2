import type { Database, Row, SqlValue } from './database.ts';

/**
 * `db` until `signal` aborts: from then on its statements and files reject with the signal's
 * reason before they reach DuckDB, while the statement already sent runs to its end. Dropping a
 * file and closing still work, so that whoever opened it can clean up.
 */
export function stopOnAbort(db: Database, signal: AbortSignal): Database {
  const unlessAborted = async <T>(work: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    return work();
  };
  return {
    query: <T extends Row = Row>(sql: string, params?: SqlValue[]) =>
      unlessAborted(() => db.query<T>(sql, params)),
    exec: (sql) => unlessAborted(() => db.exec(sql)),
    registerFile: (name, bytes) => unlessAborted(() => db.registerFile(name, bytes)),
    dropFile: (name) => db.dropFile(name),
    close: () => db.close(),
  };
}
