import { describe, expect, it } from 'vitest';
import {
  isLong,
  QUICK_DRAWS,
  type SimulationOutline,
} from '../../src/lib/metrics/forecast/forecast.ts';
import {
  monteCarlo,
  summarise,
  type ForecastDeal,
} from '../../src/lib/metrics/forecast/monte-carlo.ts';
import {
  approximateChance,
  approximateHistogram,
  approximateSummary,
  forecastMoments,
  normalCdf,
  type DealGroup,
} from '../../src/lib/metrics/forecast/normal-approximation.ts';

/** A deal as a group of one. */
const one = ({ amount, p, timing }: ForecastDeal): DealGroup => ({
  amount,
  squares: amount * amount,
  negative: Math.min(amount, 0),
  p,
  timing,
});

/**
 * Worked by hand, two periods. A lands 100 in period 1 with q = 0.5; B lands 200 in period 2 with
 * q = 0.25; C (history timing, half its wins in period 1, a quarter in period 2, the rest later)
 * lands 50 in period 1 with q = 0.8 · 0.5 = 0.4 and in period 2 with q = 0.8 · 0.25 = 0.2.
 */
const DEALS: ForecastDeal[] = [
  { id: 'a', amount: 100, p: 0.5, timing: [1, 1] },
  { id: 'b', amount: 200, p: 0.25, timing: [0, 1] },
  { id: 'c', amount: 50, p: 0.8, timing: [0.5, 0.75] },
];

describe('forecastMoments', () => {
  it('sums a·q and a²·q·(1 − q) per period and over all periods', () => {
    const { periods, overall } = forecastMoments(DEALS.map(one), 2);
    // Period 1: mean 100·0.5 + 50·0.4 = 70; variance 100²·0.25 + 50²·0.4·0.6 = 2500 + 600.
    expect(periods[0]!.mean).toBeCloseTo(70, 10);
    expect(periods[0]!.sd).toBeCloseTo(Math.sqrt(3100), 10);
    expect([periods[0]!.min, periods[0]!.max]).toEqual([0, 150]);
    // Period 2: mean 200·0.25 + 50·0.2 = 60; variance 200²·0.1875 + 50²·0.16 = 7500 + 400.
    expect(periods[1]!.mean).toBeCloseTo(60, 10);
    expect(periods[1]!.sd).toBeCloseTo(Math.sqrt(7900), 10);
    expect(periods[1]!.max).toBe(250);
    // Overall: C closes within the periods with q = 0.8 · 0.75 = 0.6.
    // Mean 50 + 50 + 30 = 130; variance 2500 + 7500 + 50²·0.6·0.4 = 10600.
    expect(overall.mean).toBeCloseTo(130, 10);
    expect(overall.sd).toBeCloseTo(Math.sqrt(10600), 10);
    expect(overall.max).toBe(350);
  });

  it('counts a negative amount towards the smallest total and leaves out deals that cannot land', () => {
    const { periods } = forecastMoments(
      [
        { id: 'credit', amount: -40, p: 1, timing: [1] },
        { id: 'never', amount: 999, p: 0, timing: [1] },
        { id: 'later', amount: 500, p: 1, timing: [0] },
      ].map(one),
      1,
    );
    expect(periods[0]).toEqual({ mean: -40, sd: 0, min: -40, max: 0 });
  });

  it('takes deals sharing their rate and timing as one group of their sums', () => {
    // 100, 300 and −50 at p = 0.5 in period 1: Σ a = 350, Σ a² = 102,500, negative −50.
    const group = { amount: 350, squares: 102_500, negative: -50, p: 0.5, timing: [1] };
    const [period] = forecastMoments([group], 1).periods;
    // Mean 350 · 0.5; variance 102,500 · 0.25; the totals run from −50 (only the credit won) to 400.
    expect(period).toEqual({ mean: 175, sd: Math.sqrt(25_625), min: -50, max: 400 });
    const deals = [100, 300, -50].map((amount, i) => ({
      id: `d${i}`,
      amount,
      p: 0.5,
      timing: [1],
    }));
    expect(forecastMoments(deals.map(one), 1).periods[0]).toEqual(period);
  });
});

