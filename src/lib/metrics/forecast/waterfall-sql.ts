import type { CohortFilter, SqlFragment } from '../cohort.ts';
import { asOfSql } from './as-of-sql.ts';

/**
 * The pipeline change for period [start, end] between dates `from` (T0) and `to` (T1), per
 * METRICS.md "Pipeline change between two dates". S(t) = opportunities open at t whose close date
 * as known at t falls in the period. Each deal of S(T0) ∪ S(T1) lands in one group:
 *
 * - 'start' (S(T0), amount at T0) and 'end' (S(T1), amount at T1), the two levels;
 * - 'created': in S(T1), born after T0 (so it cannot be in S(T0)), its amount at T1;
 * - 'won', 'lost': in S(T0) and won or lost at T1, leaving with its amount at T0;
 * - 'moved-out': in S(T0), neither closed nor in S(T1), its amount at T0;
 * - 'moved-in': in S(T1), not in S(T0), born by T0, its amount at T1;
 * - 'amount-change': in both, amount at T1 − amount at T0 (counted when it changed).
 *
 * So end − start = created − won − lost + moved-in − moved-out + amount-change exactly. Null
 * amounts count as 0 in the sums and are counted in `missing`: an amount change's only when it is
 * counted, as one missing at both dates is no known change (start and end count it already).
 */
export function waterfallSql(
  filter: CohortFilter,
  dates: { start: string; end: string; from: string; to: string },
): SqlFragment {
  const before = asOfSql(dates.from, filter);
  const after = asOfSql(dates.to, filter);
  return {
    sql: `WITH s0 AS (${before.sql}), s1 AS (${after.sql}),
      bounds AS (SELECT ?::DATE AS p0, ?::DATE AS p1, ?::DATE AS t0),
      j AS (
        SELECT s1.born > bounds.t0 AS created, s1.kind AS kind1, s0.amount AS a0, s1.amount AS a1,
          coalesce(s0.is_open AND s0.close_date BETWEEN bounds.p0 AND bounds.p1, false) AS in0,
          coalesce(s1.is_open AND s1.close_date BETWEEN bounds.p0 AND bounds.p1, false) AS in1
        FROM s0 JOIN s1 ON s1.id = s0.id, bounds),
      steps AS (
        SELECT 'start' AS step, a0 AS amount, true AS counted, a0 IS NULL AS missing
        FROM j WHERE in0
        UNION ALL
        SELECT 'end', a1, true, a1 IS NULL FROM j WHERE in1
        UNION ALL
        SELECT CASE WHEN kind1 IN ('won', 'lost') THEN kind1 ELSE 'moved-out' END, a0, true,
          a0 IS NULL
        FROM j WHERE in0 AND NOT in1
        UNION ALL
        SELECT CASE WHEN created THEN 'created' ELSE 'moved-in' END, a1, true, a1 IS NULL
        FROM j WHERE in1 AND NOT in0
        UNION ALL
        SELECT 'amount-change', coalesce(a1, 0) - coalesce(a0, 0), a1 IS DISTINCT FROM a0,
          (a0 IS NULL OR a1 IS NULL) AND a1 IS DISTINCT FROM a0
        FROM j WHERE in0 AND in1)
      SELECT step, coalesce(sum(amount), 0)::DOUBLE AS amount,
        count(*) FILTER (WHERE counted)::INTEGER AS n,
        count(*) FILTER (WHERE missing)::INTEGER AS missing
      FROM steps GROUP BY step`,
    params: [...before.params, ...after.params, dates.start, dates.end, dates.from],
  };
}
