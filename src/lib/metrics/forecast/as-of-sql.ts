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
 * Reads `stage_visits` and `opp_progress` (buildStageProgress) and `stage_history`.
 */
export function asOfSql(at: string, filter: CohortFilter = {}): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH as_of_date AS (SELECT ?::DATE AS t),
      c AS (SELECT id, created_at, amount, close_date FROM opp_progress WHERE ${where.sql}),
      first_entry AS (SELECT id, min(started) AS started FROM stage_visits GROUP BY id),
      last_entry AS (
        SELECT id, stage, position, kind, started,
          row_number() OVER (PARTITION BY id ORDER BY visit DESC) AS back
        FROM stage_visits WHERE started <= (SELECT t FROM as_of_date)),
      entries AS (
        SELECT opportunity_id AS id, amount, close_date,
          row_number() OVER (PARTITION BY opportunity_id
            ORDER BY amount IS NULL, entered_ts DESC, _row DESC) AS amount_back,
          row_number() OVER (PARTITION BY opportunity_id
            ORDER BY close_date IS NULL, entered_ts DESC, _row DESC) AS close_back
        FROM stage_history WHERE entered_at <= (SELECT t FROM as_of_date)),
      known AS (
        SELECT id, max(amount) FILTER (WHERE amount_back = 1) AS amount,
          max(close_date) FILTER (WHERE close_back = 1) AS close_date
        FROM entries GROUP BY id)
      SELECT c.id, least(c.created_at, f.started) AS born,
        coalesce(least(c.created_at, f.started) <= (SELECT t FROM as_of_date), false) AS existed,
        l.stage, l.position, l.kind, l.started AS since,
        coalesce(l.kind = 'open', false) AS is_open,
        coalesce(k.amount, c.amount) AS amount,
        k.amount IS NOT NULL AS amount_from_history,
        coalesce(k.close_date, c.close_date) AS close_date,
        k.close_date IS NOT NULL AS close_date_from_history
      FROM c
      LEFT JOIN first_entry f ON f.id = c.id
      LEFT JOIN last_entry l ON l.id = c.id AND l.back = 1
      LEFT JOIN known k ON k.id = c.id`,
    params: [at, ...where.params],
  };
}

/** How much history there is to rebuild past states from (see `historyCoverage`). */
export const HISTORY_COVERAGE_SQL = `SELECT
  (SELECT count(*) FROM stage_visits)::INTEGER AS visits,
  (SELECT count(amount) FROM stage_history)::INTEGER AS amounts,
  (SELECT count(close_date) FROM stage_history)::INTEGER AS close_dates`;
