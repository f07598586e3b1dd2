import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';
import { pivotKey } from './filter-rollup.ts';
import { reachGroupsSql } from './stage-reach.ts';

/** How a group of deals sits against the walk-forward cut (`stageWinRateGroupsSql`). */
const sideSql = (cut: string | null | 'default') =>
  cut === 'default'
    ? 'closed_q'
    : cut === null
      ? 'NULL::INTEGER'
      : 'CASE WHEN closed_at < ?::DATE THEN -1 WHEN closed_at >= ?::DATE THEN 1 END';

/** Deals lost at a probability of 100 % and won at 0 %. */
const CONTRADICTIONS = `count(*) FILTER (WHERE probability >= 0.99)::INTEGER AS at_full,
  count(*) FILTER (WHERE probability <= 0.01)::INTEGER AS at_zero`;

/**
 * The cohort grouped by reach (`stage-reach.ts`), current stage, status and side of the
 * walk-forward cut, with the exported probabilities of each group (and how many are exactly 0 or
 * 1, what a CRM sets a deal to as it is lost or won, rather than the stage's preset) and how many
 * were lost with neither history nor a kept stage (counted as lost at S1): what
 * `rollUpStageWinRates` turns into per-stage counts. `side` is the closing quarter (year · 4 + quarter − 1) when the
 * cut is the default, which is worked out from the latest of them; −1 before and 1 on or after a
 * chosen cut; null without a cut or a closing date. Without `contradictions`, the deals whose
 * probability contradicts their outcome are not counted (0): at a million deals those two counts
 * and a cut's side cost as much as the rest of the read.
 */
export function stageWinRateGroupsSql(
  filter: CohortFilter,
  strict: boolean,
  cut: string | null | 'default',
  contradictions = true,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  const chosen = cut !== null && cut !== 'default';
  return {
    sql: reachGroupsSql(
      strict,
      ['current_pos', 'status', `${sideSql(cut)} AS side`, ...pivotKey(pivot)],
      `count(*)::INTEGER AS n, sum(probability)::DOUBLE AS p_sum,
        count(probability)::INTEGER AS p_n,
        count(*) FILTER (WHERE probability = 0)::INTEGER AS p_zero,
        count(*) FILTER (WHERE probability = 1)::INTEGER AS p_one,
        count(*) FILTER (WHERE lost_unknown)::INTEGER AS lost_unknown,
        ${contradictions ? CONTRADICTIONS : '0 AS at_full, 0 AS at_zero'}`,
      where.sql,
    ),
    params: [...(chosen ? [cut, cut] : []), ...where.params],
  };
}

/** The columns of `stageWinRateGroupsSql` that add up across its groups. */
export const STAGE_WIN_RATE_SUMS = [
  'n',
  'p_sum',
  'p_n',
  'p_zero',
  'p_one',
  'lost_unknown',
  'at_full',
  'at_zero',
] as const;

/** The columns of the won and closed counts (`winRateTrendGroupsSql`, `segmentWinRateGroupsSql`). */
export const WON_CLOSED_SUMS = ['won', 'closed'] as const;

/** Won and closed per reach and closing quarter (`closed_q`), for the drift of win rates over time. */
export function winRateTrendGroupsSql(
  filter: CohortFilter,
  strict: boolean,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: reachGroupsSql(
      strict,
      ['closed_q', ...pivotKey(pivot)],
      `count(*) FILTER (WHERE status = 'won')::INTEGER AS won, count(*)::INTEGER AS closed`,
      `${where.sql} AND closed_at IS NOT NULL`,
    ),
    params: where.params,
  };
}

/** Won and closed per reach and value of a segment (its rates shrink to the overall). */
export function segmentWinRateGroupsSql(
  filter: CohortFilter,
  segmentExpr: string,
  strict: boolean,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: reachGroupsSql(
      strict,
      [`coalesce(${segmentExpr}::VARCHAR, '') AS segment`, ...pivotKey(pivot)],
      `count(*) FILTER (WHERE status = 'won')::INTEGER AS won, count(*)::INTEGER AS closed`,
      `${where.sql} AND status IN ('won', 'lost')`,
    ),
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
