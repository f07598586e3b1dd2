import { describe, expect, it } from 'vitest';
import {
  histogram,
  monteCarlo,
  prepareForecast,
  probabilityOfReaching,
  simulateRuns,
  summarise,
  timingFromCloseDate,
  timingFromDays,
  type ForecastDeal,
  type MonteCarloInput,
} from '../../src/lib/metrics/forecast/monte-carlo.ts';
import { runStream } from '../../src/lib/metrics/forecast/random.ts';
import { runMonteCarlo } from '../../src/lib/metrics/forecast/run-monte-carlo.ts';

const PERIODS = 3;
const SPREADS = [
  [0.2, 0.7, 1],
  [0, 1, 1],
  [0.5, 0.5, 1],
  [1, 1, 1],
];
/** 20 deals, listed in descending id order, every timing closing within the 3 periods. */
const FIXTURE: ForecastDeal[] = Array.from({ length: 20 }, (_, i) => ({
  id: `opp-${String(19 - i).padStart(2, '0')}`,
  amount: 1000 + 250 * i,
  p: [0.1, 0.35, 0.5, 0.8, 0.95][i % 5]!,
  timing: SPREADS[i % 4]!,
}));

const input = (deals: ForecastDeal[], runs: number, seed = 7): MonteCarloInput => ({
  deals,
  periods: PERIODS,
  runs,
  seed,
});

/** Each run's totals, as arrays, for readable comparisons. */
function rows(totals: Float64Array, periods = PERIODS): number[][] {
  return Array.from({ length: totals.length / periods }, (_, r) =>
    Array.from(totals.subarray(r * periods, (r + 1) * periods)),
  );
}

function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, variance: squares / (n - 1) };
}

describe('runStream (sfc32 seeded through splitmix32)', () => {
  it('gives pinned first outputs, so a silent change to the stream fails', () => {
    const run0 = runStream(20261123, 0);
    expect([run0.next(), run0.next(), run0.next(), run0.next()]).toEqual([
      0.5959992858115584, 0.6592353445012122, 0.029025054071098566, 0.025619671447202563,
    ]);
    const run1 = runStream(20261123, 1);
    expect([run1.next(), run1.next(), run1.next()]).toEqual([
      0.19668072136119008, 0.4581077715847641, 0.32121500046923757,
    ]);
  });

  it('rejects seeds and runs outside [0, 2³²)', () => {
    expect(() => runStream(-1, 0)).toThrow(RangeError);
    expect(() => runStream(2 ** 32, 0)).toThrow(RangeError);
    expect(() => runStream(1, 0.5)).toThrow(RangeError);
  });
});

