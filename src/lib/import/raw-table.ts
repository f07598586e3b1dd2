import type { Database } from '../db/database.ts';
import { ident, literal } from '../db/sql.ts';
import type { PreparedFile } from './prepare-file.ts';

/** A file loaded as text, one column per header (c1…cN, whatever the header says). */
export interface RawTable {
  table: string;
  file: string;
  headers: string[];
  columns: string[];
  rows: number;
  /** Records DuckDB could not split into the header's columns, with their original text. */
  malformed: Array<{ row: number; text: string }>;
}

export const rawColumn = (index: number) => `c${index + 1}`;

/**
 * Loads a prepared file into `table` with every cell as text plus `_row`, the spreadsheet row
 * (header = 1). Malformed records are kept aside, never dropped: DuckDB's rejects table holds them.
 */
export async function loadRawTable(
  db: Database,
  file: PreparedFile,
  table: string,
): Promise<RawTable> {
  const columns = file.headers.map((_, i) => rawColumn(i));
  const path = await db.registerFile(`${table}.csv`, file.csv);
  const rejects = `${table}_rejects`;
  const types = columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ');
  await db.exec(
    `DROP TABLE IF EXISTS ${ident(rejects)}; DROP TABLE IF EXISTS ${ident(`${rejects}_scan`)}`,
  );
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(table)} AS
     SELECT (row_number() OVER () + 1)::INTEGER AS _row, *
     FROM read_csv(${literal(path)}, auto_detect = false, header = true,
       delim = ${literal(file.delimiter)}, quote = '"', escape = '"', columns = {${types}},
       max_line_size = 33554432, store_rejects = true,
       rejects_table = ${literal(rejects)}, rejects_scan = ${literal(`${rejects}_scan`)})`,
  );
  const malformed = await db.query<{ row: number; text: string }>(
    `SELECT min(line)::INTEGER AS row, first(csv_line) AS text FROM ${ident(rejects)}
     GROUP BY line ORDER BY line`,
  );
  // _row counts loaded records; shift it past the malformed records that came before each one.
  if (malformed.length > 0) {
    await db.exec(
      `UPDATE ${ident(table)} SET _row = _row + (
         SELECT count(*) FROM (SELECT row - row_number() OVER (ORDER BY row) - 1 AS before
                               FROM (SELECT DISTINCT line AS row FROM ${ident(rejects)}))
         WHERE before < _row - 1)`,
    );
  }
  await db.exec(`DROP TABLE ${ident(rejects)}; DROP TABLE ${ident(`${rejects}_scan`)}`);
  await db.dropFile(`${table}.csv`);
  const counted = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${ident(table)}`,
  );
  return {
    table,
    file: file.fileName,
    headers: file.headers,
    columns,
    rows: counted[0]?.n ?? 0,
    malformed,
  };
}
