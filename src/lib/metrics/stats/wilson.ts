/** The standard normal quantile for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

function wilsonHalfWidth(p: number, n: number, z: number): number {
  const z2 = z * z;
  return (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
}

/**
 * Wilson score interval for `successes` out of `n` (successes may be fractional); null when n = 0.
 * At k = 0 the formula's lower bound is 0 and at k = n its upper bound is 1; both are set exactly,
 * as floating point lands a hair either side.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  z = Z95,
): { low: number; high: number } | null {
  if (!(n >= 0) || !(successes >= 0) || successes > n) {
    throw new RangeError(`wilsonInterval: need 0 ≤ successes ≤ n, got ${successes} of ${n}`);
  }
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = wilsonHalfWidth(p, n, z);
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * The smallest n whose Wilson interval at observed rate p has half-width ≤ halfWidth.
 *
 * Solved on the Wilson width itself, not the normal approximation z²·p(1−p)/h²: that one asks for
 * too many deals near p = ½ (385 instead of 381 for ±5 points) and none at p = 0 or 1 (Wilson: 35).
 * The half-width falls as n grows, so h²(n + z²)² ≥ z²(n·p(1−p) + z²/4) holds from the larger
 * root of that quadratic on.
 */
export function sampleSizeFor(p: number, halfWidth = 0.05, z = Z95): number {
  if (!(p >= 0 && p <= 1) || !(halfWidth > 0) || !(z > 0)) {
    throw new RangeError(`sampleSizeFor: need 0 ≤ p ≤ 1 and a positive width, got ${p}`);
  }
  const z2 = z * z;
  const h2 = halfWidth * halfWidth;
  const a = h2;
  const b = 2 * h2 * z2 - z2 * p * (1 - p);
  const c = h2 * z2 * z2 - (z2 * z2) / 4;
  const root = (-b + Math.sqrt(Math.max(0, b * b - 4 * a * c))) / (2 * a);
  // floor, then step up: the root's rounding can then only ever leave n one short.
  let n = Math.max(1, Math.floor(root));
  while (wilsonHalfWidth(p, n, z) > halfWidth) n++;
  return n;
}
