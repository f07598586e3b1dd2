import { compressTables, type Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import type { FieldKind } from '../model/schema.ts';
import { headerAmountScale } from './column-mapping.ts';
import { analyzeDateColumn, type DateOrder } from './date-formats.ts';
import type { ProblemCode } from './problems.ts';
import type { RawTable } from './raw-table.ts';
import { timestampSql } from './value-sql.ts';

/** One canonical field read from one raw column. */
export interface ColumnPlan {
  field: string;
  column: string;
  header: string;
  /** SQL over the raw table's trimmed cells (`fc_trimmed`) giving the typed value `f_<field>`. */
  expr: string;
  /** `r_<field>` keeps the trimmed cell, for the problems that quote it (text needs none). */
  keepsCell: boolean;
  /** Reported when a non-blank cell parses to NULL. */
  unparseable: ProblemCode | null;
  /** Values that parse but cannot stand (SQL over `f_<field>`): reported and left blank. */
  invalid?: { when: string; code: ProblemCode };
  /** Values read again where `when` holds over `f_<field>` (`r_<field>` holds the cell). */
  reread?: { when: string; value: string };
  /** Set for date columns whose day/month order the values could not decide. */
  ambiguousOrder?: DateOrder;
}

export const typedColumn = (field: string) => `f_${field}`;
export const rawValueColumn = (field: string) => `r_${field}`;

async function percentScale(db: Database, raw: RawTable, column: string): Promise<number> {
  const [row] = await db.query<{ high: number | null }>(
    `SELECT max(fc_percent(cell, 1)) AS high
     FROM (SELECT fc_trimmed(${ident(column)}) AS cell FROM ${ident(raw.table)})
     WHERE NOT cell LIKE '%\\%' ESCAPE '\\'`,
  );
  return row?.high !== null && row?.high !== undefined && row.high > 1 ? 0.01 : 1;
}

export async function planColumn(
  db: Database,
  raw: RawTable,
  field: string,
  kind: FieldKind,
  column: string,
  dateOrders: Record<string, DateOrder> = {},
): Promise<ColumnPlan> {
  const header = raw.headers[raw.columns.indexOf(column)] ?? column;
  const c = ident(column);
  const base = { field, column, header, keepsCell: kind !== 'text' };
  switch (kind) {
    case 'text':
    case 'status':
      return { ...base, expr: `fc_text(${c})`, unparseable: null };
    case 'amount':
      return {
        ...base,
        expr: `fc_amount(${c}, ${headerAmountScale(header)})`,
        unparseable: 'unparseable_amount',
        invalid: { when: `${ident(typedColumn(field))} < 0`, code: 'negative_amount' },
      };
    case 'percent':
      return {
        ...base,
        expr: `fc_percent(${c}, ${await percentScale(db, raw, column)})`,
        unparseable: 'unparseable_percent',
        invalid: {
          when: `${ident(typedColumn(field))} NOT BETWEEN 0 AND 1`,
          code: 'percent_out_of_range',
        },
      };
    case 'number':
      return { ...base, expr: `fc_number(${c})`, unparseable: 'unparseable_number' };
    case 'class':
      return { ...base, expr: `fc_class(${c})`, unparseable: 'unparseable_class' };
    case 'date': {
      const analysis = await analyzeDateColumn(db, raw.table, column, dateOrders[header]);
      const reread = timestampSql(rawValueColumn(field), analysis.reading).implausible;
      return {
        ...base,
        expr: `CAST(${timestampSql(column, analysis.reading).expr} AS TIMESTAMP)`,
        unparseable: 'unparseable_date',
        reread: reread
          ? {
              when: `NOT fc_plausible_year(${ident(typedColumn(field))})`,
              value: `CAST(${reread} AS TIMESTAMP)`,
            }
          : undefined,
        ambiguousOrder: analysis.ambiguous && analysis.order ? analysis.order : undefined,
      };
    }
  }
}

/**
 * What `parseColumns` makes of the parsed rows: the target's columns in order, as SQL over `p`
 * (`p._row` and each plan's typed value `p.f_<field>`), and tables joined to `p` for lookups.
 * A plan whose cells can fail to parse (any kind but text) must land in a column named after its
 * field, NULL exactly where its value is: the problems are found there.
 */
export interface TableShape {
  columns: string[];
  joins?: string;
}

const plainShape = (plans: ColumnPlan[]): TableShape => ({
  columns: ['p._row', ...plans.map((p) => `p.${ident(typedColumn(p.field))} AS ${ident(p.field)}`)],
});

const invalidFlag = (field: string) => `i_${field}`;

/**
 * The parsed rows, in one pass over the raw table: each raw column trimmed once, below every plan
 * reading it; each plan's value read again where it is implausible, and blanked where it cannot
 * stand (`i_<field>` says so); each kept cell as `r_<field>`.
 */
function parsedRows(raw: RawTable, plans: ColumnPlan[]): string {
  const cells = [...new Set(plans.map((p) => p.column))].map(
    (column) => `fc_trimmed(${ident(column)}) AS ${ident(column)}`,
  );
  const values = plans.flatMap((p) => [
    `${p.expr} AS ${ident(typedColumn(p.field))}`,
    ...(p.keepsCell ? [`${ident(p.column)} AS ${ident(rawValueColumn(p.field))}`] : []),
  ]);
  let rows = `SELECT ${['_row', ...values].join(', ')}
    FROM (SELECT ${['_row', ...cells].join(', ')} FROM ${ident(raw.table)})`;
  const reread = plans.flatMap((p) =>
    p.reread ? [{ typed: typedColumn(p.field), ...p.reread }] : [],
  );
  if (reread.length > 0) {
    const replaced = reread.map(
      (r) => `CASE WHEN ${r.when} THEN ${r.value} ELSE ${ident(r.typed)} END AS ${ident(r.typed)}`,
    );
    rows = `SELECT * REPLACE (${replaced.join(', ')}) FROM (${rows})`;
  }
  const invalid = plans.flatMap((p) => (p.invalid ? [{ field: p.field, ...p.invalid }] : []));
  if (invalid.length > 0) {
    const typed = (field: string) => ident(typedColumn(field));
    const blanked = invalid.map(
      (i) => `CASE WHEN ${i.when} THEN NULL ELSE ${typed(i.field)} END AS ${typed(i.field)}`,
    );
    const flags = invalid.map(
      (i) => `coalesce(${i.when}, false) AS ${ident(invalidFlag(i.field))}`,
    );
    rows = `SELECT * REPLACE (${blanked.join(', ')}), ${flags.join(', ')} FROM (${rows})`;
  }
  return rows;
}

/**
 * Creates `target` from the raw table in one pass, shaped by `shape` (by default `_row` and each
 * plan's value under its field's name), and records in `import_problems` every cell that did not
 * parse or cannot stand (the latter left blank). The target also holds the kept cells
 * (`r_<field>`) and flags the checks read: the columns returned, for the caller to drop.
 */
export async function parseColumns(
  db: Database,
  raw: RawTable,
  plans: ColumnPlan[],
  target: string,
  shape: TableShape = plainShape(plans),
): Promise<string[]> {
  const scratch = plans.flatMap((p) => [
    ...(p.keepsCell ? [rawValueColumn(p.field)] : []),
    ...(p.invalid ? [invalidFlag(p.field)] : []),
  ]);
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(target)} AS
     SELECT ${[...shape.columns, ...scratch.map((c) => `p.${ident(c)}`)].join(', ')}
     FROM (${parsedRows(raw, plans)}) p ${shape.joins ?? ''}`,
  );
  if (raw.large) await compressTables(db);
  for (const plan of plans) {
    const value = ident(plan.field);
    const cell = ident(rawValueColumn(plan.field));
    const flag = ident(invalidFlag(plan.field));
    if (plan.unparseable) {
      await recordProblems(
        db,
        target,
        raw.file,
        plan.header,
        plan.unparseable,
        `NOT fc_blank(${cell}) AND ${value} IS NULL${plan.invalid ? ` AND NOT ${flag}` : ''}`,
        cell,
      );
    }
    if (plan.invalid) {
      await recordProblems(db, target, raw.file, plan.header, plan.invalid.code, flag, cell);
    }
    if (plan.ambiguousOrder) {
      await db.query(
        `INSERT INTO import_problems VALUES (?, NULL, ?, ?, 'ambiguous_date_order', false)`,
        [raw.file, plan.header, plan.ambiguousOrder],
      );
    }
  }
  return scratch;
}

export async function dropColumns(db: Database, table: string, columns: string[]): Promise<void> {
  if (columns.length === 0) return;
  await db.exec(
    columns.map((c) => `ALTER TABLE ${ident(table)} DROP COLUMN ${ident(c)}`).join('; '),
  );
}

export async function recordProblems(
  db: Database,
  table: string,
  file: string,
  header: string | null,
  code: ProblemCode,
  where: string,
  value: string,
  rejected = false,
): Promise<void> {
  await db.query(
    `INSERT INTO import_problems
     SELECT ?, _row, ?, ${value}, ?, ? FROM ${ident(table)} WHERE ${where}`,
    [file, header, code, rejected],
  );
}
