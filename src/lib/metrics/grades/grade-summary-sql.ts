import {
  cohortWhere,
  segmentSql,
  type CohortFilter,
  type Segment,
  type SqlFragment,
} from '../cohort.ts';
import type { Row } from '../../db/database.ts';
import { pivotColumn, pivotKey } from '../filter-rollup.ts';
import { PIVOT } from '../pivot-index.ts';

/**
 * The cohort with its grades, the customer class being the effective one (exported, else
 * computed), so a customer-class filter or breakdown sees computed classes too.
 */
function gradedCohort(filter: CohortFilter, body: string, pivot?: string): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (
        SELECT ${['* REPLACE (graded_class AS customer_class)', ...pivotKey(pivot)].join(', ')}
        FROM opp_progress WHERE ${where.sql})
      ${body}`,
    params: where.params,
  };
}

const COUNTS = `count(*)::INTEGER AS count, coalesce(sum(amount), 0)::DOUBLE AS amount,
  count(*) FILTER (WHERE amount IS NULL)::INTEGER AS missing_amount,
  count(*) FILTER (WHERE status = 'won')::INTEGER AS won,
  count(*) FILTER (WHERE status IN ('won', 'lost'))::INTEGER AS closed`;

/**
 * Counts and amounts per grade, customer class, industry tier, status, current stage position
 * and scope together: a few hundred rows at most, from which one scan gives the grade, class,
 * tier and grade × stage summaries (NULL: ungraded, unclassed, unmapped).
 */
export function gradeCubeSql(filter: CohortFilter, pivot?: string): SqlFragment {
  return gradedCohort(
    filter,
    `SELECT grade, customer_class, industry_tier, status, current_pos AS position,
       coalesce(NOT in_scope, false) AS out_of_scope${pivotColumn(pivot)},
       count(*)::INTEGER AS count, coalesce(sum(amount), 0)::DOUBLE AS amount,
       count(*) FILTER (WHERE amount IS NULL)::INTEGER AS missing_amount
     FROM c GROUP BY ALL`,
    pivot,
  );
}

/** The pairs `scoreAucSql` counts, from its won and lost deals per score. */
export function scorePairs(rows: Row[]): Row[] {
  let pairs = 0;
  let won = 0;
  let lost = 0;
  for (const row of [...rows].sort((a, b) => Number(a.score) - Number(b.score))) {
    pairs += Number(row.won) * (lost + Number(row.lost) / 2);
    won += Number(row.won);
    lost += Number(row.lost);
  }
  return [{ pairs, won, lost }];
}

/** The columns of `gradeCubeSql` that add up across its groups. */
export const GRADE_CUBE_SUMS = ['count', 'amount', 'missing_amount'] as const;

/** The columns of `gradeBySegmentSql` that add up across its groups. */
export const GRADE_SEGMENT_SUMS = ['count', 'amount', 'missing_amount', 'won', 'closed'] as const;

/**
 * Mann–Whitney pairs for the AUC of the score on closed deals: per distinct score, the won deals
 * times the lost deals scoring lower, plus half the lost deals scoring the same. With `pivot`,
 * the won and lost deals per score and value of the pivot, which `scorePairs` turns into pairs.
 */
export function scoreAucSql(filter: CohortFilter, pivot?: string): SqlFragment {
  if (pivot) {
    return gradedCohort(
      filter,
      `SELECT score, ${PIVOT}, count(*) FILTER (WHERE status = 'won')::INTEGER AS won,
         count(*) FILTER (WHERE status = 'lost')::INTEGER AS lost
       FROM c WHERE score IS NOT NULL AND status IN ('won', 'lost') GROUP BY ALL`,
      pivot,
    );
  }
  return gradedCohort(
    filter,
    `, by_score AS (
        SELECT score, count(*) FILTER (WHERE status = 'won') AS won,
          count(*) FILTER (WHERE status = 'lost') AS lost
        FROM c WHERE score IS NOT NULL AND status IN ('won', 'lost') GROUP BY score),
      below AS (
        SELECT *, coalesce(sum(lost) OVER (ORDER BY score
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lost_below
        FROM by_score)
      SELECT coalesce(sum(won * (lost_below + lost / 2.0)), 0)::DOUBLE AS pairs,
        coalesce(sum(won), 0)::DOUBLE AS won, coalesce(sum(lost), 0)::DOUBLE AS lost
      FROM below`,
  );
}

/** Graded deals per segment value and grade ('' for a missing segment value). */
export function gradeBySegmentSql(
  filter: CohortFilter,
  segment: Segment,
  pivot?: string,
): SqlFragment {
  return gradedCohort(
    filter,
    `SELECT coalesce(${segmentSql(segment)}::VARCHAR, '') AS segment, grade${pivotColumn(pivot)},
       ${COUNTS}
     FROM c WHERE grade IS NOT NULL GROUP BY ALL ORDER BY segment, grade`,
    pivot,
  );
}
