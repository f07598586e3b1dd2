import { cohortWhere, type CohortFilter, type SqlFragment } from '../cohort.ts';

/**
 * The cohort's open deals that the simulation can draw: placed at a model stage and with an
 * amount (the others are counted by the weighted pipeline and reported there). `entered` is when
 * the deal's latest visit to its current stage began, from history (null without).
 */
export function openDealsSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (SELECT * FROM opp_progress WHERE ${where.sql} AND status = 'open'
          AND amount IS NOT NULL AND current_pos IS NOT NULL),
        entered AS (
          SELECT id, max(started) AS entered FROM stage_visits v
          WHERE kind = 'open' AND id IN (SELECT id FROM c)
            AND position = (SELECT current_pos FROM c WHERE c.id = v.id)
          GROUP BY id)
      SELECT c.id::VARCHAR AS id, c.amount::DOUBLE AS amount, c.current_pos AS position,
        strftime(c.close_date, '%Y-%m-%d') AS close_date, strftime(e.entered, '%Y-%m-%d') AS entered
      FROM c LEFT JOIN entered e USING (id) ORDER BY c.id`,
    params: where.params,
  };
}

/** Days from entering each open stage to winning, for deals won (history only). */
export function daysToWinSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (SELECT id, closed_at FROM opp_progress WHERE ${where.sql} AND status = 'won'),
        entered AS (
          SELECT id, position, min(started) AS entered FROM stage_visits
          WHERE kind = 'open' GROUP BY id, position)
      SELECT e.position, (c.closed_at - e.entered)::INTEGER AS days
      FROM entered e JOIN c USING (id)
      WHERE c.closed_at >= e.entered ORDER BY e.position, days`,
    params: where.params,
  };
}
