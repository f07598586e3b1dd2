import type { Account } from './accounts.ts';
import type { Deal } from './lifecycle.ts';
import type { Rng } from './random.ts';
import { liftAt, OPEN_STAGES, PRODUCTS, SOURCES, TEAMS, type Product } from './segments.ts';

export const INDICATORS = [
  'urgency',
  'importance',
  'difficulty',
  'competition',
  'customer_value',
  'customer_risk',
  'customer_activity',
] as const;

export type Indicator = (typeof INDICATORS)[number];

/** Logit per point above 3: what helps and what hurts winning. */
const INDICATOR_LIFT: Readonly<Record<Indicator, number>> = {
  urgency: 0.12,
  importance: 0.22,
  difficulty: -0.22,
  competition: -0.25,
  customer_value: 0.2,
  customer_risk: -0.22,
  customer_activity: 0.25,
};

const MEDIAN_AMOUNT = 240_000;

export interface Opportunity extends Deal {
  account: Account;
  owner: string;
  source: string;
  product: Product;
  amount: number;
  indicators: Record<Indicator, number>;
}

/** Clearly better and worse reps, but none so bad that the data looks broken. */
export function ownerSkills(rng: Rng): Map<string, number> {
  const skill = () => Math.max(-0.4, Math.min(0.4, 0.25 * rng.normal()));
  return new Map(TEAMS.flatMap((t) => t.owners).map((o) => [o, skill()]));
}

function dealAmount(rng: Rng, account: Account, product: Product): number {
  const revenueZ = Math.log(account.annualRevenue / 6e8) / 1.4;
  // Group-wide rollouts make the long tail.
  const rollout = rng.chance(0.015) ? 5 : 1;
  const raw =
    MEDIAN_AMOUNT * product.size * rollout * Math.exp(0.3 * revenueZ + 0.95 * rng.normal());
  return Math.round(Math.min(20_000_000, Math.max(20_000, raw)) / 1000) * 1000;
}

export function makeOpportunity(
  rng: Rng,
  accounts: readonly Account[],
  skills: ReadonlyMap<string, number>,
  created: number,
): Opportunity {
  const account = rng.weighted(accounts);
  const team = TEAMS.find((t) => t.name === account.team)!;
  const owner = rng.chance(0.85) ? account.owner : rng.pick(team.owners);
  const source = rng.weighted(SOURCES);
  const product = rng.weighted(PRODUCTS);
  const amount = dealAmount(rng, account, product);
  const size = Math.log(amount / 300_000);
  const indicators: Record<Indicator, number> = {
    urgency: rng.score(3),
    importance: rng.score(3 + 0.4 * size),
    difficulty: rng.score(3 + 0.3 * size),
    competition: rng.score(3),
    customer_value: account.customerValue,
    customer_risk: account.customerRisk,
    customer_activity: rng.score(account.activity, 0.6),
  };
  let common = (skills.get(owner) ?? 0) + product.lift + account.industry.lift - 0.2 * size;
  for (const name of INDICATORS) common += INDICATOR_LIFT[name] * (indicators[name] - 3);
  const lifts = OPEN_STAGES.map(
    (_, stage) => common + liftAt(account.region, stage) + liftAt(source, stage),
  );
  const slow = account.industry.slow * (amount / 300_000) ** 0.2;
  return {
    account,
    owner,
    source: source.name,
    product,
    amount,
    indicators,
    created,
    lifts,
    slow,
    plannedDays: Math.round(rng.logNormal(90 * slow, 0.3)),
  };
}
