import type { Database } from '../db/database.ts';
import { ident } from '../db/sql.ts';
import {
  BREAKDOWN_SEGMENTS,
  DERIVED_SEGMENTS,
  FILTER_SEGMENTS,
  progressSegmentSql,
  type Segment,
} from './cohort.ts';

/**
 * How many values a segment takes in the data (0, 1, or 2 for two or more), and the share of the
 * deals that give it one.
 */
export type SegmentPresence = Partial<Record<Segment, { values: 0 | 1 | 2; filled: number }>>;

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
      ELSE 2 END::INTEGER AS ${ident(segment)},
      (count(${value}) / greatest(count(*), 1))::DOUBLE AS ${ident(`${segment}:filled`)}`;
  });
  const [row] = await db.query<Record<string, number>>(
    `SELECT ${columns.join(', ')} FROM opp_progress`,
  );
  return Object.fromEntries(
    ALL_SEGMENTS.map((segment) => [
      segment,
      {
        values: Math.min(2, Math.max(0, row?.[segment] ?? 0)),
        filled: row?.[`${segment}:filled`] ?? 0,
      },
    ]),
  ) as SegmentPresence;
}

/** Whether the data has a value for the segment; taken as yes while that is not known. */
export function hasData(segment: Segment, presence: SegmentPresence): boolean {
  return (presence[segment]?.values ?? 1) > 0;
}

/** The segments of `list` the data has values for. */
export function segmentsWithData(list: readonly Segment[], presence: SegmentPresence): Segment[] {
  return list.filter((segment) => hasData(segment, presence));
}

/** A breakdown most deals leave blank says little: the one opened by default fills half at least. */
const WELL_FILLED = 0.5;
/** The breakdown opened by default, where the data fills it well. */
const DEFAULT_BREAKDOWN: Segment = 'region';

/**
 * The breakdown a view shows: the one chosen, unless the data leaves it blank; then the first
 * of the menu that splits the deals (two values or more), else the first with any value. With
 * none chosen, the region where half the deals or more give one, else the splitting segment most
 * deals fill (on the Salesforce Data Loader sample 28 of 31 deals have no region, all an owner).
 */
export function shownBreakdown(chosen: Segment | null, presence: SegmentPresence): Segment {
  if (chosen === null) return defaultBreakdown(presence);
  if (hasData(chosen, presence)) return chosen;
  return (
    BREAKDOWN_SEGMENTS.find((segment) => presence[segment]?.values === 2) ??
    BREAKDOWN_SEGMENTS.find((segment) => presence[segment]?.values === 1) ??
    chosen
  );
}

function defaultBreakdown(presence: SegmentPresence): Segment {
  const region = presence[DEFAULT_BREAKDOWN];
  if (!region || (region.values === 2 && region.filled >= WELL_FILLED)) return DEFAULT_BREAKDOWN;
  const splitting = BREAKDOWN_SEGMENTS.filter((segment) => presence[segment]?.values === 2);
  const best = splitting.reduce<Segment | null>(
    (top, segment) =>
      top === null || presence[segment]!.filled > presence[top]!.filled ? segment : top,
    null,
  );
  return best ?? shownBreakdown(DEFAULT_BREAKDOWN, presence);
}
