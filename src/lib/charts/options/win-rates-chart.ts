import type { StageWinRate } from '../../metrics/win-rates.ts';
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
      {
        name: labels.interval,
        type: 'custom',
        renderItem: (
          params: { dataIndex: number },
          api: { coord: (v: [number, number]) => [number, number]; value: (i: number) => number },
        ) => {
          const s = stages[params.dataIndex];
          if (!s || s.low === null || s.high === null) return null;
          const [x, top] = api.coord([params.dataIndex, s.high]);
          const [, bottom] = api.coord([params.dataIndex, s.low]);
          const style = { stroke: '#333', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: x, y1: top, x2: x, y2: bottom }, style },
              { type: 'line', shape: { x1: x - 6, y1: top, x2: x + 6, y2: top }, style },
              { type: 'line', shape: { x1: x - 6, y1: bottom, x2: x + 6, y2: bottom }, style },
            ],
          };
        },
        data: stages.map((_, i) => [i, 0]),
        z: 3,
      },
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
