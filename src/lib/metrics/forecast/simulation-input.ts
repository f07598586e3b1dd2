import type { Row } from '../../db/database.ts';
import type { Timing } from './forecast-settings.ts';
import { timingFromCloseDate, timingFromDays, type ForecastDeal } from './monte-carlo.ts';
import type { DealGroup } from './normal-approximation.ts';
import type { PeriodUnit } from './periods.ts';
import { bucketOf, type PipelineRow } from './weighted-pipeline.ts';

export interface OpenDealRow extends Row {
  id: string;
  amount: number;
  position: number;
  close_date: string | null;
  /** When the deal's latest visit to its current stage began (history), else null. */
  entered: string | null;
}

export interface DaysToWinRow extends Row {
  position: number;
  days: number;
}

export interface SimulationDeals {
  deals: ForecastDeal[];
  /** Open deals left out because their stage has no rate in the chosen set. */
  noRate: number;
  /** History timing only: deals timed by their close date, their stage having no won history. */
  timedByCloseDate: number;
}

/** Open deals summed by current stage and the day their latest visit to it began (history). */
export interface StayRow extends Row {
  position: number;
  entered: string | null;
  amount: number;
  squares: number;
  negative: number;
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * How the simulation times its deals. With close-date timing a won deal lands in its close date's
 * period (overdue and undated deals land nowhere: they are reported apart, never moved into a
 * period). With history timing the time still to go is drawn from the days other deals took from
 * entering the same stage to winning, less the days this deal has already spent there (only the
 * times longer than that count; when none is, the whole sample is used from the as-of date); a
 * stage without won history falls back to close dates. Deals share their timing (a million deals
 * hold a few thousand), so each is worked out once.
 */
function dealTimer(
  periods: readonly string[],
  asOf: string,
  timing: Timing,
  daysToWin: readonly DaysToWinRow[],
) {
  const samples = new Map<number, number[]>();
  if (timing === 'history') {
    for (const r of daysToWin) {
      const list = samples.get(r.position) ?? [];
      list.push(r.days);
      samples.set(r.position, list);
    }
  }
  const nowhere = periods.map(() => 0);
  const byDate = new Map<string, number[]>();
  const byStay = new Map<string, number[]>();
  return {
    /** Whether deals at this stage are timed by history (else by their close date). */
    byHistory: (position: number) => samples.has(position),
    closeDate(close: string | null): number[] {
      if (close === null || close < asOf) return nowhere;
      let cumulative = byDate.get(close);
      if (!cumulative) byDate.set(close, (cumulative = timingFromCloseDate(close, periods)));
      return cumulative;
    },
    /** A close date in `label`, a period from the as-of date's on. */
    period: (label: string) => {
      const k = periods.indexOf(label);
      return k < 0 ? nowhere : periods.map((_, i) => (i >= k ? 1 : 0));
    },
    stay(position: number, entered: string | null): number[] {
      const sample = samples.get(position)!;
      const spent = entered === null ? 0 : Math.max(0, daysBetween(entered, asOf));
      const key = `${position} ${spent}`;
      let cumulative = byStay.get(key);
      if (!cumulative) {
        const longer = sample.filter((d) => d >= spent).map((d) => d - spent);
        cumulative = timingFromDays(longer.length > 0 ? longer : sample, asOf, periods);
        byStay.set(key, cumulative);
      }
      return cumulative;
    },
  };
}

/** The simulation's deals, each with its stage's rate and its timing (`dealTimer`). */
export function simulationDeals(
  rows: readonly OpenDealRow[],
  rates: ReadonlyArray<number | null>,
  periods: readonly string[],
  asOf: string,
  timing: Timing,
  daysToWin: readonly DaysToWinRow[],
): SimulationDeals {
  const timer = dealTimer(periods, asOf, timing, daysToWin);
  const deals: ForecastDeal[] = [];
  let noRate = 0;
  let timedByCloseDate = 0;
  for (const r of rows) {
    const p = rates[r.position - 1] ?? null;
    if (p === null) {
      noRate += 1;
      continue;
    }
    let cumulative: number[];
    if (timer.byHistory(r.position)) cumulative = timer.stay(r.position, r.entered);
    else {
      if (timing === 'history') timedByCloseDate += 1;
      cumulative = timer.closeDate(r.close_date);
    }
    deals.push({ id: r.id, amount: r.amount, p, timing: cumulative });
  }
  return { deals, noRate, timedByCloseDate };
}

export interface SimulationGroups {
  groups: DealGroup[];
  /** How many deals `simulationDeals` would give, and its counts left out and timed by close date. */
  deals: number;
  noRate: number;
  timedByCloseDate: number;
}

/**
 * The deals `simulationDeals` would give, summed by rate and timing, without reading them one by
 * one: from the weighted pipeline's rows (by stage and close-date period) and, for the stages that
 * history times, the open deals summed by stage and entry day (`stays`).
 */
export function simulationGroups(
  pipeline: readonly PipelineRow[],
  stays: readonly StayRow[],
  rates: ReadonlyArray<number | null>,
  unit: PeriodUnit,
  periods: readonly string[],
  asOf: string,
  timing: Timing,
  daysToWin: readonly DaysToWinRow[],
): SimulationGroups {
  const timer = dealTimer(periods, asOf, timing, daysToWin);
  const out: SimulationGroups = { groups: [], deals: 0, noRate: 0, timedByCloseDate: 0 };
  for (const r of pipeline) {
    if (r.current_pos === null) continue;
    const n = r.open - r.no_amount;
    const p = rates[r.current_pos - 1] ?? null;
    if (p === null) {
      out.noRate += n;
      continue;
    }
    out.deals += n;
    if (timer.byHistory(r.current_pos)) continue;
    if (timing === 'history') out.timedByCloseDate += n;
    const { amount, squares, negative } = r;
    out.groups.push({ amount, squares, negative, p, timing: timer.period(bucketOf(r, unit)) });
  }
  for (const s of stays) {
    const p = rates[s.position - 1] ?? null;
    if (p === null || !timer.byHistory(s.position)) continue;
    const { amount, squares, negative } = s;
    out.groups.push({ amount, squares, negative, p, timing: timer.stay(s.position, s.entered) });
  }
  return out;
}
