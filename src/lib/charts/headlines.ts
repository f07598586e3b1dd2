import type { MessageKey } from '../i18n/messages-en.ts';
import type { FunnelStage } from '../metrics/funnel.ts';
import { MIN_N } from '../metrics/funnel-answer.ts';
import type { BacktestSet } from '../metrics/forecast/backtest-fit.ts';
import type { BacktestResult, PipelineOutcome } from '../metrics/forecast/backtest.ts';
import type { WaterfallStep, WaterfallStepKind } from '../metrics/forecast/waterfall.ts';
import type { PipelineBucket } from '../metrics/forecast/weighted-pipeline.ts';
import type { GradeRow } from '../metrics/grades/grades.ts';
import type { QuarterStatusRow, StageStatusRow } from '../metrics/overview.ts';
import type { SegmentFunnel, StageFlowLink } from '../metrics/segment-funnels.ts';
import { wilsonInterval } from '../metrics/stats/wilson.ts';
import type { StageWinRate } from '../metrics/win-rates.ts';

/*
 * What a chart shows, said as its title (UX.md: "Deals leak most between…", not "Funnel"). Each
 * finding is worked out from the numbers the chart draws; null where they say nothing firm (too
 * few deals, a tie, nothing drawn), and the card keeps its plain title alone.
 */

/** The stage holding the most open deals. */
export function crowdedStage(
  rows: readonly StageStatusRow[],
): { stage: string; n: number; open: number } | null {
  const open = rows.filter((r) => r.status === 'open' && r.stage !== '');
  const total = open.reduce((sum, r) => sum + r.n, 0);
  const top = largest(open, (r) => r.n);
  return top && total >= MIN_N ? { stage: top.stage, n: top.n, open: total } : null;
}

/** The quarter in which the most deals were created, when there are several. */
export function busiestQuarter(
  rows: readonly QuarterStatusRow[],
): { quarter: string; n: number } | null {
  const byQuarter = new Map<string, number>();
  for (const r of rows) byQuarter.set(r.quarter, (byQuarter.get(r.quarter) ?? 0) + r.n);
  if (byQuarter.size < 2) return null;
  const top = largest([...byQuarter], ([, n]) => n);
  return top ? { quarter: top[0], n: top[1] } : null;
}

/** How far into the funnel deals get: the share of those entering that reach its last stage. */
export function reachToLast(
  stages: readonly FunnelStage[],
): { stage: string; share: number; reached: number; entered: number } | null {
  const first = stages[0];
  const last = stages.at(-1);
  if (!first || !last || stages.length < 2 || first.reached < MIN_N) return null;
  return {
    stage: last.stage,
    share: last.reached / first.reached,
    reached: last.reached,
    entered: first.reached,
  };
}

/**
 * The open stage (1-based) from which the most lost deals left, of how many were lost; the
 * `lostUnknown` deals placed at the first stage for want of history or a kept stage left from no
 * known stage and are not counted.
 */
export function mainLeak(
  links: readonly StageFlowLink[],
  lostUnknown = 0,
): { position: number; n: number; lost: number } | null {
  const lost = links
    .filter((l) => l.target === 'lost' && /^\d+$/.test(l.source))
    .map((l) => (l.source === '1' ? { ...l, n: Math.max(0, l.n - lostUnknown) } : l))
    .filter((l) => l.n > 0);
  const total = lost.reduce((sum, l) => sum + l.n, 0);
  const top = largest(lost, (l) => l.n);
  return top && total >= MIN_N ? { position: Number(top.source), n: top.n, lost: total } : null;
}

/** The stage whose completed visits last longest (median), over stages timed often enough. */
export function slowestStage(
  stages: readonly FunnelStage[],
): { stage: string; days: number } | null {
  const timed = stages.filter((s) => s.visits >= MIN_N && s.medianDays !== null);
  const top = largest(timed, (s) => s.medianDays ?? 0);
  return top && (top.medianDays ?? 0) > 0 ? { stage: top.stage, days: top.medianDays! } : null;
}

/** The best and the worst converting values of a breakdown, among those with enough deals. */
export function conversionSpread(segments: readonly SegmentFunnel[]): {
  best: SegmentFunnel & { conversion: number };
  worst: SegmentFunnel & { conversion: number };
} | null {
  const sure = segments.filter(
    (s): s is SegmentFunnel & { conversion: number } =>
      s.segment !== '' && s.total >= MIN_N && s.conversion !== null,
  );
  const best = largest(sure, (s) => s.conversion);
  const worst = largest(sure, (s) => -s.conversion);
  return best && worst && best.conversion > worst.conversion ? { best, worst } : null;
}

