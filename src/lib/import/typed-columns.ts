import type { Database } from '../db/database.ts';
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
  /** SQL over the raw table giving the typed value. */
  expr: string;
  /** Reported when a non-blank cell parses to NULL. */
  unparseable: ProblemCode | null;
  /** Values that parse but cannot stand: reported and left blank. */
  invalid?: { when: string; code: ProblemCode };
  /** Set for date columns whose day/month order the values could not decide. */
  ambiguousOrder?: DateOrder;
}

export const typedColumn = (field: string) => `f_${field}`;
export const rawValueColumn = (field: string) => `r_${field}`;

async function percentScale(db: Database, raw: RawTable, column: string): Promise<number> {
  const [row] = await db.query<{ high: number | null }>(
    `SELECT max(fc_percent(${ident(column)}, 1)) AS high FROM ${ident(raw.table)}
     WHERE NOT ${ident(column)} LIKE '%\\%' ESCAPE '\\'`,
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
  const base = { field, column, header };
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
      return {
        ...base,
        expr: `CAST(${timestampSql(column, analysis.reading)} AS TIMESTAMP)`,
        unparseable: 'unparseable_date',
        ambiguousOrder: analysis.ambiguous && analysis.order ? analysis.order : undefined,
      };
    }
  }
}

/**
 * Creates `target` with `_row`, each plan's typed value `f_<field>` and raw text `r_<field>`,
 * records every cell that did not parse or cannot stand in `import_problems`, and blanks the latter.
 */
export async function parseColumns(
  db: Database,
  raw: RawTable,
  plans: ColumnPlan[],
  target: string,
  extra: string[] = [],
): Promise<void> {
  const selected = plans.flatMap((p) => [
    `${p.expr} AS ${ident(typedColumn(p.field))}`,
    `${ident(p.column)} AS ${ident(rawValueColumn(p.field))}`,
  ]);
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(target)} AS
     SELECT ${['_row', ...selected, ...extra].join(', ')} FROM ${ident(raw.table)}`,
  );
  for (const plan of plans) {
    const typed = ident(typedColumn(plan.field));
    const rawValue = ident(rawValueColumn(plan.field));
    if (plan.unparseable) {
      await recordProblems(
        db,
        target,
        raw.file,
        plan.header,
        plan.unparseable,
        `NOT fc_blank(${rawValue}) AND ${typed} IS NULL`,
        rawValue,
      );
    }
    if (plan.invalid) {
      await recordProblems(
        db,
        target,
        raw.file,
        plan.header,
        plan.invalid.code,
        plan.invalid.when,
        rawValue,
      );
      await db.exec(`UPDATE ${ident(target)} SET ${typed} = NULL WHERE ${plan.invalid.when}`);
    }
    if (plan.ambiguousOrder) {
      await db.query(
        `INSERT INTO import_problems VALUES (?, NULL, ?, ?, 'ambiguous_date_order', false)`,
        [raw.file, plan.header, plan.ambiguousOrder],
      );
    }
  }
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
