import { describe, expect, it } from 'vitest';
import { backtestOption } from '../../src/lib/charts/options/backtest-chart.ts';
import { forecastHistogramOption } from '../../src/lib/charts/options/forecast-histogram.ts';
import { forecastRangeOption } from '../../src/lib/charts/options/forecast-range-chart.ts';
import type { ChartFormat } from '../../src/lib/charts/options/funnel-chart.ts';
import {
  MAX_PARTS,
  weightedPipelineOption,
  type WeightedPipelineLabels,
} from '../../src/lib/charts/options/weighted-pipeline-chart.ts';
import { waterfallOption } from '../../src/lib/charts/options/waterfall-chart.ts';
import { NEUTRAL_COLOR, STATUS_COLORS } from '../../src/lib/charts/palette.ts';
import type { BacktestPeriod } from '../../src/lib/metrics/forecast/backtest.ts';
import type { WaterfallStep } from '../../src/lib/metrics/forecast/waterfall.ts';
import type {
  PipelineBucket,
  WeightedPipeline,
} from '../../src/lib/metrics/forecast/weighted-pipeline.ts';

// Options are loose ECharts objects: the tests walk them as plain data.
type Loose = any;

const format: ChartFormat = {
  amount: (v) => `$${v}`,
  percent: (v) => `${Math.round(v * 100)}%`,
  count: (v) => String(v),
};
const XSS = '<img src=x onerror=alert(1)>';

const bucket = (period: string, parts: Record<string, number>, open = 1): PipelineBucket => ({
  period,
  open,
  amount: 10 * open,
  weighted: Object.values(parts).reduce((a, b) => a + b, 0),
  noAmount: 0,
  noRate: 0,
  parts,
});

const labels: WeightedPipelineLabels = {
  part: (p) => (p === '' ? 'unknown' : p),
  color: () => undefined,
  overdue: 'Overdue',
  noCloseDate: 'No date',
  open: 'Open',
  amount: 'Pipeline',
  weighted: 'Weighted',
  noAmount: 'No amount',
  noRate: 'No rate',
  others: 'Others',
  format,
};

describe('weightedPipelineOption', () => {
  const pipeline: WeightedPipeline = {
    periods: [bucket('2024-Q3', { [XSS]: 5, Bob: 3 }), bucket('2024-Q4', { Bob: 7 })],
    overdue: bucket('overdue', { Bob: 2 }),
    noCloseDate: bucket('none', {}, 0),
    parts: ['Bob', XSS],
  };
  const option = weightedPipelineOption(pipeline, labels) as Loose;

  it('draws the periods, then overdue apart; an empty undated bucket is left out', () => {
    expect(option.xAxis.data).toEqual(['2024-Q3', '2024-Q4', 'Overdue']);
    expect(option.series.map((s: Loose) => s.name)).toEqual(['Bob', XSS]);
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([3, 7, 2]);
    expect(option.series[1].data.map((d: Loose) => d.value)).toEqual([5, 0, 0]);
    expect(option.series[0].data[2].itemStyle).toEqual({ opacity: 0.45 });
    expect(option.series[0].data[2]).toMatchObject({ period: 'overdue', part: 'Bob' });
  });

  it('escapes names in the tooltip and lists each part with its weighted amount', () => {
    const html = option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).toContain('Weighted: $8');
    expect(html).toContain('· Bob: $3');
  });

  it(`sums the parts after the first ${MAX_PARTS} into one grey "others" series`, () => {
    const names = Array.from({ length: MAX_PARTS + 3 }, (_, i) => `owner ${i}`);
    const many: WeightedPipeline = {
      ...pipeline,
      periods: [bucket('2024-Q3', Object.fromEntries(names.map((n, i) => [n, i + 1])))],
      parts: names,
    };
    const o = weightedPipelineOption(many, labels) as Loose;
    expect(o.series).toHaveLength(MAX_PARTS + 1);
    const others = o.series.at(-1);
    expect(others.name).toBe('Others');
    // owners 9, 10 and 11 weigh 10 + 11 + 12.
    expect(others.data[0]).toMatchObject({ value: 33, part: null });
    expect(others.color).toBe(NEUTRAL_COLOR);
  });
});

describe('forecastRangeOption', () => {
  const option = forecastRangeOption(
    [{ period: '2024-Q3', weighted: 120, mean: 119, p10: 0, p50: 100, p90: 300 }],
    {
      weighted: 'Weighted',
      mean: 'Mean',
      p10: 'P10',
      p50: 'P50',
      p90: 'P90',
      range: 'P10 – P90',
      format,
    },
  ) as Loose;

  it('draws the mean as a column and P10, P50, P90 as a whisker', () => {
    expect(option.series[0].data).toEqual([119]);
    expect(option.series[1].data).toEqual([[0, 0, 100, 300]]);
    const html = option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).toBe(
      '<strong>2024-Q3</strong><br>Mean: $119<br>P10: $0<br>P50: $100<br>P90: $300<br>Weighted: $120',
    );
  });
});