/** The grade (or class: its row's index) holding the most amount, with its shares of amount and deals. */
export function amountLeader(
  rows: ReadonlyArray<GradeRow<string>>,
): { index: number; amountShare: number; countShare: number } | null {
  const count = rows.reduce((sum, r) => sum + r.count, 0);
  const amount = rows.reduce((sum, r) => sum + r.amount, 0);
  const graded = rows.filter((r) => r.grade !== null);
  const top = largest(graded, (r) => r.amount);
  if (!top || count < MIN_N || !(amount > 0) || graded.length < 2) return null;
  return {
    index: rows.indexOf(top),
    amountShare: top.amount / amount,
    countShare: top.count / count,
  };
}

/** The grade (or class) that wins most often, among those with 20 closed deals or more. */
export function rateLeader(
  rows: ReadonlyArray<GradeRow<string>>,
): { index: number; rate: number; closed: number } | null {
  const sure = rows.filter((r) => r.grade !== null && r.closed >= MIN_N && r.winRate !== null);
  const top = largest(sure, (r) => r.winRate ?? 0);
  if (!top || sure.length < 2) return null;
  return { index: rows.indexOf(top), rate: top.winRate ?? 0, closed: top.closed };
}

type RatedStage = StageWinRate & { rate: number; low: number; high: number };

/**
 * The shape of the observed win rates along the stages: a stage that clearly wins less than an
 * earlier one (its whole 95 % interval below that one's), else the climb from first to last;
 * no climb where the later stages' rates are `upperBounds` (lost deals placed at the first stage
 * for want of history), as they would make it.
 */
export function winRateShape(
  stages: readonly StageWinRate[],
  upperBounds = false,
):
  | { kind: 'dip'; stage: RatedStage; earlier: RatedStage }
  | { kind: 'climb'; first: RatedStage; last: RatedStage }
  | null {
  const sure = stages.filter(
    (s): s is RatedStage =>
      s.closed >= MIN_N && s.rate !== null && s.low !== null && s.high !== null,
  );
  for (let i = 1; i < sure.length; i++) {
    const stage = sure[i]!;
    const earlier = sure.slice(0, i).find((e) => stage.high < e.low);
    if (earlier) return { kind: 'dip', stage, earlier };
  }
  const first = sure[0];
  const last = sure.at(-1);
  return !upperBounds && first && last && first !== last && last.rate > first.rate
    ? { kind: 'climb', first, last }
    : null;
}

type Translate = (key: MessageKey, params: Record<string, string>) => string;

/** `winRateShape` said: the win-rate chart's title in the Win rates view and a published report. */
export function winRateHeadline(
  stages: readonly StageWinRate[],
  upperBounds: boolean,
  t: Translate,
  stageName: (stage: string) => string,
  percent: (rate: number) => string,
): string | null {
  const shape = winRateShape(stages, upperBounds);
  if (!shape) return null;
  return shape.kind === 'dip'
    ? t('headline.winRate.dip', {
        stage: stageName(shape.stage.stage),
        rate: percent(shape.stage.rate),
        earlier: stageName(shape.earlier.stage),
        earlierRate: percent(shape.earlier.rate),
      })
    : t('headline.winRate.climb', {
        first: stageName(shape.first.stage),
        firstRate: percent(shape.first.rate),
        last: stageName(shape.last.stage),
        lastRate: percent(shape.last.rate),
      });
}

/** Where the weighted pipeline sits: overdue, when it outweighs every period, or its largest period. */
export function pipelinePeak(
  periods: readonly PipelineBucket[],
  overdue: PipelineBucket,
): { kind: 'overdue'; amount: number } | { kind: 'period'; period: string; amount: number } | null {
  const top = largest(
    periods.filter((p) => p.weighted > 0),
    (p) => p.weighted,
  );
  if (overdue.weighted > 0 && overdue.weighted > (top?.weighted ?? 0)) {
    return { kind: 'overdue', amount: overdue.weighted };
  }
  return top && periods.length > 1
    ? { kind: 'period', period: top.period, amount: top.weighted }
    : null;
}

