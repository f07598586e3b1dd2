import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import { OPPORTUNITY_FIELDS, OPPORTUNITY_FIELD_NAMES, type FieldKind } from '../model/schema.ts';

export type ColumnType = 'text' | 'number' | 'date' | 'timestamp';

export interface PublishedColumn {
  name: string;
  type: ColumnType;
  /** The SQL that gives the column, when it is not the column of the same name. */
  expr?: string;
}

export interface PublishedTable {
  /** Path inside the bundle, relative to its index.html. */
  file: string;
  from: string;
  columns: PublishedColumn[];
  order: string;
}

/** Columns that name people, customers or deals: a report shared outside the team leaves them out. */
export const OMITTABLE = ['name', 'account', 'owner', 'team'] as const;
export type OmittableColumn = (typeof OMITTABLE)[number];

const TYPE_OF_KIND: Record<FieldKind, ColumnType> = {
  text: 'text',
  status: 'text',
  class: 'text',
  amount: 'number',
  percent: 'number',
  number: 'number',
  date: 'date',
};

/**
 * The tables the analyses read, under their canonical names, so the app's own import maps every
 * column back by name. Accounts are not published: their values are already in `opportunities`.
 */
export const OPPORTUNITIES: PublishedTable = {
  file: 'data/opportunities.parquet',
  from: 'opportunities',
  columns: OPPORTUNITY_FIELD_NAMES.map((name) => ({
    name,
    type: TYPE_OF_KIND[OPPORTUNITY_FIELDS[name].kind],
  })),
  order: '_row',
};

export const HISTORY: PublishedTable = {
  file: 'data/stage_history.parquet',
  from: 'stage_history',
  columns: [
    { name: 'opportunity_id', type: 'text' },
    { name: 'stage', type: 'text' },
    // The time of day orders two moves on one day.
    { name: 'entered_at', type: 'timestamp', expr: 'entered_ts' },
    { name: 'amount', type: 'number' },
    { name: 'close_date', type: 'date' },
  ],
  order: '_source, _row',
};

/** The published columns of a table, less the omitted ones. */
export function publishedColumns(
  table: PublishedTable,
  omit: readonly string[],
): PublishedColumn[] {
  return table.columns.filter((column) => !omit.includes(column.name));
}

/**
 * The SELECT that gives a published table. `epochDates` gives dates and timestamps as epoch
 * milliseconds, for a writer in JavaScript; otherwise they keep their DuckDB types.
 */
export function publishedSelect(
  table: PublishedTable,
  omit: readonly string[],
  epochDates = false,
): string {
  const list = publishedColumns(table, omit).map(({ name, type, expr }) => {
    const value = expr ?? ident(name);
    const out = epochDates && type !== 'text' && type !== 'number';
    return `${out ? `epoch_ms(${value}::TIMESTAMP)` : value} AS ${ident(name)}`;
  });
  return `SELECT ${list.join(', ')} FROM ${ident(table.from)} ORDER BY ${table.order}`;
}

/** How many rows a published table holds in the database. */
export async function countRows(db: Database, table: PublishedTable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${ident(table.from)}`,
  );
  return row?.n ?? 0;
}
