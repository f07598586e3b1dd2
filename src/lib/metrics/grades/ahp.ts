/** A pairwise judgement as typed: a number or a fraction such as "1/3". */
export type PairwiseEntry = number | string;

/** Saaty's random index RI(n) for n = 1…10 (METRICS.md); larger matrices reuse RI(10). */
const RANDOM_INDEX = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

/** Saaty's scale runs from 1/9 to 9. */
const SCALE_MAX = 9;

/**
 * A lower-triangle entry within this relative distance of 1/upper is a rounded reciprocal
 * (0.33 for 1/3, 0.14 for 1/7) and is replaced by the exact one; a larger gap is an error.
 */
const RECIPROCAL_TOLERANCE = 0.05;

const FRACTION = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*)?$/;

/** A judgement's value: numbers as they are, "a" or "a/b" strings parsed; anything else throws. */
export function parseEntry(entry: PairwiseEntry): number {
  let value = Number.NaN;
  if (typeof entry === 'number') value = entry;
  else {
    const m = FRACTION.exec(entry);
    if (m) value = Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2]));
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`not a positive number or fraction: ${JSON.stringify(entry)}`);
  }
  return value;
}

/**
 * The reciprocal matrix the judgements describe. The upper triangle is authoritative: a lower
 * entry may be null, 1/upper, or a rounded reciprocal (repaired to the exact one); any other value
 * is rejected naming the cell, as is a diagonal other than 1 or a value outside 1/9…9.
 */
export function reciprocalMatrix(rows: Array<Array<PairwiseEntry | null>>): number[][] {
  const n = rows.length;
  const cell = (i: number, j: number) => `row ${i + 1}, column ${j + 1}`;
  rows.forEach((row, i) => {
    if (row.length !== n) {
      throw new Error(`the matrix must be ${n}×${n}: row ${i + 1} has ${row.length} entries`);
    }
  });
  const parsed = (i: number, j: number): number | null => {
    const entry = rows[i]?.[j] ?? null;
    if (entry === null) return null;
    try {
      return parseEntry(entry);
    } catch (error) {
      throw new Error(`${cell(i, j)}: ${(error as Error).message}`, { cause: error });
    }
  };
  const a = rows.map(() => new Array<number>(n).fill(1));
  for (let i = 0; i < n; i++) {
    const diagonal = parsed(i, i);
    if (diagonal !== null && diagonal !== 1) {
      throw new Error(`${cell(i, i)}: the diagonal must be 1, got ${diagonal}`);
    }
    for (let j = i + 1; j < n; j++) {
      const upper = parsed(i, j);
      if (upper === null) throw new Error(`${cell(i, j)}: the upper triangle must be filled in`);
      if (upper > SCALE_MAX * (1 + 1e-9) || upper < 1 / SCALE_MAX / (1 + 1e-9)) {
        throw new Error(`${cell(i, j)}: ${upper} is outside Saaty's scale 1/9…9`);
      }
      const lower = parsed(j, i);
      if (lower !== null && Math.abs(lower * upper - 1) > RECIPROCAL_TOLERANCE) {
        throw new Error(
          `${cell(j, i)}: ${lower} is not the reciprocal of ${cell(i, j)} (${upper}); ` +
            `expected 1/${upper} ≈ ${(1 / upper).toPrecision(3)} or leave it empty`,
        );
      }
      a[i]![j] = upper;
      a[j]![i] = 1 / upper;
    }
  }
  return a;
}

/** A pair of criteria and how far its judgement sits from what the weights imply. */
export interface PairDeviation {
  /** Row and column (0-based), row < column. */
  i: number;
  j: number;
  /** The judgement a_ij as entered. */
  value: number;
  /** The judgement consistent with the weights: w_i / w_j. */
  implied: number;
  /** e_ij = a_ij · w_j / w_i: 1 when consistent. */
  deviation: number;
}

export interface AhpResult {
  /** Normalised principal eigenvector (sums to 1). */
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  /** Every pair of the upper triangle, largest |ln e_ij| first: the judgements to revisit. */
  worstPairs: PairDeviation[];
}

/** The random index RI(n); for n > 10 the last published value, 1.49. */
export function randomIndex(n: number): number {
  return RANDOM_INDEX[Math.min(n, RANDOM_INDEX.length) - 1] ?? 0;
}

function multiply(a: number[][], w: number[]): number[] {
  return a.map((row) => row.reduce((sum, x, j) => sum + x * (w[j] ?? 0), 0));
}

function normalise(v: number[]): number[] {
  const total = v.reduce((s, x) => s + x, 0);
  return v.map((x) => x / total);
}

/** Principal eigenvector by power iteration; a positive matrix converges from the uniform start. */
function principalEigenvector(a: number[][]): number[] {
  let w = a.map(() => 1 / a.length);
  for (let step = 0; step < 10_000; step++) {
    const next = normalise(multiply(a, w));
    const change = Math.max(...next.map((x, i) => Math.abs(x - (w[i] ?? 0))));
    w = next;
    if (change < 1e-15) break;
  }
  return w;
}

/** AHP weights and consistency of a reciprocal matrix (see `reciprocalMatrix`). */
export function ahp(a: number[][]): AhpResult {
  const n = a.length;
  if (n === 0) return { weights: [], lambdaMax: 0, ci: 0, cr: 0, worstPairs: [] };
  const weights = principalEigenvector(a);
  const aw = multiply(a, weights);
  const lambdaMax = aw.reduce((s, x, j) => s + x / (weights[j] ?? 1), 0) / n;
  // A consistent matrix gives λmax = n up to rounding, which must not read as a negative CI.
  const ci = n > 1 ? Math.max(0, (lambdaMax - n) / (n - 1)) : 0;
  const ri = randomIndex(n);
  const worstPairs: PairDeviation[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const value = a[i]?.[j] ?? 1;
      const implied = (weights[i] ?? 0) / (weights[j] ?? 1);
      worstPairs.push({ i, j, value, implied, deviation: value / implied });
    }
  }
  worstPairs.sort((p, q) => Math.abs(Math.log(q.deviation)) - Math.abs(Math.log(p.deviation)));
  return { weights, lambdaMax, ci, cr: n <= 2 ? 0 : ci / ri, worstPairs };
}

/**
 * Two-level weights: each criterion's local weight inside its group times the group's weight.
 * `local[g]` holds group g's local weights; the result is flat, in group order.
 */
export function combineLevels(groupWeights: number[], local: number[][]): number[] {
  return local.flatMap((weights, g) => weights.map((w) => w * (groupWeights[g] ?? 0)));
}
