import type { ChartOption } from '../echarts.ts';
import { STATUS_COLORS } from '../palette.ts';

export interface StageStatusInput {
  rows: Array<{ stage: string; status: 'open' | 'won' | 'lost'; n: number; stage_order: number }>;
  statusLabels: Record<'open' | 'won' | 'lost', string>;
  emptyStageLabel: string;
  /** The stage's display name (translated); the data's name when left out. */
  stageName?: (stage: string) => string;
}

/** A bar's segment as a click hands it back: the stage as in the data, and the status. */
export interface StageStatusClick {
  stage: string;
  status: 'open' | 'won' | 'lost';
}

/** Horizontal stacked bars: one bar per current stage, split open / won / lost. */
export function stageStatusOption({
  rows,
  statusLabels,
  emptyStageLabel,
  stageName = (stage) => stage,
}: StageStatusInput): ChartOption {
  const stages = [...new Map(rows.map((r) => [r.stage, r.stage_order])).entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([stage]) => stage);
  const statuses = ['open', 'won', 'lost'] as const;
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: statuses.map((s) => statusLabels[s]) },
    grid: { left: 8, right: 24, top: 32, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stages.map((s) => (s === '' ? emptyStageLabel : stageName(s))),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: statuses.map((status) => ({
      name: statusLabels[status],
      type: 'bar',
      stack: 'status',
      color: STATUS_COLORS[status],
      emphasis: { focus: 'series' },
      data: stages.map((stage) => ({
        value: rows.find((r) => r.stage === stage && r.status === status)?.n ?? 0,
        stage,
        status,
      })),
    })),
  };
}
