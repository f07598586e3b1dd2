import { makeAccounts } from './accounts.ts';
import { toCsv, type Cell } from './csv.ts';
import { FIRST_CREATED, isoOf, LAST_CREATED, monthOf } from './dates.ts';
import { LOST, runLifecycle, WON, type Outcome } from './lifecycle.ts';
import { opportunityName } from './names.ts';
import { INDICATORS, makeOpportunity, ownerSkills, type Opportunity } from './opportunity.ts';
import { Rng } from './random.ts';
import {
  FORECAST_CATEGORY,
  LOST_STAGE,
  OPEN_STAGES,
  PRESET_PERCENT,
  WON_STAGE,
} from './segments.ts';

const SEED = 20261115;
const COUNT = 5000;
/** Chinese New Year empties February; National Day slows October. */
const MONTH_DEMAND = [0.95, 0.6, 1.1, 1.05, 1, 1, 0.9, 0.9, 1.1, 0.85, 1.05, 1];
const PEAK_DEMAND = 1.5 * Math.max(...MONTH_DEMAND);

const OPPORTUNITY_HEADER = [
  'id',
  'name',
  'account',
  'owner',
  'team',
  'region',
  'industry',
  'source',
  'product',
  'amount',
  'currency',
  'created_at',
  'close_date',
  'stage',
  'status',
  'probability',
  'forecast_category',
  'customer_class',
  ...INDICATORS,
  'annual_revenue',
];

/** Creation dates with a growing business and monthly seasonality, oldest first. */
function creationDays(rng: Rng): number[] {
  const span = LAST_CREATED - FIRST_CREATED;
  const days: number[] = [];
  while (days.length < COUNT) {
    const day = FIRST_CREATED + rng.int(0, span);
    const demand = (1 + (0.5 * (day - FIRST_CREATED)) / span) * MONTH_DEMAND[monthOf(day) - 1]!;
    if (rng.chance(demand / PEAK_DEMAND)) days.push(day);
  }
  return days.sort((a, b) => a - b);
}

function stageName(stage: number): string {
  if (stage === WON) return WON_STAGE;
  return stage === LOST ? LOST_STAGE : OPEN_STAGES[stage]!;
}

function crmFields(outcome: Outcome): Cell[] {
  if (outcome.status === 'won') return [WON_STAGE, 'won', 100, 'closed'];
  const stage = stageName(outcome.stage);
  if (outcome.status === 'lost') return [stage, 'lost', 0, 'omitted'];
  return [stage, 'open', PRESET_PERCENT[outcome.stage]!, FORECAST_CATEGORY[outcome.stage]!];
}

/** Exports are never complete: a few amounts and indicator values are blank. */
function opportunityRow(rng: Rng, id: string, name: string, opp: Opportunity, outcome: Outcome) {
  const { account } = opp;
  return [
    id,
    name,
    account.name,
    opp.owner,
    account.team,
    account.region.name,
    account.industry.name,
    opp.source,
    opp.product.name,
    rng.chance(0.01) ? null : opp.amount,
    'CNY',
    isoOf(opp.created),
    isoOf(outcome.closeDay),
    ...crmFields(outcome),
    account.customerClass,
    ...INDICATORS.map((k) => (rng.chance(0.05) ? null : opp.indicators[k])),
    account.annualRevenue,
  ];
}

export function generateDemo(): { opportunities: string; history: string } {
  const rng = new Rng(SEED);
  const accounts = makeAccounts(rng);
  const skills = ownerSkills(rng);
  const phases = new Map<string, number>();
  const opportunities: Cell[][] = [];
  const history: Cell[][] = [];
  creationDays(rng).forEach((created, i) => {
    const id = `OPP-${String(i + 1).padStart(6, '0')}`;
    const opp = makeOpportunity(rng, accounts, skills, created);
    const outcome = runLifecycle(rng, opp);
    const key = `${opp.account.name}|${opp.product.name}`;
    const phase = (phases.get(key) ?? 0) + 1;
    phases.set(key, phase);
    const name = opportunityName(opp.account.short, opp.product.name, phase);
    opportunities.push(opportunityRow(rng, id, name, opp, outcome));
    for (const e of outcome.entries) history.push([id, stageName(e.stage), isoOf(e.day)]);
  });
  return {
    opportunities: toCsv(OPPORTUNITY_HEADER, opportunities),
    history: toCsv(['opportunity_id', 'stage', 'entered_at'], history),
  };
}
