import type { SegmentFunnel } from '../../metrics/segment-funnels.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { FADED_OPACITY, SMALL_N, STATUS_COLORS, stageColor } from '../palette.ts';
import { type ChartFormat, formatOr, stageName } from './funnel-chart.ts';

export interface SegmentFunnelsLabels {
  /** The last bar of each row: won ÷ all deals of the segment. */
  won: string;
  /** Display name of the empty segment value, e.g. "(blank)". */
  blank: string;
  /** Tooltip row: deals that reached the stage. */
  reached: string;
  /** The note under the chart when segments were left out, followed by their count. */
  leftOut: string;
  format: ChartFormat;
}

export interface SegmentFunnelsInput {
  /** Already sorted, best first (as computeSegmentFunnels returns them). */
  segments: SegmentFunnel[];
  /** Display names of the open stages, in stage order. */
  stageNames: readonly string[];
  labels: SegmentFunnelsLabels;
  /** At most this many segments are drawn; the note says how many more there were. */
  limit?: number;
}

/** A segment's row label: its name with n, e.g. "East (n = 1,024)". */
export function segmentLabel(segment: SegmentFunnel, labels: SegmentFunnelsLabels): string {
  const name = segment.segment === '' ? labels.blank : segment.segment;
  return `${name} (n = ${labels.format.count(segment.total)})`;
}

interface AxisParam {
  dataIndex: number;
}

/**
 * Funnels side by side: one row per segment (best first, at most `limit`), holding a bar per
 * stage for its cumulative conversion (reached ÷ the segment's deals, stage colours) and a Won bar
 * (conversion, won colour). Rows of segments with fewer than SMALL_N deals are faded; the row
 * label carries n; a note under the chart says how many segments were left out.
 */
export function segmentFunnelsOption({
  segments,
  stageNames,
  labels,
  limit = 12,
}: SegmentFunnelsInput): ChartOption {
  const { format } = labels;
  const pct = (v: number | null) => formatOr(v, format.percent);
  const shown = segments.slice(0, Math.max(0, Math.floor(limit)));
  const hidden = segments.length - shown.length;
  const k = Math.max(stageNames.length, ...shown.map((s) => s.stages.length));
  const opacity = shown.map((s) => (s.total < SMALL_N ? FADED_OPACITY : 1));
  const names = uniqueNames([
    ...Array.from({ length: k }, (_, i) => stageName(stageNames, i + 1)),
    labels.won,
  ]);

  const tooltips = shown.map((segment) =>
    tooltipHtml(segmentLabel(segment, labels), [
      ...Array.from({ length: k }, (_, i) => {
        const stage = segment.stages[i];
        const reached = stage ? ` (${format.count(stage.reached)})` : '';
        return [names[i] ?? '', `${pct(stage?.cumulative ?? null)}${reached}`] as const;
      }),
      [labels.won, `${pct(segment.conversion)} (${format.count(segment.won)})`],
    ]),
  );

  const stageSeries = Array.from({ length: k }, (_, i) => ({
    type: 'bar',
    id: `stage-${i + 1}`,
    name: names[i],
    color: stageColor(i + 1, k),
    data: shown.map((segment, row) => ({
      value: finiteOrNull(segment.stages[i]?.cumulative),
      itemStyle: { opacity: opacity[row] },
    })),
  }));
  const wonSeries = {
    type: 'bar',
    id: 'won',
    name: names[k],
    color: STATUS_COLORS.won,
    data: shown.map((segment, row) => ({
      value: finiteOrNull(segment.conversion),
      itemStyle: { opacity: opacity[row] },
    })),
  };

  return {
    aria: { enabled: true },
    title: {
      show: hidden > 0,
      text: hidden > 0 ? `${labels.leftOut}: ${format.count(hidden)}` : '',
      left: 8,
      bottom: 0,
      textStyle: { fontSize: 12, fontWeight: 'normal' },
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam | AxisParam[]) => {
        const first = Array.isArray(params) ? params[0] : params;
        return first ? (tooltips[first.dataIndex] ?? '') : '';
      },
    },
    // One line that pages, not rows that wrap over the bars on a phone.
    legend: { top: 0, type: 'scroll', data: names },
    grid: { left: 8, right: 24, top: 32, bottom: hidden > 0 ? 28 : 8 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (value: number) => format.percent(value), hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((segment) => segmentLabel(segment, labels)),
      axisTick: { show: false },
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [...stageSeries, wonSeries],
  };
}

function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Legend entries must differ: a repeated name gets its 1-based place appended. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name, i) => {
    const unique = seen.has(name) ? `${name} (${i + 1})` : name;
    seen.add(unique);
    return unique;
  });
}