describe('monteCarlo', () => {
  it('walks deals sorted by id: u decides the win, then v the period unless timing is fixed', () => {
    const deals = [
      { id: 'b', amount: 5, p: 0.5, timing: [0.3, 0.6, 1] },
      { id: 'a', amount: 7, p: 0.6, timing: [0, 1, 1] },
    ];
    const runs = 50;
    const expected = new Array<number>(runs * PERIODS).fill(0);
    const land = (r: number, k: number, amount: number) => {
      expected[r * PERIODS + k] = expected[r * PERIODS + k]! + amount;
    };
    for (let r = 0; r < runs; r++) {
      const random = runStream(9, r);
      // 'a' first; its timing is fixed, so it takes no second draw.
      if (random.next() < 0.6) land(r, 1, 7);
      if (random.next() < 0.5) {
        const v = random.next();
        land(r, v < 0.3 ? 0 : v < 0.6 ? 1 : 2, 5);
      }
    }
    const { totals } = monteCarlo(input(deals, runs, 9));
    expect(Array.from(totals)).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(2);
  });

  it('is deterministic for a seed, whatever the order of the deals', () => {
    const a = monteCarlo(input(FIXTURE, 500));
    const b = monteCarlo(input([...FIXTURE].reverse(), 500));
    expect(b.totals).toEqual(a.totals);
    expect(b.overall).toEqual(a.overall);
    expect(monteCarlo(input(FIXTURE, 500, 8)).totals).not.toEqual(a.totals);
  });

  it('gives the same totals when the runs are simulated in slices', () => {
    const forecast = prepareForecast(input(FIXTURE, 100));
    const slices = [
      [0, 37],
      [37, 80],
      [80, 100],
    ].map(([from, to]) => Array.from(simulateRuns(forecast, from!, to!)));
    expect(slices.flat()).toEqual(Array.from(monteCarlo(input(FIXTURE, 100)).totals));
    expect(() => simulateRuns(forecast, 90, 101)).toThrow(RangeError);
  });

  it('matches the expected mean and variance per period and overall within 4 standard errors', () => {
    const runs = 20_000;
    const { totals, overall } = monteCarlo(input(FIXTURE, runs, 12345));
    // Overall: deal i adds a·Bernoulli(p). Per period k: a·Bernoulli(p · share_k).
    const moments = (q: (deal: ForecastDeal) => number) => {
      let mean = 0;
      let variance = 0;
      let cumulant4 = 0;
      for (const deal of FIXTURE) {
        const pq = q(deal) * (1 - q(deal));
        mean += deal.amount * q(deal);
        variance += deal.amount ** 2 * pq;
        cumulant4 += deal.amount ** 4 * pq * (1 - 6 * pq);
      }
      return { mean, variance, cumulant4 };
    };
    const check = (values: ArrayLike<number>, q: (deal: ForecastDeal) => number) => {
      const expected = moments(q);
      const observed = meanAndVariance(values);
      expect(Math.abs(observed.mean - expected.mean)).toBeLessThan(
        4 * Math.sqrt(expected.variance / runs),
      );
      // se(s²)² ≈ (μ₄ − σ⁴) / n, and for a sum of independent deals μ₄ = Σκ₄ + 3σ⁴. Four of
      // those standard errors are about 4 % of the variance here (the total is nearly normal:
      // √(2/20 000) ≈ 1 % per standard error).
      const seVariance = Math.sqrt((expected.cumulant4 + 2 * expected.variance ** 2) / runs);
      expect(Math.abs(observed.variance - expected.variance)).toBeLessThan(4 * seVariance);
      expect(4 * seVariance).toBeLessThan(0.05 * expected.variance);
    };
    check(overall, (deal) => deal.p);
    for (let k = 0; k < PERIODS; k++) {
      const column = Array.from({ length: runs }, (_, r) => totals[r * PERIODS + k]!);
      check(column, (deal) => deal.p * (deal.timing[k]! - (deal.timing[k - 1] ?? 0)));
    }
  });

  it('never wins a p = 0 deal and always wins a p = 1 deal in its period', () => {
    const deals = [
      { id: 'never', amount: 1_000_000, p: 0, timing: [1, 1, 1] },
      { id: 'late', amount: 10, p: 1, timing: [0, 0, 1] },
      { id: 'soon', amount: 4, p: 1, timing: [1, 1, 1] },
    ];
    const { totals, overall } = monteCarlo(input(deals, 200));
    expect(rows(totals)).toEqual(Array.from({ length: 200 }, () => [4, 0, 10]));
    expect(Array.from(overall)).toEqual(new Array<number>(200).fill(14));
  });

  it('puts a won deal that closes beyond the last period nowhere', () => {
    const deals = [
      { id: 'beyond', amount: 100, p: 1, timing: [0, 0, 0] },
      { id: 'middle', amount: 3, p: 1, timing: [0, 1, 1] },
    ];
    expect(Array.from(monteCarlo(input(deals, 50)).overall)).toEqual(new Array(50).fill(3));

    // Half of this one's closes are beyond: mean 25, 25, 0 and 50 overall, sd 50 · √(q(1 − q)).
    const runs = 10_000;
    const half = [{ id: 'half', amount: 100, p: 1, timing: [0.25, 0.5, 0.5] }];
    const { totals, overall } = monteCarlo(input(half, runs));
    const [first, second, third] = summarise(totals, runs, PERIODS);
    expect(Math.abs(first!.mean - 25)).toBeLessThan((4 * 100 * Math.sqrt(0.25 * 0.75)) / 100);
    expect(Math.abs(second!.mean - 25)).toBeLessThan((4 * 100 * Math.sqrt(0.25 * 0.75)) / 100);
    expect(third!.mean).toBe(0);
    expect(Math.abs(meanAndVariance(overall).mean - 50)).toBeLessThan((4 * 100 * 0.5) / 100);
  });

  it('gives zeros, not NaN, for an empty deal list', () => {
    const { totals, overall } = monteCarlo(input([], 10));
    expect(Array.from(totals)).toEqual(new Array(30).fill(0));
    expect(summarise(totals, 10, PERIODS)).toEqual(
      new Array(PERIODS).fill({ mean: 0, p10: 0, p50: 0, p90: 0 }),
    );
    expect(histogram(overall, 5)).toEqual([{ from: 0, to: 0, count: 10 }]);
    expect(probabilityOfReaching(overall, 0)).toBe(1);
    expect(probabilityOfReaching(overall, 1)).toBe(0);
  });

  it('rejects invalid input', () => {
    const deal = { id: 'x', amount: 1, p: 0.5, timing: [0, 1, 1] };
    expect(() => monteCarlo(input([deal, deal], 10))).toThrow(/repeated/);
    expect(() => monteCarlo(input([{ ...deal, p: 1.5 }], 10))).toThrow(RangeError);
    expect(() => monteCarlo(input([{ ...deal, timing: [0, 1] }], 10))).toThrow(RangeError);
    expect(() => monteCarlo(input([{ ...deal, timing: [0.6, 0.4, 1] }], 10))).toThrow(RangeError);
    expect(() => monteCarlo(input([{ ...deal, amount: NaN }], 10))).toThrow(RangeError);
    expect(() => monteCarlo(input([deal], 0))).toThrow(RangeError);
    expect(() => monteCarlo({ ...input([deal], 10), seed: 1.5 })).toThrow(RangeError);
  });
});

