import type { StageWinRate } from '../win-rates.ts';
import type { PeriodUnit } from './periods.ts';
import type { PipelineStack } from './weighted-pipeline-sql.ts';

export type RateSet = 'preset' | 'observed' | 'calibrated';
export const RATE_SETS: RateSet[] = ['preset', 'observed', 'calibrated'];

/** When a simulated win closes: at its close date, or after a historical time to win. */
export type Timing = 'close' | 'history';

/** The forecast page's settings; all of them travel in a shared link. */
export interface ForecastSettings {
  unit: PeriodUnit;
  rates: RateSet;
  stack: PipelineStack;
  timing: Timing;
  runs: number;
  seed: number;
  /** The amount the user wants to reach in the current period; null when none was typed. */
  target: number | null;
}

export const MAX_RUNS = 100_000;

export function defaultForecastSettings(): ForecastSettings {
  return {
    unit: 'quarter',
    rates: 'calibrated',
    stack: 'stage',
    timing: 'close',
    runs: 10_000,
    seed: 1,
    target: null,
  };
}

/** The chosen rate set per open stage position. */
export function ratesOf(stages: readonly StageWinRate[], set: RateSet): Array<number | null> {
  return stages.map((s) =>
    set === 'preset' ? s.preset : set === 'observed' ? s.rate : s.calibrated,
  );
}