describe('approximateSummary', () => {
  it('puts P10 and P90 at mean ∓ 1.2816 sd, within what the deals can make', () => {
    const [first, second] = forecastMoments(DEALS.map(one), 2).periods.map(approximateSummary);
    // 70 − 1.2816 · 55.68 = −1.35: below the smallest total, 0.
    expect(first!.p10).toBe(0);
    expect(first!.p50).toBeCloseTo(70, 10);
    expect(first!.p90).toBeCloseTo(70 + 1.2815515655446004 * Math.sqrt(3100), 8);
    expect(second!.p90).toBeCloseTo(60 + 1.2815515655446004 * Math.sqrt(7900), 8);
  });

  it('lands close to the simulation over many deals', () => {
    const deals: ForecastDeal[] = Array.from({ length: 400 }, (_, i) => ({
      id: `d${String(i).padStart(3, '0')}`,
      amount: 1000 + ((i * 7919) % 5000),
      p: [0.1, 0.3, 0.5, 0.7][i % 4]!,
      timing: i % 3 === 0 ? [0.4, 0.9] : [1, 1],
    }));
    const simulated = monteCarlo({ deals, periods: 2, runs: 10_000, seed: 3 });
    const exact = summarise(simulated.totals, simulated.runs, 2);
    const approximate = forecastMoments(deals.map(one), 2).periods.map(approximateSummary);
    approximate.forEach((a, k) => {
      const s = exact[k]!;
      const spread = s.p90 - s.p10;
      expect(Math.abs(a.mean - s.mean)).toBeLessThan(0.02 * spread);
      expect(Math.abs(a.p10 - s.p10)).toBeLessThan(0.03 * spread);
      expect(Math.abs(a.p90 - s.p90)).toBeLessThan(0.03 * spread);
    });
  });
});

describe('normalCdf and approximateChance', () => {
  it('gives the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.2815515655446004)).toBeCloseTo(0.9, 6);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 6);
    expect(normalCdf(-8)).toBeCloseTo(0, 7);
  });

  it('is one half at the mean, certain below the smallest total and nil past the largest', () => {
    const m = { mean: 70, sd: 10, min: 0, max: 150 };
    expect(approximateChance(m, 70)).toBeCloseTo(0.5, 7);
    expect(approximateChance(m, 80)).toBeCloseTo(1 - 0.841344746, 6);
    expect(approximateChance(m, 0)).toBe(1);
    expect(approximateChance(m, 151)).toBe(0);
    expect(approximateChance({ ...m, sd: 0 }, 70)).toBe(1);
    expect(approximateChance({ ...m, sd: 0 }, 71)).toBe(0);
  });
});

describe('approximateHistogram', () => {
  it('spreads the runs over mean ± 4 sd on round edges, symmetric about the mean', () => {
    // 960…1040 in about 30 bins: 80 / 30 = 2.67 rounds up to a width of 5, so 16 bins.
    const bins = approximateHistogram({ mean: 1000, sd: 10, min: 0, max: 5000 }, 10_000, 30);
    expect(bins).toHaveLength(16);
    expect(bins.map((b) => b.from).slice(0, 3)).toEqual([960, 965, 970]);
    expect(bins[15]!.to).toBe(1040);
    const total = bins.reduce((n, b) => n + b.count, 0);
    expect(Math.abs(total - 10_000)).toBeLessThanOrEqual(15);
    bins.forEach((b, i) => expect(b.count).toBe(bins[15 - i]!.count));
    expect(bins[7]!.count).toBeGreaterThan(bins[2]!.count);
  });

  it('is one bin holding every run when nothing varies', () => {
    expect(approximateHistogram({ mean: 5, sd: 0, min: 0, max: 5 }, 100, 30)).toEqual([
      { from: 5, to: 5, count: 100 },
    ]);
  });
});

describe('isLong', () => {
  const outline = (deals: number, runs: number): SimulationOutline => ({
    deals,
    runs,
    noRate: 0,
    timedByCloseDate: 0,
    moments: { periods: [], overall: { mean: 0, sd: 0, min: 0, max: 0 } },
  });
  it('is true past QUICK_DRAWS draws', () => {
    expect(isLong(outline(QUICK_DRAWS / 10_000, 10_000))).toBe(false);
    expect(isLong(outline(QUICK_DRAWS / 10_000 + 1, 10_000))).toBe(true);
  });
});
