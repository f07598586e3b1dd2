import { describe, expect, it } from 'vitest';
import { formatElapsed, formatList } from '../../src/lib/i18n/format.ts';

describe('formatElapsed', () => {
  it('shows whole seconds as a clock does, minutes unpadded', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_900)).toBe('0:07');
    expect(formatElapsed(65_000)).toBe('1:05');
    expect(formatElapsed(59 * 60_000 + 59_999)).toBe('59:59');
  });

  it('adds hours past the hour, and never counts below zero', () => {
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatElapsed(-400)).toBe('0:00');
  });
});

describe('formatList', () => {
  it('lists as each language does', () => {
    expect(formatList(['a.csv'], 'en')).toBe('a.csv');
    expect(formatList(['a.csv', 'b.csv'], 'en')).toBe('a.csv and b.csv');
    expect(formatList(['a.csv', 'b.csv', 'c.csv'], 'en')).toBe('a.csv, b.csv, and c.csv');
    expect(formatList(['a.csv', 'b.csv'], 'zh-CN')).toBe('a.csv和b.csv');
  });
});
