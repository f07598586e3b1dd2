import type { Row } from '../../db/database.ts';
import type { Timing } from './forecast-settings.ts';
import { timingFromCloseDate, timingFromDays, type ForecastDeal } from './monte-carlo.ts';

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

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * The simulation's deals. With close-date timing a won deal lands in its close date's period
 * (overdue and undated deals land nowhere: they are reported apart, never moved into a period).
 * With history timing the time still to go is drawn from the days other deals took from entering
 * the same stage to winning, less the days this deal has already spent there (only the times longer
 * than that count; when none is, the whole sample is used from the as-of date).
 */
export function simulationDeals(
  rows: readonly OpenDealRow[],
  rates: ReadonlyArray<number | null>,
  periods: readonly string[],
  asOf: string,
  timing: Timing,
  daysToWin: readonly DaysToWinRow[],
): SimulationDeals {
  const samples = new Map<number, number[]>();
  for (const r of daysToWin) {
    const list = samples.get(r.position) ?? [];
    list.push(r.days);
    samples.set(r.position, list);
  }
  const nowhere = periods.map(() => 0);
  // Deals share their timing: by close date, or by stage and days already spent there (a
  // million deals hold a few thousand of each), so each is worked out once.
  const byDate = new Map<string, number[]>();
  const byStay = new Map<string, number[]>();
  const byCloseDate = (close: string | null) => {
    if (close === null || close < asOf) return nowhere;
    let timing = byDate.get(close);
    if (!timing) byDate.set(close, (timing = timingFromCloseDate(close, periods)));
    return timing;
  };
  const deals: ForecastDeal[] = [];
  let noRate = 0;
  let timedByCloseDate = 0;
  for (const r of rows) {
    const p = rates[r.position - 1] ?? null;
    if (p === null) {
      noRate += 1;
      continue;
    }
    const sample = samples.get(r.position);
    let cumulative: number[];
    if (timing === 'close') cumulative = byCloseDate(r.close_date);
    else if (!sample || sample.length === 0) {
      timedByCloseDate += 1;
      cumulative = byCloseDate(r.close_date);
    } else {
      const spent = r.entered === null ? 0 : Math.max(0, daysBetween(r.entered, asOf));
      const key = `${r.position} ${spent}`;
      let stay = byStay.get(key);
      if (!stay) {
        const longer = sample.filter((d) => d >= spent).map((d) => d - spent);
        stay = timingFromDays(longer.length > 0 ? longer : sample, asOf, periods);
        byStay.set(key, stay);
      }
      cumulative = stay;
    }
    deals.push({ id: r.id, amount: r.amount, p, timing: cumulative });
  }
  return { deals, noRate, timedByCloseDate };
}
