import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import {
  BREAKDOWN_SEGMENTS,
  DERIVED_SEGMENTS,
  FILTER_SEGMENTS,
  progressSegmentSql,
  type Segment,
} from './cohort.ts';

/** How many values a segment takes in the data: 0, 1, or 2 for two or more. */
export type SegmentPresence = Partial<Record<Segment, 0 | 1 | 2>>;

const ALL_SEGMENTS = [...new Set([...BREAKDOWN_SEGMENTS, ...FILTER_SEGMENTS])];

/**
 * Which segments the loaded data fills: one scan of `opp_progress` (min and max, no distinct
 * count), so that menus offer only fields with values and a breakdown never opens on a blank one.
 */
export async function segmentPresence(db: Database): Promise<SegmentPresence> {
  const columns = ALL_SEGMENTS.map((segment) => {
    // A month or quarter rises with its date: one value if the first and last dates share it.
    const derived =
      segment in DERIVED_SEGMENTS
        ? DERIVED_SEGMENTS[segment as keyof typeof DERIVED_SEGMENTS]
        : null;
    const value = derived ? 'created_at' : progressSegmentSql(segment);
    const [first, last] = derived
      ? [derived('min(created_at)'), derived('max(created_at)')]
      : [`min(${value})`, `max(${value})`];
    return `CASE WHEN count(${value}) = 0 THEN 0 WHEN ${first} = ${last} THEN 1
      ELSE 2 END::INTEGER AS ${ident(segment)}`;
  });
  const [row] = await db.query<Record<string, number>>(
    `SELECT ${columns.join(', ')} FROM opp_progress`,
  );
  return Object.fromEntries(
    ALL_SEGMENTS.map((segment) => [segment, Math.min(2, Math.max(0, row?.[segment] ?? 0))]),
  ) as SegmentPresence;
}

/** Whether the data has a value for the segment; taken as yes while that is not known. */
export function hasData(segment: Segment, presence: SegmentPresence): boolean {
  return (presence[segment] ?? 1) > 0;
}

/** The segments of `list` the data has values for. */
export function segmentsWithData(list: readonly Segment[], presence: SegmentPresence): Segment[] {
  return list.filter((segment) => hasData(segment, presence));
}

/**
 * The breakdown a view shows: the one chosen, unless the data leaves it blank; then the first
 * of the menu that splits the deals (two values or more), else the first with any value.
 */
export function shownBreakdown(chosen: Segment, presence: SegmentPresence): Segment {
  if (hasData(chosen, presence)) return chosen;
  return (
    BREAKDOWN_SEGMENTS.find((segment) => presence[segment] === 2) ??
    BREAKDOWN_SEGMENTS.find((segment) => presence[segment] === 1) ??
    chosen
  );
}