describe('forecastHistogramOption', () => {
  const bins = [
    { from: 0, to: 100, count: 30 },
    { from: 100, to: 200, count: 50 },
    { from: 200, to: 300, count: 20 },
  ];

  it('colours the bins at or past the target as won, with each bin’s share of runs', () => {
    const option = forecastHistogramOption(bins, 100, {
      runs: 'Runs',
      share: 'Share',
      format,
    }) as Loose;
    expect(option.series[0].data.map((d: Loose) => d.itemStyle.color)).toEqual([
      NEUTRAL_COLOR,
      STATUS_COLORS.won,
      STATUS_COLORS.won,
    ]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      '<strong>$100 – $200</strong><br>Runs: 50<br>Share: 50%',
    );
  });

  it('draws the bins on an amount axis from the first edge to the last', () => {
    const option = forecastHistogramOption(bins, null, {
      runs: 'Runs',
      share: 'Share',
      format,
    }) as Loose;
    expect(option.xAxis).toMatchObject({ type: 'value', min: 0, max: 300 });
    expect(option.xAxis.axisLabel.formatter(200)).toBe('$200');
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([
      [50, 30],
      [150, 50],
      [250, 20],
    ]);
  });

  it('colours nothing as reached without a target', () => {
    const option = forecastHistogramOption(bins, null, {
      runs: 'Runs',
      share: 'Share',
      format,
    }) as Loose;
    expect(new Set(option.series[0].data.map((d: Loose) => d.itemStyle.color))).toEqual(
      new Set([NEUTRAL_COLOR]),
    );
  });
});

describe('waterfallOption', () => {
  const steps: WaterfallStep[] = [
    { step: 'start', amount: 100, count: 4, missingAmount: 0 },
    { step: 'created', amount: 30, count: 2, missingAmount: 1 },
    { step: 'won', amount: -50, count: 1, missingAmount: 0 },
    { step: 'lost', amount: -20, count: 1, missingAmount: 0 },
    { step: 'end', amount: 60, count: 4, missingAmount: 0 },
  ];
  const option = waterfallOption(steps, {
    step: (s) => s,
    deals: 'Deals',
    withoutAmount: 'Without amount',
    format,
  }) as Loose;

  it('floats each change from the running total on an invisible base', () => {
    // Running total: 100, 130, 80, 60; a fall floats from its lower end.
    expect(option.series[0].data).toEqual([0, 100, 80, 60, 0]);
    expect(option.series[1].data.map((d: Loose) => d.value)).toEqual([100, 30, 50, 20, 60]);
    expect(option.series[1].data[2].itemStyle.color).toBe(STATUS_COLORS.won);
    expect(option.series[1].data[3].itemStyle.color).toBe(STATUS_COLORS.lost);
  });

  it('signs the changes in labels and tooltips, and counts deals without an amount', () => {
    expect(option.series[1].label.formatter({ dataIndex: 1 })).toBe('+$30');
    expect(option.series[1].label.formatter({ dataIndex: 2 })).toBe('$-50');
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      '<strong>created</strong><br>+$30<br>Deals: 2<br>Without amount: 1',
    );
  });
});

describe('backtestOption', () => {
  const period = (p: string, actual: number, observed: number | null): BacktestPeriod => ({
    period: p,
    start: '2024-01-01',
    end: '2024-03-31',
    open: 3,
    openAmount: 300,
    missingAmount: 0,
    closeDateStandIns: 0,
    won: 1,
    actual,
    forecast: { preset: null, observed, calibrated: observed, markov: 90 },
    error: { preset: null, observed: null, calibrated: null, markov: null },
    forecastDeals: { preset: null, observed: null, calibrated: null, markov: null },
  });
  const option = backtestOption(
    [period('2024-Q1', 100, 80), period('2024-Q2', 50, null)],
    ['observed', 'markov'],
    { actual: 'Actual', set: (s) => s, format },
  ) as Loose;

  it('draws actuals as columns and each rate set as markers, a missing forecast as a gap', () => {
    expect(option.series.map((s: Loose) => [s.name, s.type])).toEqual([
      ['Actual', 'bar'],
      ['observed', 'scatter'],
      ['markov', 'scatter'],
    ]);
    expect(option.series[1].data).toEqual([80, null]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      '<strong>2024-Q2</strong><br>Actual: $50<br>observed: –<br>markov: $90',
    );
  });
});
