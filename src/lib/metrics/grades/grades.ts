import type { Database, Row } from '../../db/database.ts';
import type { StageModel } from '../../model/stage-model.ts';
import type { CohortFilter, Segment } from '../cohort.ts';
import { ratio } from '../ratio.ts';
import { wilsonInterval } from '../stats/wilson.ts';
import {
  gradeBySegmentSql,
  gradeByStageSql,
  gradeCountsSql,
  scoreAucSql,
} from './grade-summary-sql.ts';
import { buildGradesSql } from './grades-sql.ts';
import {
  checkSetup,
  GRADES,
  INDUSTRY_TIERS,
  type Grade,
  type GradingSetup,
  type Indicator,
  type IndustryTier,
} from './grading-setup.ts';
import { gradingWeights, type MatrixConsistency } from './grading-weights.ts';
import { attachGrades } from '../stage-progress.ts';

/** Closed deals a grade needs before its win rate counts towards the A → D order check. */
export const MIN_CLOSED_FOR_ORDER = 5;

interface Counts {
  count: number;
  amount: number;
  /** Deals whose amount is missing (left out of `amount`). */
  missingAmount: number;
  won: number;
  closed: number;
}

export interface GradeRow<K extends string = Grade> extends Counts {
  /** A grade, customer class or industry tier; null for the ungraded / unclassed / unmapped. */
  grade: K | null;
  /** won / closed; null without closed deals. */
  winRate: number | null;
  /** 95 % Wilson interval of the win rate. */
  low: number | null;
  high: number | null;
  /** winRate over the win rate of all the rows' closed deals. */
  lift: number | null;
}

export interface GradeStageRow extends Counts {
  grade: Grade;
  status: 'open' | 'won' | 'lost';
  /** Current open stage position; null for closed deals and stages the model does not place. */
  position: number | null;
}

export interface GradeSegmentRow extends Counts {
  segment: string;
  grade: Grade;
  winRate: number | null;
}

export interface GradesResult {
  /** Global AHP weight of every indicator of the setup. */
  weights: Partial<Record<Indicator, number>>;
  groupWeights: Record<string, number>;
  /** The highest CR of the setup's matrices (acceptable below 0.1). */
  cr: number;
  /** The matrix with that CR, with its worst pairs. */
  consistency: MatrixConsistency;
  matrices: MatrixConsistency[];
  graded: number;
  /** Cohort deals without a grade: out of scope, or in scope with no score and no rule. */
  ungraded: number;
  outOfScope: number;
  /** A, B, C, D always, summing to `graded`; lift against the graded deals' win rate. */
  distribution: GradeRow[];
  /** A, B, C, D, then the unclassed when there are any; lift against the whole cohort. */
  customerClasses: GradeRow[];
  /**
   * Mainstream, secondary, non-mainstream, then the unmapped when there are any; lift against the
   * whole cohort. Meaningful only when the setup maps some industry.
   */
  industryTiers: Array<GradeRow<IndustryTier>>;
  /** AUC of the score, won against lost closed deals; null unless both occur. */
  auc: number | null;
  /** False when win rates of grades with enough closed deals rise somewhere from A to D. */
  ordered: boolean;
  gradeByStage: GradeStageRow[];
}

interface CountsRow extends Row {
  key: string | null;
  count: number;
  amount: number;
  missing_amount: number;
  won: number;
  closed: number;
  out_of_scope: number;
}

/**
 * Builds `opp_grades` (one row per `opp_progress` row: id, in_scope, score, grade, rule,
 * customer_class, class_source, industry_tier, s_<indicator>…) for a setup, and copies the
 * grades into `opp_progress`. Grades do not depend on the filter: scores are taken over every
 * in-scope deal.
 */
export async function buildGrades(
  db: Database,
  setup: GradingSetup,
  model: StageModel,
): Promise<void> {
  checkSetup(setup);
  const k = model.stages.length;
  if (setup.scopeStage > Math.max(1, k)) {
    throw new RangeError(`scopeStage: ${setup.scopeStage} is past the last open stage (${k})`);
  }
  const { sql, params } = buildGradesSql(setup, gradingWeights(setup).weights);
  await db.query(sql, params);
  await attachGrades(db);
}

const countsOf = (r: CountsRow): Counts => ({
  count: r.count,
  amount: r.amount,
  missingAmount: r.missing_amount,
  won: r.won,
  closed: r.closed,
});

/** The win rate of all the rows' closed deals: what a lift compares against. */
const overallRate = (rows: CountsRow[]) =>
  ratio(
    rows.reduce((s, r) => s + r.won, 0),
    rows.reduce((s, r) => s + r.closed, 0),
  );

