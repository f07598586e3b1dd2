import type { Database } from '../../db/database.ts';
import { cohortWhere, type CohortFilter, type SqlFragment } from '../cohort.ts';
import { pivotColumn, pivotKey } from '../filter-rollup.ts';

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
 * Reads `opp_progress` and the states `prepareAsOf` keeps for `at`: call it first.
 */
export function asOfSql(at: string, filter: CohortFilter = {}): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (SELECT id, deal_key, born, amount, close_date FROM opp_progress WHERE ${where.sql})
      SELECT c.id, c.born, coalesce(c.born <= ?::DATE, false) AS existed,
        s.stage, s.position, s.kind, s.since,
        coalesce(s.kind = 'open', false) AS is_open,
        coalesce(s.amount, c.amount) AS amount,
        s.amount IS NOT NULL AS amount_from_history,
        coalesce(s.close_date, c.close_date) AS close_date,
        s.close_date IS NOT NULL AS close_date_from_history
      FROM c LEFT JOIN as_of_states s ON s.deal_key = c.deal_key AND s.as_of = ?::DATE`,
    params: [...where.params, at, at],
  };
}

/**
 * The cohort's pipeline open at `at`, by the rules of `asOfSql` (open: its last entry by then is
 * an open stage; its amount as known then): `count` and `amount`. Only the deals open then are
 * joined to the cohort, not every deal's state. Call `prepareAsOf` first.
 */
export function openAtSql(at: string, filter: CohortFilter = {}, pivot?: string): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (
        SELECT ${['deal_key', 'amount', ...pivotKey(pivot)].join(', ')}
        FROM opp_progress WHERE ${where.sql}),
      open_then AS (
        SELECT deal_key, amount FROM as_of_states WHERE as_of = ?::DATE AND kind = 'open')
      SELECT count(*)::INTEGER AS count,
        coalesce(sum(coalesce(s.amount, c.amount)), 0)::DOUBLE AS amount${pivotColumn(pivot)}
      FROM c JOIN open_then s ON s.deal_key = c.deal_key${pivot ? ' GROUP BY ALL' : ''}`,
    params: [...where.params, at],
  };
}

const STATES_TABLE_SQL = `CREATE OR REPLACE TABLE as_of_states (as_of DATE, id VARCHAR,
  deal_key INTEGER, stage VARCHAR, position INTEGER, kind VARCHAR, since DATE, amount DOUBLE,
  close_date DATE)`;

/**
 * The dates whose states each database keeps (or is adding): known here, a filter change reads
 * the states at once instead of first asking DuckDB whether they are there. Emptying the states
 * forgets every database's dates, so a wrapper of a database resetting them cannot leave another
 * wrapper of it believing them kept.
 */
let keptDates = new WeakMap<Database, Map<string, Promise<void>>>();

/** Empties the kept states: run whenever `stage_visits` and the value spans are rebuilt. */
export async function resetAsOfStates(db: Database): Promise<void> {
  keptDates = new WeakMap();
  await db.exec(STATES_TABLE_SQL);
}

/**
 * Works out every deal's stage, amount and close date at `at` once, unfiltered, and keeps them
 * (with a marker row, id NULL, so a date with nothing known is not worked out again). Each is a
 * range lookup in `stage_visits`, `amount_spans` and `close_date_spans`, as a visit or a known value
 * holds until the next one starts: three scans of the history that a filter change then skips.
 * Each state carries the deal's `deal_key` from `opp_progress`: the cohort is joined on that
 * integer, not on the text id (a third quicker at a million deals). The states are kept in
 * order of kind, so a read of the open ones skips the row groups of the others (`openAtSql`:
 * 33 -> 22 ms at a million deals). Views asking for the same date share one statement, which
 * adds nothing when the date is there already.
 */
export function prepareAsOf(db: Database, at: string): Promise<void> {
  let dates = keptDates.get(db);
  if (!dates) keptDates.set(db, (dates = new Map()));
  const kept = dates.get(at);
  if (kept) return kept;
  const adding = addStates(db, at);
  dates.set(at, adding);
  // A failed statement added nothing: the next view asking tries again (and reports the error).
  adding.catch(() => {
    if (dates.get(at) === adding) dates.delete(at);
  });
  return adding;
}

async function addStates(db: Database, at: string): Promise<void> {
  const holds = (from: string, to: string) =>
    `${from} <= (SELECT t FROM d) AND (${to} IS NULL OR ${to} > (SELECT t FROM d))`;
  await db.query(
    `INSERT INTO as_of_states
     WITH d AS (SELECT ?::DATE AS t),
       visit AS (
         SELECT id, stage, position, kind, started FROM stage_visits WHERE ${holds('started', 'ended')}),
       amount_then AS (SELECT id, amount FROM amount_spans WHERE ${holds('known_from', 'known_to')}),
       close_then AS (
         SELECT id, close_date FROM close_date_spans WHERE ${holds('known_from', 'known_to')}),
       known AS (
         SELECT coalesce(l.id, a.id, k.id) AS id, l.stage, l.position, l.kind, l.started,
           a.amount, k.close_date
         FROM visit l FULL JOIN amount_then a ON a.id = l.id
         FULL JOIN close_then k ON k.id = coalesce(l.id, a.id))
     SELECT (SELECT t FROM d), k.id, p.deal_key, k.stage, k.position, k.kind, k.started,
       k.amount, k.close_date
     FROM known k LEFT JOIN opp_progress p ON p.id = k.id
     WHERE NOT EXISTS (SELECT 1 FROM as_of_states WHERE as_of = (SELECT t FROM d))
     UNION ALL
     SELECT (SELECT t FROM d), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
     WHERE NOT EXISTS (SELECT 1 FROM as_of_states WHERE as_of = (SELECT t FROM d))
     ORDER BY kind`,
    [at],
  );
}

/** How much history there is to rebuild past states from (see `historyCoverage`). */
export const HISTORY_COVERAGE_SQL = `SELECT
  (SELECT count(*) FROM stage_visits)::INTEGER AS visits,
  (SELECT count(*) FROM amount_spans)::INTEGER AS amounts,
  (SELECT count(*) FROM close_date_spans)::INTEGER AS close_dates`;