describe('summarise (type-7 quantiles)', () => {
  it('gives the mean and P10, P50, P90 of each period', () => {
    // Period 0 sorted: 10 20 30 40 50. h = 4q: P10 at 0.4 → 10 + 0.4·10 = 14; P50 at 2 → 30;
    // P90 at 3.6 → 40 + 0.6·10 = 46. Period 1 sorted: 0 0 0 0 100: P90 → 0 + 0.6·100 = 60.
    // (h = 3.6 is 3.6000000000000001 in floating point, hence toBeCloseTo.)
    const totals = [30, 0, 50, 100, 10, 0, 40, 0, 20, 0];
    const expected = [
      { mean: 30, p10: 14, p50: 30, p90: 46 },
      { mean: 20, p10: 0, p50: 0, p90: 60 },
    ];
    summarise(totals, 5, 2).forEach((summary, k) => {
      for (const [key, value] of Object.entries(expected[k]!)) {
        expect(summary[key as keyof typeof summary]).toBeCloseTo(value, 10);
      }
    });
  });

  it('gives the value itself for a single run', () => {
    expect(summarise([7], 1, 1)).toEqual([{ mean: 7, p10: 7, p50: 7, p90: 7 }]);
  });

  it('rejects totals that are not runs × periods', () => {
    expect(() => summarise([1, 2, 3], 2, 2)).toThrow(RangeError);
  });
});

describe('histogram', () => {
  it('splits min…max into equal bins, [from, to) except the last', () => {
    // Width 2: [0, 2) holds 0, 1; [2, 4) holds 2, 3; [4, 6) holds 4; [8, 10] holds 10.
    expect(histogram([4, 0, 10, 1, 3, 2], 5)).toEqual([
      { from: 0, to: 2, count: 2 },
      { from: 2, to: 4, count: 2 },
      { from: 4, to: 6, count: 1 },
      { from: 6, to: 8, count: 0 },
      { from: 8, to: 10, count: 1 },
    ]);
  });

  it('counts each value in the bin whose edges hold it, despite rounding', () => {
    const values = Array.from({ length: 101 }, (_, i) => i / 100);
    const bins = histogram(values, 10);
    bins.forEach(({ from, to, count }, i) => {
      const last = i === bins.length - 1;
      expect(count).toBe(values.filter((v) => v >= from && (v < to || (last && v === to))).length);
    });
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(101);
  });

  it('puts its edges on round numbers', () => {
    // 583…35,000 in about 30 bins: 1,147 a bin rounds up to 2,000, from 0 to 36,000.
    const bins = histogram([583, 35_000, 35_000, 12_000], 30);
    expect(bins).toHaveLength(18);
    expect(bins.slice(0, 3).map((b) => [b.from, b.to])).toEqual([
      [0, 2000],
      [2000, 4000],
      [4000, 6000],
    ]);
    expect(bins.map((b) => b.count)).toEqual([
      1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    ]);
  });

  it('gives one bin when all values are equal and none for no values', () => {
    expect(histogram([5, 5, 5], 4)).toEqual([{ from: 5, to: 5, count: 3 }]);
    expect(histogram([], 4)).toEqual([]);
  });
});

