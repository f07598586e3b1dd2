import type { Database, Row } from '../db/database.ts';
import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';
import { pivotColumn, pivotKey, queryRollup } from './filter-rollup.ts';
import { openAtSql, prepareAsOf } from './forecast/as-of-sql.ts';
import { historyCoverage } from './forecast/as-of.ts';
import { periodEnd, periodOf, periodStart, shiftPeriod } from './forecast/periods.ts';
import { ratio } from './ratio.ts';
import { countedQuantile } from './stats/counted-quantile.ts';

/** The length of the recent window and of the one before it it is compared with. */
export const WINDOW_DAYS = 90;

export interface WindowFigures {
  /** Inclusive bounds, YYYY-MM-DD. */
  from: string;
  to: string;
  won: number;
  closed: number;
  winRate: number | null;
  wonAmount: number;
  /** Median days from creation to close of the deals won in the window. */
  cycleDays: number | null;
}

export interface RecentChange {
  current: WindowFigures;
  previous: WindowFigures;
  /**
   * The pipeline open WINDOW_DAYS before the as-of date, rebuilt from the stage history (today's
   * amounts stand in for those then, unless the history carries them); null without history.
   */
  openBefore: { date: string; count: number; amount: number } | null;
}

/** Won so far in the as-of date's quarter, and won in the whole quarter before. */
export interface QuarterWon {
  wonSoFar: number;
  /** The quarter before, '2024-Q1'. */
  previous: string;
  previousWon: number;
}

interface Window {
  span: 'current' | 'previous';
  from: string;
  to: string;
}

/**
 * The cohort's deals closed from `earliest` to the as-of date, grouped two ways in one scan: by
 * status and closing day (`by_day`), which the windows and quarters are summed from; and, for
 * the won deals of each window, by days from creation to close (not `by_day`), for the median
 * cycle. Grouped rows rather than a column per window and figure: ten filtered aggregates cost
 * DuckDB-WASM more than the scan (59 against 22 ms at a million deals).
 */
interface ClosedRow extends Row {
  by_day: boolean;
  status: string | null;
  closed_at: string | null;
  span: Window['span'] | null;
  days: number | null;
  n: number;
  amount: number;
}

/**
 * Deals of the cohort closed from `earliest` to `asOf`, counted with their amounts per status and
 * day, and per window (`current` from `currentFrom`, else `previous` from `previousFrom`) and
 * sales cycle of the won ones.
 */
function closedRecentlySql(
  filter: CohortFilter,
  currentFrom: string,
  previousFrom: string,
  earliest: string,
  asOf: string,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT grouping(span, days) = 3 AS by_day, status, closed_at::VARCHAR AS closed_at,
        CASE WHEN closed_at >= ?::DATE THEN 'current' WHEN closed_at >= ?::DATE THEN 'previous'
        END AS span,
        CASE WHEN status = 'won' AND closed_at >= created_at THEN (closed_at - created_at)::INTEGER
        END AS days,
        ${[...pivotKey(pivot), 'count(*)::INTEGER AS n'].join(', ')},
        coalesce(sum(amount), 0)::DOUBLE AS amount
      FROM opp_progress WHERE ${where.sql} AND closed_at BETWEEN ?::DATE AND ?::DATE
      GROUP BY GROUPING SETS ((status, closed_at${pivotColumn(pivot)}), (span, days${pivotColumn(pivot)}))`,
    params: [currentFrom, previousFrom, ...where.params, earliest, asOf],
  };
}

/**
 * Deals of the cohort closed in the last WINDOW_DAYS up to the as-of date, and in the same length
 * of time before: how the win rate, the won amount and the sales cycle changed. With them, in the
 * same scan, the won amount of the as-of date's quarter so far and of the quarter before.
 */
export async function computeRecentChange(
  db: Database,
  filter: CohortFilter,
  asOf: string,
): Promise<{ change: RecentChange; quarterWon: QuarterWon }> {
  const current: Window = { span: 'current', from: daysBefore(asOf, WINDOW_DAYS - 1), to: asOf };
  const previous: Window = {
    span: 'previous',
    from: daysBefore(asOf, 2 * WINDOW_DAYS - 1),
    to: daysBefore(asOf, WINDOW_DAYS),
  };
  const quarter = periodOf(asOf, 'quarter');
  const previousQuarter = shiftPeriod(quarter, -1);
  const earliest = [previous.from, periodStart(previousQuarter)].sort()[0]!;
  const [rows, openBefore] = await Promise.all([
    queryRollup<ClosedRow>(db, filter, {
      build: (f, pivot) => closedRecentlySql(f, current.from, previous.from, earliest, asOf, pivot),
      sums: ['n', 'amount'],
    }),
    openAt(db, filter, daysBefore(asOf, WINDOW_DAYS)),
  ]);
  const days = rows.filter((r) => r.by_day);
  const wonBetween = (from: string, to: string) =>
    days
      .filter((r) => r.status === 'won' && r.closed_at! >= from && r.closed_at! <= to)
      .reduce((sum, r) => sum + r.amount, 0);
  const figures = ({ span, from, to }: Window): WindowFigures => {
    const inside = days.filter((r) => r.closed_at! >= from && r.closed_at! <= to);
    const won = inside.filter((r) => r.status === 'won').reduce((n, r) => n + r.n, 0);
    const closed = inside.reduce((n, r) => n + r.n, 0);
    const cycles = rows
      .filter((r) => !r.by_day && r.span === span && r.days !== null)
      .map((r) => ({ value: r.days!, n: r.n }))
      .sort((a, b) => a.value - b.value);
    return {
      from,
      to,
      won,
      closed,
      winRate: ratio(won, closed),
      wonAmount: wonBetween(from, to),
      cycleDays: countedQuantile(cycles, 0.5),
    };
  };
  return {
    change: { current: figures(current), previous: figures(previous), openBefore },
    quarterWon: {
      wonSoFar: wonBetween(periodStart(quarter), asOf),
      previous: previousQuarter,
      previousWon: wonBetween(periodStart(previousQuarter), periodEnd(previousQuarter)),
    },
  };
}

const daysBefore = (date: string, days: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
};

async function openAt(
  db: Database,
  filter: CohortFilter,
  date: string,
): Promise<RecentChange['openBefore']> {
  if (!(await historyCoverage(db)).available) return null;
  await prepareAsOf(db, date);
  const [row] = await queryRollup<{ count: number; amount: number }>(db, filter, {
    build: (f, pivot) => openAtSql(date, f, pivot),
    sums: ['count', 'amount'],
  });
  return { date, count: row?.count ?? 0, amount: row?.amount ?? 0 };
}