/** A waterfall step between its start and its end. */
type WaterfallMove = Exclude<WaterfallStepKind, 'start' | 'end'>;

/**
 * How the pipeline of a period changed between two dates: whether it fell or grew, and the step
 * that moved it most that way (the largest outflow of a fall, inflow of a growth).
 */
export function pipelineChange(steps: readonly WaterfallStep[]): {
  direction: 'fell' | 'grew';
  start: number;
  end: number;
  step: WaterfallMove;
  /** The step's change, signed. */
  amount: number;
} | null {
  const at = (kind: WaterfallStep['step']) => steps.find((s) => s.step === kind);
  const start = at('start');
  const end = at('end');
  if (!start || !end || start.amount === end.amount) return null;
  const deals = start.count + (at('created')?.count ?? 0) + (at('moved-in')?.count ?? 0);
  const direction = end.amount < start.amount ? 'fell' : 'grew';
  const sign = direction === 'fell' ? -1 : 1;
  const moves = steps.filter(
    (s): s is WaterfallStep & { step: WaterfallMove } =>
      s.step !== 'start' && s.step !== 'end' && s.amount * sign > 0,
  );
  const top = largest(moves, (s) => s.amount * sign);
  return top && deals >= MIN_N
    ? { direction, start: start.amount, end: end.amount, step: top.step, amount: top.amount }
    : null;
}

/** Past this mean error (a share of what was won), every set missing the same way is the finding. */
const SYSTEMATIC_BIAS = 0.25;

/**
 * What the backtest says of the rate sets `sets`: that every one of them forecast too much (or
 * too little), by at least a quarter (`bias`: the closest's); else the one with the lowest MAPE,
 * where there are several to choose from. Needs two periods scored and 20 deals won in them.
 */
export function backtestVerdict(
  result: Pick<BacktestResult, 'periods' | 'mape' | 'bias'>,
  sets: readonly BacktestSet[],
):
  | { kind: 'over' | 'under'; bias: number }
  | { kind: 'best'; set: BacktestSet; mape: number }
  | null {
  const scored = result.periods.filter((p) => sets.some((set) => p.forecast[set] !== null));
  const won = scored.reduce((sum, p) => sum + p.won, 0);
  if (scored.length < 2 || won < MIN_N || sets.length === 0) return null;
  const biases = sets.map((set) => result.bias[set]);
  const allOver = biases.every((b) => b !== null && b >= SYSTEMATIC_BIAS);
  const allUnder = biases.every((b) => b !== null && b <= -SYSTEMATIC_BIAS);
  if (allOver || allUnder) {
    const bias = Math.min(...biases.map((b) => Math.abs(b!)));
    return { kind: allOver ? 'over' : 'under', bias };
  }
  const rated = sets.filter((set) => result.mape[set] !== null);
  const best = largest(rated, (set) => -result.mape[set]!);
  return best && rated.length >= 2 ? { kind: 'best', set: best, mape: result.mape[best]! } : null;
}

/**
 * The stage whose deals, found there on the backtest's period starts, went on to win clearly less
 * often than every deal that reached it (the two 95 % intervals apart, 20 closes each): the one
 * with the largest gap. Deals that sit in a stage are not the deals that pass through it.
 */
export function stalledStage(
  outcomes: readonly PipelineOutcome[],
): { position: number; rate: number; stageRate: number } | null {
  const apart = outcomes.filter((o) => {
    if (o.closed < MIN_N || o.stageClosed < MIN_N) return false;
    const sitting = wilsonInterval(o.won, o.closed);
    const reached = wilsonInterval(o.stageWon, o.stageClosed);
    return sitting !== null && reached !== null && sitting.high < reached.low;
  });
  const gap = (o: PipelineOutcome) => o.stageWon / o.stageClosed - o.won / o.closed;
  const top = largest(apart, gap);
  return top
    ? {
        position: top.position,
        rate: top.won / top.closed,
        stageRate: top.stageWon / top.stageClosed,
      }
    : null;
}

/** The item with the largest score; null when none, or when two share it. */
function largest<T>(items: readonly T[], score: (item: T) => number): T | null {
  let top: T | null = null;
  let tied = false;
  for (const item of items) {
    if (top === null || score(item) > score(top)) {
      top = item;
      tied = false;
    } else if (score(item) === score(top)) tied = true;
  }
  return tied ? null : top;
}
