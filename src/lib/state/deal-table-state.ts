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

/**
 * The columns the table shows and exports. Chosen columns are shown whether or not the data
 * fills them (so they can be unticked); but while the choice is still the default one, a default
 * column that no deal fills (an export without opportunity names, say) is left out.
 */
export function shownDealColumns(
  columns: readonly DealColumn[],
  withData: ReadonlySet<DealColumn>,
): DealColumn[] {
  const defaults = defaultDealTableState().columns;
  const isDefault =
    columns.length === defaults.length && columns.every((column, i) => column === defaults[i]);
  return isDefault ? columns.filter((column) => withData.has(column)) : [...columns];
}
