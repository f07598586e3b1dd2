import type { ChartOption } from '../echarts.ts';
import { STATUS_COLORS } from '../palette.ts';

export interface CreatedByQuarterInput {
  rows: Array<{ quarter: string; status: 'open' | 'won' | 'lost'; n: number }>;
  statusLabels: Record<'open' | 'won' | 'lost', string>;
}

/** A column's segment as a click hands it back. */
export interface CreatedByQuarterClick {
  quarter: string;
  status: 'open' | 'won' | 'lost';
}

/** Stacked columns: opportunities created per quarter, split by their status today. */
export function createdByQuarterOption({ rows, statusLabels }: CreatedByQuarterInput): ChartOption {
  const quarters = [...new Set(rows.map((r) => r.quarter))].sort();
  const statuses = ['won', 'lost', 'open'] as const;
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: statuses.map((s) => statusLabels[s]) },
    grid: { left: 8, right: 8, top: 32, bottom: 8 },
    xAxis: { type: 'category', data: quarters },
    yAxis: { type: 'value', minInterval: 1 },
    series: statuses.map((status) => ({
      name: statusLabels[status],
      type: 'bar',
      stack: 'status',
      color: STATUS_COLORS[status],
      data: quarters.map((quarter) => ({
        value: rows.find((r) => r.quarter === quarter && r.status === status)?.n ?? 0,
        quarter,
        status,
      })),
    })),
  };
}
