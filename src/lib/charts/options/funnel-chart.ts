import type { FunnelResult } from '../../metrics/funnel.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { FADED_OPACITY, SMALL_N, STATUS_COLORS, stageColor } from '../palette.ts';

/**
 * Number formats in the UI language, passed in by the caller (e.g. formatAmount with the locale).
 * Builders only pass finite numbers; a missing value is shown as MISSING.
 */
export interface ChartFormat {
  amount: (value: number) => string;
  percent: (value: number) => string;
  count: (value: number) => string;
  /** Days in a stage, e.g. "12 d" or "12 天"; the count format when left out. */
  days?: (value: number) => string;
}

/** Shown for a value that does not exist (a rate of nothing, a stage without history). */
export const MISSING = '–';

/** `value` through `format`, or MISSING when it is null or not finite: never "NaN" or "null%". */
export function formatOr(value: number | null | undefined, format: (value: number) => string) {
  return value === null || value === undefined || !Number.isFinite(value) ? MISSING : format(value);
}

/** A stage's display name: the caller's translated name, else the name in the data. */
export function stageName(stageNames: readonly string[], position: number, fallback?: string) {
  return stageNames[position - 1] ?? fallback ?? String(position);
}

export interface FunnelChartLabels {
  /** Display names of the open stages, in stage order. */
  stageNames: readonly string[];
  /** The final bar and its tooltip title. */
  won: string;
  reached: string;
  amount: string;
  /** Tooltip row for reached deals without an amount (shown only when there are some). */
  withoutAmount: string;
  passed: string;
  lostAt: string;
  openAt: string;
  medianDays: string;
  /** Prefix of the "% of previous stage" figure, e.g. "vs prev." or "环比". */
  ofPrevious: string;
  /** Prefix of the "% of the first stage" figure, e.g. "of first" or "累计". */
  ofFirst: string;
  format: ChartFormat;
}

export interface FunnelChartInput {
  funnel: FunnelResult;
  labels: FunnelChartLabels;
  /**
   * For a phone's width: each bar says its count over its "% of previous" and leaves "% of
   * first" to its tooltip and the table, as one line of all three runs past the chart's edge.
   */
  compact?: boolean;
}

/**
 * One bar of the funnel chart, as ECharts hands it back in a click event's `params.data`:
 * `position` is the stage's 1-based position (FunnelStage.position), or null for the Won bar
 * (which also carries `outcome: 'won'`).
 */
export interface FunnelBarDatum {
  value: number;
  name: string;
  position: number | null;
  outcome?: 'won';
  itemStyle: { color: string; opacity: number };
}

/**
 * The stage behind a click on the funnel chart: pass the click event's `params.data`.
 *
 *     instance.on('click', (params) => select(clickedPosition(params.data)));
 *
 * Returns the 1-based stage position, or null for the Won bar or anything else.
 */
export function clickedPosition(data: unknown): number | null {
  if (typeof data !== 'object' || data === null || !('position' in data)) return null;
  const { position } = data;
  return typeof position === 'number' && Number.isInteger(position) ? position : null;
}

interface IndexParams {
  dataIndex: number;
}

/**
 * The funnel as horizontal bars, one per open stage in order and a final Won bar, each as wide
 * as the deals that reached it, coloured by stage (won in its status colour) and faded below
 * SMALL_N. Each bar is labelled with its count, "% of previous" (the previous stage's pass rate)
 * and "% of first" (cumulative conversion). Data items are FunnelBarDatum: a click handler reads
 * `params.data.position` (see clickedPosition).
 */
export function funnelChartOption({
  funnel,
  labels,
  compact = false,
}: FunnelChartInput): ChartOption {
  const { format } = labels;
  const days = format.days ?? format.count;
  const pct = (v: number | null) => formatOr(v, format.percent);
  const stages = funnel.stages;
  const k = stages.length;
  const first = stages[0]?.reached ?? 0;
  const last = stages[k - 1];

  const barLabel = (count: string, ofPrevious: string | null, ofFirst: string) =>
    compact
      ? [count, ofPrevious].filter(Boolean).join('\n')
      : [count, ofPrevious, ofFirst].filter(Boolean).join(' · ');
  const data: FunnelBarDatum[] = [];
  const barLabels: string[] = [];
  const tooltips: string[] = [];

  stages.forEach((stage, i) => {
    const name = stageName(labels.stageNames, stage.position, stage.stage);
    const previous = i > 0 ? (stages[i - 1]?.passRate ?? null) : null;
    data.push({
      value: stage.reached,
      name,
      position: stage.position,
      itemStyle: {
        color: stageColor(stage.position, k),
        opacity: stage.reached < SMALL_N ? FADED_OPACITY : 1,
      },
    });
    barLabels.push(
      barLabel(
        format.count(stage.reached),
        i > 0 ? `${labels.ofPrevious} ${pct(previous)}` : null,
        `${labels.ofFirst} ${pct(stage.cumulative)}`,
      ),
    );
    tooltips.push(
      tooltipHtml(name, [
        [labels.reached, format.count(stage.reached)],
        ...(i > 0 ? [[labels.ofPrevious, pct(previous)] as const] : []),
        [labels.ofFirst, pct(stage.cumulative)],
        [labels.amount, formatOr(stage.amount, format.amount)],
        ...(stage.missingAmount > 0
          ? [[labels.withoutAmount, format.count(stage.missingAmount)] as const]
          : []),
        [labels.passed, format.count(stage.passed)],
        [labels.lostAt, format.count(stage.lost)],
        [labels.openAt, format.count(stage.open)],
        [labels.medianDays, formatOr(stage.medianDays, days)],
      ]),
    );
  });

  if (last) {
    const won = last.passed;
    const ofFirst = first > 0 ? won / first : null;
    data.push({
      value: won,
      name: labels.won,
      position: null,
      outcome: 'won',
      itemStyle: { color: STATUS_COLORS.won, opacity: won < SMALL_N ? FADED_OPACITY : 1 },
    });
    barLabels.push(
      barLabel(
        format.count(won),
        `${labels.ofPrevious} ${pct(last.passRate)}`,
        `${labels.ofFirst} ${pct(ofFirst)}`,
      ),
    );
    tooltips.push(
      tooltipHtml(labels.won, [
        [labels.won, format.count(won)],
        [labels.ofPrevious, pct(last.passRate)],
        [labels.ofFirst, pct(ofFirst)],
      ]),
    );
  }

  const widest = Math.max(1, ...data.map((d) => d.value));
  return {
    aria: { enabled: true },
    tooltip: {
      trigger: 'item',
      formatter: (params: IndexParams) => tooltips[params.dataIndex] ?? '',
    },
    grid: { left: 8, right: 8, top: 8, bottom: 8 },
    // Room on the right for the bar labels: the bars use at most 60 % of the width.
    xAxis: { type: 'value', show: false, min: 0, max: Math.ceil(widest / 0.6) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.name),
      axisTick: { show: false },
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        id: 'funnel',
        barCategoryGap: '25%',
        data,
        label: {
          show: true,
          position: 'right',
          // The bar fades for a small n; its numbers stay readable.
          opacity: 1,
          formatter: (params: IndexParams) => barLabels[params.dataIndex] ?? '',
        },
      },
    ],
  };
}
