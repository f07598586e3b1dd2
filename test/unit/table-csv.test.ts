import { describe, expect, it } from 'vitest';
import { columnNames, type HeaderCell } from '../../src/lib/export/table-csv.ts';

const cell = (text: string, colSpan = 1, rowSpan = 1): HeaderCell => ({ text, colSpan, rowSpan });

describe('columnNames', () => {
  it('names each column by its one header cell', () => {
    expect(columnNames([[cell('Stage'), cell('Deals')]])).toEqual(['Stage', 'Deals']);
  });

  it('joins a group over its columns, and names a column spanning both rows once', () => {
    // | Stage | Won / lost within | Markov        |
    // |       | 30 d   | 60 d     | P(win) | days |
    const names = columnNames([
      [cell('Stage', 1, 2), cell('Won / lost within', 2), cell('Markov', 2)],
      [cell('30 d'), cell('60 d'), cell('P(win)'), cell('days')],
    ]);
    expect(names).toEqual([
      'Stage',
      'Won / lost within 30 d',
      'Won / lost within 60 d',
      'Markov P(win)',
      'Markov days',
    ]);
  });

  it('places second-row cells after a column spanning rows in the middle', () => {
    const names = columnNames([
      [cell('Days', 2), cell('Entered', 1, 2), cell('Within', 2)],
      [cell('won'), cell('lost'), cell('30 d'), cell('90 d')],
    ]);
    expect(names).toEqual(['Days won', 'Days lost', 'Entered', 'Within 30 d', 'Within 90 d']);
  });

  it('gives no columns without a header', () => {
    expect(columnNames([])).toEqual([]);
  });
});
