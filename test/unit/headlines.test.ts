import { describe, expect, it } from 'vitest';
import {
  amountLeader,
  backtestVerdict,
  busiestQuarter,
  conversionSpread,
  crowdedStage,
  mainLeak,
  pipelineChange,
  pipelinePeak,
  rateLeader,
  reachToLast,
  slowestStage,
  stalledStage,
  winRateHeadline,
  winRateShape,
} from '../../src/lib/charts/headlines.ts';
import { translate } from '../../src/lib/i18n/translate.ts';
import type { BacktestSets } from '../../src/lib/metrics/forecast/backtest-fit.ts';
import type { BacktestPeriod } from '../../src/lib/metrics/forecast/backtest.ts';
import type { WaterfallStep } from '../../src/lib/metrics/forecast/waterfall.ts';
import type { PipelineBucket } from '../../src/lib/metrics/forecast/weighted-pipeline.ts';
import type { FunnelStage } from '../../src/lib/metrics/funnel.ts';
import type { SegmentFunnel } from '../../src/lib/metrics/segment-funnels.ts';
import type { StageWinRate } from '../../src/lib/metrics/win-rates.ts';
import { funnelStage, gradeRow } from '../helpers/metric-rows.ts';

const stage = (name: string, fields: Partial<FunnelStage>) => funnelStage(1, name, fields);

const segment = (name: string, total: number, won: number): SegmentFunnel => ({
  segment: name,
  total,
  won,
  conversion: total > 0 ? won / total : null,
  stages: [],
});

const rate = (name: string, won: number, closed: number, low: number, high: number) =>
  ({
    stage: name,
    position: 1,
    won,
    closed,
    rate: closed > 0 ? won / closed : null,
    low,
    high,
    preset: null,
    calibrated: null,
    presetOutside: false,
    needed: null,
    exportedPreset: null,
    contradictions: 0,
  }) satisfies StageWinRate;

const step = (kind: WaterfallStep['step'], amount: number, count: number): WaterfallStep => ({
  step: kind,
  amount,
  count,
  missingAmount: 0,
});

const sets = <T>(preset: T, observed: T, calibrated: T, markov: T): BacktestSets<T> => ({
  preset,
  observed,
  calibrated,
  markov,
});

/** A scored period: `won` deals won, every set forecasting (the verdict reads only which did). */
const scoredPeriod = (won: number, markov: number | null = 1): BacktestPeriod => ({
  period: 'P',
  start: '2024-01-01',
  end: '2024-03-31',
  open: 100,
  openAmount: 1000,
  missingAmount: 0,
  closeDateStandIns: 0,
  won,
  actual: 100,
  forecast: sets(1, 1, 1, markov),
  error: sets(0, 0, 0, markov),
  forecastDeals: sets(1, 1, 1, markov),
});

const bucket = (period: string, weighted: number): PipelineBucket => ({
  period,
  open: 1,
  amount: weighted,
  weighted,
  noAmount: 0,
  noRate: 0,
  parts: {},
});

