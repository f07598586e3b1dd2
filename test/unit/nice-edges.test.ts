import { describe, expect, it } from 'vitest';
import { niceEdges } from '../../src/lib/metrics/forecast/nice-edges.ts';

describe('niceEdges(min, max, bins)', () => {
  it('takes the least round width that covers min…max in as many bins', () => {
    // 0…10 in 5: width 2. 0…1 in 10: width 0.1, without float tails. 3…97 in 10: 9.4 → 10.
    expect(niceEdges(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceEdges(0, 1, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(niceEdges(3, 97, 10)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('steps by 2.5 or 5 times a power of ten, and starts on a multiple of the step', () => {
    // 1,210…1,440 in 10: 23 → 25, from 1,200 to 1,450. -70…130 in 4: 50 → 50, from -100.
    expect(niceEdges(1210, 1440, 10)).toEqual([
      1200, 1225, 1250, 1275, 1300, 1325, 1350, 1375, 1400, 1425, 1450,
    ]);
    expect(niceEdges(-70, 130, 4)).toEqual([-100, -50, 0, 50, 100, 150]);
  });
});
