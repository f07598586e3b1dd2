import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';

const over = (filter: CohortFilter, sql: (where: string) => string): SqlFragment => {
  const where = cohortWhere(filter);
  return { sql: sql(where.sql), params: where.params };
};

/** Headline numbers over the cohort. */
export const overviewKpisSql = (filter: CohortFilter) =>
  over(
    filter,
    (where) => `
SELECT count(*)::INTEGER AS total,
  count(*) FILTER (WHERE status = 'open')::INTEGER AS open,
  coalesce(sum(amount) FILTER (WHERE status = 'open'), 0)::DOUBLE AS open_amount,
  count(*) FILTER (WHERE status = 'open' AND amount IS NULL)::INTEGER AS open_missing_amount,
  count(*) FILTER (WHERE status = 'won')::INTEGER AS won,
  count(*) FILTER (WHERE status = 'lost')::INTEGER AS lost,
  coalesce(sum(amount) FILTER (WHERE status = 'won'), 0)::DOUBLE AS won_amount,
  count(*) FILTER (WHERE status = 'won' AND amount IS NULL)::INTEGER AS won_missing_amount
FROM opp_progress WHERE ${where}`,
  );

export interface OverviewKpis {
  total: number;
  open: number;
  open_amount: number;
  open_missing_amount: number;
  won: number;
  lost: number;
  won_amount: number;
  won_missing_amount: number;
  [key: string]: number;
}

/**
 * Opportunities per current stage and status. Stages holding open deals come first, in the order
 * of their mean exported probability (a stand-in until a stage model orders them), then by name.
 */
export const stageStatusSql = (filter: CohortFilter) =>
  over(
    filter,
    (where) => `
WITH g AS (
  SELECT coalesce(stage, '') AS stage, status, count(*) AS n,
    sum(probability) AS p_sum, count(probability) AS p_n
  FROM opp_progress WHERE ${where} GROUP BY ALL),
per_stage AS (
  SELECT stage, sum(p_sum) FILTER (WHERE status = 'open')
      / nullif(sum(p_n) FILTER (WHERE status = 'open'), 0) AS p,
    coalesce(sum(n) FILTER (WHERE status = 'open'), 0) AS open_n
  FROM g GROUP BY stage),
ordered AS (
  SELECT stage, (row_number() OVER (ORDER BY open_n = 0, p NULLS LAST, stage))::INTEGER AS stage_order
  FROM per_stage)
SELECT g.stage, g.status, g.n::INTEGER AS n, o.stage_order
FROM g JOIN ordered o USING (stage) ORDER BY o.stage_order, g.status`,
  );

export interface StageStatusRow {
  stage: string;
  status: 'open' | 'won' | 'lost';
  n: number;
  stage_order: number;
  [key: string]: string | number;
}

/** Opportunities created per calendar quarter, split by their status today. */
export const createdByQuarterSql = (filter: CohortFilter) =>
  over(
    filter,
    (where) => `
SELECT year(created_at) || '-Q' || quarter(created_at) AS quarter, status, count(*)::INTEGER AS n
FROM opp_progress WHERE created_at IS NOT NULL AND ${where}
GROUP BY ALL ORDER BY quarter, status`,
  );

export interface QuarterStatusRow {
  quarter: string;
  status: 'open' | 'won' | 'lost';
  n: number;
  [key: string]: string | number;
}
