import type { Database, Row } from '../db/database.ts';
import { progressSegmentSql, type CohortFilter, type Segment, type SqlFragment } from './cohort.ts';
import { PIVOT, PivotIndex } from './pivot-index.ts';

/**
 * A read whose rows are groups of deals with counts and sums: under a filter on one field, its
 * rows are those of the same read grouped by that field too, kept for the filter's values and
 * added up (`PivotIndex`). The page runs that grouped read once the field is chosen in the filter
 * bar (`preparePivots`), so that picking and removing its values needs no DuckDB.
 */
export interface RollupRead {
  /**
   * Its SQL over `filter`; with `pivot` (SQL of a text value per deal), grouped by it too, in the
   * shape `finish` takes when there is one.
   */
  build(filter: CohortFilter, pivot?: string): SqlFragment;
  /** The pivot read's columns that add up across groups (counts, sums); the others key a group. */
  sums: readonly string[];
  /** The read's rows from its pivot read's, added up (as they are, without it). */
  finish?: (rows: Row[]) => Row[];
}

/** The select-list entry that groups a read by `pivot` (none without one). */
export const pivotKey = (pivot?: string): string[] => (pivot ? [`${pivot} AS ${PIVOT}`] : []);

/** `, filter_pivot` after the columns of a read over a CTE that selected `pivotKey` (else nothing). */
export const pivotColumn = (pivot?: string): string => (pivot ? `, ${PIVOT}` : '');

/** Per database: the rollup reads run last (most recent last) and the field chosen last. */
const recentReads = new WeakMap<Database, Map<string, RollupRead>>();
const chosenSegment = new WeakMap<Database, Segment>();
const RECENT = 8;

/** `read` over `filter`, answered from a pivot read run ahead when there is one. */
export async function queryRollup<T extends Row>(
  db: Database,
  filter: CohortFilter,
  read: RollupRead,
): Promise<T[]> {
  const direct = read.build(filter);
  const pivots = db.pivots;
  if (!pivots) return db.query<T>(direct.sql, direct.params);
  remember(db, read);
  for (const segment of pivotSegments(db, filter)) {
    const ahead = pivotRead(read, filter, segment);
    if (!pivots.holds(ahead)) continue;
    const index = await pivots.kept(ahead);
    if (!(index instanceof PivotIndex)) continue;
    const rolled = index.rollUp(filter.where?.[segment]);
    return (read.finish ? read.finish(rolled) : rolled) as T[];
  }
  return db.query<T>(direct.sql, direct.params);
}

/**
 * Once `segment` is chosen in the filter bar: runs the rollup reads the page has run since its view
 * was shown (`forgetShownReads`), grouped by that field and over `filter` without it, so that its
 * values are then answered in the page.
 */
export async function preparePivots(
  db: Database,
  filter: CohortFilter,
  segment: Segment,
): Promise<void> {
  const pivots = db.pivots;
  if (!pivots) return;
  chosenSegment.set(db, segment);
  const reads = [...(recentReads.get(db)?.values() ?? [])].reverse();
  await Promise.all(
    reads.map((read) =>
      pivots.prepare(pivotRead(read, filter, segment), (rows) => PivotIndex.of(rows, read.sums)),
    ),
  );
}

function pivotRead(read: RollupRead, filter: CohortFilter, segment: Segment): SqlFragment {
  const rest = { ...filter.where };
  delete rest[segment];
  return read.build({ ...filter, where: rest }, `${progressSegmentSql(segment)}::VARCHAR`);
}

/** The fields a pivot read may answer `filter` for: those it filters on, and the last chosen. */
function pivotSegments(db: Database, filter: CohortFilter): Segment[] {
  const filtered = Object.entries(filter.where ?? {})
    .filter(([, values]) => values && values.length > 0)
    .map(([segment]) => segment as Segment);
  const chosen = chosenSegment.get(db);
  return chosen && !filtered.includes(chosen) ? [...filtered, chosen] : filtered;
}

/**
 * Another view is shown: the reads the page ran before are no longer run ahead once a field is
 * chosen, as the previous view's would keep DuckDB from the others (up to 0.6 s at 1,000,000 deals).
 */
export function forgetShownReads(db: Database): void {
  recentReads.delete(db);
}

function remember(db: Database, read: RollupRead): void {
  // By its SQL without a filter: the same read under any filter.
  const { sql } = read.build({});
  let reads = recentReads.get(db);
  if (!reads) recentReads.set(db, (reads = new Map()));
  reads.delete(sql);
  reads.set(sql, read);
  if (reads.size > RECENT) reads.delete(reads.keys().next().value!);
}
