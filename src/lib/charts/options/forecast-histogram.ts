import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { NEUTRAL_COLOR, STATUS_COLORS } from '../palette.ts';
import { axisTooltip } from './axis-tooltip.ts';
import type { ChartFormat } from './funnel-chart.ts';

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface ForecastHistogramLabels {
  runs: string;
  share: string;
  format: ChartFormat;
}

/**
 * The simulated won amount of one period as a histogram of runs; bins at or past the target are
 * drawn in the won colour, the others grey.
 */
export function forecastHistogramOption(
  bins: HistogramBin[],
  target: number | null,
  labels: ForecastHistogramLabels,
): ChartOption {
  const { format } = labels;
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  const reaches = (b: HistogramBin) => target !== null && b.from >= target;
  return {
    aria: { enabled: true },
    tooltip: axisTooltip(bins, (b) =>
      tooltipHtml(`${format.amount(b.from)} – ${format.amount(b.to)}`, [
        [labels.runs, format.count(b.count)],
        [labels.share, format.percent(total > 0 ? b.count / total : 0)],
      ]),
    ),
    grid: { left: 8, right: 16, top: 16, bottom: 8 },
    // An amount axis, not a category per bin: its ticks fall on round amounts at the bins' edges.
    xAxis: {
      type: 'value',
      ...(bins.length > 1 ? { min: bins[0]!.from, max: bins.at(-1)!.to } : {}),
      axisLabel: { formatter: (v: number) => format.amount(v), hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: labels.runs,
        type: 'bar',
        barCategoryGap: '2%',
        // One bin (every run the same) would span the axis.
        barMaxWidth: 48,
        data: bins.map((b) => ({
          value: [(b.from + b.to) / 2, b.count],
          itemStyle: { color: reaches(b) ? STATUS_COLORS.won : NEUTRAL_COLOR },
        })),
      },
    ],
  };
}
