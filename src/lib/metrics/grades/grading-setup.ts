import { reciprocalMatrix } from './ahp.ts';

/** The opportunity's own indicators (GLOSSARY.md: forecast revenue is `amount`). */
export const OPPORTUNITY_INDICATORS = [
  'amount',
  'urgency',
  'importance',
  'difficulty',
  'competition',
] as const;

/** The indicators of the customer behind the opportunity. */
export const CUSTOMER_INDICATORS = [
  'customer_value',
  'customer_risk',
  'customer_activity',
] as const;

export const INDICATORS = [...OPPORTUNITY_INDICATORS, ...CUSTOMER_INDICATORS] as const;

export type Indicator = (typeof INDICATORS)[number];

export const GRADES = ['A', 'B', 'C', 'D'] as const;

export type Grade = (typeof GRADES)[number];

/** 'higher': a high raw value is better; 'lower': a low one is (risk, difficulty, competition). */
export type Direction = 'higher' | 'lower';

export const COMPARISONS = ['>=', '>', '<=', '<', '=', '!='] as const;

export type Comparison = (typeof COMPARISONS)[number];

/** A pre-assessment rule: a raw indicator value that decides the grade at once. */
export interface GradeRule {
  indicator: Indicator;
  op: Comparison;
  value: number;
  grade: Grade;
}

/** A group of indicators weighed against each other by one pairwise matrix (numbers, reciprocal). */
export interface IndicatorGroup {
  name: string;
  indicators: Indicator[];
  matrix: number[][];
}

/**
 * 'score': grade A when the weighted score ≥ A, B ≥ B, C ≥ C, else D.
 * 'quantile': cumulative shares from the top: A the best A (20 %), B down to B (50 %), C down to C
 * (80 %), D the rest. A deal's share is the fraction of scored in-scope deals scoring strictly
 * higher, so equal scores always share a grade.
 */
export interface GradeCutoffs {
  mode: 'score' | 'quantile';
  A: number;
  B: number;
  C: number;
}

/** Customer class by revenue rank inside the industry: A rank ≤ A, B ≤ B, C ≤ C, else D. */
export interface ClassThresholds {
  A: number;
  B: number;
  C: number;
}

/** An industry's tier (GLOSSARY.md "Customer class"): 主流, 次主流, 非主流. */
export const INDUSTRY_TIERS = ['mainstream', 'secondary', 'non-mainstream'] as const;

export type IndustryTier = (typeof INDUSTRY_TIERS)[number];

/** Limits on the industry → tier mapping (it travels in the link). */
export const MAX_INDUSTRY_TIERS = 500;
export const MAX_INDUSTRY_NAME = 200;

export const isIndustryTier = (v: unknown): v is IndustryTier =>
  (INDUSTRY_TIERS as readonly unknown[]).includes(v);

/**
 * Everything that decides a grade. One group is the single-level form; several groups are weighed
 * against each other by `groupMatrix` (two levels: opportunity vs customer).
 */
export interface GradingSetup {
  groups: IndicatorGroup[];
  /** groups.length × groups.length; ignored for a single group. */
  groupMatrix: number[][];
  directions: Record<Indicator, Direction>;
  /** Applied in order, first match wins, overriding the score. */
  rules: GradeRule[];
  cutoffs: GradeCutoffs;
  /** Only opportunities whose furthest stage position is at least this are graded; 1 = all. */
  scopeStage: number;
  classThresholds: ClassThresholds;
  /** Industry name (as in the data) → tier; industries left out have no tier. */
  industryTiers: Record<string, IndustryTier>;
}

export const DEFAULT_DIRECTIONS: Record<Indicator, Direction> = {
  amount: 'higher',
  urgency: 'higher',
  importance: 'higher',
  difficulty: 'lower',
  competition: 'lower',
  customer_value: 'higher',
  customer_risk: 'lower',
  customer_activity: 'higher',
};

export const SCORE_CUTOFFS: GradeCutoffs = { mode: 'score', A: 4, B: 3, C: 2 };
export const QUANTILE_CUTOFFS: GradeCutoffs = { mode: 'quantile', A: 0.2, B: 0.5, C: 0.8 };
export const DEFAULT_CLASS_THRESHOLDS: ClassThresholds = { A: 10, B: 50, C: 200 };