/** Rows for each key (A–D, or the tiers), zero rows included. */
function gradeRows<K extends string>(
  rows: CountsRow[],
  overall: number | null,
  keys: readonly K[],
): Array<GradeRow<K>> {
  const empty = { count: 0, amount: 0, missingAmount: 0, won: 0, closed: 0 };
  return keys.map((grade) => {
    const r = rows.find((row) => row.key === grade);
    return gradeRow(grade, r ? countsOf(r) : empty, overall);
  });
}

/** Rows for each key, then the NULL key's row when there is one; lift against all the rows. */
function keyedRows<K extends string>(rows: CountsRow[], keys: readonly K[]): Array<GradeRow<K>> {
  const overall = overallRate(rows);
  const out = gradeRows(rows, overall, keys);
  const unkeyed = rows.find((r) => r.key === null);
  if (unkeyed) out.push(gradeRow<K>(null, countsOf(unkeyed), overall));
  return out;
}

function gradeRow<K extends string>(
  grade: K | null,
  c: Counts,
  overall: number | null,
): GradeRow<K> {
  const winRate = ratio(c.won, c.closed);
  const interval = wilsonInterval(c.won, c.closed);
  const lift = winRate === null || overall === null ? null : ratio(winRate, overall);
  return { grade, ...c, winRate, low: interval?.low ?? null, high: interval?.high ?? null, lift };
}

/** Win rates of the grades with enough closed deals never rise from A to D. */
export function gradesOrdered(rows: GradeRow[]): boolean {
  const rates = rows
    .filter((r) => r.closed >= MIN_CLOSED_FOR_ORDER && r.winRate !== null)
    .map((r) => r.winRate as number);
  return rates.every((rate, i) => i === 0 || rate <= (rates[i - 1] as number));
}

/** Weights, consistency and the grade and customer-class summaries of the cohort. */
export async function computeGrades(
  db: Database,
  setup: GradingSetup,
  filter: CohortFilter,
): Promise<GradesResult> {
  checkSetup(setup);
  const w = gradingWeights(setup);
  const byGrade = gradeCountsSql(filter, 'grade');
  const byClass = gradeCountsSql(filter, 'customer_class');
  const byTier = gradeCountsSql(filter, 'industry_tier');
  const aucSql = scoreAucSql(filter);
  const stageSql = gradeByStageSql(filter);
  const [grades, classes, tiers, [auc], stages] = await Promise.all([
    db.query<CountsRow>(byGrade.sql, byGrade.params),
    db.query<CountsRow>(byClass.sql, byClass.params),
    db.query<CountsRow>(byTier.sql, byTier.params),
    db.query<{ pairs: number; won: number; lost: number }>(aucSql.sql, aucSql.params),
    db.query<
      CountsRow & { grade: Grade; status: GradeStageRow['status']; position: number | null }
    >(stageSql.sql, stageSql.params),
  ]);
  const graded = grades.filter((r) => r.key !== null);
  const ungraded = grades.find((r) => r.key === null);
  const distribution = gradeRows(graded, overallRate(graded), GRADES);
  return {
    weights: w.weights,
    groupWeights: w.groupWeights,
    cr: w.worst.cr,
    consistency: w.worst,
    matrices: w.matrices,
    graded: graded.reduce((s, r) => s + r.count, 0),
    ungraded: ungraded?.count ?? 0,
    outOfScope: grades.reduce((s, r) => s + r.out_of_scope, 0),
    distribution,
    customerClasses: keyedRows(classes, GRADES),
    industryTiers: keyedRows(tiers, INDUSTRY_TIERS),
    auc: auc && auc.won > 0 && auc.lost > 0 ? auc.pairs / (auc.won * auc.lost) : null,
    ordered: gradesOrdered(distribution),
    gradeByStage: stages.map((r) => ({
      grade: r.grade,
      status: r.status,
      position: r.position,
      ...countsOf(r),
    })),
  };
}

/** Graded deals per value of a segment (owner, region, …) and grade. */
export async function computeGradeBySegment(
  db: Database,
  segment: Segment,
  filter: CohortFilter,
): Promise<GradeSegmentRow[]> {
  const { sql, params } = gradeBySegmentSql(filter, segment);
  const rows = await db.query<CountsRow & { segment: string; grade: Grade }>(sql, params);
  return rows.map((r) => ({
    segment: r.segment,
    grade: r.grade,
    ...countsOf(r),
    winRate: ratio(r.won, r.closed),
  }));
}
