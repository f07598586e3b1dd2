import type { Database } from '../db/database.ts';
import { findStageDateColumns, type ColumnMapping } from './column-mapping.ts';
import { ImportError } from './import-error.ts';
import type { RawTable } from './raw-table.ts';

/**
 * The columns of the opportunities file that hold the date a deal entered a stage: the user's
 * list when given, else those whose header names a stage found in the data (HubSpot's
 * "Date entered …", Maven's engage_date).
 */
export async function wideStageDates(
  db: Database,
  raw: RawTable,
  mapping: ColumnMapping,
  chosen?: Record<string, string>,
): Promise<Array<{ stage: string; column: string }>> {
  if (chosen) {
    return Object.entries(chosen).map(([stage, column]) => {
      if (!raw.headers.includes(column)) {
        throw new ImportError(raw.file, `no column "${column}" for stage ${stage}`);
      }
      return { stage, column };
    });
  }
  const stages = await db.query<{ stage: string }>(
    'SELECT DISTINCT stage FROM staged_opportunities WHERE stage IS NOT NULL ORDER BY stage',
  );
  const used = new Set(Object.values(mapping).map((m) => m.column));
  return findStageDateColumns(
    raw.headers.filter((h) => !used.has(h)),
    stages.map((s) => s.stage),
  ).map(({ stage, column }) => ({ stage, column }));
}
