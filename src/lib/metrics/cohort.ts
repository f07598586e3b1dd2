import type { SqlValue } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import { OPPORTUNITY_FIELDS, type OpportunityField } from '../model/schema.ts';

/** Fields a cohort can be filtered or broken down by: the segments, plus stage and status. */
export const SEGMENT_FIELDS = [
  ...(Object.keys(OPPORTUNITY_FIELDS) as OpportunityField[]).filter(
    (f) => (OPPORTUNITY_FIELDS[f] as { segment?: boolean }).segment,
  ),
  'stage',
  'status',
] as OpportunityField[];

/** Derived segments: the created month or quarter cohort, as SQL over a date (created_at). */
export const DERIVED_SEGMENTS = {
  created_month: (date: string) => `strftime(${date}, '%Y-%m')`,
  created_quarter: (date: string) => `year(${date}) || '-Q' || quarter(${date})`,
} as const;

/**
 * Segments the grading adds to `opp_progress` (`attachGrades`): the grade, the effective customer
 * class (exported, else computed from the industry rank; column `graded_class`) and the industry
 * tier of the grading setup.
 */
export const GRADED_SEGMENTS = ['grade', 'customer_class', 'industry_tier'] as const;

export type Segment = OpportunityField | keyof typeof DERIVED_SEGMENTS | 'grade' | 'industry_tier';

/** The segments a user breaks the funnel down by, in the order the menu lists them. */
export const BREAKDOWN_SEGMENTS: Segment[] = [
  'owner',
  'team',
  'region',
  'industry',
  'source',
  'product',
  'customer_class',
  'forecast_category',
  'created_quarter',
  'created_month',
];

/** The segments a filter chip can hold: the breakdowns' fields, plus stage and status. */
export const FILTER_SEGMENTS: Segment[] = [
  ...BREAKDOWN_SEGMENTS.filter((s) => !(s in DERIVED_SEGMENTS)),
  'grade',
  'industry_tier',
  'stage',
  'status',
];

const isGraded = (segment: string): segment is (typeof GRADED_SEGMENTS)[number] =>
  (GRADED_SEGMENTS as readonly string[]).includes(segment);

/** SQL for a segment's value over `opportunities` (aliased or not). Only known segments pass. */
export function segmentSql(segment: Segment): string {
  if (segment in DERIVED_SEGMENTS)
    return DERIVED_SEGMENTS[segment as keyof typeof DERIVED_SEGMENTS]('created_at');
  if (!SEGMENT_FIELDS.includes(segment as OpportunityField)) {
    throw new Error(`not a segment: ${segment}`);
  }
  return ident(segment);
}

/** SQL for a segment's value over `opp_progress`, where the grading's segments are attached. */
export function progressSegmentSql(segment: Segment): string {
  if (!isGraded(segment)) return segmentSql(segment);
  return ident(segment === 'customer_class' ? 'graded_class' : segment);
}

/**
 * The cohort (METRICS.md): the opportunities in the current filter. Dates are inclusive
 * YYYY-MM-DD bounds on `dateField` (created_at by default); rows without that date are left out
 * of a date filter. `where` keeps rows whose segment is one of the listed values.
 */
export interface CohortFilter {
  from?: string;
  to?: string;
  dateField?: 'created_at' | 'close_date';
  where?: Partial<Record<Segment, string[]>>;
}

export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

/**
 * Opens every cohort condition in SQL, so that the SQL a query would run under another filter can
 * be told from its text (see `prepareNextFilter`).
 */
const COHORT_MARK = '/* cohort */';

export function cohortWhere(filter: CohortFilter = {}): SqlFragment {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const date = ident(filter.dateField ?? 'created_at');
  if (filter.from) {
    clauses.push(`${date} >= ?::DATE`);
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push(`${date} <= ?::DATE`);
    params.push(filter.to);
  }
  for (const [segment, values] of Object.entries(filter.where ?? {})) {
    if (!values || values.length === 0) continue;
    const list = values.map(() => '?').join(', ');
    clauses.push(`${progressSegmentSql(segment as Segment)} IN (${list})`);
    params.push(...values);
  }
  return { sql: `(${COHORT_MARK} ${clauses.length > 0 ? clauses.join(' AND ') : 'true'})`, params };
}

/** `filter` with `value` added to what it keeps of `segment` (the filter bar's add). */
export function withFilterValue(
  filter: CohortFilter,
  segment: Segment,
  value: string,
): CohortFilter {
  const current = filter.where?.[segment] ?? [];
  if (current.includes(value)) return filter;
  return { ...filter, where: { ...filter.where, [segment]: [...current, value] } };
}
