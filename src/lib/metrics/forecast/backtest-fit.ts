import type { Row } from '../../db/database.ts';
import { ratio } from '../ratio.ts';
import { transitionMatrix } from '../stage-outlook.ts';
import { absorbingChain } from '../stats/markov.ts';
import { cumulativeIncidence, type Observation } from '../stats/survival.ts';
import { calibrate } from '../win-rates.ts';

export type BacktestSet = 'preset' | 'observed' | 'calibrated' | 'markov';
export type BacktestSets<T> = Record<BacktestSet, T>;
export const BACKTEST_SETS: BacktestSet[] = ['preset', 'observed', 'calibrated', 'markov'];

/** Per open stage, won and closed among the deals that reached it and closed before t. */
export interface StageCounts {
  won: number;
  closed: number;
}

/** One row of `datedTransitionsSql`. */
export interface DatedTransition extends Row {
  source: number;
  target: string;
  moved: number;
  n: number;
  days: number | null;
}

/** One row of `stageObservationsSql`. */
export interface StageObservation extends Row {
  cut: string;
  position: number;
  days: number;
  event: Observation['event'];
  n: number;
}

/** P(win) from each open stage of the absorbing chain over the moves made before day `t`. */
function markovRates(k: number, transitions: DatedTransition[], t: number): Array<number | null> {
  const seen = new Map<string, { source: number; target: string; n: number; days: number }>();
  for (const r of transitions) {
    if (r.moved >= t) continue;
    const key = `${r.source}>${r.target}`;
    const sum = seen.get(key) ?? { source: r.source, target: r.target, n: 0, days: 0 };
    sum.n += r.n;
    sum.days += r.days ?? 0;
    seen.set(key, sum);
  }
  const rows = [...seen.values()].map((s) => ({ ...s, mean_days: s.days / s.n }));
  const { counts, days } = transitionMatrix(k, rows);
  return absorbingChain(counts, days).map((s) => s.pWin);
}

/**
 * The four rate sets as they could have been fitted on day `t` (days since 1970): the presets
 * (the model's or the export's, as the win rates take them); observed won / closed and calibrated
 * rates over the deals closed before t (`counts`); the Markov P(win) over the moves made before t.
 */
export function fitRates(
  k: number,
  counts: StageCounts[],
  transitions: DatedTransition[],
  t: number,
  options: { prior: number; monotone: boolean; presets: Array<number | null> },
): BacktestSets<Array<number | null>> {
  const { presets } = options;
  return {
    preset: presets,
    observed: counts.map((c) => ratio(c.won, c.closed)),
    calibrated: calibrate(counts, presets, options.prior, options.monotone),
    markov: markovRates(k, transitions, t),
  };
}

/**
 * Per open stage, the share of wins that come within `horizon` days of entering it, from what was
 * known at a cut date: `observations` are that cut's (first entries before it; closes before it as
 * events, the rest censored at it). Share = F_won(horizon) / F_won(τ), the Aalen–Johansen
 * incidence of winning, τ the longest time observed (so wins still to come after the cut are
 * accounted for, not just the quick ones seen); 1 when the horizon reaches τ. Null with no
 * observations or no win.
 */
export function winShareWithin(
  k: number,
  observations: readonly StageObservation[],
  horizon: number,
): Array<number | null> {
  return Array.from({ length: k }, (_, i) => {
    const obs = observations.filter((o) => o.position === i + 1);
    if (obs.length === 0) return null;
    const longest = obs.reduce((max, o) => Math.max(max, o.days), -Infinity);
    const [within, eventually] = cumulativeIncidence(obs, [Math.min(horizon, longest), longest]);
    if (!eventually?.won) return null;
    return horizon >= longest ? 1 : (within?.won ?? 0) / eventually.won;
  });
}
