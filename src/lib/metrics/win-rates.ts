import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { CohortFilter } from './cohort.ts';
import { ratio } from './ratio.ts';
import { brierDecomposition, type BrierDecomposition, type Forecast } from './stats/brier.ts';
import { poolAdjacentViolators } from './stats/isotonic.ts';
import { shrink } from './stats/shrinkage.ts';
import { sampleSizeFor, wilsonInterval } from './stats/wilson.ts';
import { stageWinRateCounts } from './win-rate-counts.ts';

export type PresetSource = 'model' | 'export';

export interface WinRateOptions {
  strict?: boolean;
  /** Prior strength m of the shrinkage towards the preset (METRICS.md: default 10). */
  prior?: number;
  /** Make calibrated rates non-decreasing along the stages (pool-adjacent-violators). */
  monotone?: boolean;
  /**
   * Where the presets come from; without (null), from the stage model where it carries any, else
   * from the export where it has probabilities.
   */
  presetSource?: PresetSource | null;
  /** Walk-forward cut date; null takes two quarters before the last close. */
  cut?: string | null;
  /**
   * Whether to read what checks the rates (default true): the walk-forward split and the deals
   * whose exported probability contradicts their outcome. Without, there is no cut and no
   * contradiction is counted; the rates, their intervals and Brier scores are the same.
   */
  checks?: boolean;
}

export interface StageWinRate {
  stage: string;
  position: number;
  won: number;
  closed: number;
  /** w(i) = won / closed; null when nothing that reached the stage has closed. */
  rate: number | null;
  low: number | null;
  high: number | null;
  preset: number | null;
  calibrated: number | null;
  /** The preset lies outside the 95 % interval of what history says. */
  presetOutside: boolean;
  /** Closed deals needed for the interval to narrow to ±5 points, when it is wider. */
  needed: number | null;
  exportedPreset: number | null;
  /** Deals at the stage whose exported probability contradicts their outcome (lost at 100 %…). */
  contradictions: number;
}

export interface RateScores<T> {
  preset: T;
  observed: T;
  calibrated: T;
}

export interface WinRatesResult {
  stages: StageWinRate[];
  /** Where the presets came from: `presetSource`, or what its absence chose. */
  presetsFrom: PresetSource;
  /** Brier score of each rate set on every (closed deal, stage reached) pair, with its split. */
  brier: RateScores<BrierDecomposition | null>;
  /**
   * Lost deals with neither history nor a kept stage, counted as lost at the first stage: the
   * observed and calibrated rates after it are upper bounds while there are any.
   */
  lostUnknown: number;
  walkForward: {
    cut: string | null;
    fitted: number;
    scored: number;
    /** Null when either side of the cut has no closed deals. */
    brier: RateScores<number | null> | null;
  };
}

/** The default prior strength m of the calibration (METRICS.md). */
export const PRIOR = 10;

/** Rates shrunk towards the presets with strength m, optionally made non-decreasing. */
export function calibrate(
  counts: Array<{ won: number; closed: number }>,
  presets: Array<number | null>,
  prior: number,
  monotone: boolean,
): Array<number | null> {
  const rates = counts.map((c, i) => shrink(c.won, c.closed, presets[i] ?? null, prior));
  return monotone
    ? poolAdjacentViolators(
        rates,
        counts.map((c) => c.closed + prior),
      )
    : rates;
}

/** Every (closed deal, stage reached) pair, counted: won deals at the stage's rate, then lost. */
export function forecastPairs(
  rates: Array<number | null>,
  counts: Array<{ won: number; closed: number }>,
): Forecast[] {
  return rates.flatMap((p, i) => {
    const c = counts[i];
    if (p === null || !c) return [];
    return [
      { p, y: 1 as const, count: c.won },
      { p, y: 0 as const, count: c.closed - c.won },
    ];
  });
}

function scores(
  rates: RateScores<Array<number | null>>,
  counts: Array<{ won: number; closed: number }>,
): RateScores<BrierDecomposition | null> {
  const score = (set: Array<number | null>) => brierDecomposition(forecastPairs(set, counts));
  return {
    preset: score(rates.preset),
    observed: score(rates.observed),
    calibrated: score(rates.calibrated),
  };
}

export async function computeWinRates(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  options: WinRateOptions = {},
): Promise<WinRatesResult> {
  const k = model.stages.length;
  const prior = options.prior ?? PRIOR;
  const monotone = options.monotone ?? false;
  const checks = options.checks ?? true;
  const {
    counts: rows,
    cut,
    lostUnknown,
  } = await stageWinRateCounts(
    db,
    k,
    filter,
    options.strict ?? false,
    checks ? (options.cut ?? 'default') : null,
    checks,
  );
  const presetsFrom =
    options.presetSource ??
    (model.stages.every((s) => s.preset === null) && rows.some((r) => r.exported !== null)
      ? 'export'
      : 'model');
  const presets = model.stages.map((stage, i) =>
    presetsFrom === 'export' ? (rows[i]?.exported ?? null) : stage.preset,
  );
  const all = rows.map((r) => ({ won: r.won, closed: r.closed }));
  const calibrated = calibrate(all, presets, prior, monotone);
  const observed = all.map((c) => ratio(c.won, c.closed));

  const stages = model.stages.map((stage, i): StageWinRate => {
    const r = rows[i];
    const won = r?.won ?? 0;
    const closed = r?.closed ?? 0;
    const interval = wilsonInterval(won, closed);
    const preset = presets[i] ?? null;
    const rate = ratio(won, closed);
    const wide = interval === null || (interval.high - interval.low) / 2 > 0.05;
    return {
      stage: stage.name,
      position: i + 1,
      won,
      closed,
      rate,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
      preset,
      calibrated: calibrated[i] ?? null,
      presetOutside:
        preset !== null && interval !== null && (preset < interval.low || preset > interval.high),
      needed: wide ? sampleSizeFor(rate ?? preset ?? 0.5) : null,
      exportedPreset: r?.exported ?? null,
      contradictions: (r?.lost_at_full ?? 0) + (r?.won_at_zero ?? 0),
    };
  });

  const before = rows.map((r) => ({ won: r.won_before, closed: r.closed_before }));
  const after = rows.map((r) => ({ won: r.won_after, closed: r.closed_after }));
  // Every deal reached S1, so the first stage's closed count is every closed deal on that side.
  const fitted = before[0]?.closed ?? 0;
  const scored = after[0]?.closed ?? 0;
  const walk = scores(
    {
      preset: presets,
      observed: before.map((c) => ratio(c.won, c.closed)),
      calibrated: calibrate(before, presets, prior, monotone),
    },
    after,
  );
  return {
    stages,
    presetsFrom,
    brier: scores({ preset: presets, observed, calibrated }, all),
    lostUnknown,
    walkForward: {
      cut,
      fitted,
      scored,
      brier:
        fitted > 0 && scored > 0
          ? {
              preset: walk.preset?.brier ?? null,
              observed: walk.observed?.brier ?? null,
              calibrated: walk.calibrated?.brier ?? null,
            }
          : null,
    },
  };
}
