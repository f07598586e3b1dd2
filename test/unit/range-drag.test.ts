import { describe, expect, it } from 'vitest';
import { categoriesBetween } from '../../src/lib/charts/range-drag.ts';

describe('categoriesBetween(categories, a, b)', () => {
  const quarters = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];

  it('gives the categories from one index to the other, both included, either way dragged', () => {
    expect(categoriesBetween(quarters, 1, 3)).toEqual(['2024-Q2', '2024-Q3', '2024-Q4']);
    expect(categoriesBetween(quarters, 3, 1)).toEqual(['2024-Q2', '2024-Q3', '2024-Q4']);
  });

  it('keeps to the axis when the pointer left it', () => {
    expect(categoriesBetween(quarters, -2, 0)).toEqual(['2024-Q1']);
    expect(categoriesBetween(quarters, 2, 9)).toEqual(['2024-Q3', '2024-Q4']);
  });
});