/** How much each indicator counts by default; ratios give a consistent matrix (CR = 0). */
const DEFAULT_INTENSITY: Record<Indicator, number> = {
  amount: 3,
  importance: 3,
  urgency: 2,
  difficulty: 1,
  competition: 1,
  customer_value: 3,
  customer_activity: 2,
  customer_risk: 1,
};

/** The opportunity group counts twice the customer group by default. */
const GROUP_INTENSITY = { opportunity: 2, customer: 1 };

type GroupName = keyof typeof GROUP_INTENSITY;

export const isIndicator = (name: string): name is Indicator =>
  (INDICATORS as readonly string[]).includes(name);

/** The setup's indicators in group order. */
export function setupIndicators(setup: GradingSetup): Indicator[] {
  return setup.groups.flatMap((g) => g.indicators);
}

const ratioMatrix = (intensity: number[]) => intensity.map((x) => intensity.map((y) => x / y));

/** The opportunity and customer groups of `indicators`, each with intensity ratios; empty left out. */
function twoLevel(
  indicators: Indicator[],
  intensity: (i: Indicator) => number,
  groupIntensity: (name: GroupName, members: Indicator[]) => number,
): GradingSetup {
  const groups = [
    { name: 'opportunity' as const, members: OPPORTUNITY_INDICATORS as readonly Indicator[] },
    { name: 'customer' as const, members: CUSTOMER_INDICATORS as readonly Indicator[] },
  ]
    .map(({ name, members }) => ({
      name,
      indicators: members.filter((i) => indicators.includes(i)),
    }))
    .filter((g) => g.indicators.length > 0);
  return {
    groups: groups.map((g) => ({ ...g, matrix: ratioMatrix(g.indicators.map(intensity)) })),
    groupMatrix: ratioMatrix(groups.map((g) => groupIntensity(g.name, g.indicators))),
    directions: { ...DEFAULT_DIRECTIONS },
    rules: [],
    cutoffs: { ...SCORE_CUTOFFS },
    scopeStage: 1,
    classThresholds: { ...DEFAULT_CLASS_THRESHOLDS },
    industryTiers: {},
  };
}

/** Every indicator weighs the same: all-ones matrices, groups weighed by their size. */
export function equalWeights(indicators: Indicator[]): GradingSetup {
  return twoLevel(
    indicators,
    () => 1,
    (_, members) => members.length,
  );
}

/**
 * The default for the indicators the data has: amount and importance (and customer value) weigh
 * most, difficulty, competition and customer risk least; the opportunity group counts twice the
 * customer group. Built from ratios, so every matrix is consistent (CR = 0).
 */
export function defaultSetup(presentIndicators: Indicator[]): GradingSetup {
  return twoLevel(
    presentIndicators,
    (i) => DEFAULT_INTENSITY[i],
    (name) => GROUP_INTENSITY[name],
  );
}

function checkCutoffs(c: GradeCutoffs): void {
  const values = [c.A, c.B, c.C];
  if (c.mode === 'score') {
    if (!values.every((v) => v >= 1 && v <= 5) || !(c.A >= c.B && c.B >= c.C)) {
      throw new Error(`cutoffs: need 5 ≥ A ≥ B ≥ C ≥ 1, got A ${c.A}, B ${c.B}, C ${c.C}`);
    }
  } else if (c.mode === 'quantile') {
    if (!values.every((v) => v > 0 && v <= 1) || !(c.A <= c.B && c.B <= c.C)) {
      throw new Error(
        `cutoffs: quantile shares need 0 < A ≤ B ≤ C ≤ 1, got A ${c.A}, B ${c.B}, C ${c.C}`,
      );
    }
  } else throw new Error(`cutoffs.mode: expected "score" or "quantile", got ${String(c.mode)}`);
}

/**
 * Throws a message naming the wrong field when the setup cannot be graded with: unknown or repeated
 * indicators, a matrix whose size or values do not fit (see `reciprocalMatrix`), bad rules or
 * cut-offs. Only indicator names that pass here ever reach SQL.
 */
