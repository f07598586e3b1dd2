/** Days from entering a stage until it closed (won, lost) or until the as-of date (censored). */
export interface Observation {
  days: number;
  event: 'won' | 'lost' | 'censored';
}

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
  for (const { days } of obs) {
    if (!(days >= 0) || !Number.isFinite(days)) throw new RangeError(`days ${days} is not ≥ 0`);
  }
  const sorted = [...obs].sort((a, b) => a.days - b.days);
  const times: EventTime[] = [];
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]!.days;
    const step: EventTime = { t, atRisk: sorted.length - i, won: 0, lost: 0 };
    for (; i < sorted.length && sorted[i]!.days === t; i++) {
      const event = sorted[i]!.event;
      if (event !== 'censored') step[event]++;
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
  const days = obs
    .filter((o) => o.event === outcome)
    .map((o) => o.days)
    .sort((a, b) => a - b);
  if (days.length === 0) return null;
  const h = (days.length - 1) * q;
  const below = days[Math.floor(h)]!;
  const above = days[Math.ceil(h)]!;
  return below + (h - Math.floor(h)) * (above - below);
}

/** Median days among the deals that closed with `outcome` (mean of the middle two when even). */
export function medianAmongClosed(obs: readonly Observation[], outcome: Outcome): number | null {
  return quantileAmongClosed(obs, outcome, 0.5);
}
