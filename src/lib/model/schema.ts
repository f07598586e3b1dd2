/** How a canonical column's text is parsed on import. */
export type FieldKind = 'text' | 'amount' | 'date' | 'percent' | 'number' | 'status' | 'class';

export interface FieldSpec {
  kind: FieldKind;
  /** Segments are the text columns a user filters and breaks down by. */
  segment?: boolean;
  /** Grading indicators (forecast revenue is `amount`). */
  indicator?: boolean;
}

/** The canonical `opportunities` table of METRICS.md, in column order. */
export const OPPORTUNITY_FIELDS = {
  id: { kind: 'text' },
  name: { kind: 'text' },
  account: { kind: 'text', segment: true },
  owner: { kind: 'text', segment: true },
  team: { kind: 'text', segment: true },
  region: { kind: 'text', segment: true },
  industry: { kind: 'text', segment: true },
  source: { kind: 'text', segment: true },
  product: { kind: 'text', segment: true },
  amount: { kind: 'amount' },
  currency: { kind: 'text' },
  created_at: { kind: 'date' },
  close_date: { kind: 'date' },
  stage: { kind: 'text' },
  status: { kind: 'status' },
  probability: { kind: 'percent' },
  forecast_category: { kind: 'text', segment: true },
  customer_class: { kind: 'class', segment: true },
  urgency: { kind: 'number', indicator: true },
  importance: { kind: 'number', indicator: true },
  difficulty: { kind: 'number', indicator: true },
  competition: { kind: 'number', indicator: true },
  customer_value: { kind: 'number', indicator: true },
  customer_risk: { kind: 'number', indicator: true },
  customer_activity: { kind: 'number', indicator: true },
  annual_revenue: { kind: 'amount' },
} as const satisfies Record<string, FieldSpec>;

export type OpportunityField = keyof typeof OPPORTUNITY_FIELDS;
export const OPPORTUNITY_FIELD_NAMES = Object.keys(OPPORTUNITY_FIELDS) as OpportunityField[];

/** The canonical `stage_history` table (long form). */
export const HISTORY_FIELDS = {
  opportunity_id: { kind: 'text' },
  stage: { kind: 'text' },
  entered_at: { kind: 'date' },
  amount: { kind: 'amount' },
  close_date: { kind: 'date' },
} as const satisfies Record<string, FieldSpec>;

export type HistoryField = keyof typeof HISTORY_FIELDS;
export const HISTORY_FIELD_NAMES = Object.keys(HISTORY_FIELDS) as HistoryField[];

/**
 * An accounts file joined by account name or id (what the opportunities' account column holds):
 * fills industry, region, annual revenue and class.
 */
export const ACCOUNT_FIELDS = {
  account: { kind: 'text' },
  account_id: { kind: 'text' },
  industry: { kind: 'text' },
  region: { kind: 'text' },
  annual_revenue: { kind: 'amount' },
  customer_class: { kind: 'class' },
} as const satisfies Record<string, FieldSpec>;

export type AccountField = keyof typeof ACCOUNT_FIELDS;
export const ACCOUNT_FIELD_NAMES = Object.keys(ACCOUNT_FIELDS) as AccountField[];

/**
 * A sales team's roster joined by the owner's id or name (what the opportunities' owner column
 * holds): names the owner and fills team and region. A name may come in two parts.
 */
export const OWNER_FIELDS = {
  owner: { kind: 'text' },
  owner_id: { kind: 'text' },
  first_name: { kind: 'text' },
  last_name: { kind: 'text' },
  team: { kind: 'text' },
  region: { kind: 'text' },
} as const satisfies Record<string, FieldSpec>;

export type OwnerField = keyof typeof OWNER_FIELDS;
export const OWNER_FIELD_NAMES = Object.keys(OWNER_FIELDS) as OwnerField[];

export type Status = 'open' | 'won' | 'lost';