export function checkSetup(setup: GradingSetup): void {
  const seen = new Set<string>();
  setup.groups.forEach((g, k) => {
    // The single-level form has no groups in its file: name its fields as the file does.
    const field = (name: string) => (setup.groups.length === 1 ? name : `groups[${k}].${name}`);
    for (const indicator of g.indicators) {
      if (!isIndicator(indicator)) {
        throw new Error(`${field('indicators')}: unknown indicator "${indicator}"`);
      }
      if (seen.has(indicator)) {
        throw new Error(`${field('indicators')}: "${indicator}" is listed twice`);
      }
      seen.add(indicator);
    }
    const n = g.indicators.length;
    if (g.matrix.length !== n) {
      throw new Error(
        `${field('matrix')}: ${n} indicators need a ${n}×${n} matrix, got ${g.matrix.length} rows`,
      );
    }
    try {
      reciprocalMatrix(g.matrix);
    } catch (error) {
      throw new Error(`${field('matrix')}: ${(error as Error).message}`, { cause: error });
    }
  });
  if (setup.groups.length > 1) {
    const n = setup.groups.length;
    if (setup.groupMatrix.length !== n) {
      throw new Error(`groupMatrix: ${n} groups need a ${n}×${n} matrix`);
    }
    try {
      reciprocalMatrix(setup.groupMatrix);
    } catch (error) {
      throw new Error(`groupMatrix: ${(error as Error).message}`, { cause: error });
    }
  }
  for (const indicator of INDICATORS) {
    const d = setup.directions[indicator];
    if (d !== 'higher' && d !== 'lower') {
      throw new Error(`directions.${indicator}: expected "higher" or "lower", got ${String(d)}`);
    }
  }
  setup.rules.forEach((r, k) => {
    if (!isIndicator(r.indicator)) {
      throw new Error(`rules[${k}].indicator: unknown indicator "${r.indicator}"`);
    }
    if (!COMPARISONS.includes(r.op)) {
      throw new Error(`rules[${k}].op: expected one of ${COMPARISONS.join(' ')}, got "${r.op}"`);
    }
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) {
      throw new Error(`rules[${k}].value: expected a number`);
    }
    if (!GRADES.includes(r.grade)) {
      throw new Error(`rules[${k}].grade: expected A, B, C or D, got "${r.grade}"`);
    }
  });
  checkCutoffs(setup.cutoffs);
  if (!Number.isInteger(setup.scopeStage) || setup.scopeStage < 1) {
    throw new Error(`scopeStage: expected a stage position 1, 2, …, got ${setup.scopeStage}`);
  }
  const t = setup.classThresholds;
  if (![t.A, t.B, t.C].every((v) => Number.isInteger(v) && v >= 1) || !(t.A <= t.B && t.B <= t.C)) {
    throw new Error(`classes: need whole ranks 1 ≤ A ≤ B ≤ C, got A ${t.A}, B ${t.B}, C ${t.C}`);
  }
  checkIndustryTiers(setup.industryTiers);
}

function checkIndustryTiers(tiers: Record<string, IndustryTier>): void {
  if (typeof tiers !== 'object' || tiers === null || Array.isArray(tiers)) {
    throw new Error(`industryTiers: expected an object of industry → tier`);
  }
  const entries = Object.entries(tiers);
  if (entries.length > MAX_INDUSTRY_TIERS) {
    throw new Error(
      `industryTiers: at most ${MAX_INDUSTRY_TIERS} industries, got ${entries.length}`,
    );
  }
  for (const [industry, tier] of entries) {
    if (industry.trim() === '' || industry.length > MAX_INDUSTRY_NAME) {
      throw new Error(
        `industryTiers: industry names need 1–${MAX_INDUSTRY_NAME} characters, got ${JSON.stringify(industry.slice(0, 40))}`,
      );
    }
    if (!isIndustryTier(tier)) {
      throw new Error(
        `industryTiers.${industry}: expected one of ${INDUSTRY_TIERS.join(', ')}, got ${JSON.stringify(tier)}`,
      );
    }
  }
}
