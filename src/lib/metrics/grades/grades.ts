import type { Database, Row } from '../../db/database.ts';
import type { StageModel } from '../../model/stage-model.ts';
import type { CohortFilter, Segment } from '../cohort.ts';
import { ratio } from '../ratio.ts';
import { wilsonInterval } from '../stats/wilson.ts';
import { queryRollup } from '../filter-rollup.ts';
import {
  GRADE_CUBE_SUMS,
  GRADE_SEGMENT_SUMS,
  gradeBySegmentSql,
  gradeCubeSql,
  scoreAucSql,
  scorePairs,
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

interface Totals {
  count: number;
  amount: number;
  missing_amount: number;
  won: number;
  closed: number;
  out_of_scope: number;
}

interface CountsRow extends Row, Totals {
  key: string | null;
}

interface CubeRow extends Row {
  grade: Grade | null;
  customer_class: Grade | null;
  industry_tier: IndustryTier | null;
  status: GradeStageRow['status'];
  position: number | null;
  out_of_scope: boolean;
  count: number;
  amount: number;
  missing_amount: number;
}

/** The cube's rows summed per key, keys in the order they first appear, each with a row of it. */
function rollUp<K>(
  cube: readonly CubeRow[],
  keyOf: (row: CubeRow) => K,
): Array<{ row: CubeRow; totals: Totals }> {
  const groups = new Map<K, { row: CubeRow; totals: Totals }>();
  for (const row of cube) {
    const key = keyOf(row);
    let group = groups.get(key);
    if (!group) {
      const totals = { count: 0, amount: 0, missing_amount: 0, won: 0, closed: 0, out_of_scope: 0 };
      group = { row, totals };
      groups.set(key, group);
    }
    const { totals } = group;
    totals.count += row.count;
    totals.amount += row.amount;
    totals.missing_amount += row.missing_amount;
    if (row.status === 'won') totals.won += row.count;
    if (row.status !== 'open') totals.closed += row.count;
    if (row.out_of_scope) totals.out_of_scope += row.count;
  }
  return [...groups.values()];
}

/** Counts per value of one of the cube's columns (null: ungraded, unclassed, unmapped). */
function countsBy(
  cube: readonly CubeRow[],
  column: 'grade' | 'customer_class' | 'industry_tier',
): CountsRow[] {
  return rollUp(cube, (r) => r[column]).map(({ row, totals }) => ({ key: row[column], ...totals }));
}

/** Graded deals per grade, status and position, in that order (positions ascending, none last). */
function gradeByStage(cube: readonly CubeRow[]): GradeStageRow[] {
  const order = (a: GradeStageRow, b: GradeStageRow) =>
    a.grade.localeCompare(b.grade) ||
    a.status.localeCompare(b.status) ||
    (a.position ?? Infinity) - (b.position ?? Infinity);
  return rollUp(
    cube.filter((r) => r.grade !== null),
    (r) => `${r.grade} ${r.status} ${r.position}`,
  )
    .map(({ row, totals }) => ({
      grade: row.grade!,
      status: row.status,
      position: row.position,
      ...countsOf({ key: null, ...totals }),
    }))
    .sort(order);
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
  const [cube, [auc]] = await Promise.all([
    queryRollup<CubeRow>(db, filter, { build: gradeCubeSql, sums: GRADE_CUBE_SUMS }),
    queryRollup<{ pairs: number; won: number; lost: number }>(db, filter, {
      build: scoreAucSql,
      sums: ['won', 'lost'],
      finish: scorePairs,
    }),
  ]);
  const grades = countsBy(cube, 'grade');
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
    customerClasses: keyedRows(countsBy(cube, 'customer_class'), GRADES),
    industryTiers: keyedRows(countsBy(cube, 'industry_tier'), INDUSTRY_TIERS),
    auc: auc && auc.won > 0 && auc.lost > 0 ? auc.pairs / (auc.won * auc.lost) : null,
    ordered: gradesOrdered(distribution),
    gradeByStage: gradeByStage(cube),
  };
}

/** Graded deals per value of a segment (owner, region, …) and grade. */
export async function computeGradeBySegment(
  db: Database,
  segment: Segment,
  filter: CohortFilter,
): Promise<GradeSegmentRow[]> {
  const rows = await queryRollup<CountsRow & { segment: string; grade: Grade }>(db, filter, {
    build: (f, pivot) => gradeBySegmentSql(f, segment, pivot),
    sums: GRADE_SEGMENT_SUMS,
  });
  return rows.map((r) => ({
    segment: r.segment,
    grade: r.grade,
    ...countsOf(r),
    winRate: ratio(r.won, r.closed),
  }));
}
