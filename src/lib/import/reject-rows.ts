import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import type { ProblemCode } from './problems.ts';
import type { RawTable } from './raw-table.ts';

export interface RejectRule {
  code: ProblemCode;
  column: string | null;
  /** SQL for the offending value in `table`. */
  value: string;
  where: string;
}

/**
 * Moves the rows of `table` matching each rule (in order; a row is rejected once) out of it: the
 * problem is recorded and the row's original cells are kept in the file's rejected table.
 */
export async function rejectRows(
  db: Database,
  raw: RawTable,
  table: string,
  rules: RejectRule[],
): Promise<void> {
  const cells = raw.columns.map((c) => `r.${ident(c)}`);
  for (const rule of rules) {
    // The rule is evaluated once; most match nothing, and then nothing else runs.
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE rejecting AS
       SELECT _row, CAST(${rule.value} AS VARCHAR) AS value FROM ${ident(table)} WHERE ${rule.where}`,
    );
    const [found] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM rejecting`);
    if (!found?.n) continue;
    await db.query(`INSERT INTO import_problems SELECT ?, _row, ?, value, ?, true FROM rejecting`, [
      raw.file,
      rule.column,
      rule.code,
    ]);
    await db.query(
      `INSERT INTO ${raw.rejectedTable} (${['_row', 'code', ...raw.columns.map(ident)].join(', ')})
       SELECT ${['r._row', '?', ...cells].join(', ')} FROM ${raw.table} r
       WHERE r._row IN (SELECT _row FROM rejecting)`,
      [rule.code],
    );
    await db.exec(`DELETE FROM ${ident(table)} WHERE _row IN (SELECT _row FROM rejecting)`);
  }
  await db.exec('DROP TABLE IF EXISTS rejecting');
}
