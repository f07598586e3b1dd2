import type { FunnelStage } from '../../src/lib/metrics/funnel.ts';
import type { GradeRow } from '../../src/lib/metrics/grades/grades.ts';
import type { Grade } from '../../src/lib/metrics/grades/grading-setup.ts';

/** A funnel stage with nothing in it but what `fields` gives. */
export function funnelStage(
  position: number,
  name: string,
  fields: Partial<FunnelStage> = {},
): FunnelStage {
  return {
    stage: name,
    position,
    preset: null,
    reached: 0,
    amount: 0,
    missingAmount: 0,
    passed: 0,
    passRate: null,
    cumulative: null,
    lost: 0,
    open: 0,
    medianDays: null,
    p75Days: null,
    p90Days: null,
    visits: 0,
    stale: 0,
    openDated: 0,
    ...fields,
  };
}

/** A grade's row: `won` of `closed` (its win rate), as many deals as closed unless `fields` say. */
export function gradeRow<K extends string = Grade>(
  grade: K | null,
  won: number,
  closed: number,
  fields: Partial<GradeRow<K>> = {},
): GradeRow<K> {
  return {
    grade,
    count: closed,
    amount: 0,
    missingAmount: 0,
    won,
    closed,
    winRate: closed > 0 ? won / closed : null,
    low: null,
    high: null,
    lift: null,
    ...fields,
  };
}
