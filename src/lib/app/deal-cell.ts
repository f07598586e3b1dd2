import type { SqlValue } from '../db/database.ts';
import { fieldLabel } from '../i18n/field-label.ts';
import {
  formatAmount,
  formatCount,
  formatDate,
  formatPercent,
  type Locale,
} from '../i18n/format.ts';
import { isMessageKey, translate } from '../i18n/translate.ts';
import type { DealColumn } from '../metrics/deals-sql.ts';
import { stageLabel } from '../model/stage-names.ts';

/** Columns written as numbers: right-aligned, sorted largest first on the first click. */
export const NUMERIC_DEAL_COLUMNS: ReadonlySet<DealColumn> = new Set([
  'amount',
  'probability',
  'days_open',
]);

/**
 * Each column's width in the deal table, in rem. The id's holds an 18-character Salesforce id
 * whole: cut short, the ids of one export all show the same prefix. The owner's holds a Western
 * name of two words (Matthew Skinner), where a Chinese one takes three characters.
 */
export const DEAL_COLUMN_WIDTHS: Record<DealColumn, number> = {
  id: 11,
  name: 14.5,
  account: 12,
  owner: 9,
  team: 8,
  region: 6,
  industry: 7,
  source: 7,
  product: 10,
  amount: 6.5,
  currency: 5.5,
  created_at: 8,
  close_date: 8,
  stage: 7,
  status: 5,
  probability: 6.5,
  forecast_category: 9,
  customer_class: 7,
  days_open: 6.5,
};

export function dealColumnLabel(column: DealColumn, locale: Locale): string {
  return column === 'days_open' ? translate(locale, 'deals.daysOpen') : fieldLabel(column, locale);
}

/** A deal's value as the table and the deal panel show it. */
export function dealCell(column: DealColumn, value: SqlValue, locale: Locale): string {
  if (value === null || value === '') return '–';
  switch (column) {
    case 'amount':
      return formatAmount(Number(value), locale);
    case 'probability':
      return formatPercent(Number(value), locale, 0);
    case 'days_open':
      return formatCount(Number(value), locale);
    case 'created_at':
    case 'close_date':
      return formatDate(String(value), locale);
    case 'stage':
      return stageLabel(String(value), locale);
    case 'status': {
      const key = `status.${value}`;
      return isMessageKey(key) ? translate(locale, key) : String(value);
    }
    default:
      return String(value);
  }
}

/** The full value behind a cell, for its tooltip: exact amounts rather than 356万 or 1.2M. */
export function dealCellTitle(column: DealColumn, value: SqlValue, locale: Locale): string {
  if (column === 'amount' && typeof value === 'number') {
    return formatCount(value, locale);
  }
  return dealCell(column, value, locale);
}
