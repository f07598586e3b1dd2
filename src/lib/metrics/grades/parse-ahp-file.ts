import { reciprocalMatrix, type PairwiseEntry } from './ahp.ts';
import {
  checkSetup,
  DEFAULT_CLASS_THRESHOLDS,
  DEFAULT_DIRECTIONS,
  isIndicator,
  isIndustryTier,
  QUANTILE_CUTOFFS,
  SCORE_CUTOFFS,
  type ClassThresholds,
  type Direction,
  type GradeCutoffs,
  type GradeRule,
  type GradingSetup,
  type Indicator,
  type IndicatorGroup,
  type IndustryTier,
} from './grading-setup.ts';

type Json = Record<string, unknown>;

const TOP_KEYS = [
  'indicators',
  'matrix',
  'groups',
  'groupMatrix',
  'directions',
  'rules',
  'cutoffs',
  'classes',
  'scopeStage',
  'industryTiers',
];

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function objectAt(v: unknown, field: string, keys: string[]): Json {
  if (!isObject(v)) throw new Error(`"${field}" must be an object`);
  const unknown = Object.keys(v).find((k) => !keys.includes(k));
  if (unknown !== undefined) {
    throw new Error(`"${field}" has an unknown field "${unknown}" (known: ${keys.join(', ')})`);
  }
  return v;
}

function numberAt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`"${field}" must be a number`);
  return v;
}

function indicatorsAt(v: unknown, field: string): Indicator[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new Error(`"${field}" must be a non-empty list of indicator names`);
  }
  return v.map((name, k) => {
    if (typeof name !== 'string' || !isIndicator(name)) {
      throw new Error(`"${field}[${k}]": unknown indicator ${JSON.stringify(name)}`);
    }
    return name;
  });
}

function matrixAt(v: unknown, field: string): number[][] {
  const entry = (x: unknown) => typeof x === 'number' || typeof x === 'string' || x === null;
  if (!Array.isArray(v) || !v.every((row) => Array.isArray(row) && row.every(entry))) {
    throw new Error(`"${field}" must be a list of rows of numbers or "a/b" fractions`);
  }
  try {
    return reciprocalMatrix(v as Array<Array<PairwiseEntry | null>>);
  } catch (error) {
    throw new Error(`"${field}": ${(error as Error).message}`, { cause: error });
  }
}

function groupsAt(v: unknown): IndicatorGroup[] {
  if (!Array.isArray(v) || v.length === 0) throw new Error(`"groups" must be a non-empty list`);
  return v.map((g, k) => {
    const field = `groups[${k}]`;
    const o = objectAt(g, field, ['name', 'indicators', 'matrix']);
    if (typeof o.name !== 'string' || o.name === '') {
      throw new Error(`"${field}.name" must be a name`);
    }
    const indicators = indicatorsAt(o.indicators, `${field}.indicators`);
    return { name: o.name, indicators, matrix: matrixAt(o.matrix, `${field}.matrix`) };
  });
}

function directionsAt(v: unknown): Record<Indicator, Direction> {
  const o = objectAt(v, 'directions', Object.keys(DEFAULT_DIRECTIONS));
  const directions = { ...DEFAULT_DIRECTIONS };
  for (const [name, d] of Object.entries(o)) {
    if (d !== 'higher' && d !== 'lower') {
      throw new Error(`"directions.${name}" must be "higher" or "lower"`);
    }
    directions[name as Indicator] = d;
  }
  return directions;
}

function rulesAt(v: unknown): GradeRule[] {
  if (!Array.isArray(v)) throw new Error(`"rules" must be a list`);
  return v.map((r, k) => {
    const o = objectAt(r, `rules[${k}]`, ['indicator', 'op', 'value', 'grade']);
    numberAt(o.value, `rules[${k}].value`);
    return o as unknown as GradeRule;
  });
}

function cutoffsAt(v: unknown): GradeCutoffs {
  const o = objectAt(v, 'cutoffs', ['mode', 'A', 'B', 'C']);
  const mode = o.mode ?? 'score';
  if (mode !== 'score' && mode !== 'quantile') {
    throw new Error(`"cutoffs.mode" must be "score" or "quantile"`);
  }
  const cutoffs = { ...(mode === 'score' ? SCORE_CUTOFFS : QUANTILE_CUTOFFS) };
  for (const g of ['A', 'B', 'C'] as const) {
    if (o[g] !== undefined) cutoffs[g] = numberAt(o[g], `cutoffs.${g}`);
  }
  return cutoffs;
}

function classesAt(v: unknown): ClassThresholds {
  const o = objectAt(v, 'classes', ['A', 'B', 'C']);
  const classes = { ...DEFAULT_CLASS_THRESHOLDS };
  for (const g of ['A', 'B', 'C'] as const) {
    if (o[g] !== undefined) classes[g] = numberAt(o[g], `classes.${g}`);
  }
  return classes;
}

