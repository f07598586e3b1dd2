import { describe, expect, it } from 'vitest';
import {
  brierDecomposition,
  brierScore,
  reliabilityBins,
  type Forecast,
} from '../../src/lib/metrics/stats/brier.ts';
import { poolAdjacentViolators } from '../../src/lib/metrics/stats/isotonic.ts';
import { solveLinear } from '../../src/lib/metrics/stats/linear-solve.ts';
import { absorbingChain } from '../../src/lib/metrics/stats/markov.ts';
import { shrink } from '../../src/lib/metrics/stats/shrinkage.ts';
import {
  cumulativeIncidence,
  kaplanMeierMedian,
  medianAmongClosed,
  quantileAmongClosed,
  type Observation,
} from '../../src/lib/metrics/stats/survival.ts';
import { sampleSizeFor, wilsonInterval } from '../../src/lib/metrics/stats/wilson.ts';

/** mulberry32, so the "random" Brier example is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const interval = (k: number, n: number) => {
  const i = wilsonInterval(k, n);
  return i && [i.low, i.high];
};

// z = 1.959963984540054, z² = 3.841459; centre = (p̂ + z²/2n) / (1 + z²/n),
// half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
describe('wilsonInterval(successes, n, z)', () => {
  it('has no interval without deals', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('matches hand-computed bounds at n = 1', () => {
    // k = 0: [0, z²/(1 + z²)] = [0, 3.841459 / 4.841459] = [0, 0.7935].
    const [low0, high0] = interval(0, 1)!;
    expect(low0).toBe(0);
    expect(high0).toBeCloseTo(0.7935, 4);
    // k = 1: centre = 2.920730 / 4.841459 = 0.60327, half = 0.404829 · 0.979982 = 0.39672.
    const [low1, high1] = interval(1, 1)!;
    expect(low1).toBeCloseTo(0.2065, 4);
    expect(high1).toBe(1);
  });

  it('matches hand-computed bounds at n = 10', () => {
    // k = 5: centre 0.5, half = (1.959964 / 1.384146) · √(0.025 + 0.009604) = 1.415988 · 0.186020.
    const [low5, high5] = interval(5, 10)!;
    expect(low5).toBeCloseTo(0.2366, 4);
    expect(high5).toBeCloseTo(0.7634, 4);
    // k = 1: centre = 0.292073 / 1.384146 = 0.211014, half = 1.415988 · √0.018604 = 0.193134.
    const [low1, high1] = interval(1, 10)!;
    expect(low1).toBeCloseTo(0.0179, 4);
    expect(high1).toBeCloseTo(0.4042, 4);
  });

  it('pins the bounds to exactly 0 and 1 at k = 0 and k = n', () => {
    // k = 0: centre = half = 0.192073 / 1.384146 = 0.138766, so [0, 0.2775].
    expect(interval(0, 10)![0]).toBe(0);
    expect(interval(0, 10)![1]).toBeCloseTo(0.2775, 4);
    // k = n mirrors it; in floating point the formula's upper bound is 0.9999999999999999.
    expect(interval(10, 10)![0]).toBeCloseTo(0.7225, 4);
    expect(interval(10, 10)![1]).toBe(1);
    // At n = 7 the formula's k = 0 lower bound comes out a hair above 0 in floating point.
    expect(interval(0, 7)![0]).toBe(0);
  });

  it('rejects more successes than deals', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});

// At p = ½ the Wilson half-width simplifies to z / (2√(n + z²)).
describe('sampleSizeFor(p, halfWidth, z)', () => {
  it('needs 381 deals for ±5 points at 50 % (the normal approximation says 385)', () => {
    // n + z² ≥ (z / 0.1)² = 384.146 → n ≥ 380.30: 381 gives 0.049955, 380 gives 0.050020.
    expect(sampleSizeFor(0.5)).toBe(381);
    const half = (n: number) =>
      (wilsonInterval(n / 2, n)!.high - wilsonInterval(n / 2, n)!.low) / 2;
    expect(half(381)).toBeLessThanOrEqual(0.05);
    expect(half(380)).toBeGreaterThan(0.05);
  });

  it('asks for deals even at a rate of 0 or 1, where the normal approximation asks for none', () => {
    // Interval [0, z²/(n + z²)], half-width z²/2(n + z²) ≤ 0.05 → n ≥ 38.415 − 3.841 = 34.57.
    expect(sampleSizeFor(0)).toBe(35);
    expect(sampleSizeFor(1)).toBe(35);
  });

  it('follows the width asked for', () => {
    // ±10 points at ½: n + z² ≥ (z / 0.2)² = 96.04 → n ≥ 92.19.
    expect(sampleSizeFor(0.5, 0.1)).toBe(93);
  });
});

describe('shrink(won, closed, prior, strength)', () => {
  it('pulls the observed rate towards the prior by m pseudo-deals', () => {
    // (3 + 10 · 0.5) / (10 + 10) = 8 / 20.
    expect(shrink(3, 10, 0.5, 10)).toBeCloseTo(0.4, 12);
    // Nothing closed: the prior alone. m = 0: the observed rate alone.
    expect(shrink(0, 0, 0.25, 10)).toBeCloseTo(0.25, 12);
    expect(shrink(3, 10, 0.5, 0)).toBeCloseTo(0.3, 12);
  });

  it('keeps the observed rate when the prior is unknown', () => {
    expect(shrink(3, 10, null, 10)).toBeCloseTo(0.3, 12);
    expect(shrink(0, 0, null, 10)).toBeNull();
  });
});

describe('poolAdjacentViolators(values, weights)', () => {
  it('pools a falling run into its mean', () => {
    // 0.5 > 0.3 pools to 0.4; 0.4 ≤ 0.4 pools again to (0.5 + 0.3 + 0.4) / 3 = 0.4.
    const fit = poolAdjacentViolators([0.5, 0.3, 0.4, 0.9], [1, 1, 1, 1]);
    [0.4, 0.4, 0.4, 0.9].forEach((v, i) => expect(fit[i]).toBeCloseTo(v, 12));
  });

  it('weights the pool by n', () => {
    // (0.6 · 3 + 0.2 · 1) / 4 = 0.5.
    const fit = poolAdjacentViolators([0.6, 0.2, 0.7], [3, 1, 5]);
    [0.5, 0.5, 0.7].forEach((v, i) => expect(fit[i]).toBeCloseTo(v, 12));
  });

  it('passes nulls through and pools across them', () => {
    const fit = poolAdjacentViolators([0.5, null, 0.3, 0.9], [1, 7, 1, 1]);
    expect(fit[1]).toBeNull();
    [0.4, null, 0.4, 0.9].forEach((v, i) => v !== null && expect(fit[i]).toBeCloseTo(v, 12));
  });

  it('leaves a non-decreasing sequence alone and lets a weightless value take its neighbours', () => {
    expect(poolAdjacentViolators([0.1, 0.2, 0.2], [1, 1, 1])).toEqual([0.1, 0.2, 0.2]);
    expect(poolAdjacentViolators([0.9, 0.3], [0, 2])).toEqual([0.3, 0.3]);
  });
});

// Two forecasts of 0.2 (outcomes 0, 1) and three of 0.8 (outcomes 1, 1, 0): N = 5, ō = 3/5.
const HAND: Forecast[] = [
  { p: 0.2, y: 0 },
  { p: 0.2, y: 1 },
  { p: 0.8, y: 1 },
  { p: 0.8, y: 1 },
  { p: 0.8, y: 0 },
];

describe('brierScore(pairs)', () => {
  it('is the mean squared error', () => {
    // (0.04 + 0.64 + 0.04 + 0.04 + 0.64) / 5 = 1.4 / 5.
    expect(brierScore(HAND)).toBeCloseTo(0.28, 12);
    expect(brierScore([])).toBeNull();
  });
});

describe('brierDecomposition(pairs, bins)', () => {
  it('splits the hand example exactly', () => {
    // ō₁ = 1/2, ō₂ = 2/3. REL = (2 · 0.3² + 3 · (2/15)²) / 5 = 7/150;
    // RES = (2 · 0.1² + 3 · (1/15)²) / 5 = 1/150; UNC = 0.6 · 0.4 = 36/150; 42/150 = 0.28.
    const d = brierDecomposition(HAND)!;
    expect(d.reliability).toBeCloseTo(7 / 150, 12);
    expect(d.resolution).toBeCloseTo(1 / 150, 12);
    expect(d.uncertainty).toBeCloseTo(0.24, 12);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
  });

  it('keeps the identity on a seeded random sample', () => {
    const random = prng(4);
    const pairs: Forecast[] = Array.from({ length: 500 }, () => {
      const p = Math.floor(random() * 11) / 10;
      return { p, y: random() < p * 0.8 + 0.1 ? 1 : 0 };
    });
    const d = brierDecomposition(pairs)!;
    expect(d.brier).toBeCloseTo(brierScore(pairs)!, 12);
    expect(d.reliability).toBeGreaterThan(0);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
  });

  it('forecasts each bin by its mean rate', () => {
    // One bin: mean rate (0.4 + 2.4) / 5 = 0.56, REL = (0.56 − 0.6)² = 0.0016, RES = 0.
    const d = brierDecomposition(HAND, 1)!;
    expect(d.reliability).toBeCloseTo(0.0016, 12);
    expect(d.resolution).toBe(0);
    expect(d.brier).toBeCloseTo(0.28, 12);
    expect(brierDecomposition([])).toBeNull();
  });
});

describe('reliabilityBins(pairs, bins)', () => {
  it('reports every bin, the empty ones as null, with p = 1 in the last', () => {
    const bins = reliabilityBins([
      { p: 0.05, y: 0 },
      { p: 0.15, y: 1 },
      { p: 0.12, y: 0 },
      { p: 1, y: 1 },
    ]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({
      low: 0,
      high: 0.1,
      meanPredicted: 0.05,
      observed: 0,
      count: 1,
    });
    expect(bins[1]!.meanPredicted).toBeCloseTo(0.135, 12);
    expect(bins[1]).toMatchObject({ observed: 0.5, count: 2 });
    expect(bins[5]).toMatchObject({ meanPredicted: null, observed: null, count: 0 });
    expect(bins[9]).toMatchObject({ high: 1, meanPredicted: 1, observed: 1, count: 1 });
  });
});

// Six deals: won at 10; at 20 one won, one lost and one censored (a tie); won at 30; censored at
// 40. At 20 the censored deal is still at risk: n = 5, not 4.
//   t = 10: n = 6, S(t−) = 1,   won += 1/6;               S = 5/6
//   t = 20: n = 5, S(t−) = 5/6, won += 1/6, lost += 1/6;  S = 5/6 · 3/5 = 1/2
//   t = 30: n = 2, S(t−) = 1/2, won += 1/4;               S = 1/4
const SIX: Observation[] = [
  { days: 20, event: 'censored' },
  { days: 10, event: 'won' },
  { days: 40, event: 'censored' },
  { days: 20, event: 'lost' },
  { days: 30, event: 'won' },
  { days: 20, event: 'won' },
];

describe('kaplanMeierMedian(obs)', () => {
  it('is the first time the open share is at most one half', () => {
    expect(kaplanMeierMedian(SIX)).toBe(20);
  });

  it('is null when the curve never reaches one half', () => {
    // S = 3/4 after the only close at 5.
    const obs: Observation[] = [
      { days: 5, event: 'won' },
      { days: 10, event: 'censored' },
      { days: 20, event: 'censored' },
      { days: 30, event: 'censored' },
    ];
    expect(kaplanMeierMedian(obs)).toBeNull();
    expect(kaplanMeierMedian([])).toBeNull();
  });
});

describe('cumulativeIncidence(obs, at)', () => {
  it('takes a million observations (a 1M-deal export) without overflowing the stack', () => {
    // Days 0…999,999, every tenth won and the rest censored: by day 99 ten deals were won, each
    // when 1e6 − t were at risk, so the share is about 10 / 1e6.
    const many = Array.from({ length: 1_000_000 }, (_, i) => ({
      days: i,
      event: i % 10 === 0 ? ('won' as const) : ('censored' as const),
    }));
    const [at99] = cumulativeIncidence(many, [99]);
    expect(at99!.won).toBeCloseTo(10 / 1e6, 8);
  });

  it('splits the closes into won and lost (Aalen–Johansen)', () => {
    const rows = cumulativeIncidence(SIX, [0, 15, 20, 30, 40, 50]);
    const expected = [
      [0, 0, 0],
      [15, 1 / 6, 0],
      [20, 1 / 3, 1 / 6],
      [30, 7 / 12, 1 / 6],
      [40, 7 / 12, 1 / 6],
    ];
    expected.forEach(([t, won, lost], i) => {
      expect(rows[i]!.t).toBe(t);
      expect(rows[i]!.won).toBeCloseTo(won!, 12);
      expect(rows[i]!.lost).toBeCloseTo(lost!, 12);
    });
    // Past the last follow-up with a quarter still open, nothing is known.
    expect(rows[5]).toEqual({ t: 50, won: null, lost: null });
  });

  it('carries on past the last close once every deal has closed', () => {
    const obs: Observation[] = [
      { days: 10, event: 'won' },
      { days: 20, event: 'lost' },
    ];
    expect(cumulativeIncidence(obs, [100])).toEqual([{ t: 100, won: 0.5, lost: 0.5 }]);
    expect(cumulativeIncidence([], [30])).toEqual([{ t: 30, won: null, lost: null }]);
  });
});

describe('weighted observations (one row per distinct days and event)', () => {
  // SIX doubled: every deal twice, once as two rows and once as one row with n = 2. Doubling
  // every count leaves each step's d/n, hence every curve, unchanged; order statistics repeat.
  const rows: Observation[] = [...SIX, ...SIX];
  const weighted: Observation[] = SIX.map((o) => ({ ...o, n: 2 }));

  it('gives the same curves as the rows they stand for', () => {
    const at = [0, 15, 20, 30, 40, 50];
    expect(cumulativeIncidence(weighted, at)).toEqual(cumulativeIncidence(rows, at));
    expect(kaplanMeierMedian(weighted)).toBe(kaplanMeierMedian(rows));
  });

  it('gives the same order statistics', () => {
    // Won days 10, 10, 20, 20, 30, 30: P90 at h = 5 · 0.9 = 4.5 → 30; the median at h = 2.5 → 20.
    for (const q of [0, 0.25, 0.5, 0.9, 1]) {
      expect(quantileAmongClosed(weighted, 'won', q)).toBe(quantileAmongClosed(rows, 'won', q));
    }
    expect(quantileAmongClosed(weighted, 'won', 0.9)).toBe(30);
    // 0 < h = 0.5 < 1: between the 10 of the first and the 10 of the second copy: exactly 10.
    expect(quantileAmongClosed([{ days: 10, event: 'won', n: 2 }], 'won', 0.5)).toBe(10);
  });

  it('refuses a count that is not a whole number of deals', () => {
    expect(() => kaplanMeierMedian([{ days: 1, event: 'won', n: 0.5 }])).toThrow(RangeError);
  });
});

describe('medianAmongClosed(obs, outcome)', () => {
  it('takes the median over the deals with that outcome', () => {
    // Won at 10, 20, 30; lost at 20 only.
    expect(medianAmongClosed(SIX, 'won')).toBe(20);
    expect(medianAmongClosed(SIX, 'lost')).toBe(20);
    // Even count: mean of the middle two.
    expect(medianAmongClosed([...SIX, { days: 50, event: 'won' }], 'won')).toBe(25);
    expect(medianAmongClosed([{ days: 5, event: 'censored' }], 'won')).toBeNull();
  });
});

describe('quantileAmongClosed(obs, outcome, q)', () => {
  it('interpolates between order statistics', () => {
    // Won at 10, 20, 30: h = 2 · 0.9 = 1.8 → 20 + 0.8 · 10.
    expect(quantileAmongClosed(SIX, 'won', 0.9)).toBeCloseTo(28, 12);
  });
});

describe('solveLinear(a, b)', () => {
  it('pivots past a zero on the diagonal', () => {
    expect(
      solveLinear(
        [
          [0, 1],
          [1, 0],
        ],
        [[2], [3]],
      ),
    ).toEqual([[3], [2]]);
  });

  it('solves a 3 × 3 system with two right-hand sides', () => {
    // A · [1, 2, 3] = [7, 13, 1] and A · [0, 1, 0] = [1, 3, 0].
    const x = solveLinear(
      [
        [2, 1, 1],
        [1, 3, 2],
        [1, 0, 0],
      ],
      [
        [7, 1],
        [13, 3],
        [1, 0],
      ],
    );
    [
      [1, 0],
      [2, 1],
      [3, 0],
    ].forEach((row, i) => row.forEach((v, j) => expect(x[i]![j]).toBeCloseTo(v, 12)));
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [[1], [2]],
      ),
    ).toThrow(/singular/);
  });
});

// Columns and rows: the open stages, then won, then lost.
describe('absorbingChain(counts, days)', () => {
  it('solves two stages with a backward move', () => {
    // S1: ½ to S2, ½ lost. S2: 0.4 won, 0.2 back to S1, 0.4 lost.
    // P(win): a = ½b, b = 0.4 + 0.2a → b = 0.4 / 0.9 = 4/9, a = 2/9.
    // P(loss): a = ½ + ½b, b = 0.4 + 0.2a → 0.9b = 0.5, b = 5/9, a = 7/9.
    // Days with d = (10, 20): t₁ = 10 + ½t₂, t₂ = 20 + 0.2t₁ → t₂ = 22 / 0.9 = 220/9, t₁ = 200/9.
    const out = absorbingChain(
      [
        [0, 5, 0, 5],
        [2, 0, 4, 4],
        [9, 9, 9, 9],
        [9, 9, 9, 9],
      ],
      [10, 20],
    );
    const expected = [
      [2 / 9, 7 / 9, 200 / 9],
      [4 / 9, 5 / 9, 220 / 9],
    ];
    expected.forEach(([pWin, pLoss, days], i) => {
      expect(out[i]!.pWin).toBeCloseTo(pWin!, 12);
      expect(out[i]!.pLoss).toBeCloseTo(pLoss!, 12);
      expect(out[i]!.days).toBeCloseTo(days!, 12);
      expect(out[i]!.outgoing).toBe(10);
    });
  });

  it('reports a stage with no outgoing transition, and those that reach it, as unknown', () => {
    // S1 → S2 or lost; S2 has only open deals; S3 → won 3, lost 1.
    const out = absorbingChain(
      [
        [0, 1, 0, 0, 1],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 3, 1],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
      [5, 7, 8],
    );
    const unknown = { pWin: null, pLoss: null, days: null };
    expect(out[0]).toEqual({ ...unknown, outgoing: 2 });
    expect(out[1]).toEqual({ ...unknown, outgoing: 0 });
    expect(out[2]).toEqual({ pWin: 0.75, pLoss: 0.25, days: 8, outgoing: 4 });
  });

  it('leaves days unknown where the path crosses a stage of unknown visit length', () => {
    // S1 → S2 → S3 always; S3: won 1, lost 3. d = (3, unknown, 6): S1 knows its own visit but
    // passes through S2; only S3 has a number.
    const out = absorbingChain(
      [
        [0, 4, 0, 0, 0],
        [0, 0, 4, 0, 0],
        [0, 0, 0, 1, 3],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
      [3, null, 6],
    );
    expect(out).toEqual([
      { pWin: 0.25, pLoss: 0.75, days: null, outgoing: 4 },
      { pWin: 0.25, pLoss: 0.75, days: null, outgoing: 4 },
      { pWin: 0.25, pLoss: 0.75, days: 6, outgoing: 4 },
    ]);
  });

  it('reports a loop with no exit, and what feeds it, as unknown', () => {
    // S1 ⇄ S2 and never closes (I − Q singular there); S3 closes half and half; S4 → S1 or won.
    const out = absorbingChain(
      [
        [0, 3, 0, 0, 0, 0],
        [3, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 1],
        [1, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
      ],
      [1, 1, 4, 1],
    );
    expect(out.map((o) => o.pWin)).toEqual([null, null, 0.5, null]);
    expect(out[2]).toEqual({ pWin: 0.5, pLoss: 0.5, days: 4, outgoing: 2 });
  });

  it('rejects a count matrix of the wrong size', () => {
    expect(() =>
      absorbingChain(
        [
          [0, 1],
          [1, 0],
        ],
        [1],
      ),
    ).toThrow(RangeError);
  });
});

describe('brierScore(pairs) with counts', () => {
  it('scores counted pairs like the same pairs written out', () => {
    // 3 won and 1 lost at 0.6, 1 lost at 0.2: (3·0.16 + 0.36 + 0.04) / 5 = 0.88 / 5 = 0.176.
    const counted = [
      { p: 0.6, y: 1 as const, count: 3 },
      { p: 0.6, y: 0 as const },
      { p: 0.2, y: 0 as const, count: 1 },
    ];
    expect(brierScore(counted)).toBeCloseTo(0.176, 12);
    const decomposition = brierDecomposition(counted)!;
    expect(
      decomposition.reliability - decomposition.resolution + decomposition.uncertainty,
    ).toBeCloseTo(0.176, 12);
  });
});
