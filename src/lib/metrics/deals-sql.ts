import type { SqlValue } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';

export interface DealDrill {
  position: number;
  which: 'reached' | 'lost' | 'open';
}

/** What the deal table can show, sort by and export: canonical columns, then days open. */
export const DEAL_COLUMNS = [
  'id',
  'name',
  'account',
  'owner',
  'team',
  'region',
  'industry',
  'source',
  'product',
  'amount',
  'currency',
  'created_at',
  'close_date',
  'stage',
  'status',
  'probability',
  'forecast_category',
  'customer_class',
  'days_open',
] as const;

export type DealColumn = (typeof DEAL_COLUMNS)[number];

export function isDealColumn(name: string): name is DealColumn {
  return (DEAL_COLUMNS as readonly string[]).includes(name);
}

export type DealRow = Record<DealColumn, SqlValue>;

export interface DealSort {
  column: DealColumn;
  direction: 'asc' | 'desc';
}

/** Which deals, in which order: the cohort, a chart's drill-down, the search box and the sort. */
export interface DealQuery {
  filter: CohortFilter;
  drill: DealDrill | null;
  strict: boolean;
  search: string;
  sort: DealSort;
  /** Open deals' days open run to this date; closed deals' to the day they closed. */
  asOf: string | null;
}

/** The columns the search box looks in. */
const SEARCHED: DealColumn[] = ['id', 'name', 'account', 'owner'];

/** Days from creation to closing, or to the as-of date while open (the first `?`). */
const DAYS_OPEN = `date_diff('day', created_at,
  CASE WHEN status = 'open' THEN ?::DATE ELSE closed_at END)::INTEGER`;

function drillSql(drill: DealDrill | null, strict: boolean): string {
  if (!drill) return 'true';
  const i = Math.trunc(drill.position);
  const reached = strict ? `list_contains(strict_reached, ${i})` : `furthest >= ${i}`;
  if (drill.which === 'reached') return reached;
  const stopped = strict
    ? `${reached} AND NOT list_contains(strict_reached, ${i + 1})`
    : `furthest = ${i}`;
  return `${stopped} AND status = '${drill.which === 'lost' ? 'lost' : 'open'}'`;
}

/** A LIKE pattern matching `text` anywhere, its own % _ and \ taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function dealsWhere(q: DealQuery): SqlFragment {
  const cohort = cohortWhere(q.filter);
  const clauses = [cohort.sql, drillSql(q.drill, q.strict)];
  const params = [...cohort.params];
  const text = q.search.trim();
  if (text) {
    clauses.push(`(${SEARCHED.map((c) => `${ident(c)} ILIKE ? ESCAPE '\\'`).join(' OR ')})`);
    params.push(...SEARCHED.map(() => containsPattern(text)));
  }
  return { sql: clauses.join(' AND '), params };
}

/**
 * ORDER BY for a sort: blanks last either way, ties by id. Stages sort in the model's order (open
 * stages by position, stages the model does not place after them by name, then won, then lost).
 */
function orderBy(sort: DealSort): string {
  const keys =
    sort.column === 'stage'
      ? [
          `CASE status WHEN 'open' THEN coalesce(current_pos, 1000000) WHEN 'won' THEN 1000001
            ELSE 1000002 END`,
          'stage',
        ]
      : [ident(sort.column)];
  const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
  return [...keys.map((key) => `${key} ${direction} NULLS LAST`), 'id'].join(', ');
}

/** Every matching deal's `columns`, in the chosen order (the CSV export). */
export function dealsSql(q: DealQuery, columns: readonly DealColumn[]): SqlFragment {
  const where = dealsWhere(q);
  return {
    sql: `SELECT ${columns.map(ident).join(', ')}
      FROM (SELECT *, ${DAYS_OPEN} AS days_open FROM opp_progress WHERE ${where.sql})
      ORDER BY ${orderBy(q.sort)}`,
    params: [q.asOf, ...where.params],
  };
}

/**
 * Sorts the matching deals' every column once into the temporary table `table`, numbered by `rn`
 * from 1, so that each page of a long list is a cheap range read, not another sort of every deal.
 */
export function dealOrderSql(q: DealQuery, table: string): SqlFragment {
  const where = dealsWhere(q);
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
      SELECT ${DEAL_COLUMNS.map(ident).join(', ')},
        row_number() OVER (ORDER BY ${orderBy(q.sort)})::INTEGER AS rn
      FROM (SELECT *, ${DAYS_OPEN} AS days_open FROM opp_progress WHERE ${where.sql})
      ORDER BY rn`,
    params: [q.asOf, ...where.params],
  };
}

/** How many deals an ordered table (dealOrderSql) holds. */
export function dealOrderCountSql(table: string): string {
  return `SELECT count(*)::INTEGER AS n FROM ${ident(table)}`;
}

export function dropDealOrderSql(table: string): string {
  return `DROP TABLE IF EXISTS ${ident(table)}`;
}

/** Rows offset + 1 … offset + limit of an ordered table (dealOrderSql). */
export function dealPageSql(table: string, offset: number, limit: number): SqlFragment {
  const from = Math.max(0, Math.trunc(offset));
  return {
    sql: `SELECT ${DEAL_COLUMNS.map(ident).join(', ')} FROM ${ident(table)}
      WHERE rn > ? AND rn <= ? ORDER BY rn`,
    params: [from, from + Math.max(0, Math.trunc(limit))],
  };
}

/** One deal's every column, and whether it has a stage history. */
export function dealSql(id: string, asOf: string | null): SqlFragment {
  return {
    sql: `SELECT ${DEAL_COLUMNS.map(ident).join(', ')}, has_history
      FROM (SELECT *, ${DAYS_OPEN} AS days_open FROM opp_progress WHERE id = ?)`,
    params: [asOf, id],
  };
}

/** One row: for each column, how many deals have a value in it (days open: a created date). */
export const DEAL_COLUMN_COUNTS_SQL = `SELECT ${DEAL_COLUMNS.map((c) =>
  c === 'days_open'
    ? `count(created_at)::INTEGER AS days_open`
    : `count(${ident(c)})::INTEGER AS ${ident(c)}`,
).join(', ')} FROM opp_progress`;
