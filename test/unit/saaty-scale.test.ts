import { describe, expect, it } from 'vitest';
import {
  formatJudgement,
  judgementAt,
  sliderPosition,
  withJudgement,
} from '../../src/components/grades/saaty-scale.ts';

describe('the Saaty slider', () => {
  it('maps positions -8 … 8 to 9 … 1 … 1/9 and back', () => {
    expect([-8, -2, 0, 2, 8].map(judgementAt)).toEqual([9, 3, 1, 1 / 3, 1 / 9]);
    for (let p = -8; p <= 8; p++) expect(sliderPosition(judgementAt(p))).toBeCloseTo(p, 12);
    expect(sliderPosition(1.5)).toBe(-0.5);
  });

  it('writes judgements as Saaty does', () => {
    expect([9, 1, 1 / 3, 1.5, 2 / 3].map(formatJudgement)).toEqual([
      '9',
      '1',
      '1/3',
      '1.5',
      '1/1.5',
    ]);
  });

  it('sets a pair and its reciprocal, leaving the matrix it was given alone', () => {
    const m = [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ];
    const next = withJudgement(m, 0, 2, 5);
    expect(next[0]![2]).toBe(5);
    expect(next[2]![0]).toBe(0.2);
    expect(next[1]).toEqual([1, 1, 1]);
    expect(m[0]![2]).toBe(1);
  });
});