describe('probabilityOfReaching', () => {
  it('is the share of runs at or above the target', () => {
    const values = [10, 40, 20, 30];
    expect(probabilityOfReaching(values, 20)).toBe(0.75);
    expect(probabilityOfReaching(values, 41)).toBe(0);
    expect(probabilityOfReaching(values, -1)).toBe(1);
    expect(() => probabilityOfReaching([], 1)).toThrow(RangeError);
  });
});

describe('timing', () => {
  // As of 2026-11-23: +0 → Nov 23, +7 → Nov 30, +8 → Dec 1, +30 → Dec 23, +40 → Jan 2,
  // +100 → Mar 3.
  const sample = [40, 0, 8, 100, 30, 7];

  it('timingFromDays gives the share of the sample closed by the end of each period', () => {
    expect(timingFromDays(sample, '2026-11-23', ['2026-11', '2026-12', '2027-01'])).toEqual([
      2 / 6,
      4 / 6,
      5 / 6,
    ]);
    expect(timingFromDays(sample, '2026-11-23', ['2026-Q4', '2027-Q1'])).toEqual([4 / 6, 1]);
  });

  it('timingFromDays leaves closes before the first period out', () => {
    expect(timingFromDays(sample, '2026-11-23', ['2026-12', '2027-01'])).toEqual([2 / 6, 3 / 6]);
  });

  it('timingFromDays rejects an empty sample, negative days and gaps between periods', () => {
    expect(() => timingFromDays([], '2026-11-23', ['2026-11'])).toThrow(RangeError);
    expect(() => timingFromDays([-1], '2026-11-23', ['2026-11'])).toThrow(RangeError);
    expect(() => timingFromDays([1], '2026-11-23', ['2026-11', '2027-01'])).toThrow(RangeError);
    expect(() => timingFromDays([1], '23/11/2026', ['2026-11'])).toThrow(RangeError);
  });

  it('timingFromCloseDate steps from 0 to 1 at the period of the close date', () => {
    const periods = ['2026-11', '2026-12', '2027-01'];
    expect(timingFromCloseDate('2026-12-15', periods)).toEqual([0, 1, 1]);
    expect(timingFromCloseDate('2026-11-01', periods)).toEqual([1, 1, 1]);
    expect(timingFromCloseDate('2027-01-31', periods)).toEqual([0, 0, 1]);
    expect(timingFromCloseDate('2027-02-01', periods)).toEqual([0, 0, 0]);
    expect(timingFromCloseDate('2026-10-31', periods)).toEqual([0, 0, 0]);
  });
});

describe('runMonteCarlo without Web Workers (Node)', () => {
  // 10 000 deals make 200 runs per chunk, so 1 000 runs take 5 chunks.
  const many = Array.from({ length: 10_000 }, (_, i) => ({
    id: `deal-${i}`,
    amount: 100 + (i % 37),
    p: (i % 10) / 10,
    timing: SPREADS[i % 4]!,
  }));

  it('runs in this thread, reports progress and equals monteCarlo', async () => {
    expect(typeof Worker).toBe('undefined');
    const progress: number[] = [];
    const result = await runMonteCarlo(input(many, 1000, 3), {
      onProgress: (done, total) => {
        expect(total).toBe(1000);
        progress.push(done);
      },
    });
    expect(progress).toEqual([200, 400, 600, 800, 1000]);
    expect(result).toEqual(monteCarlo(input(many, 1000, 3)));
  });

  it('rejects with an AbortError when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let reported = 0;
    const run = runMonteCarlo(input(FIXTURE, 100), {
      signal: controller.signal,
      onProgress: () => reported++,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(reported).toBe(0);
  });

  it('stops between chunks when aborted while running', async () => {
    const controller = new AbortController();
    let reported = 0;
    const run = runMonteCarlo(input(many, 1000), {
      signal: controller.signal,
      onProgress: () => {
        reported++;
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(reported).toBe(1);
  });
});
