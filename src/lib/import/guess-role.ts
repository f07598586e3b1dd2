import { MATCH_CONFIDENCE, mapColumns, type ColumnMapping } from './column-mapping.ts';

export type FileRole = 'opportunities' | 'history' | 'accounts' | 'owners';

/** A deal's own columns: a roster has none of them, or a stage only by chance (ChatterAdoptionStage). */
function describesDeals(opportunities: ColumnMapping): boolean {
  const certain = (field: string) =>
    (opportunities[field]?.confidence ?? 0) > MATCH_CONFIDENCE.partial;
  return Boolean(
    opportunities.amount || opportunities.close_date || certain('stage') || certain('status'),
  );
}

/** Which table a dropped file most likely holds, from its headers alone. */
export function guessRole(headers: string[]): FileRole {
  const opportunities = mapColumns(headers, 'opportunities');
  const history = mapColumns(headers, 'history');
  const accounts = mapColumns(headers, 'accounts');
  const owners = mapColumns(headers, 'owners');
  const placesDeals = Boolean(opportunities.stage || opportunities.status);
  if (history.opportunity_id && history.stage && history.entered_at && !opportunities.name) {
    return 'history';
  }
  if (!placesDeals && accounts.account && (accounts.industry || accounts.annual_revenue)) {
    return 'accounts';
  }
  const namesPeople = owners.owner || owners.first_name || owners.last_name;
  const placesPeople = owners.owner_id || owners.team || owners.region;
  if (namesPeople && placesPeople && !describesDeals(opportunities)) return 'owners';
  return 'opportunities';
}
