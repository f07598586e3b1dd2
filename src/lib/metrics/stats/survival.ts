/**
 * Days from entering a stage until it closed (won, lost) or until the as-of date (censored), for
 * `n` deals (1 when absent): SQL hands over one row per distinct (days, event), not per deal.
 */
export interface Observation {
  days: number;
  event: 'won' | 'lost' | 'censored';
  n?: number;
}

const weight = (o: Observation) => o.n ?? 1;

export type Outcome = Exclude<Observation['event'], 'censored'>;

export interface Incidence {
  t: number;
  won: number | null;
  lost: number | null;
}

interface EventTime {
  t: number;
  atRisk: number;
  won: number;
  lost: number;
}

// Survival products that are exactly ½ on paper (5/6 · 3/5) come out a hair either side.
const EPSILON = 1e-12;

/**
 * The distinct observed times, each with its closes and the deals still at risk just before.
 * A deal censored at t is still at risk at t: events come before censorings at the same time.
 */
function eventTimes(obs: readonly Observation[]): EventTime[] {
  let atRisk = 0;
  for (const o of obs) {
    if (!(o.days >= 0) || !Number.isFinite(o.days))
      throw new RangeError(`days ${o.days} is not ≥ 0`);
    if (!(Number.isInteger(weight(o)) && weight(o) >= 1)) {
      throw new RangeError(`n ${o.n} is not a whole number ≥ 1`);
    }
    atRisk += weight(o);
  }
  const sorted = [...obs].sort((a, b) => a.days - b.days);
  const times: EventTime[] = [];
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.days;
    const step: EventTime = { t, atRisk, won: 0, lost: 0 };
    for (; i < sorted.length && sorted[i]!.days === t; i++) {
      const o = sorted[i]!;
      if (o.event !== 'censored') step[o.event] += weight(o);
      atRisk -= weight(o);
    }
    times.push(step);
  }
  return times;
}

/**
 * Kaplan–Meier median time to any close: the first time the share still open is ≤ ½ (no
 * midpoint when the curve sits at exactly ½); null when it never gets there.
 */
export function kaplanMeierMedian(obs: readonly Observation[]): number | null {
  let open = 1;
  for (const step of eventTimes(obs)) {
    open *= 1 - (step.won + step.lost) / step.atRisk;
    if (open <= 0.5 + EPSILON) return step.t;
  }
  return null;
}

/**
 * Aalen–Johansen cumulative incidence of won and lost by each time in `at`: at every event time
 * the share still open just before, S(t−), is split by d_won/n and d_lost/n. Null past the last
 * observation while deals remain open (nobody was followed that long), and with no observations.
 */
export function cumulativeIncidence(
  obs: readonly Observation[],
  at: readonly number[],
): Incidence[] {
  const times = eventTimes(obs);
  // A loop, not Math.max(...): a spread of a million observations overflows the stack.
  const lastSeen = obs.reduce((max, o) => Math.max(max, o.days), -Infinity);
  let open = 1;
  const curve = times.map((step) => {
    const won = (open * step.won) / step.atRisk;
    const lost = (open * step.lost) / step.atRisk;
    open *= 1 - (step.won + step.lost) / step.atRisk;
    return { t: step.t, won, lost };
  });
  return at.map((t) => {
    if (obs.length === 0 || (t > lastSeen && open > 0)) return { t, won: null, lost: null };
    let won = 0;
    let lost = 0;
    for (const step of curve) {
      if (step.t > t) break;
      won += step.won;
      lost += step.lost;
    }
    return { t, won, lost };
  });
}

/**
 * The q-quantile of days among the deals that closed with `outcome`, linearly interpolated
 * between order statistics (Hyndman–Fan type 7, as R and NumPy default); null when none did.
 */
export function quantileAmongClosed(
  obs: readonly Observation[],
  outcome: Outcome,
  q: number,
): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const closed = obs.filter((o) => o.event === outcome).sort((a, b) => a.days - b.days);
  const count = closed.reduce((sum, o) => sum + weight(o), 0);
  if (count === 0) return null;
  /** The i-th smallest day (0-based) of the multiset the weighted rows stand for. */
  const nth = (i: number) => {
    let seen = 0;
    for (const o of closed) {
      seen += weight(o);
      if (i < seen) return o.days;
    }
    return closed[closed.length - 1]!.days;
  };
  const h = (count - 1) * q;
  const below = nth(Math.floor(h));
  const above = nth(Math.ceil(h));
  return below + (h - Math.floor(h)) * (above - below);
}

/** Median days among the deals that closed with `outcome` (mean of the middle two when even). */
export function medianAmongClosed(obs: readonly Observation[], outcome: Outcome): number | null {
  return quantileAmongClosed(obs, outcome, 0.5);
}
