/**
 * What the Monte Carlo will say, worked out in closed form: a period's won amount is a sum of
 * independent terms (deal i lands amount aᵢ there with probability qᵢ), so its mean is Σ a·q and
 * its variance Σ a²·q·(1 − q) exactly, and over many deals the sum is close to normal (central
 * limit theorem). Shown while a large simulation runs, then replaced by it.
 */
import type { HistogramBin, PeriodSummary } from './monte-carlo.ts';
import { niceEdges } from './nice-edges.ts';

export interface Moments {
  mean: number;
  sd: number;
  /** The smallest and largest total the deals can make (every negative or positive one won). */
  min: number;
  max: number;
}

export interface ForecastMoments {
  periods: Moments[];
  overall: Moments;
}

/**
 * Deals that share their win rate and timing, summed: the moments need no more than Σ a, Σ a² and
 * the negative amounts' sum, so a million deals are a few hundred groups read from the database.
 */
export interface DealGroup {
  amount: number;
  squares: number;
  negative: number;
  p: number;
  /** Cumulative share of the wins landing by the end of each period, as `ForecastDeal.timing`. */
  timing: readonly number[];
}

/** z of the 10th and 90th percentiles of the standard normal. */
const Z90 = 1.2815515655446004;

class Accumulator {
  private mean = 0;
  private variance = 0;
  private min = 0;
  private max = 0;
  add(group: DealGroup, q: number): void {
    if (q <= 0) return;
    this.mean += group.amount * q;
    this.variance += group.squares * q * (1 - q);
    this.min += group.negative;
    this.max += group.amount - group.negative;
  }
  moments(): Moments {
    return { mean: this.mean, sd: Math.sqrt(this.variance), min: this.min, max: this.max };
  }
}

/** Mean and spread of each period's won amount and of their total, for the simulation's deals. */
export function forecastMoments(groups: readonly DealGroup[], periods: number): ForecastMoments {
  const perPeriod = Array.from({ length: periods }, () => new Accumulator());
  const overall = new Accumulator();
  for (const group of groups) {
    let before = 0;
    for (let k = 0; k < periods; k++) {
      const cumulative = group.timing[k] ?? before;
      perPeriod[k]!.add(group, group.p * (cumulative - before));
      before = cumulative;
    }
    overall.add(group, group.p * before);
  }
  return { periods: perPeriod.map((a) => a.moments()), overall: overall.moments() };
}

const clamp = (m: Moments, v: number) => Math.min(m.max, Math.max(m.min, v));

/** Mean and the normal P10, P50, P90, kept within what the deals can make. */
export function approximateSummary(m: Moments): PeriodSummary {
  return {
    mean: m.mean,
    p10: clamp(m, m.mean - Z90 * m.sd),
    p50: clamp(m, m.mean),
    p90: clamp(m, m.mean + Z90 * m.sd),
  };
}

/**
 * Standard normal distribution function, through erf by Abramowitz & Stegun 7.1.26 (absolute
 * error below 1.5 · 10⁻⁷, far under what a percentage shows).
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Chance that the won amount reaches `target`. */
export function approximateChance(m: Moments, target: number): number {
  if (target <= m.min) return 1;
  if (target > m.max) return 0;
  if (m.sd === 0) return m.mean >= target ? 1 : 0;
  return 1 - normalCdf((target - m.mean) / m.sd);
}

/**
 * The histogram `runs` runs would be expected to give: about `bins` equal bins on round edges
 * (`niceEdges`) over mean ± 4 sd (within what the deals can make), each counting runs · the
 * normal probability of its interval.
 */
export function approximateHistogram(m: Moments, runs: number, bins: number): HistogramBin[] {
  if (m.sd === 0) return [{ from: m.mean, to: m.mean, count: runs }];
  const edges = niceEdges(clamp(m, m.mean - 4 * m.sd), clamp(m, m.mean + 4 * m.sd), bins);
  const at = (v: number) => normalCdf((v - m.mean) / m.sd);
  return edges.slice(1).map((high, i) => {
    const low = edges[i]!;
    return { from: low, to: high, count: Math.round(runs * (at(high) - at(low))) };
  });
}
