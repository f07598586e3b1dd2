import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';

const reachedSql = (strict: boolean) =>
  strict ? 'list_contains(strict_reached, s.i)' : 'furthest >= s.i';

/** What `reachedSql` reads: the cohort is grouped by it first, so stages join a few groups. */
const reachColumn = (strict: boolean) => (strict ? 'strict_reached' : 'furthest');

/** The walk-forward cut's default: two quarters before the quarter of the cohort's last close. */
const defaultCutExpr = (where: string) =>
  `(SELECT date_trunc('quarter', max(closed_at)) - INTERVAL 6 MONTH FROM opp_progress WHERE ${where})`;

/**
 * Per open stage i: won(i) and closed(i) over the cohort's closed deals that reached Si (open
 * deals say nothing about the outcome), split at `cut` into those closed before it and on or
 * after it (the walk-forward check), plus the mean exported probability of the deals whose
 * current stage is Si (the export's preset). `cut` 'default' works the default out in the same
 * query (`defaultCutSql`); every row carries the cut used (YYYY-MM-DD, null for none).
 */
export function stageWinRatesSql(
  k: number,
  filter: CohortFilter,
  strict: boolean,
  cut: string | null | 'default',
): SqlFragment {
  const where = cohortWhere(filter);
  const reached = reachedSql(strict);
  const sum = (condition: string, column = 'n') =>
    `coalesce(sum(${column}) FILTER (WHERE ${condition}), 0)`;
  const closed = `status IN ('won', 'lost')`;
  const byDefault = cut === 'default';
  return {
    sql: `WITH cut(d) AS (SELECT ${byDefault ? defaultCutExpr(where.sql) : '?'}::DATE),
      g AS (
        SELECT ${reachColumn(strict)}, current_pos, status,
          closed_at < (SELECT d FROM cut) AS before_cut, closed_at >= (SELECT d FROM cut) AS after_cut,
          count(*) AS n, sum(probability) AS p_sum, count(probability) AS p_n,
          count(*) FILTER (WHERE probability >= 0.99) AS at_full,
          count(*) FILTER (WHERE probability <= 0.01) AS at_zero
        FROM opp_progress WHERE ${where.sql} GROUP BY ALL)
      SELECT s.i::INTEGER AS position,
        ${sum(`${reached} AND status = 'won'`)}::INTEGER AS won,
        ${sum(`${reached} AND ${closed}`)}::INTEGER AS closed,
        ${sum(`${reached} AND status = 'won' AND before_cut`)}::INTEGER AS won_before,
        ${sum(`${reached} AND ${closed} AND before_cut`)}::INTEGER AS closed_before,
        ${sum(`${reached} AND status = 'won' AND after_cut`)}::INTEGER AS won_after,
        ${sum(`${reached} AND ${closed} AND after_cut`)}::INTEGER AS closed_after,
        (sum(p_sum) FILTER (WHERE current_pos = s.i)
          / nullif(sum(p_n) FILTER (WHERE current_pos = s.i), 0))::DOUBLE AS exported,
        ${sum('current_pos = s.i', 'p_n')}::INTEGER AS exported_n,
        ${sum(`current_pos = s.i AND status = 'lost'`, 'at_full')}::INTEGER AS lost_at_full,
        ${sum(`current_pos = s.i AND status = 'won'`, 'at_zero')}::INTEGER AS won_at_zero,
        strftime(cut.d, '%Y-%m-%d') AS cut
      FROM range(1, ${k + 1}) s(i) CROSS JOIN cut LEFT JOIN g ON true
      GROUP BY s.i, cut.d ORDER BY s.i`,
    params: [...(byDefault ? where.params : [cut]), ...where.params],
  };
}

/** The default cut date of the walk-forward check on its own (see `defaultCutExpr`). */
export function defaultCutSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT strftime(${defaultCutExpr(where.sql)}, '%Y-%m-%d') AS cut`,
    params: where.params,
  };
}

/** Won and closed per stage and closing quarter, for the drift of win rates over time. */
export function winRateTrendSql(k: number, filter: CohortFilter, strict: boolean): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (
        SELECT ${reachColumn(strict)}, year(closed_at) AS y, quarter(closed_at) AS q,
          count(*) FILTER (WHERE status = 'won') AS won, count(*) AS closed
        FROM opp_progress WHERE ${where.sql} AND closed_at IS NOT NULL GROUP BY ALL)
      SELECT s.i::INTEGER AS position, y || '-Q' || q AS quarter,
        sum(won)::INTEGER AS won, sum(closed)::INTEGER AS closed
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
    sql: `WITH c AS (
        SELECT coalesce(${segmentExpr}::VARCHAR, '') AS segment, ${reachColumn(strict)},
          count(*) FILTER (WHERE status = 'won') AS won, count(*) AS closed
        FROM opp_progress WHERE ${where.sql} AND status IN ('won', 'lost') GROUP BY ALL)
      SELECT segment, s.i::INTEGER AS position,
        sum(won)::INTEGER AS won, sum(closed)::INTEGER AS closed
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
    sql: `WITH t AS (
        SELECT unnest(transitions, recursive := true) FROM opp_progress WHERE ${where.sql})
      SELECT source, target, count(*)::INTEGER AS n, avg(days)::DOUBLE AS mean_days
      FROM t GROUP BY ALL ORDER BY source, target`,
    params: where.params,
  };
}
