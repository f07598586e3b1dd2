import type { Database, Row, SqlValue } from './database.ts';

/**
 * `db`, telling `report` how many of its statements are running each time that number changes:
 * the page shows it is still working out what it shows (and says so with `aria-busy`).
 */
export function countRunning(db: Database, report: (running: number) => void): Database {
  let running = 0;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    report(++running);
    try {
      return await work();
    } finally {
      report(--running);
    }
  };
  const { insertArrow, prepareVariants, pivots } = db;
  return {
    query<T extends Row = Row>(sql: string, params?: SqlValue[]) {
      return counted(() => db.query<T>(sql, params));
    },
    exec: (sql) => counted(() => db.exec(sql)),
    registerFile: (name, bytes) => counted(() => db.registerFile(name, bytes)),
    dropFile: (name) => counted(() => db.dropFile(name)),
    insertArrow:
      insertArrow && ((table, stream) => counted(() => insertArrow.call(db, table, stream))),
    // Not counted: it prepares what the page may run next, while it shows what it has.
    prepareVariants: prepareVariants && ((from, to) => prepareVariants.call(db, from, to)),
    // Run ahead uncounted too; a change waiting for one is counted.
    pivots: pivots && {
      prepare: (read, keep) => pivots.prepare(read, keep),
      kept: (read) => counted(() => pivots.kept(read)),
      holds: (read) => pivots.holds(read),
      clear: (table) => pivots.clear(table),
    },
    close: () => db.close(),
  };
}
