import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
} from 'echarts';
import type { FunnelResult } from '../../metrics/funnel.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { FADED_OPACITY, SMALL_N, stageColor } from '../palette.ts';
import { type ChartFormat, formatOr, stageName } from './funnel-chart.ts';

export interface StageDaysLabels {
  /** Display names of the open stages, in stage order. */
  stageNames: readonly string[];
  /** Name of the value axis, e.g. "Days in stage". */
  days: string;
  median: string;
  p75: string;
  p90: string;
  /** Tooltip row: completed visits behind the day figures. */
  visits: string;
  /** Tooltip line for a stage without completed visits, e.g. "No history". */
  noHistory: string;
  /** Tooltip row: open deals at the stage for longer than its P90, of the open deals dated. */
  stale: string;
  format: ChartFormat;
}

export interface StageDaysInput {
  funnel: FunnelResult;
  labels: StageDaysLabels;
}

/**
 * Days in stage: per open stage a bar to the median (stage colour; no bar without history) and a
 * whisker from the median on to P90 with a tick at P75 and a taller one at P90. Stages with fewer
 * than SMALL_N completed visits are faded; the axis label carries n (visits), the tooltip the
 * figures, or "no history", and the stale open deals.
 */
export function stageDaysOption({ funnel, labels }: StageDaysInput): ChartOption {
  const { format } = labels;
  const days = format.days ?? format.count;
  const stages = funnel.stages;
  const k = stages.length;
  const colors = stages.map((s) => stageColor(s.position, k));
  const opacity = stages.map((s) => (s.visits < SMALL_N ? FADED_OPACITY : 1));
  const hasDays = stages.map((s) => s.visits > 0 && isNumber(s.medianDays));

  const tooltips = stages.map((s, i) => {
    const name = stageName(labels.stageNames, s.position, s.stage);
    const stale: [string, string] = [
      labels.stale,
      `${format.count(s.stale)} / ${format.count(s.openDated)}`,
    ];
    if (!hasDays[i]) return tooltipHtml(name, [['', labels.noHistory], stale]);
    return tooltipHtml(name, [
      [labels.visits, format.count(s.visits)],
      [labels.median, formatOr(s.medianDays, days)],
      [labels.p75, formatOr(s.p75Days, days)],
      [labels.p90, formatOr(s.p90Days, days)],
      stale,
    ]);
  });

  const whiskers = stages.flatMap((s, i) =>
    hasDays[i] && isNumber(s.medianDays)
      ? [
          {
            value: [
              s.medianDays,
              i,
              isNumber(s.p75Days) ? s.p75Days : s.medianDays,
              isNumber(s.p90Days) ? s.p90Days : s.medianDays,
            ],
            itemStyle: { color: colors[i], opacity: opacity[i] },
          },
        ]
      : [],
  );

  const renderWhisker = (
    _params: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const [median, row, p75, p90] = [0, 1, 2, 3].map((d) => Number(api.value(d)));
    if (![median, row, p75, p90].every((v) => Number.isFinite(v))) return null;
    const [x0 = 0, y = 0] = api.coord([median, row]);
    const [x75 = 0] = api.coord([p75, row]);
    const [x90 = 0] = api.coord([p90, row]);
    const size = api.size?.([0, 1]);
    const band = Array.isArray(size) ? (size[1] ?? 0) : 0;
    const h = Math.max(4, band * 0.25);
    const style = { stroke: String(api.visual('color')), lineWidth: 1.5, fill: 'none' };
    const line = (x1: number, y1: number, x2: number, y2: number) => ({
      type: 'line' as const,
      shape: { x1, y1, x2, y2 },
      style,
    });
    return {
      type: 'group',
      children: [
        line(x0, y, x90, y),
        line(x75, y - h / 2, x75, y + h / 2),
        line(x90, y - h, x90, y + h),
      ],
    };
  };

  return {
    aria: { enabled: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: AxisParam | AxisParam[]) => {
        const index = stageIndexOf(Array.isArray(params) ? params : [params]);
        return index === null ? '' : (tooltips[index] ?? '');
      },
    },
    grid: { left: 8, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', name: labels.days, nameLocation: 'middle', nameGap: 24, min: 0 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stages.map(
        (s) =>
          `${stageName(labels.stageNames, s.position, s.stage)} (n = ${format.count(s.visits)})`,
      ),
      axisTick: { show: false },
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        id: 'median',
        name: labels.median,
        barWidth: '45%',
        data: stages.map((s, i) => ({
          value: hasDays[i] ? s.medianDays : null,
          position: s.position,
          itemStyle: { color: colors[i], opacity: opacity[i] },
        })),
      },
      {
        type: 'custom',
        id: 'spread',
        name: `${labels.p75} – ${labels.p90}`,
        renderItem: renderWhisker,
        encode: { x: [0, 2, 3], y: 1 },
        z: 3,
        data: whiskers,
      },
    ],
  };
}

function isNumber(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}

interface AxisParam {
  seriesIndex?: number;
  dataIndex: number;
  value?: unknown;
}

/**
 * The stage behind an axis tooltip: the median bars hold one item per stage (data index = stage
 * index); the whiskers only exist for stages with history and carry the stage index as value[1].
 */
function stageIndexOf(params: AxisParam[]): number | null {
  for (const p of params) {
    if (p.seriesIndex === 0) return p.dataIndex;
    if (p.seriesIndex === 1 && Array.isArray(p.value) && typeof p.value[1] === 'number') {
      return p.value[1];
    }
  }
  return null;
}
