import type { Database, Row } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { CohortFilter } from './cohort.ts';
import { absorbingChain } from './stats/markov.ts';
import {
  cumulativeIncidence,
  kaplanMeierMedian,
  medianAmongClosed,
  quantileAmongClosed,
  type Incidence,
  type Observation,
} from './stats/survival.ts';
import { timeToCloseSql, transitionsSql } from './win-rates-sql.ts';

/** The days at which the share of deals won and lost is read (METRICS.md "Time to close"). */
export const HORIZONS = [30, 60, 90, 180];

export interface StageOutlook {
  stage: string;
  /** Deals with a recorded entry into the stage: closed since, or still open (censored). */
  entered: number;
  won: { median: number | null; p90: number | null };
  lost: { median: number | null; p90: number | null };
  /** Kaplan–Meier median of the time to any close, open deals censored. */
  anyCloseMedian: number | null;
  /** Share won and lost within each horizon (Aalen–Johansen, won and lost competing). */
  incidence: Incidence[];
  /** From the absorbing Markov chain over observed transitions, backward moves included. */
  markov: { pWin: number | null; days: number | null; transitions: number };
}

interface TimeRow extends Row {
  position: number;
  event: Observation['event'];
  days: number;
  n: number;
}

interface TransitionRow extends Row {
  source: number;
  target: string;
  n: number;
  mean_days: number | null;
}

/** Transition counts over [open stages 1…k, won, lost] and the mean completed visit per stage. */
export function transitionMatrix(k: number, rows: TransitionRow[]) {
  const counts = Array.from({ length: k + 2 }, () => new Array<number>(k + 2).fill(0));
  const daySums = new Array<number>(k).fill(0);
  const dayCounts = new Array<number>(k).fill(0);
  for (const r of rows) {
    const to = r.target === 'won' ? k : r.target === 'lost' ? k + 1 : Number(r.target) - 1;
    const from = r.source - 1;
    if (from < 0 || from >= k || !(to >= 0 && to < k + 2)) continue;
    counts[from]![to]! += r.n;
    if (r.mean_days !== null) {
      daySums[from]! += r.mean_days * r.n;
      dayCounts[from]! += r.n;
    }
  }
  const days = daySums.map((sum, i) => (dayCounts[i]! > 0 ? sum / dayCounts[i]! : null));
  return { counts, days };
}

/** Time to close and the Markov view, per open stage; history only. */
export async function computeStageOutlook(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  asOf: string,
): Promise<StageOutlook[]> {
  const k = model.stages.length;
  const times = timeToCloseSql(filter, asOf);
  const transitions = transitionsSql(filter);
  const [timeRows, transitionRows] = await Promise.all([
    db.query<TimeRow>(times.sql, times.params),
    db.query<TransitionRow>(transitions.sql, transitions.params),
  ]);
  const { counts, days } = transitionMatrix(k, transitionRows);
  const chain = absorbingChain(counts, days);
  return model.stages.map((stage, i) => {
    const obs: Observation[] = timeRows
      .filter((r) => r.position === i + 1)
      .map((r) => ({ days: r.days, event: r.event, n: r.n }));
    return {
      stage: stage.name,
      entered: obs.reduce((sum, o) => sum + (o.n ?? 1), 0),
      won: { median: medianAmongClosed(obs, 'won'), p90: quantileAmongClosed(obs, 'won', 0.9) },
      lost: { median: medianAmongClosed(obs, 'lost'), p90: quantileAmongClosed(obs, 'lost', 0.9) },
      anyCloseMedian: kaplanMeierMedian(obs),
      incidence: cumulativeIncidence(obs, HORIZONS),
      markov: {
        pWin: chain[i]?.pWin ?? null,
        days: chain[i]?.days ?? null,
        transitions: chain[i]?.outgoing ?? 0,
      },
    };
  });
}
