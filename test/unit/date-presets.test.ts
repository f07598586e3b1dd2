import { describe, expect, it } from 'vitest';
import { presetRange } from '../../src/lib/metrics/date-presets.ts';

describe('presetRange(preset, asOf)', () => {
  it.each([
    ['this-quarter', '2026-11-15', '2026-10-01'],
    ['this-quarter', '2026-01-01', '2026-01-01'],
    // The current quarter and the three before it: Q4 2026 back to Q1 2026.
    ['last-4-quarters', '2026-11-15', '2026-01-01'],
    // Q1 2026 and the three before it: back to Q2 2025.
    ['last-4-quarters', '2026-02-10', '2025-04-01'],
    ['year-to-date', '2026-11-15', '2026-01-01'],
  ] as const)('%s on %s starts on %s and ends on the as-of date', (preset, asOf, from) => {
    expect(presetRange(preset, asOf)).toEqual({ from, to: asOf });
  });
});
