import {
  cohortWhere,
  segmentSql,
  type CohortFilter,
  type Segment,
  type SqlFragment,
} from '../cohort.ts';
import { pivotKey } from '../filter-rollup.ts';
import type { PeriodUnit } from './periods.ts';

/** What the weighted pipeline is stacked by: the deal's stage, its grade, or a segment. */
export type PipelineStack = 'stage' | 'grade' | Segment;

export const OVERDUE = 'overdue';
export const NO_CLOSE_DATE = 'none';

function stackSql(stack: PipelineStack): string {
  if (stack === 'stage') return `coalesce(current_pos::VARCHAR, '')`;
  if (stack === 'grade') return `coalesce(grade, '')`;
  return `coalesce((${segmentSql(stack)})::VARCHAR, '')`;
}

/**
 * Open opportunities of the cohort grouped by close date (`fixed` is `overdue` for a close date
 * before the as-of date, `none` for no close date; otherwise `y` and `p`, the year and its
 * quarter or month), current stage and stack part, with Σ amount and the count without one. The
 * rates are applied to these few hundred rows afterwards (`weighPipeline`), so the
 * query does not wait for them. Σ amount² and the negative amounts' sum are what the simulation's
 * normal approximation needs besides (`outlineSimulation`): it is drawn from these rows too.
 */
export function weightedPipelineSql(
  filter: CohortFilter,
  unit: PeriodUnit,
  asOf: string,
  stack: PipelineStack,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  const dated = `close_date >= ?::DATE`;
  return {
    sql: `SELECT CASE WHEN close_date IS NULL THEN '${NO_CLOSE_DATE}'
          WHEN close_date < ?::DATE THEN '${OVERDUE}' END AS fixed,
        CASE WHEN ${dated} THEN year(close_date) END::INTEGER AS y,
        CASE WHEN ${dated} THEN ${unit}(close_date) END::INTEGER AS p,
        ${['current_pos', `${stackSql(stack)} AS part`, ...pivotKey(pivot)].join(', ')},
        count(*)::INTEGER AS open,
        count(*) FILTER (WHERE amount IS NULL)::INTEGER AS no_amount,
        coalesce(sum(amount), 0)::DOUBLE AS amount,
        coalesce(sum(amount * amount), 0)::DOUBLE AS squares,
        coalesce(sum(amount) FILTER (WHERE amount < 0), 0)::DOUBLE AS negative
      FROM opp_progress WHERE ${where.sql} AND status = 'open'
      GROUP BY ALL`,
    params: [asOf, asOf, asOf, ...where.params],
  };
}

/** The columns of `weightedPipelineSql` that add up across its groups. */
export const PIPELINE_SUMS = ['open', 'no_amount', 'amount', 'squares', 'negative'] as const;
