import type { Database, Row } from '../../db/database.ts';
import { cohortWhere, type CohortFilter } from '../cohort.ts';
import { ratio } from '../ratio.ts';

export interface SalesVelocity {
  open: number;
  /** won ÷ closed over the cohort. */
  winRate: number | null;
  /** Mean amount of the won deals that have one. */
  meanWon: number | null;
  /** Mean days from creation to close of the won deals. */
  meanDays: number | null;
  /** open · win rate · mean won amount ÷ mean days: amount per day; null when a part is missing. */
  perDay: number | null;
}

interface VelocityRow extends Row {
  open: number;
  won: number;
  closed: number;
  mean_won: number | null;
  mean_days: number | null;
}

/** Sales velocity (METRICS.md "Forecast") over the cohort. */
export async function computeVelocity(db: Database, filter: CohortFilter): Promise<SalesVelocity> {
  const where = cohortWhere(filter);
  const [r] = await db.query<VelocityRow>(
    `SELECT count(*) FILTER (WHERE status = 'open')::INTEGER AS open,
       count(*) FILTER (WHERE status = 'won')::INTEGER AS won,
       count(*) FILTER (WHERE status IN ('won', 'lost'))::INTEGER AS closed,
       avg(amount) FILTER (WHERE status = 'won')::DOUBLE AS mean_won,
       avg(closed_at - created_at) FILTER (WHERE status = 'won' AND closed_at >= created_at)::DOUBLE
         AS mean_days
     FROM opp_progress WHERE ${where.sql}`,
    where.params,
  );
  const open = r?.open ?? 0;
  const winRate = ratio(r?.won ?? 0, r?.closed ?? 0);
  const meanWon = r?.mean_won ?? null;
  const meanDays = r?.mean_days ?? null;
  const perDay =
    winRate !== null && meanWon !== null && meanDays !== null && meanDays > 0
      ? (open * winRate * meanWon) / meanDays
      : null;
  return { open, winRate, meanWon, meanDays, perDay };
}
