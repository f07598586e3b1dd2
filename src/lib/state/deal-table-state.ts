import type { DealColumn, DealSort } from '../metrics/deals-sql.ts';

/** How the deal table is set up: what it shows, in which order, narrowed by what text. */
export interface DealTableState {
  sort: DealSort;
  /** Matched case-insensitively anywhere in id, name, account and owner. */
  search: string;
  /** Shown and exported, in DEAL_COLUMNS order. */
  columns: DealColumn[];
}

export function defaultDealTableState(): DealTableState {
  return {
    sort: { column: 'amount', direction: 'desc' },
    search: '',
    columns: ['id', 'name', 'account', 'owner', 'stage', 'status', 'amount', 'close_date'],
  };
}
