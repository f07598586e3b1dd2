import { compressTables, type Database } from '../db/database.ts';
import { literal } from '../db/sql.ts';
import type { FileRole } from './guess-role.ts';
import type { PreparedFile } from './prepare-file.ts';

/** A file loaded as text, one column per header (c1…cN, whatever the header says). */
export interface RawTable {
  role: FileRole;
  table: string;
  /** Where rejected rows keep their original cells: `_row`, `code`, `_text`, c1…cN. */
  rejectedTable: string;
  file: string;
  headers: string[];
  columns: string[];
  /** Big enough that each staging table is compressed as soon as it is written. */
  large: boolean;
}

/**
 * Past this size a file's staging tables are compressed as soon as they are written: a 5M-row
 * export's typed rows would not fit beside its cells in a tab otherwise. Smaller files skip the
 * time compressing takes.
 */
const LARGE_FILE_BYTES = 256 * 2 ** 20;

export const rawColumn = (index: number) => `c${index + 1}`;
export const rejectedTableOf = (role: FileRole) => `staged_rejected_${role}`;

/** The rejected-rows table of a role that has no file: the same shape, with no cells. */
export const EMPTY_REJECTED_SQL = (role: FileRole) =>
  `CREATE OR REPLACE TABLE ${rejectedTableOf(role)} (_row INTEGER, code VARCHAR, _text VARCHAR)`;

/**
 * Loads a prepared file into `raw_<role>` with every cell as text plus `_row`, the spreadsheet row
 * (header = 1). Records DuckDB cannot split into the header's columns are never dropped: they go
 * to the rejected table with their original text, and into `import_problems`.
 */
export async function loadRawTable(
  db: Database,
  file: PreparedFile,
  role: FileRole,
): Promise<RawTable> {
  const table = `raw_${role}`;
  const rejectedTable = rejectedTableOf(role);
  const columns = file.headers.map((_, i) => rawColumn(i));
  // Measured first: the browser hands the bytes over to DuckDB's worker, which empties them here.
  const large = file.csv.length > LARGE_FILE_BYTES;
  const path = await db.registerFile(`${table}.csv`, file.csv);
  const rejects = `${table}_rejects`;
  const types = columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ');
  await db.exec(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejects}_scan`);
  await db.exec(
    `CREATE OR REPLACE TABLE ${table} AS
     SELECT (row_number() OVER () + 1)::INTEGER AS _row, *
     FROM read_csv(${literal(path)}, auto_detect = false, header = true,
       delim = ${literal(file.delimiter)}, quote = '"', escape = '"', columns = {${types}},
       max_line_size = 33554432, store_rejects = true,
       rejects_table = ${literal(rejects)}, rejects_scan = ${literal(`${rejects}_scan`)})`,
  );
  await db.exec(
    `CREATE OR REPLACE TABLE ${rejectedTable} AS
     SELECT _row, NULL::VARCHAR AS code, NULL::VARCHAR AS _text, * EXCLUDE (_row) FROM ${table} LIMIT 0;
     INSERT INTO ${rejectedTable} (_row, code, _text)
     SELECT line::INTEGER, 'malformed_row', first(csv_line) FROM ${rejects} GROUP BY line`,
  );
  await db.query(
    `INSERT INTO import_problems SELECT ?, _row, NULL, _text, code, true FROM ${rejectedTable}`,
    [file.fileName],
  );
  // _row counts loaded records; shift it past the malformed records that came before each one.
  await db.exec(
    `UPDATE ${table} SET _row = _row + (
       SELECT count(*) FROM (SELECT _row - row_number() OVER (ORDER BY _row) - 1 AS before
                             FROM ${rejectedTable})
       WHERE before < ${table}._row - 1)
     WHERE EXISTS (SELECT 1 FROM ${rejectedTable})`,
  );
  await db.exec(`DROP TABLE ${rejects}; DROP TABLE ${rejects}_scan`);
  await db.dropFile(`${table}.csv`);
  if (large) await compressTables(db);
  return { role, table, rejectedTable, file: file.fileName, headers: file.headers, columns, large };
}