describe('chart headlines', () => {
  it('crowdedStage: the stage with the most open deals, of how many open', () => {
    const rows = [
      { stage: 'Qualify', status: 'open', n: 12, stage_order: 1 },
      { stage: 'Propose', status: 'open', n: 15, stage_order: 2 },
      { stage: 'Propose', status: 'won', n: 40, stage_order: 2 },
      { stage: '', status: 'open', n: 30, stage_order: 9 },
    ] as const;
    // Won deals and deals without a stage aside: 15 of 12 + 15 = 27 open at a named stage.
    expect(crowdedStage(rows.map((r) => ({ ...r })))).toEqual({
      stage: 'Propose',
      n: 15,
      open: 27,
    });
    // Under 20 open deals, or two stages level, say nothing.
    expect(crowdedStage([{ stage: 'A', status: 'open', n: 19, stage_order: 1 }])).toBeNull();
    expect(
      crowdedStage([
        { stage: 'A', status: 'open', n: 10, stage_order: 1 },
        { stage: 'B', status: 'open', n: 10, stage_order: 2 },
      ]),
    ).toBeNull();
  });

  it('busiestQuarter: the quarter that created the most deals, all statuses summed', () => {
    expect(
      busiestQuarter([
        { quarter: '2024-Q1', status: 'won', n: 5 },
        { quarter: '2024-Q1', status: 'open', n: 6 },
        { quarter: '2024-Q2', status: 'lost', n: 10 },
      ]),
    ).toEqual({ quarter: '2024-Q1', n: 11 });
    expect(busiestQuarter([{ quarter: '2024-Q1', status: 'won', n: 5 }])).toBeNull();
  });

  it('reachToLast: the share of the deals entering that reach the last stage', () => {
    const stages = [
      stage('A', { reached: 80 }),
      stage('B', { reached: 40 }),
      stage('C', { reached: 20 }),
    ];
    expect(reachToLast(stages)).toEqual({ stage: 'C', share: 0.25, reached: 20, entered: 80 });
    expect(reachToLast([stage('A', { reached: 19 }), stage('B', { reached: 5 })])).toBeNull();
  });

  it('mainLeak: the open stage most lost deals left from, of all lost', () => {
    const links = [
      { source: '1', target: '2', n: 60 },
      { source: '1', target: 'lost', n: 12 },
      { source: '2', target: 'lost', n: 14 },
      { source: '2', target: 'won', n: 30 },
      { source: '3', target: 'lost', n: 4 },
    ];
    // 12 + 14 + 4 = 30 lost, 14 of them from stage 2.
    expect(mainLeak(links)).toEqual({ position: 2, n: 14, lost: 30 });
    expect(mainLeak(links.filter((l) => l.source !== '2'))).toBeNull();
    // With 20 more lost deals of unknown stage placed at the first (32 from stage 1 drawn), the
    // first stage's known losses are still 12: stage 2 leads, of 30 known.
    const placed = links.map((l) =>
      l.source === '1' && l.target === 'lost' ? { ...l, n: 32 } : l,
    );
    expect(mainLeak(placed, 20)).toEqual({ position: 2, n: 14, lost: 30 });
    expect(mainLeak(placed)).toEqual({ position: 1, n: 32, lost: 50 });
    // Every lost deal placed so (an export without history that keeps no stage of its lost
    // deals): nothing known to say.
    expect(mainLeak([{ source: '1', target: 'lost', n: 485 }], 485)).toBeNull();
  });

  it('slowestStage: the longest median visit among stages timed 20 times or more', () => {
    const stages = [
      stage('A', { medianDays: 4, visits: 50 }),
      stage('B', { medianDays: 30, visits: 5 }),
      stage('C', { medianDays: 9.5, visits: 20 }),
    ];
    // B's 30 days rest on 5 visits only.
    expect(slowestStage(stages)).toEqual({ stage: 'C', days: 9.5 });
    expect(slowestStage([stage('A', { medianDays: 0, visits: 40 })])).toBeNull();
  });

  it('conversionSpread: best and worst of the values with 20 deals or more, blank aside', () => {
    const spread = conversionSpread([
      segment('East', 40, 10),
      segment('West', 20, 8),
      segment('North', 10, 9),
      segment('', 100, 90),
    ]);
    // West 8/20 = 40 %, East 10/40 = 25 %; North (10 deals) and the blank value are left out.
    expect([spread?.best.segment, spread?.best.conversion]).toEqual(['West', 0.4]);
    expect([spread?.worst.segment, spread?.worst.conversion]).toEqual(['East', 0.25]);
    expect(conversionSpread([segment('East', 40, 10), segment('West', 20, 5)])).toBeNull();
  });

  it('winRateShape: a stage clearly below an earlier one, else the climb', () => {
    const a = rate('A', 20, 100, 0.13, 0.29);
    const b = rate('B', 30, 60, 0.38, 0.62);
    const c = rate('C', 10, 50, 0.11, 0.33);
    // C's interval (11–33 %) lies wholly below B's (38–62 %), though not below A's.
    expect(winRateShape([a, b, c])).toMatchObject({
      kind: 'dip',
      stage: { stage: 'C' },
      earlier: { stage: 'B' },
    });
    expect(winRateShape([a, b])).toMatchObject({
      kind: 'climb',
      first: { stage: 'A' },
      last: { stage: 'B' },
    });
    // Where later rates are upper bounds the climb is theirs, not the data's; a dip still shows.
    expect(winRateShape([a, b], true)).toBeNull();
    expect(winRateShape([a, b, c], true)).toMatchObject({ kind: 'dip' });
    // Under 20 closed deals a stage is left out: one stage left, no shape.
    expect(winRateShape([a, rate('B', 1, 2, 0.09, 0.91)])).toBeNull();
  });

  it('winRateHeadline says the shape in either language', () => {
    const stages = [rate('A', 20, 100, 0.13, 0.29), rate('B', 30, 60, 0.38, 0.62)];
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const name = (s: string) => s;
    expect(winRateHeadline(stages, false, (k, p) => translate('en', k, p), name, pct)).toBe(
      'Win rates climb from 20% at A to 50% at B',
    );
    expect(winRateHeadline(stages, false, (k, p) => translate('zh-CN', k, p), name, pct)).toBe(
      '赢率从A的 20% 升至B的 50%',
    );
  });

  it('amountLeader: the grade with the most amount, its shares of all amount and all deals', () => {
    // 40 deals worth 1,000: A has 600 from 8 deals (60 % of the amount, 20 % of the deals); the
    // ungraded 300 count in the totals but lead nothing.
    const rows = [
      gradeRow('A', 0, 0, { count: 8, amount: 600 }),
      gradeRow('B', 0, 0, { count: 12, amount: 100 }),
      gradeRow(null, 0, 0, { count: 20, amount: 300 }),
    ];
    expect(amountLeader(rows)).toEqual({ index: 0, amountShare: 0.6, countShare: 0.2 });
    expect(
      amountLeader([
        gradeRow('A', 0, 0, { count: 8, amount: 600 }),
        gradeRow('B', 0, 0, { count: 10, amount: 100 }),
      ]),
    ).toBeNull();
    expect(
      amountLeader([
        gradeRow('A', 0, 0, { count: 30, amount: 600 }),
        gradeRow(null, 0, 0, { count: 10, amount: 900 }),
      ]),
    ).toBeNull();
  });

  it('rateLeader: the grade winning most often among those with 20 closed deals or more', () => {
    // A wins 9 of 10 (too few closed to count), B 12 of 30 = 40 %, C 10 of 40 = 25 %.
    const rows = [
      gradeRow('A', 9, 10, { count: 12, amount: 0 }),
      gradeRow('B', 12, 30, { count: 40, amount: 0 }),
      gradeRow('C', 10, 40, { count: 50, amount: 0 }),
    ];
    expect(rateLeader(rows)).toEqual({ index: 1, rate: 0.4, closed: 30 });
    expect(rateLeader(rows.slice(0, 2))).toBeNull();
  });

  it('pipelinePeak: overdue when it outweighs every period, else the largest period', () => {
    const periods = [bucket('2024-Q3', 100), bucket('2024-Q4', 250), bucket('2025-Q1', 0)];
    expect(pipelinePeak(periods, bucket('overdue', 300))).toEqual({ kind: 'overdue', amount: 300 });
    expect(pipelinePeak(periods, bucket('overdue', 200))).toEqual({
      kind: 'period',
      period: '2024-Q4',
      amount: 250,
    });
    expect(pipelinePeak([bucket('2024-Q3', 100)], bucket('overdue', 0))).toBeNull();
  });

  it('pipelineChange: fell or grew, and the largest step that way', () => {
    // 218 − 97 (lost) − 7.7 (won) + 11.3 (created) = 124.6: it fell, lost deals the most.
    const fell = [
      step('start', 218, 200),
      step('created', 11.3, 30),
      step('won', -7.7, 10),
      step('lost', -97, 80),
      step('other', 0, 0),
      step('end', 124.6, 140),
    ];
    expect(pipelineChange(fell)).toEqual({
      direction: 'fell',
      start: 218,
      end: 124.6,
      step: 'lost',
      amount: -97,
    });
    // New deals outweigh the losses: it grew, and the growth's largest step is theirs, though a
    // loss of 80 is larger than the 60 moved in.
    const grew = [
      step('start', 100, 15),
      step('created', 90, 5),
      step('moved-in', 60, 3),
      step('lost', -80, 4),
      step('end', 170, 19),
    ];
    expect(pipelineChange(grew)).toMatchObject({ direction: 'grew', step: 'created', amount: 90 });
    // 19 deals at the start or coming in: too few. Unchanged, or two equal drops: nothing to say.
    expect(pipelineChange(grew.map((s) => (s.step === 'start' ? { ...s, count: 11 } : s)))).toBe(
      null,
    );
    expect(pipelineChange([step('start', 50, 40), step('end', 50, 40)])).toBeNull();
    const tie = [step('start', 100, 40), step('won', -20, 2), step('lost', -20, 5)];
    expect(pipelineChange([...tie, step('end', 60, 33)])).toBeNull();
  });

  it('stalledStage: the largest clear gap between deals found at a stage and all reaching it', () => {
    const outcome = (
      position: number,
      won: number,
      closed: number,
      stageWon: number,
      stageClosed: number,
    ) => ({
      position,
      open: closed + 10,
      won,
      closed,
      stageWon,
      stageClosed,
    });
    // The demo's: Target 357 of 616 (58 %) against 463 of 622 (74 %), Feasible 29 % against 39 %:
    // both intervals apart, Target's gap (16 points) the larger.
    const demo = [outcome(3, 347, 1195, 463, 1198), outcome(4, 357, 616, 463, 622)];
    expect(stalledStage(demo)).toEqual({ position: 4, rate: 357 / 616, stageRate: 463 / 622 });
    // 11 of 20 (55 %, 34–74 %) against 74 % (71–78 %): the intervals meet, no finding; nor under 20 closes,
    // nor where deals found at a stage win more often.
    expect(stalledStage([outcome(4, 11, 20, 463, 622)])).toBeNull();
    expect(stalledStage([outcome(4, 0, 19, 463, 622)])).toBeNull();
    expect(stalledStage([outcome(4, 600, 616, 463, 622)])).toBeNull();
  });

  it('backtestVerdict: every set off the same way by a quarter or more, else the best MAPE', () => {
    const periods = [scoredPeriod(12), scoredPeriod(8)];
    const scores = (bias: BacktestSets<number | null>) => ({
      periods,
      mape: sets(0.6, 0.5, 0.4, 0.9),
      bias,
    });
    const all = ['preset', 'observed', 'calibrated', 'markov'] as const;
    // All four at +30 % or more: too much, by the closest's 30 % or more.
    expect(backtestVerdict(scores(sets(0.4, 0.3, 0.35, 1.2)), all)).toEqual({
      kind: 'over',
      bias: 0.3,
    });
    expect(backtestVerdict(scores(sets(-0.5, -0.3, -0.26, -0.9)), all)).toEqual({
      kind: 'under',
      bias: 0.26,
    });
    // Three sets alike (as on an export whose rates barely move): still said.
    expect(backtestVerdict(scores(sets(null, -0.57, -0.57, -0.57)), all.slice(1))).toEqual({
      kind: 'under',
      bias: 0.57,
    });
    // One set within a quarter (or of the other sign): the lowest MAPE, calibrated's 40 %.
    const best = { kind: 'best', set: 'calibrated', mape: 0.4 };
    expect(backtestVerdict(scores(sets(0.4, 0.2, 0.35, 1.2)), all)).toEqual(best);
    expect(backtestVerdict(scores(sets(0.4, -0.3, 0.35, 1.2)), all)).toEqual(best);
    // A set not shown (no preset) does not count; a best needs two sets to choose from.
    expect(backtestVerdict(scores(sets(null, 0.3, 0.35, 1.2)), all.slice(1))).toMatchObject({
      kind: 'over',
    });
    expect(backtestVerdict(scores(sets(0.1, 0.1, 0.1, 0.1)), ['markov'])).toBeNull();
    // 12 + 8 = 20 deals won over two periods: enough; 19, or one period, is not.
    const few = {
      ...scores(sets(0.4, 0.3, 0.35, 1.2)),
      periods: [scoredPeriod(12), scoredPeriod(7)],
    };
    expect(backtestVerdict(few, all)).toBeNull();
    const one = { ...scores(sets(0.4, 0.3, 0.35, 1.2)), periods: [scoredPeriod(40)] };
    expect(backtestVerdict(one, all)).toBeNull();
    // Two sets with the same lowest MAPE: no best.
    const tied = { periods, mape: sets(0.4, 0.5, 0.4, 0.9), bias: sets(0.1, 0.1, 0.1, 0.1) };
    expect(backtestVerdict(tied, all)).toBeNull();
  });
});
