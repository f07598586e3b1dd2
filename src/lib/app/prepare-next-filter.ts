import type { Database } from '../db/database.ts';
import {
  cohortWhere,
  withFilterValue,
  type CohortFilter,
  type Segment,
} from '../metrics/cohort.ts';
import { preparePivots } from '../metrics/filter-rollup.ts';

/**
 * While the user picks a value of the field chosen in the filter bar: runs the page's rollup reads
 * grouped by that field, so that its values are then answered without DuckDB (`preparePivots`),
 * and prepares the other reads the page has just run as they will run once that value is added,
 * so that the change waits for DuckDB to run them, not to plan them first.
 */
export async function prepareNextFilter(
  db: Database,
  filter: CohortFilter,
  segment: Segment,
): Promise<void> {
  // Any value: a read's SQL holds a placeholder for each, not the value.
  const next = withFilterValue(filter, segment, '');
  const start = performance.now();
  await Promise.all([
    db.prepareVariants?.(cohortWhere(filter).sql, cohortWhere(next).sql),
    preparePivots(db, filter, segment),
  ]);
  // A User Timing entry, as each read leaves one (DevTools' Performance panel, `npm run bench`).
  performance.measure('prepare-ahead', { start, detail: segment });
}
