import type { ChartOption } from './echarts.ts';

/**
 * Where a pointer hovers and the screen is wider than a phone's, a chart's PNG and CSV buttons
 * show over its top right corner (`.chart-tools` in Chart.svelte, the same media query). A legend
 * along the top keeps clear of them: its padding holds the buttons' width, so that a legend
 * spanning the chart wraps or pages before it reaches them rather than under them. ECharts
 * centres a legend's items whatever its padding, so the padding is on both sides. A Sankey, whose
 * last column's labels reach the top right corner, starts below them.
 */
export const TOOLS_OVERLAY_MEDIA = '(hover: hover) and (min-width: 601px)';
/** The two buttons and their gap (80 px), and a gap to the legend's last mark. */
const TOOLS_ROOM = 90;
/** The buttons' height and a gap below them. */
const TOOLS_HEIGHT = 32;

type Series = Record<string, unknown>;

export function clearOfTools(option: ChartOption): ChartOption {
  const legend = option.legend as Record<string, unknown> | undefined;
  if (legend && !Array.isArray(legend) && legend.top === 0) {
    return { ...option, legend: { ...legend, padding: [5, TOOLS_ROOM, 5, TOOLS_ROOM] } };
  }
  const series = option.series as Series[] | undefined;
  const below = (s: Series) =>
    s.type === 'sankey' && !(typeof s.top === 'number' && s.top >= TOOLS_HEIGHT);
  if (!Array.isArray(series) || !series.some(below)) return option;
  return {
    ...option,
    series: series.map((s) => (below(s) ? { ...s, top: TOOLS_HEIGHT } : s)),
  };
}
