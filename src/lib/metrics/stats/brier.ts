/**
 * A forecast rate and what happened: 1 won, 0 lost; `count` deals alike (1 when left out), so
 * a million closed deals can be scored from their per-stage counts.
 */
export interface Forecast {
  p: number;
  y: 0 | 1;
  count?: number;
}

export interface BrierDecomposition {
  brier: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
}

export interface ReliabilityBin {
  low: number;
  high: number;
  meanPredicted: number | null;
  observed: number | null;
  count: number;
}

interface Group {
  pSum: number;
  ySum: number;
  count: number;
}

function checkRate(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`forecast rate ${p} is outside [0, 1]`);
  return p;
}

function checkBins(bins: number): number {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be ≥ 1, got ${bins}`);
  return bins;
}

/** Equal-width bins [i/bins, (i+1)/bins), the last one closed so that p = 1 lands in it. */
const binOf = (p: number, bins: number): number => Math.min(bins - 1, Math.floor(p * bins));

function groupBy(pairs: readonly Forecast[], key: (p: number) => number): Map<number, Group> {
  const groups = new Map<number, Group>();
  for (const { p, y, count = 1 } of pairs) {
    const k = key(checkRate(p));
    const g = groups.get(k) ?? { pSum: 0, ySum: 0, count: 0 };
    g.pSum += p * count;
    g.ySum += y * count;
    g.count += count;
    groups.set(k, g);
  }
  return groups;
}

const total = (pairs: readonly Forecast[]) => pairs.reduce((n, { count = 1 }) => n + count, 0);

/** Mean squared error of the rates against the outcomes; null with no pairs. */
export function brierScore(pairs: readonly Forecast[]): number | null {
  const n = total(pairs);
  if (n === 0) return null;
  let sum = 0;
  for (const { p, y, count = 1 } of pairs) sum += (checkRate(p) - y) ** 2 * count;
  return sum / n;
}

/**
 * Murphy's split of the Brier score. Groups are the distinct forecast values, where
 * brier = reliability − resolution + uncertainty holds exactly; with `bins` they are equal-width
 * bins forecast by their mean rate, and the identity is off by the spread of rates inside a bin
 * (`brier` is always the score itself).
 */
export function brierDecomposition(
  pairs: readonly Forecast[],
  bins?: number,
): BrierDecomposition | null {
  const brier = brierScore(pairs);
  if (brier === null) return null;
  const width = bins === undefined ? null : checkBins(bins);
  const groups = groupBy(pairs, (p) => (width === null ? p : binOf(p, width)));
  const n = total(pairs);
  const base = pairs.reduce((sum, { y, count = 1 }) => sum + y * count, 0) / n;
  let reliability = 0;
  let resolution = 0;
  for (const g of groups.values()) {
    const observed = g.ySum / g.count;
    reliability += g.count * (g.pSum / g.count - observed) ** 2;
    resolution += g.count * (observed - base) ** 2;
  }
  return {
    brier,
    reliability: reliability / n,
    resolution: resolution / n,
    uncertainty: base * (1 - base),
  };
}

/** The reliability diagram's points: every bin, with null means where the bin is empty. */
export function reliabilityBins(pairs: readonly Forecast[], bins = 10): ReliabilityBin[] {
  const groups = groupBy(pairs, (p) => binOf(p, checkBins(bins)));
  return Array.from({ length: bins }, (_, i) => {
    const g = groups.get(i);
    return {
      low: i / bins,
      high: (i + 1) / bins,
      meanPredicted: g ? g.pSum / g.count : null,
      observed: g ? g.ySum / g.count : null,
      count: g?.count ?? 0,
    };
  });
}