function industryTiersAt(v: unknown): Record<string, IndustryTier> {
  if (!isObject(v)) {
    throw new Error(
      `"industryTiers" must be an object of industry → "mainstream", "secondary" or "non-mainstream"`,
    );
  }
  for (const [industry, tier] of Object.entries(v)) {
    if (!isIndustryTier(tier)) {
      throw new Error(
        `"industryTiers.${industry}" must be "mainstream", "secondary" or "non-mainstream", got ${JSON.stringify(tier)}`,
      );
    }
  }
  return { ...(v as Record<string, IndustryTier>) };
}

/**
 * The command line's `--ahp FILE.json`. The single-level form lists `indicators` with one
 * `matrix`; the two-level form lists `groups` (each {name, indicators, matrix}) and a
 * `groupMatrix`. Optional: `directions` {indicator: "higher" | "lower"}, `rules`
 * [{indicator, op, value, grade}], `cutoffs` {mode?, A, B, C}, `classes` {A, B, C},
 * `scopeStage` (a stage position) and `industryTiers` {industry: "mainstream" | "secondary" |
 * "non-mainstream"}. Matrix entries are numbers or "a/b"; the lower triangle may be
 * null. Every error names the field at fault.
 */
export function parseAhpFile(text: string): GradingSetup {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return readGradingSetup(json);
}

/** A grading setup from parsed JSON in the file's form (a link carries the same form). */
export function readGradingSetup(json: unknown): GradingSetup {
  const o = objectAt(json, 'the file', TOP_KEYS);
  let groups: IndicatorGroup[];
  let groupMatrix: number[][] = [[1]];
  if (o.groups !== undefined) {
    if (o.indicators !== undefined || o.matrix !== undefined) {
      throw new Error(`give either "indicators" with "matrix", or "groups", not both`);
    }
    groups = groupsAt(o.groups);
    if (groups.length > 1) {
      if (o.groupMatrix === undefined) {
        throw new Error(`"groupMatrix" is required with ${groups.length} groups`);
      }
      groupMatrix = matrixAt(o.groupMatrix, 'groupMatrix');
    }
  } else {
    if (o.indicators === undefined) throw new Error(`"indicators" (or "groups") is required`);
    if (o.matrix === undefined) throw new Error(`"matrix" is required with "indicators"`);
    if (o.groupMatrix !== undefined) throw new Error(`"groupMatrix" needs "groups"`);
    groups = [
      {
        name: 'indicators',
        indicators: indicatorsAt(o.indicators, 'indicators'),
        matrix: matrixAt(o.matrix, 'matrix'),
      },
    ];
  }
  const setup: GradingSetup = {
    groups,
    groupMatrix,
    directions: o.directions === undefined ? { ...DEFAULT_DIRECTIONS } : directionsAt(o.directions),
    rules: o.rules === undefined ? [] : rulesAt(o.rules),
    cutoffs: o.cutoffs === undefined ? { ...SCORE_CUTOFFS } : cutoffsAt(o.cutoffs),
    scopeStage: o.scopeStage === undefined ? 1 : numberAt(o.scopeStage, 'scopeStage'),
    classThresholds:
      o.classes === undefined ? { ...DEFAULT_CLASS_THRESHOLDS } : classesAt(o.classes),
    industryTiers: o.industryTiers === undefined ? {} : industryTiersAt(o.industryTiers),
  };
  checkSetup(setup);
  return setup;
}

/** The setup in the two-level file form, leaving out what equals the defaults. */
export function gradingSetupJson(setup: GradingSetup): Record<string, unknown> {
  const out: Record<string, unknown> = {
    groups: setup.groups.map((g) => ({
      name: g.name,
      indicators: [...g.indicators],
      matrix: g.matrix.map((row) => [...row]),
    })),
  };
  if (setup.groups.length > 1) out.groupMatrix = setup.groupMatrix.map((row) => [...row]);
  const directions = Object.fromEntries(
    Object.entries(setup.directions).filter(([i, d]) => DEFAULT_DIRECTIONS[i as Indicator] !== d),
  );
  if (Object.keys(directions).length > 0) out.directions = directions;
  if (setup.rules.length > 0) out.rules = setup.rules.map((r) => ({ ...r }));
  const c = setup.cutoffs;
  const d = c.mode === 'score' ? SCORE_CUTOFFS : QUANTILE_CUTOFFS;
  if (c.mode !== 'score' || c.A !== d.A || c.B !== d.B || c.C !== d.C) out.cutoffs = { ...c };
  const t = setup.classThresholds;
  const dt = DEFAULT_CLASS_THRESHOLDS;
  if (t.A !== dt.A || t.B !== dt.B || t.C !== dt.C) out.classes = { ...t };
  if (setup.scopeStage !== 1) out.scopeStage = setup.scopeStage;
  if (Object.keys(setup.industryTiers).length > 0) out.industryTiers = { ...setup.industryTiers };
  return out;
}
