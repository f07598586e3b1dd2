import { cohortWhere, type CohortFilter, type SqlFragment } from '../cohort.ts';

/**
 * The state of every cohort opportunity at date `at` (METRICS.md "State at a date"), one row each:
 *
 * - `born`: its creation date, or its first history entry when that is earlier or there is no
 *   creation date; `existed` = born at or before `at` (false when neither date is known);
 * - `stage`, `position`, `kind` ('open' | 'won' | 'lost', NULL for a stage the model does not
 *   place) and `since` (when that visit started): its last entry at or before `at`, in the order of
 *   `stage_visits`, so after a backward move or a re-entry the stage at `at` is simply the latest;
 *   all NULL when it has no entry by then (no history, or history starting later);
 * - `is_open`: that last entry is an open stage;
 * - `amount` and `close_date` as known at `at`: from its last history entry at or before `at`
 *   that carries one, else today's value stands in (`amount_from_history`,
 *   `close_date_from_history` say which).
 *
 * Reads `opp_progress`, `stage_visits`, `amount_spans` and `close_date_spans` (buildStageProgress):
 * each a range lookup, as a visit or a known value holds until the next one starts.
 */
export function asOfSql(at: string, filter: CohortFilter = {}): SqlFragment {
  const where = cohortWhere(filter);
  const holds = (from: string, to: string) =>
    `${from} <= (SELECT t FROM as_of_date) AND (${to} IS NULL OR ${to} > (SELECT t FROM as_of_date))`;
  return {
    sql: `WITH as_of_date AS (SELECT ?::DATE AS t),
      c AS (SELECT id, born, amount, close_date FROM opp_progress WHERE ${where.sql}),
      visit AS (
        SELECT id, stage, position, kind, started FROM stage_visits WHERE ${holds('started', 'ended')}),
      amount_then AS (SELECT id, amount FROM amount_spans WHERE ${holds('known_from', 'known_to')}),
      close_then AS (
        SELECT id, close_date FROM close_date_spans WHERE ${holds('known_from', 'known_to')})
      SELECT c.id, c.born, coalesce(c.born <= (SELECT t FROM as_of_date), false) AS existed,
        l.stage, l.position, l.kind, l.started AS since,
        coalesce(l.kind = 'open', false) AS is_open,
        coalesce(a.amount, c.amount) AS amount,
        a.amount IS NOT NULL AS amount_from_history,
        coalesce(k.close_date, c.close_date) AS close_date,
        k.close_date IS NOT NULL AS close_date_from_history
      FROM c
      LEFT JOIN visit l ON l.id = c.id
      LEFT JOIN amount_then a ON a.id = c.id
      LEFT JOIN close_then k ON k.id = c.id`,
    params: [at, ...where.params],
  };
}

/** How much history there is to rebuild past states from (see `historyCoverage`). */
export const HISTORY_COVERAGE_SQL = `SELECT
  (SELECT count(*) FROM stage_visits)::INTEGER AS visits,
  (SELECT count(*) FROM amount_spans)::INTEGER AS amounts,
  (SELECT count(*) FROM close_date_spans)::INTEGER AS close_dates`;
