import { describe, expect, it } from 'vitest';
import { stageFlowLinks } from '../../src/lib/metrics/segment-funnels.ts';
import { maskStages, reaches } from '../../src/lib/metrics/stage-reach.ts';
import {
  rollUpStageWinRates,
  type StageWinRateGroup,
} from '../../src/lib/metrics/win-rate-counts.ts';

const group = (g: Partial<StageWinRateGroup>): StageWinRateGroup => ({
  reach: 1,
  current_pos: null,
  status: 'lost',
  side: null,
  n: 1,
  p_sum: null,
  p_n: 0,
  p_zero: 0,
  p_one: 0,
  lost_unknown: 0,
  at_full: 0,
  at_zero: 0,
  ...g,
});

/** year · 4 + quarter − 1, as `stageWinRateGroupsSql` groups by the closing quarter. */
const quarter = (y: number, q: number) => y * 4 + q - 1;

describe('per-stage roll-ups', () => {
  it('reaches(reach, i, strict): the furthest stage counting skipped ones, or the stages seen', () => {
    expect([1, 2, 3, 4].map((i) => reaches(3, i, false))).toEqual([true, true, true, false]);
    // Seen S1 and S3 only: bits 1 and 3, 2 + 8.
    expect([1, 2, 3, 4].map((i) => reaches(10, i, true))).toEqual([true, false, true, false]);
    expect(reaches(null, 1, false)).toBe(false);
    expect(reaches(null, 1, true)).toBe(false);
  });

  it('rollUpStageWinRates works the default cut out across a year: 2025-Q1 → 2024-07-01', () => {
    const groups = [
      group({ reach: 2, status: 'won', side: quarter(2025, 1), n: 3 }),
      group({ reach: 2, status: 'lost', side: quarter(2024, 3), n: 2 }),
      group({ reach: 1, status: 'lost', side: quarter(2024, 2), n: 4 }),
      group({ reach: 2, status: 'open', current_pos: 2, n: 5, p_sum: 2, p_n: 4 }),
    ];
    const { counts, cut } = rollUpStageWinRates(2, groups, false, 'default');
    expect(cut).toBe('2024-07-01');
    // S1: all 9 closed deals, 3 won; before the cut only the 4 of 2024-Q2. S2: the 5 that reached it.
    expect(
      counts.map((c) => [c.won, c.closed, c.closed_before, c.won_after, c.closed_after]),
    ).toEqual([
      [3, 9, 4, 3, 5],
      [3, 5, 0, 3, 5],
    ]);
    // Open deals count for the exported probability of their current stage only.
    expect(counts.map((c) => [c.exported, c.exported_n])).toEqual([
      [null, 0],
      [0.5, 4],
    ]);
  });

  it('rollUpStageWinRates leaves the exact 0 % of a lost deal and 100 % of a won one out of the preset', () => {
    const at1 = { reach: 1, current_pos: 1 } as const;
    const groups = [
      group({ ...at1, status: 'open', n: 2, p_sum: 0.5, p_n: 2 }),
      // Two lost at 0 % as they closed, one still at 20 %.
      group({ ...at1, status: 'lost', n: 3, p_sum: 0.2, p_n: 3, p_zero: 2 }),
      // Two won at 100 % as they closed, one still at 50 %.
      group({ ...at1, status: 'won', n: 3, p_sum: 2.5, p_n: 3, p_one: 2 }),
      // Lost at 100 %: a contradiction, not a closing value; it stays.
      group({ ...at1, status: 'lost', n: 1, p_sum: 1, p_n: 1, p_one: 1 }),
    ];
    const [c] = rollUpStageWinRates(1, groups, false, null).counts;
    // (0.5 + 0.2 + 0.5 + 1) / (2 + 1 + 1 + 1).
    expect([c?.exported, c?.exported_n]).toEqual([2.2 / 5, 5]);
  });

  it('rollUpStageWinRates splits at a chosen cut by side, and has none without closes', () => {
    const chosen = rollUpStageWinRates(
      1,
      [group({ side: -1, n: 2 }), group({ status: 'won', side: 1 }), group({ side: null })],
      false,
      '2024-03-15',
    );
    expect(chosen.cut).toBe('2024-03-15');
    expect(chosen.counts[0]).toMatchObject({
      closed: 4,
      closed_before: 2,
      closed_after: 1,
      won_after: 1,
    });
    expect(rollUpStageWinRates(1, [group({ status: 'open' })], false, 'default').cut).toBeNull();
  });

  it('maskStages(mask) lists the stages of a strict-order mask in ascending order', () => {
    expect(maskStages(10)).toEqual([1, 3]);
    expect(maskStages(2 + 4 + 8 + 2 ** 11)).toEqual([1, 2, 3, 11]);
    expect(maskStages(0)).toEqual([]);
  });

  it('stageFlowLinks(groups) follows each path to its outcome, ordered as text', () => {
    expect(
      stageFlowLinks([
        { status: 'won', path: 2 + 4 + 2 ** 10, n: 2 },
        { status: 'lost', path: 2 + 4, n: 3 },
        { status: 'open', path: 2, n: 1 },
      ]),
    ).toEqual([
      { source: '1', target: '2', n: 5 },
      { source: '1', target: 'open', n: 1 },
      // '10' sorts before '2', as DuckDB orders text.
      { source: '10', target: 'won', n: 2 },
      { source: '2', target: '10', n: 2 },
      { source: '2', target: 'lost', n: 3 },
    ]);
  });
});
