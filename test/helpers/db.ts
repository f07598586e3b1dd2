import type { Database } from '../../src/lib/db/database.ts';
import { openNodeDatabase } from '../../src/lib/db/node-database.ts';
import type { DateOrder } from '../../src/lib/import/date-formats.ts';
import type { RawTable } from '../../src/lib/import/raw-table.ts';
import { parseColumns, planColumn } from '../../src/lib/import/typed-columns.ts';
import { VALUE_MACROS } from '../../src/lib/import/value-sql.ts';

/** A fresh native DuckDB with the import's value macros defined. */
export async function databaseWithMacros(): Promise<Database> {
  const db = await openNodeDatabase();
  for (const macro of VALUE_MACROS) await db.exec(macro);
  return db;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Reads `values` as one date column the way an import does (planColumn, then parseColumns), with
 * the problems it records; `order` is the user's choice of day and month order.
 */
export async function importDateColumn(
  db: Database,
  values: string[],
  order?: DateOrder,
): Promise<{ dates: Array<string | null>; problems: Array<{ row: number; code: string }> }> {
  await db.exec(
    `CREATE OR REPLACE TABLE import_problems (file VARCHAR, "row" INTEGER, "column" VARCHAR,
       value VARCHAR, code VARCHAR, rejected BOOLEAN);
     CREATE OR REPLACE TABLE raw_dates (_row INTEGER, c1 VARCHAR)`,
  );
  await db.query(
    `INSERT INTO raw_dates VALUES ${values.map(() => '(?, ?)').join(', ')}`,
    values.flatMap((v, i) => [i + 2, v]),
  );
  const raw: RawTable = {
    role: 'opportunities',
    table: 'raw_dates',
    rejectedTable: 'rejected_dates',
    file: 'dates.csv',
    headers: ['Date'],
    columns: ['c1'],
    large: false,
  };
  const plan = await planColumn(db, raw, 'created_at', 'date', 'c1', order ? { Date: order } : {});
  await parseColumns(db, raw, [plan], 'typed_dates');
  const dates = await db.query<{ d: string | null }>(
    `SELECT strftime(created_at, '%Y-%m-%d %H:%M:%S') AS d FROM typed_dates ORDER BY _row`,
  );
  const problems = await db.query<{ row: number; code: string }>(
    `SELECT "row", code FROM import_problems WHERE "row" IS NOT NULL ORDER BY "row"`,
  );
  return { dates: dates.map((r) => r.d), problems };
}
