import { ident } from '../../db/sql.ts';
import type { SqlFragment } from '../cohort.ts';
import { ACCOUNT_KEY_SQL, accountClassesSql } from './customer-class-sql.ts';
import {
  setupIndicators,
  type Comparison,
  type GradingSetup,
  type Indicator,
} from './grading-setup.ts';
import { numberedParams } from './sql-params.ts';

const OPERATORS: Record<Comparison, string> = {
  '>=': '>=',
  '>': '>',
  '<=': '<=',
  '<': '<',
  '=': '=',
  '!=': '<>',
};

const raw = (i: Indicator) => ident(`r_${i}`);
export const scoreColumn = (i: Indicator) => ident(`s_${i}`);

/**
 * One indicator's 1–5 score (METRICS.md "Grades") over the in-scope opportunities: as given when
 * every in-scope value is a whole number 1–5 (6 − v when lower is better), else by quintile
 * s = 1 + min(4, ⌊5·(L + T/2)/n⌋) with L the values strictly worse and T the equal ones, the value
 * itself included: the mid-rank percentile, so a lone value or a column of equal values scores 3
 * and reversing the direction maps p to 1 − p. Worse is lower, or higher when lower is better.
 */
function scoreSql(i: Indicator, lowerIsBetter: boolean): string {
  const v = raw(i);
  const part = `in_scope AND ${v} IS NOT NULL`;
  const worse = `rank() OVER (PARTITION BY ${part} ORDER BY ${v}${lowerIsBetter ? ' DESC' : ''}) - 1`;
  const equal = `count(*) OVER (PARTITION BY ${part}, ${v})`;
  const n = `count(*) OVER (PARTITION BY ${part})`;
  const given = `bool_and(${v} BETWEEN 1 AND 5 AND ${v} = floor(${v})) OVER (PARTITION BY ${part})`;
  return `CASE WHEN NOT (${part}) THEN NULL
      WHEN ${given} THEN ${lowerIsBetter ? `6 - ${v}` : v}
      ELSE 1 + least(4, floor(5 * ((${worse}) + (${equal}) / 2.0) / (${n}))) END::DOUBLE`;
}

/**
 * The deal's industry tier: a CASE over the mapped industries, NULL for the rest. Names and tiers
 * go in as parameters.
 */
function industryTierSql(tiers: GradingSetup['industryTiers'], q: (v: string) => string): string {
  const cases = Object.entries(tiers).map(
    ([industry, tier]) => `WHEN ${q(industry)} THEN ${q(tier)}`,
  );
  return cases.length === 0
    ? 'NULL::VARCHAR'
    : `CASE industry::VARCHAR ${cases.join(' ')} END::VARCHAR`;
}

/**
 * `opp_grades` from `opp_progress`: per opportunity its indicator scores, weighted score, the
 * first matching rule, grade, effective customer class and industry tier. `weights` holds a weight for every
 * indicator of the setup; the setup must have passed `checkSetup` (only known indicator names
 * reach here, and every value goes in as a parameter).
 */
export function buildGradesSql(
  setup: GradingSetup,
  weights: Partial<Record<Indicator, number>>,
): SqlFragment {
  const { params, q } = numberedParams();
  const indicators = setupIndicators(setup);
  const tested = [...new Set([...indicators, ...setup.rules.map((r) => r.indicator)])];
  const scores = indicators.map(scoreColumn);
  // Nulls drop out of both sums: the weights of the scored indicators are renormalised.
  const weighted = indicators.map((i) => `coalesce(${q(weights[i] ?? 0)} * ${scoreColumn(i)}, 0)`);
  const present = indicators.map(
    (i) => `CASE WHEN ${scoreColumn(i)} IS NULL THEN 0 ELSE ${q(weights[i] ?? 0)} END`,
  );
  // Rounded so a score exactly on a cut-off is not nudged below it, and equal inputs tie.
  const scoreSum = `round((${weighted.join(' + ') || '0'}) / nullif(${present.join(' + ') || '0'}, 0), 9)`;
  const rules = setup.rules.map(
    (r, k) => `WHEN ${raw(r.indicator)} ${OPERATORS[r.op]} ${q(r.value)} THEN ${k}`,
  );
  const c = setup.cutoffs;
  // Quantile shares compare the number of strictly better scores, so ties share a grade.
  const measure =
    c.mode === 'score'
      ? (cut: number) => `score >= ${q(cut)}`
      : (cut: number) =>
          `(rank() OVER (PARTITION BY in_scope AND score IS NOT NULL ORDER BY score DESC) - 1)
            < ${q(cut)} * count(*) OVER (PARTITION BY in_scope AND score IS NOT NULL)`;
  const scoreGrade = `CASE WHEN NOT in_scope OR score IS NULL THEN NULL
      WHEN ${measure(c.A)} THEN 'A' WHEN ${measure(c.B)} THEN 'B'
      WHEN ${measure(c.C)} THEN 'C' ELSE 'D' END`;
  const ruleGrades = setup.rules.map((r, k) => `WHEN ${k} THEN ${q(r.grade)}`);

  const sql = `CREATE OR REPLACE TABLE opp_grades AS
    WITH base AS (
      SELECT id, coalesce(furthest >= ${q(setup.scopeStage)}, false) AS in_scope,
        customer_class AS exported_class, ${ACCOUNT_KEY_SQL} AS acct,
        ${industryTierSql(setup.industryTiers, q)} AS industry_tier
        ${tested.map((i) => `, ${ident(i)}::DOUBLE AS ${raw(i)}`).join('')}
      FROM opp_progress),
    scored AS (
      SELECT *${indicators.map((i) => `, ${scoreSql(i, setup.directions[i] === 'lower')} AS ${scoreColumn(i)}`).join('')}
      FROM base),
    weighted AS (
      SELECT *, CASE WHEN in_scope THEN ${scoreSum} END AS score,
        CASE WHEN in_scope THEN CASE ${rules.join(' ') || 'WHEN false THEN 0'} END END::INTEGER AS rule
      FROM scored),
    graded AS (SELECT *, ${scoreGrade} AS score_grade FROM weighted),
    ${accountClassesSql(setup.classThresholds, q)}
    SELECT g.id, g.in_scope, g.score,
      CASE WHEN g.rule IS NULL THEN g.score_grade
        ELSE CASE g.rule ${ruleGrades.join(' ') || 'WHEN -1 THEN NULL'} END END AS grade,
      g.rule, coalesce(g.exported_class, a.computed_class) AS customer_class,
      CASE WHEN g.exported_class IS NOT NULL THEN 'export'
        WHEN a.computed_class IS NOT NULL THEN 'computed' END AS class_source,
      g.industry_tier
      ${scores.map((s) => `, g.${s}`).join('')}
    FROM graded g LEFT JOIN account_classes a USING (acct)`;
  return { sql, params };
}
