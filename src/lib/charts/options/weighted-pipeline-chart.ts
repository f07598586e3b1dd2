import type { PipelineBucket, WeightedPipeline } from '../../metrics/forecast/weighted-pipeline.ts';
import { NO_CLOSE_DATE, OVERDUE } from '../../metrics/forecast/weighted-pipeline-sql.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { NEUTRAL_COLOR } from '../palette.ts';
import { amountAxis, axisTooltip } from './axis-tooltip.ts';
import type { ChartFormat } from './funnel-chart.ts';

/** Stack parts drawn on their own; the rest are summed into one "others" series. */
export const MAX_PARTS = 9;

export interface WeightedPipelineLabels {
  /** Display name of each stack part ('' is the unknown part). */
  part: (part: string) => string;
  /** Colour of each stack part; ECharts' palette when undefined. */
  color: (part: string) => string | undefined;
  overdue: string;
  noCloseDate: string;
  open: string;
  amount: string;
  weighted: string;
  noAmount: string;
  noRate: string;
  others: string;
  format: ChartFormat;
}

/** The item a click hands back: the bucket (period, `overdue` or `none`) and the stack part. */
export interface PipelineClick {
  period: string;
  /** null for the "others" series. */
  part: string | null;
}

/**
 * Stacked columns of Σ amount · rate per close-date period, one stack per part (stage, grade or
 * segment value), with the overdue and undated buckets drawn apart at the right, only when they
 * hold deals.
 */
export function weightedPipelineOption(
  pipeline: WeightedPipeline,
  labels: WeightedPipelineLabels,
): ChartOption {
  const buckets: PipelineBucket[] = [
    ...pipeline.periods,
    ...[pipeline.overdue, pipeline.noCloseDate].filter((b) => b.open > 0),
  ];
  const name = (b: PipelineBucket) =>
    b.period === OVERDUE
      ? labels.overdue
      : b.period === NO_CLOSE_DATE
        ? labels.noCloseDate
        : b.period;
  const { format } = labels;
  const shown = pipeline.parts.slice(0, MAX_PARTS);
  const rest = pipeline.parts.slice(MAX_PARTS);
  const series: Array<{ name: string; parts: string[]; part: string | null }> = shown.map(
    (part) => ({ name: labels.part(part), parts: [part], part }),
  );
  if (rest.length > 0) series.push({ name: labels.others, parts: rest, part: null });
  const sum = (b: PipelineBucket, parts: string[]) =>
    parts.reduce((total, p) => total + (b.parts[p] ?? 0), 0);
  return {
    aria: { enabled: true },
    tooltip: axisTooltip(buckets, (b) => {
      const rows: Array<[string, string]> = [
        [labels.open, format.count(b.open)],
        [labels.amount, format.amount(b.amount)],
        [labels.weighted, format.amount(b.weighted)],
        ...series
          .filter((s) => sum(b, s.parts) > 0)
          .map((s): [string, string] => [`· ${s.name}`, format.amount(sum(b, s.parts))]),
      ];
      if (b.noAmount > 0) rows.push([labels.noAmount, format.count(b.noAmount)]);
      if (b.noRate > 0) rows.push([labels.noRate, format.count(b.noRate)]);
      return tooltipHtml(name(b), rows);
    }),
    legend: { top: 0, type: 'scroll', data: series.map((s) => s.name) },
    grid: { left: 8, right: 8, top: 32, bottom: 8 },
    xAxis: { type: 'category', data: buckets.map(name) },
    yAxis: amountAxis(format.amount),
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      stack: 'weighted',
      color: s.part === null ? NEUTRAL_COLOR : labels.color(s.part),
      data: buckets.map((b) => ({
        value: sum(b, s.parts),
        period: b.period,
        part: s.part,
        itemStyle:
          b.period === OVERDUE || b.period === NO_CLOSE_DATE ? { opacity: 0.45 } : undefined,
      })),
    })),
  };
}
