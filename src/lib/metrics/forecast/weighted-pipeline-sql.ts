import type { SqlValue } from '../../db/database.ts';
import {
  cohortWhere,
  segmentSql,
  type CohortFilter,
  type Segment,
  type SqlFragment,
} from '../cohort.ts';
import { periodSql, type PeriodUnit } from './periods.ts';

/** What the weighted pipeline is stacked by: the deal's stage, its grade, or a segment. */
export type PipelineStack = 'stage' | 'grade' | Segment;

export const OVERDUE = 'overdue';
export const NO_CLOSE_DATE = 'none';

function stackSql(stack: PipelineStack): string {
  if (stack === 'stage') return `coalesce(c.current_pos::VARCHAR, '')`;
  if (stack === 'grade') return `coalesce(c.grade, '')`;
  return `coalesce((${segmentSql(stack)})::VARCHAR, '')`;
}

/**
 * Open opportunities of the cohort grouped by close-date bucket (a period label, `overdue` for a
 * close date before the as-of date, `none` for no close date) and stack part, with
 * Σ amount · rate(current stage). Deals without an amount or whose stage has no rate are counted
 * and left out of the sums; the caller reports them.
 */
export function weightedPipelineSql(
  filter: CohortFilter,
  unit: PeriodUnit,
  asOf: string,
  rates: Array<number | null>,
  stack: PipelineStack,
): SqlFragment {
  const where = cohortWhere(filter);
  const rateRows = rates.map(() => '(?::INTEGER, ?::DOUBLE)').join(', ');
  const rateParams: SqlValue[] = rates.flatMap((r, i) => [i + 1, r]);
  return {
    sql: `WITH c AS (SELECT * FROM opp_progress WHERE ${where.sql} AND status = 'open'),
      r(position, rate) AS (${rates.length > 0 ? `VALUES ${rateRows}` : 'SELECT NULL::INTEGER, NULL::DOUBLE WHERE false'})
      SELECT CASE WHEN c.close_date IS NULL THEN '${NO_CLOSE_DATE}'
          WHEN c.close_date < ?::DATE THEN '${OVERDUE}'
          ELSE ${periodSql(unit, 'c.close_date')} END AS bucket,
        ${stackSql(stack)} AS part,
        count(*)::INTEGER AS open,
        count(*) FILTER (WHERE c.amount IS NULL)::INTEGER AS no_amount,
        count(*) FILTER (WHERE r.rate IS NULL)::INTEGER AS no_rate,
        coalesce(sum(c.amount), 0)::DOUBLE AS amount,
        coalesce(sum(c.amount * r.rate), 0)::DOUBLE AS weighted
      FROM c LEFT JOIN r ON r.position = c.current_pos
      GROUP BY ALL ORDER BY bucket, part`,
    params: [...where.params, ...rateParams, asOf],
  };
}
