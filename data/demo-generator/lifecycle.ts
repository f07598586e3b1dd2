import { AS_OF, dayOf, monthOf, yearOf } from './dates.ts';
import type { Rng } from './random.ts';

/** Stages are indices: 0–3 the open stages, then the two terminals. */
export const WON = 4;
export const LOST = 5;

export interface Entry {
  stage: number;
  day: number;
}

export interface Deal {
  created: number;
  /** Logit added to the pass probability of each open stage. */
  lifts: readonly number[];
  /** Multiplies days in stage. */
  slow: number;
  /** The rep's expected sales cycle when the deal was created. */
  plannedDays: number;
}

export interface Outcome {
  entries: Entry[];
  status: 'open' | 'won' | 'lost';
  /** Current stage; for lost deals the open stage they were lost in. */
  stage: number;
  /** Actual close when closed, expected close when open. */
  closeDay: number;
}

const PASS_LOGIT = [0.55, 0.1, -0.3, 0.15];
const MEDIAN_DAYS = [21, 35, 48, 56];
/** Deals nobody works any more but nobody closes either: the stale part of the pipeline. */
const STALL = [0.045, 0.035, 0.025, 0.02];
const BACK_AND_FORTH = 0.03;
const SKIP = 0.17;
/** Reps hold on to a dying deal for a while before they mark it lost. */
const LOSS_LAG = 1;
const YEAR_END_PUSH = 0.35;
const Q4_LIFT = 0.3;

function dwell(rng: Rng, medianDays: number): number {
  return Math.max(1, Math.round(rng.logNormal(medianDays, 0.7)));
}

/** Customers spend what is left of the year's budget: decisions drift into December. */
function yearEnd(rng: Rng, day: number): number {
  const month = monthOf(day);
  if (month < 7 || month > 11 || !rng.chance(YEAR_END_PUSH)) return day;
  return dayOf(`${yearOf(day)}-12-01`) + rng.int(0, 29);
}

function simulate(rng: Rng, deal: Deal): { entries: Entry[]; stalled: boolean } {
  const entries: Entry[] = [{ stage: 0, day: deal.created }];
  let day = deal.created;
  for (let stage = 0; stage < WON; stage++) {
    if (rng.chance(STALL[stage] ?? 0)) return { entries, stalled: true };
    const median = (MEDIAN_DAYS[stage] ?? 30) * deal.slow;
    day += dwell(rng, median);
    if (stage > 0 && rng.chance(BACK_AND_FORTH)) {
      entries.push({ stage: stage - 1, day });
      day += dwell(rng, median / 2);
      entries.push({ stage, day });
      day += dwell(rng, median / 2);
    }
    let logit = (PASS_LOGIT[stage] ?? 0) + (deal.lifts[stage] ?? 0);
    if (stage === WON - 1) {
      day = yearEnd(rng, day);
      if (monthOf(day) >= 10) logit += Q4_LIFT;
    }
    if (!rng.chance(1 / (1 + Math.exp(-logit)))) {
      day += dwell(rng, median * LOSS_LAG);
      entries.push({ stage: LOST, day });
      return { entries, stalled: false };
    }
    entries.push({ stage: stage + 1, day });
  }
  return { entries, stalled: false };
}

/** Drops one entry between two consecutive stages, as when a rep updates the CRM late. */
function skipOne(rng: Rng, entries: Entry[]): void {
  if (!rng.chance(SKIP)) return;
  const candidates: number[] = [];
  for (let j = 1; j + 1 < entries.length; j++) {
    const stage = entries[j]!.stage;
    if (entries[j - 1]!.stage === stage - 1 && entries[j + 1]!.stage === stage + 1) {
      candidates.push(j);
    }
  }
  if (candidates.length > 0) entries.splice(rng.pick(candidates), 1);
}

function expectedClose(rng: Rng, deal: Deal, simulatedEnd: number, stalled: boolean): number {
  if (!stalled) return Math.min(AS_OF + 300, simulatedEnd + Math.round(20 * rng.normal()));
  const planned = deal.created + deal.plannedDays;
  return planned < AS_OF && rng.chance(0.5) ? AS_OF + rng.int(10, 150) : planned;
}

export function runLifecycle(rng: Rng, deal: Deal): Outcome {
  const { entries: all, stalled } = simulate(rng, deal);
  const entries = all.filter((e) => e.day <= AS_OF);
  const open = stalled || entries.length < all.length;
  skipOne(rng, entries);
  const last = entries[entries.length - 1]!;
  if (open) {
    const closeDay = expectedClose(rng, deal, all[all.length - 1]!.day, stalled);
    return { entries, status: 'open', stage: last.stage, closeDay };
  }
  if (last.stage === WON) return { entries, status: 'won', stage: WON, closeDay: last.day };
  const lostIn = entries[entries.length - 2]!.stage;
  return { entries, status: 'lost', stage: lostIn, closeDay: last.day };
}
