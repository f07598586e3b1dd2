import {
  MATCH_CONFIDENCE,
  mapColumns,
  normalizeHeader,
  type ColumnMapping,
} from './column-mapping.ts';

export type FileRole = 'opportunities' | 'history' | 'accounts' | 'owners';
/** What the file setup can make of a file: one of the import's tables, or left out. */
export type SetupRole = FileRole | 'unused';

export const FILE_ROLES: readonly FileRole[] = ['opportunities', 'history', 'accounts', 'owners'];
export const SETUP_ROLES: readonly SetupRole[] = [...FILE_ROLES, 'unused'];

export interface RoleGuess {
  role: SetupRole;
  /** How well the headers fit the guessed role: the sum of its mapped fields' confidences. */
  strength: number;
  /** How well they fit an opportunities file, for when no file is guessed to be one. */
  dealStrength: number;
  /** A lead list: it says which leads were converted, and places nothing at a stage. */
  leads: boolean;
}

/** A deal's own columns: a roster has none of them, or a stage only by chance (ChatterAdoptionStage). */
function describesDeals(opportunities: ColumnMapping): boolean {
  const certain = (field: string) =>
    (opportunities[field]?.confidence ?? 0) > MATCH_CONFIDENCE.partial;
  return Boolean(
    opportunities.amount || opportunities.close_date || certain('stage') || certain('status'),
  );
}

/** Two of these make a list of deals; one alone (a stage and a count, a product list) does not. */
const DEAL_FACTS: ReadonlyArray<readonly string[]> = [
  ['id'],
  ['name'],
  ['stage', 'status', 'is_won', 'is_closed'],
  ['amount'],
  ['close_date'],
  ['created_at'],
  ['owner'],
  ['account'],
];

const CONVERTED_MARKS = new Set(['isconverted', 'converted', '已转化', '是否转化', '是否已转化']);

const strengthOf = (mapping: ColumnMapping) =>
  Object.values(mapping).reduce((sum, match) => sum + (match?.confidence ?? 0), 0);

/** Which table a dropped file most likely holds, from its headers alone. */
export function guessRole(headers: string[]): RoleGuess {
  const mappings = {
    opportunities: mapColumns(headers, 'opportunities'),
    history: mapColumns(headers, 'history'),
    accounts: mapColumns(headers, 'accounts'),
    owners: mapColumns(headers, 'owners'),
  };
  const opportunities = mappings.opportunities;
  const dealStrength = strengthOf(opportunities);
  const leads =
    !opportunities.stage && headers.some((h) => CONVERTED_MARKS.has(normalizeHeader(h)));
  const guess = (role: SetupRole): RoleGuess => ({
    role,
    strength: role === 'unused' ? 0 : strengthOf(mappings[role]),
    dealStrength,
    leads,
  });
  const history = mappings.history;
  if (history.opportunity_id && history.stage && history.entered_at && !opportunities.name) {
    return guess('history');
  }
  if (leads) return guess('unused');
  const accounts = mappings.accounts;
  const placesDeals = Boolean(opportunities.stage || opportunities.status);
  if (!placesDeals && accounts.account && (accounts.industry || accounts.annual_revenue)) {
    return guess('accounts');
  }
  const owners = mappings.owners;
  const namesPeople = owners.owner || owners.first_name || owners.last_name;
  const placesPeople = owners.owner_id || owners.team || owners.region;
  if (namesPeople && placesPeople && !describesDeals(opportunities)) return guess('owners');
  const facts = DEAL_FACTS.filter((fields) => fields.some((field) => opportunities[field]));
  return guess(facts.length >= 2 ? 'opportunities' : 'unused');
}
