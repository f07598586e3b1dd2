import type { SqlValue } from '../db/database.ts';
import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';

const reachedSql = (strict: boolean) =>
  strict ? 'list_contains(strict_reached, s.i)' : 'furthest >= s.i';

/**
 * Per open stage i: won(i) and closed(i) over the cohort's closed deals that reached Si (open
 * deals say nothing about the outcome), split at `cut` into those closed before it and on or
 * after it (the walk-forward check), plus the mean exported probability of the deals whose
 * current stage is Si (the export's preset).
 */
export function stageWinRatesSql(
  k: number,
  filter: CohortFilter,
  strict: boolean,
  cut: string | null,
): SqlFragment {
  const where = cohortWhere(filter);
  const params: SqlValue[] = [...where.params, cut, cut, cut, cut];
  return {
    sql: `WITH c AS (SELECT * FROM opp_progress WHERE ${where.sql})
      SELECT s.i::INTEGER AS position,
        count(*) FILTER (WHERE ${reachedSql(strict)} AND status = 'won')::INTEGER AS won,
        count(*) FILTER (WHERE ${reachedSql(strict)} AND status IN ('won', 'lost'))::INTEGER AS closed,
        count(*) FILTER (WHERE ${reachedSql(strict)} AND status = 'won' AND closed_at < ?::DATE)::INTEGER AS won_before,
        count(*) FILTER (WHERE ${reachedSql(strict)} AND status IN ('won', 'lost') AND closed_at < ?::DATE)::INTEGER AS closed_before,
        count(*) FILTER (WHERE ${reachedSql(strict)} AND status = 'won' AND closed_at >= ?::DATE)::INTEGER AS won_after,
        count(*) FILTER (WHERE ${reachedSql(strict)} AND status IN ('won', 'lost') AND closed_at >= ?::DATE)::INTEGER AS closed_after,
        avg(probability) FILTER (WHERE current_pos = s.i) AS exported,
        count(probability) FILTER (WHERE current_pos = s.i)::INTEGER AS exported_n,
        count(*) FILTER (WHERE current_pos = s.i AND status = 'lost' AND probability >= 0.99)::INTEGER AS lost_at_full,
        count(*) FILTER (WHERE current_pos = s.i AND status = 'won' AND probability <= 0.01)::INTEGER AS won_at_zero
      FROM range(1, ${k + 1}) s(i) LEFT JOIN c ON true GROUP BY s.i ORDER BY s.i`,
    params,
  };
}

/** The default cut date of the walk-forward check: two quarters before the last close. */
export function defaultCutSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT strftime(date_trunc('quarter', max(closed_at)) - INTERVAL 6 MONTH, '%Y-%m-%d') AS cut
      FROM opp_progress WHERE ${where.sql}`,
    params: where.params,
  };
}

/** Won and closed per stage and closing quarter, for the drift of win rates over time. */
export function winRateTrendSql(k: number, filter: CohortFilter, strict: boolean): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (SELECT * FROM opp_progress WHERE ${where.sql} AND closed_at IS NOT NULL)
      SELECT s.i::INTEGER AS position, year(closed_at) || '-Q' || quarter(closed_at) AS quarter,
        count(*) FILTER (WHERE status = 'won')::INTEGER AS won, count(*)::INTEGER AS closed
      FROM range(1, ${k + 1}) s(i) JOIN c ON ${reachedSql(strict)}
      GROUP BY ALL ORDER BY position, quarter`,
    params: where.params,
  };
}

/** Won and closed per stage for every value of a segment (its rates shrink to the overall). */
export function segmentWinRatesSql(
  k: number,
  filter: CohortFilter,
  segmentExpr: string,
  strict: boolean,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (SELECT *, coalesce(${segmentExpr}::VARCHAR, '') AS segment FROM opp_progress
        WHERE ${where.sql} AND status IN ('won', 'lost'))
      SELECT segment, s.i::INTEGER AS position,
        count(*) FILTER (WHERE status = 'won')::INTEGER AS won, count(*)::INTEGER AS closed
      FROM range(1, ${k + 1}) s(i) JOIN c ON ${reachedSql(strict)}
      GROUP BY ALL ORDER BY segment, position`,
    params: where.params,
  };
}

/**
 * Time to close from entering each stage (history only): days from the first entry into Si to
 * the close, or to the as-of date for a deal still open (censored).
 */
export function timeToCloseSql(filter: CohortFilter, asOf: string): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (SELECT status, closed_at, stage_entries FROM opp_progress WHERE ${where.sql}),
      e AS (SELECT status, closed_at, unnest(stage_entries, recursive := true) FROM c)
      SELECT position, CASE WHEN status = 'open' THEN 'censored' ELSE status END AS event,
        (coalesce(closed_at, ?::DATE) - entered)::INTEGER AS days, count(*)::INTEGER AS n
      FROM e WHERE coalesce(closed_at, ?::DATE) >= entered
      GROUP BY ALL ORDER BY position, days, event`,
    params: [...where.params, asOf, asOf],
  };
}

/**
 * Transitions between consecutive visits (backward moves and re-entries included) for the
 * absorbing Markov chain, and the mean length of completed visits per open stage.
 */
export function transitionsSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH v AS (
        SELECT v.*, lead(position) OVER (PARTITION BY id ORDER BY visit) AS next_position,
          lead(kind) OVER (PARTITION BY id ORDER BY visit) AS next_kind
        FROM stage_visits v WHERE id IN (SELECT id FROM opp_progress WHERE ${where.sql}))
      SELECT position AS source, CASE next_kind WHEN 'open' THEN next_position::VARCHAR
          ELSE next_kind END AS target,
        count(*)::INTEGER AS n, avg(ended - started)::DOUBLE AS mean_days
      FROM v WHERE kind = 'open' AND position IS NOT NULL AND next_kind IS NOT NULL
        AND (next_kind <> 'open' OR next_position IS NOT NULL)
      GROUP BY ALL ORDER BY source, target`,
    params: where.params,
  };
}
