import type { StageWinRate } from '../../metrics/win-rates.ts';
import { intervalSeries } from './interval-series.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { FADED_OPACITY, SMALL_N, STATUS_COLORS, stageColor } from '../palette.ts';
import { formatOr, type ChartFormat } from './funnel-chart.ts';

export interface WinRatesChartLabels {
  stageNames: readonly string[];
  observed: string;
  interval: string;
  preset: string;
  calibrated: string;
  closed: string;
  format: ChartFormat;
}

/**
 * Per stage: the observed win rate as a bar with its 95 % interval as a whisker, the preset and
 * the calibrated rate as markers; stages with few closed deals are faded.
 */
export function winRatesOption({
  stages,
  labels,
}: {
  stages: StageWinRate[];
  labels: WinRatesChartLabels;
}): ChartOption {
  const names = stages.map((s, i) => labels.stageNames[i] ?? s.stage);
  const percent = (v: number | null) => formatOr(v, labels.format.percent);
  return {
    aria: { enabled: true },
    legend: { top: 0, data: [labels.observed, labels.preset, labels.calibrated] },
    grid: { left: 8, right: 16, top: 32, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const index = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
        const s = stages[index];
        if (!s) return '';
        return tooltipHtml(names[index] ?? s.stage, [
          [labels.observed, percent(s.rate)],
          [labels.interval, s.low === null ? '–' : `${percent(s.low)} – ${percent(s.high)}`],
          [labels.preset, percent(s.preset)],
          [labels.calibrated, percent(s.calibrated)],
          [labels.closed, labels.format.count(s.closed)],
        ]);
      },
    },
    xAxis: { type: 'category', data: names },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => labels.format.percent(v) },
    },
    series: [
      {
        name: labels.observed,
        type: 'bar',
        barWidth: '45%',
        data: stages.map((s, i) => ({
          value: s.rate ?? 0,
          itemStyle: {
            color: stageColor(i + 1, stages.length),
            opacity: s.closed < SMALL_N ? FADED_OPACITY : 1,
          },
        })),
      },
      intervalSeries(labels.interval, stages),
      {
        name: labels.preset,
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color: STATUS_COLORS.lost },
        data: stages.map((s, i) => (s.preset === null ? null : [i, s.preset])),
        z: 4,
      },
      {
        name: labels.calibrated,
        type: 'scatter',
        symbol: 'circle',
        symbolSize: 10,
        itemStyle: { color: STATUS_COLORS.won },
        data: stages.map((s, i) => (s.calibrated === null ? null : [i, s.calibrated])),
        z: 5,
      },
    ],
  };
}
