/** A value and how many times it occurs. */
export interface Counted {
  value: number;
  n: number;
}

/**
 * The q-quantile of values given as counts, by DuckDB's `quantile_cont`: with the n values in
 * ascending order and h = (n − 1)·q, the value at rank ⌊h⌋ plus (h − ⌊h⌋) of the step to the
 * value at rank ⌈h⌉. `sorted` is in ascending order of value; null when it holds nothing.
 */
export function countedQuantile(sorted: Counted[], q: number): number | null {
  const total = sorted.reduce((sum, c) => sum + c.n, 0);
  if (total === 0) return null;
  const h = (total - 1) * q;
  const lo = valueAtRank(sorted, Math.floor(h));
  const hi = valueAtRank(sorted, Math.ceil(h));
  return lo + (hi - lo) * (h - Math.floor(h));
}

function valueAtRank(sorted: Counted[], rank: number): number {
  let below = 0;
  for (const c of sorted) {
    below += c.n;
    if (rank < below) return c.value;
  }
  return sorted[sorted.length - 1]!.value;
}
