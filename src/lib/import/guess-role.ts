import { mapColumns } from './column-mapping.ts';

export type FileRole = 'opportunities' | 'history' | 'accounts';

/** Which table a dropped file most likely holds, from its headers alone. */
export function guessRole(headers: string[]): FileRole {
  const opportunities = mapColumns(headers, 'opportunities');
  const history = mapColumns(headers, 'history');
  const accounts = mapColumns(headers, 'accounts');
  const placesDeals = Boolean(opportunities.stage || opportunities.status);
  if (history.opportunity_id && history.stage && history.entered_at && !opportunities.name) {
    return 'history';
  }
  if (!placesDeals && accounts.account && (accounts.industry || accounts.annual_revenue)) {
    return 'accounts';
  }
  return 'opportunities';
}
