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
  /** SQL over the raw table's trimmed cells (`fc_trimmed`) giving the typed value. */
  expr: string;
  /** `r_<field>` keeps the trimmed cell, for the problems that quote it (text needs none). */
  keepsCell: boolean;
  /** Reported when a non-blank cell parses to NULL. */
  unparseable: ProblemCode | null;
  /** Values that parse but cannot stand: reported and left blank. */
  invalid?: { when: string; code: ProblemCode };
  /** Values read again, over the typed table (`r_<field>` holds the cell), before any check. */
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
 * Creates `target` with `_row`, each plan's typed value `f_<field>` and, where kept, its trimmed
 * cell `r_<field>`; records every cell that did not parse or cannot stand in `import_problems`,
 * and blanks the latter. Each raw column is trimmed once, below every plan that reads it.
 */
export async function parseColumns(
  db: Database,
  raw: RawTable,
  plans: ColumnPlan[],
  target: string,
): Promise<void> {
  const cells = [...new Set(plans.map((p) => p.column))].map(
    (column) => `fc_trimmed(${ident(column)}) AS ${ident(column)}`,
  );
  const selected = plans.flatMap((p) => [
    `${p.expr} AS ${ident(typedColumn(p.field))}`,
    ...(p.keepsCell ? [`${ident(p.column)} AS ${ident(rawValueColumn(p.field))}`] : []),
  ]);
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(target)} AS
     SELECT ${['_row', ...selected].join(', ')}
     FROM (SELECT ${['_row', ...cells].join(', ')} FROM ${ident(raw.table)})`,
  );
  if (raw.large) await compressTables(db);
  for (const plan of plans) {
    const typed = ident(typedColumn(plan.field));
    const rawValue = ident(rawValueColumn(plan.field));
    if (plan.reread) {
      await db.exec(
        `UPDATE ${ident(target)} SET ${typed} = ${plan.reread.value} WHERE ${plan.reread.when}`,
      );
    }
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
