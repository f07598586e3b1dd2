import { describe, expect, it } from 'vitest';
import { cohortWhere, withFilterValue, type CohortFilter } from '../../src/lib/metrics/cohort.ts';

describe('cohortWhere(filter)', () => {
  it('binds dates and values, each condition within one marked group', () => {
    expect(cohortWhere({})).toEqual({ sql: '(/* cohort */ true)', params: [] });
    expect(
      cohortWhere({
        from: '2024-01-01',
        dateField: 'close_date',
        where: { region: ['East', 'West'], owner: [], status: ['won'] },
      }),
    ).toEqual({
      sql: '(/* cohort */ "close_date" >= ?::DATE AND "region" IN (?, ?) AND "status" IN (?))',
      params: ['2024-01-01', 'East', 'West', 'won'],
    });
  });

  it('refuses a field that is not a segment', () => {
    expect(() => cohortWhere({ where: { 'x; DROP': ['1'] } as CohortFilter['where'] })).toThrow(
      /not a segment/,
    );
  });
});

describe('withFilterValue(filter, segment, value)', () => {
  it('adds the value after those the field keeps, the field after the others', () => {
    const filter: CohortFilter = { from: '2024-01-01', where: { region: ['East'] } };
    expect(withFilterValue(filter, 'region', 'West')).toEqual({
      from: '2024-01-01',
      where: { region: ['East', 'West'] },
    });
    expect(Object.keys(withFilterValue(filter, 'owner', 'Ann').where!)).toEqual([
      'region',
      'owner',
    ]);
    expect(filter.where).toEqual({ region: ['East'] });
  });

  it('returns the same filter when it already keeps the value', () => {
    const filter: CohortFilter = { where: { region: ['East'] } };
    expect(withFilterValue(filter, 'region', 'East')).toBe(filter);
  });
});
