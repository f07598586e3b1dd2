import type { Database, Row } from '../../db/database.ts';
import { HISTORY_COVERAGE_SQL } from './as-of-sql.ts';

/**
 * What the stage history allows: rebuilding past states at all (`available`, else why not), and
 * whether entries carry the amount and close date as they stood then. Where they do not, today's
 * values stand in for past ones, and every as-of number must say so (METRICS.md).
 */
export interface HistoryCoverage {
  available: boolean;
  /** 'no-history': no stage history was imported (or it is switched off). */
  reason: 'no-history' | null;
  amountHistory: boolean;
  closeDateHistory: boolean;
}

interface CoverageRow extends Row {
  visits: number;
  amounts: number;
  close_dates: number;
}

export async function historyCoverage(db: Database): Promise<HistoryCoverage> {
  const [row] = await db.query<CoverageRow>(HISTORY_COVERAGE_SQL);
  const available = (row?.visits ?? 0) > 0;
  return {
    available,
    reason: available ? null : 'no-history',
    amountHistory: available && (row?.amounts ?? 0) > 0,
    closeDateHistory: available && (row?.close_dates ?? 0) > 0,
  };
}
