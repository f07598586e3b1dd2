import type { BacktestSet } from '../../metrics/forecast/backtest-fit.ts';
import type { BacktestPeriod } from '../../metrics/forecast/backtest.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { NEUTRAL_COLOR } from '../palette.ts';
import { amountAxis, axisTooltip } from './axis-tooltip.ts';
import { formatOr, type ChartFormat } from './funnel-chart.ts';

export interface BacktestLabels {
  actual: string;
  set: (set: BacktestSet) => string;
  format: ChartFormat;
}

/** Okabe–Ito hues and shapes per rate set, so the sets read apart without colour too. */
const STYLE: Record<BacktestSet, { color: string; symbol: string }> = {
  preset: { color: '#CC79A7', symbol: 'diamond' },
  observed: { color: '#0072B2', symbol: 'circle' },
  calibrated: { color: '#009E73', symbol: 'triangle' },
  markov: { color: '#E69F00', symbol: 'rect' },
};

/** What each past period's pipeline actually won (columns) against each rate set's forecast. */
export function backtestOption(
  periods: BacktestPeriod[],
  sets: BacktestSet[],
  labels: BacktestLabels,
): ChartOption {
  const { format } = labels;
  return {
    aria: { enabled: true },
    tooltip: axisTooltip(periods, (p) =>
      tooltipHtml(p.period, [
        [labels.actual, format.amount(p.actual)],
        ...sets.map((set): [string, string] => [
          labels.set(set),
          formatOr(p.forecast[set], format.amount),
        ]),
      ]),
    ),
    legend: { top: 0, type: 'scroll', data: [labels.actual, ...sets.map(labels.set)] },
    grid: { left: 8, right: 8, top: 32, bottom: 8 },
    xAxis: { type: 'category', data: periods.map((p) => p.period) },
    yAxis: amountAxis(format.amount),
    series: [
      {
        name: labels.actual,
        type: 'bar',
        color: NEUTRAL_COLOR,
        data: periods.map((p) => p.actual),
      },
      ...sets.map((set) => ({
        name: labels.set(set),
        type: 'scatter',
        color: STYLE[set].color,
        symbol: STYLE[set].symbol,
        symbolSize: 11,
        data: periods.map((p) => p.forecast[set]),
      })),
    ],
  };
}
