import { companyName } from './names.ts';
import type { Rng } from './random.ts';
import { INDUSTRIES, REGIONS, TEAMS, type Industry, type Region } from './segments.ts';

export interface Account {
  name: string;
  short: string;
  region: Region;
  industry: Industry;
  team: string;
  owner: string;
  annualRevenue: number;
  /** The class the CRM exported; '' when the field was never filled. */
  customerClass: string;
  customerValue: number;
  customerRisk: number;
  activity: number;
  /** How often this account buys, relative to the others. */
  weight: number;
}

const ACCOUNT_COUNT = 600;

/** The manual's cut: rank within the industry by annual revenue, as in METRICS.md. */
function classOf(rank: number): string {
  if (rank <= 10) return 'A';
  if (rank <= 50) return 'B';
  return rank <= 200 ? 'C' : 'D';
}

export function makeAccounts(rng: Rng): Account[] {
  const accounts: Account[] = [];
  const taken = new Set<string>();
  while (accounts.length < ACCOUNT_COUNT) {
    const region = rng.weighted(REGIONS);
    const industry = rng.weighted(INDUSTRIES);
    const { name, short } = companyName(rng, industry.name, rng.pick(region.cities));
    if (taken.has(name)) continue;
    taken.add(name);
    const team = TEAMS.find((t) => t.regions.includes(region.name)) ?? TEAMS[0]!;
    const annualRevenue = Math.max(20_000_000, Math.round(rng.logNormal(6e8, 1.4) / 1e4) * 1e4);
    accounts.push({
      name,
      short,
      region,
      industry,
      team: team.name,
      owner: rng.pick(team.owners),
      annualRevenue,
      customerClass: '',
      customerValue: 3,
      customerRisk: rng.score(3),
      activity: 3 + 0.8 * rng.normal(),
      weight: (annualRevenue / 6e8) ** 0.3 * rng.logNormal(1, 0.6),
    });
  }
  for (const industry of INDUSTRIES) {
    const peers = accounts
      .filter((a) => a.industry === industry)
      .sort((a, b) => b.annualRevenue - a.annualRevenue);
    peers.forEach((account, i) => {
      const rank = 1 + peers.findIndex((p) => p.annualRevenue === account.annualRevenue);
      account.customerClass = rng.chance(0.1) ? '' : classOf(rank);
      account.customerValue = rng.score(5 - (4 * i) / Math.max(1, peers.length - 1), 0.6);
    });
  }
  return accounts;
}
