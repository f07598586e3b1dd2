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
WITH cohort AS (SELECT * FROM opp_progress WHERE ${where}),
per_stage AS (
  SELECT coalesce(stage, '') AS stage, avg(probability) FILTER (WHERE status = 'open') AS p,
    count(*) FILTER (WHERE status = 'open') AS open_n
  FROM cohort GROUP BY 1),
ordered AS (
  SELECT stage, (row_number() OVER (ORDER BY open_n = 0, p NULLS LAST, stage))::INTEGER AS stage_order
  FROM per_stage)
SELECT s.stage, o.status, count(*)::INTEGER AS n, any_value(s.stage_order) AS stage_order
FROM cohort o JOIN ordered s ON s.stage = coalesce(o.stage, '')
GROUP BY 1, 2 ORDER BY stage_order, o.status`,
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
