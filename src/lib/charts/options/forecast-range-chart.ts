import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { STATUS_COLORS, WHISKER_COLOR } from '../palette.ts';
import { amountAxis, axisTooltip } from './axis-tooltip.ts';
import type { ChartFormat } from './funnel-chart.ts';

export interface ForecastRangeRow {
  period: string;
  /** Σ amount · rate over the period's open deals. */
  weighted: number;
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface ForecastRangeLabels {
  weighted: string;
  mean: string;
  p10: string;
  p50: string;
  p90: string;
  range: string;
  format: ChartFormat;
}

interface RenderApi {
  value(dim: number): number;
  coord(point: [number, number]): [number, number];
  size(point: [number, number]): [number, number];
}

/** A whisker from P10 to P90 with a tick at P50, drawn over each period's column. */
function whisker(_: unknown, api: RenderApi) {
  const x = api.value(0);
  const [cx, low] = api.coord([x, api.value(1)]);
  const [, mid] = api.coord([x, api.value(2)]);
  const [, high] = api.coord([x, api.value(3)]);
  const half = Math.max(4, api.size([1, 0])[0] * 0.18);
  const style = { stroke: WHISKER_COLOR, lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: cx, y1: low, x2: cx, y2: high }, style },
      { type: 'line', shape: { x1: cx - half, y1: low, x2: cx + half, y2: low }, style },
      { type: 'line', shape: { x1: cx - half, y1: high, x2: cx + half, y2: high }, style },
      {
        type: 'line',
        shape: { x1: cx - half * 1.6, y1: mid, x2: cx + half * 1.6, y2: mid },
        style: { ...style, lineWidth: 2.5 },
      },
    ],
  };
}

/** Expected won amount per period (the simulation's mean), with its P10–P90 range and median. */
export function forecastRangeOption(
  rows: ForecastRangeRow[],
  labels: ForecastRangeLabels,
): ChartOption {
  const { format } = labels;
  return {
    aria: { enabled: true },
    tooltip: axisTooltip(rows, (r) =>
      tooltipHtml(r.period, [
        [labels.mean, format.amount(r.mean)],
        [labels.p10, format.amount(r.p10)],
        [labels.p50, format.amount(r.p50)],
        [labels.p90, format.amount(r.p90)],
        [labels.weighted, format.amount(r.weighted)],
      ]),
    ),
    legend: { top: 0, data: [labels.mean, labels.range] },
    grid: { left: 8, right: 8, top: 32, bottom: 8 },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: amountAxis(format.amount),
    series: [
      {
        name: labels.mean,
        type: 'bar',
        color: STATUS_COLORS.won,
        itemStyle: { opacity: 0.6 },
        data: rows.map((r) => r.mean),
      },
      {
        name: labels.range,
        type: 'custom',
        color: WHISKER_COLOR,
        renderItem: whisker,
        encode: { x: 0, y: [1, 2, 3] },
        data: rows.map((r, i) => [i, r.p10, r.p50, r.p90]),
        z: 3,
      },
    ],
  };
}
