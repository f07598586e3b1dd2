import type { Database, Row } from '../db/database.ts';
import { cohortWhere, type CohortFilter } from './cohort.ts';
import { openAtSql, prepareAsOf } from './forecast/as-of-sql.ts';
import { historyCoverage } from './forecast/as-of.ts';
import { ratio } from './ratio.ts';

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

interface WindowRow extends Row {
  window: 'current' | 'previous';
  from: string;
  to: string;
  won: number;
  closed: number;
  won_amount: number;
  cycle_days: number | null;
}

/**
 * Deals of the cohort closed in the last WINDOW_DAYS up to the as-of date, and in the same length
 * of time before: how the win rate, the won amount and the sales cycle changed.
 */
export async function computeRecentChange(
  db: Database,
  filter: CohortFilter,
  asOf: string,
): Promise<RecentChange> {
  const where = cohortWhere(filter);
  const rows = await db.query<WindowRow>(
    `WITH w(span, lo, hi) AS (VALUES
        ('current', ?::DATE - ${WINDOW_DAYS - 1}, ?::DATE),
        ('previous', ?::DATE - ${2 * WINDOW_DAYS - 1}, ?::DATE - ${WINDOW_DAYS})),
      c AS (
        SELECT id, status, amount, created_at, closed_at FROM opp_progress
        WHERE ${where.sql} AND closed_at BETWEEN (SELECT min(lo) FROM w) AND (SELECT max(hi) FROM w))
     SELECT w.span AS "window", strftime(w.lo, '%Y-%m-%d') AS "from", strftime(w.hi, '%Y-%m-%d') AS "to",
       count(c.id) FILTER (WHERE c.status = 'won')::INTEGER AS won,
       count(c.id)::INTEGER AS closed,
       coalesce(sum(c.amount) FILTER (WHERE c.status = 'won'), 0)::DOUBLE AS won_amount,
       median(c.closed_at - c.created_at)
         FILTER (WHERE c.status = 'won' AND c.closed_at >= c.created_at)::DOUBLE AS cycle_days
     FROM w LEFT JOIN c ON c.closed_at BETWEEN w.lo AND w.hi
     GROUP BY ALL ORDER BY w.span`,
    [asOf, asOf, asOf, asOf, ...where.params],
  );
  const figures = (window: WindowRow['window']): WindowFigures => {
    const r = rows.find((row) => row.window === window);
    return {
      from: r?.from ?? asOf,
      to: r?.to ?? asOf,
      won: r?.won ?? 0,
      closed: r?.closed ?? 0,
      winRate: ratio(r?.won ?? 0, r?.closed ?? 0),
      wonAmount: r?.won_amount ?? 0,
      cycleDays: r?.cycle_days ?? null,
    };
  };
  return {
    current: figures('current'),
    previous: figures('previous'),
    openBefore: await openAt(db, filter, daysBefore(asOf, WINDOW_DAYS)),
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
  const q = openAtSql(date, filter);
  const [row] = await db.query<{ count: number; amount: number }>(q.sql, q.params);
  return { date, count: row?.count ?? 0, amount: row?.amount ?? 0 };
}
