import type { Database, SqlValue } from '../db/database.ts';
import { cohortWhere, type CohortFilter } from './cohort.ts';
import { openAtSql, prepareAsOf } from './forecast/as-of-sql.ts';
import { historyCoverage } from './forecast/as-of.ts';
import { periodEnd, periodOf, periodStart, shiftPeriod } from './forecast/periods.ts';
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

/** A window's figures as columns of one row, each condition with its bounds as parameters. */
function figureColumns(w: Window): { sql: string; params: SqlValue[] } {
  const inside = `closed_at BETWEEN ?::DATE AND ?::DATE`;
  const won = `${inside} AND status = 'won'`;
  return {
    sql: `count(*) FILTER (WHERE ${won})::INTEGER AS ${w.span}_won,
      count(*) FILTER (WHERE ${inside})::INTEGER AS ${w.span}_closed,
      coalesce(sum(amount) FILTER (WHERE ${won}), 0)::DOUBLE AS ${w.span}_won_amount,
      median(closed_at - created_at) FILTER (WHERE ${won} AND closed_at >= created_at)::DOUBLE
        AS ${w.span}_cycle_days`,
    params: Array.from({ length: 4 }, () => [w.from, w.to]).flat(),
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
  const where = cohortWhere(filter);
  const windows: Window[] = [
    { span: 'current', from: daysBefore(asOf, WINDOW_DAYS - 1), to: asOf },
    {
      span: 'previous',
      from: daysBefore(asOf, 2 * WINDOW_DAYS - 1),
      to: daysBefore(asOf, WINDOW_DAYS),
    },
  ];
  const quarter = periodOf(asOf, 'quarter');
  const previous = shiftPeriod(quarter, -1);
  const earliest = [windows[1]!.from, periodStart(previous)].sort()[0]!;
  const columns = windows.map(figureColumns);
  const [[row], openBefore] = await Promise.all([
    db.query(
      `SELECT ${columns.map((c) => c.sql).join(',\n')},
        coalesce(sum(amount) FILTER (WHERE status = 'won' AND closed_at BETWEEN ?::DATE AND ?::DATE), 0)::DOUBLE AS so_far,
        coalesce(sum(amount) FILTER (WHERE status = 'won' AND closed_at BETWEEN ?::DATE AND ?::DATE), 0)::DOUBLE AS before
      FROM opp_progress WHERE ${where.sql} AND closed_at BETWEEN ?::DATE AND ?::DATE`,
      [
        ...columns.flatMap((c) => c.params),
        periodStart(quarter),
        asOf,
        periodStart(previous),
        periodEnd(previous),
        ...where.params,
        earliest,
        asOf,
      ],
    ),
    openAt(db, filter, daysBefore(asOf, WINDOW_DAYS)),
  ]);
  const figures = ({ span, from, to }: Window): WindowFigures => {
    const won = Number(row?.[`${span}_won`] ?? 0);
    const closed = Number(row?.[`${span}_closed`] ?? 0);
    const cycle = row?.[`${span}_cycle_days`];
    return {
      from,
      to,
      won,
      closed,
      winRate: ratio(won, closed),
      wonAmount: Number(row?.[`${span}_won_amount`] ?? 0),
      cycleDays: typeof cycle === 'number' ? cycle : null,
    };
  };
  return {
    change: { current: figures(windows[0]!), previous: figures(windows[1]!), openBefore },
    quarterWon: {
      wonSoFar: Number(row?.so_far ?? 0),
      previous,
      previousWon: Number(row?.before ?? 0),
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
  const q = openAtSql(date, filter);
  const [row] = await db.query<{ count: number; amount: number }>(q.sql, q.params);
  return { date, count: row?.count ?? 0, amount: row?.amount ?? 0 };
}
