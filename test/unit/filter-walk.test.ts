import { describe, expect, it } from 'vitest';
import { afterStep, filterKey, filterWalk, type FilterStep } from '../bench/filter-walk.ts';

/** The filters a walk passes through, each with whether it was met before. */
function visits(steps: FilterStep[]): Array<{ chosen: string[]; met: boolean }> {
  const seen = new Set([filterKey([])]);
  let chosen: string[] = [];
  return steps.map((step) => {
    chosen = afterStep(chosen, step);
    const met = seen.has(filterKey(chosen));
    seen.add(filterKey(chosen));
    return { chosen, met };
  });
}

describe("filterWalk(values, changes): the bench's filter changes on a view", () => {
  const walk = filterWalk(['A', 'B', 'C', 'D', 'E', 'F'], 20);

  it('narrows and widens one value at a time: A, A or B, B, B or C…', () => {
    expect(walk.slice(0, 5)).toEqual([
      { add: 'A' },
      { add: 'B' },
      { remove: 'A' },
      { add: 'C' },
      { remove: 'B' },
    ]);
    expect(visits(walk).map((v) => v.chosen.join('+'))).toEqual([
      'A',
      'A+B',
      'B',
      'B+C',
      'C',
      'C+D',
      'D',
      'D+E',
      'E',
      'E+F',
      'F',
      'F+A',
      // Every value alone and every neighbouring pair met: a pair two apart, by way of a value met.
      'A',
      'A+C',
      'C',
      'C+E',
      'E',
      'E+A',
      'A',
      'A+D',
    ]);
  });

  it('brings a filter not met before at 16 of its 20 changes, never more than two chips', () => {
    const v = visits(walk);
    expect(v.filter((x) => !x.met)).toHaveLength(16);
    expect(Math.max(...v.map((x) => x.chosen.length))).toBe(2);
  });

  it('only removes a chip that is there', () => {
    let chosen: string[] = [];
    for (const step of filterWalk(['x', 'y'], 12)) {
      if ('remove' in step) expect(chosen).toContain(step.remove);
      chosen = afterStep(chosen, step);
    }
  });
});
