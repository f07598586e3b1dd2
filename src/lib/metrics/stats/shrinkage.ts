import { ratio } from '../ratio.ts';

/**
 * Beta–binomial shrinkage of won/closed towards the prior rate, worth `strength` pseudo-deals:
 * (won + m·q) / (closed + m). With no prior the observed rate stands (null when nothing closed);
 * with a prior but no closed deals and m = 0 there is nothing to say either.
 */
export function shrink(
  won: number,
  closed: number,
  prior: number | null,
  strength: number,
): number | null {
  if (!(won >= 0) || won > closed || !(strength >= 0)) {
    throw new RangeError(`shrink: need 0 ≤ won ≤ closed and m ≥ 0, got ${won}/${closed}`);
  }
  if (prior === null) return ratio(won, closed);
  return ratio(won + strength * prior, closed + strength);
}
