import type { GradeRow } from '../../metrics/grades/grades.ts';
import { GRADES, type Grade } from '../../metrics/grades/grading-setup.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { NEUTRAL_COLOR, STATUS_COLORS } from '../palette.ts';
import { formatOr, type ChartFormat } from './funnel-chart.ts';

export interface GradeDistributionLabels {
  /** Display name of each row, in row order (A–D, then e.g. "Unclassed"). */
  names: readonly string[];
  count: string;
  amount: string;
  /** Tooltip row for deals without an amount (shown only when there are some). */
  withoutAmount: string;
  /** Tooltip row: the row's share of all the rows' deals. */
  share: string;
  format: ChartFormat;
}

/** A bar as a click hands it back: the grade (or class) it stands for; null for the unclassed. */
export interface GradeBarDatum {
  value: number;
  grade: Grade | null;
}

/** The grade behind a click on a grade chart (`params.data`), or null for anything else. */
export function clickedGrade(data: unknown): Grade | null {
  if (typeof data !== 'object' || data === null || !('grade' in data)) return null;
  const { grade } = data;
  return (GRADES as readonly unknown[]).includes(grade) ? (grade as Grade) : null;
}

/** Deals and amount per grade (or customer class): two bars side by side, amount on its own axis. */
export function gradeDistributionOption(
  rows: GradeRow[],
  labels: GradeDistributionLabels,
): ChartOption {
  const { format } = labels;
  const names = rows.map((r, i) => labels.names[i] ?? r.grade ?? '');
  const total = rows.reduce((s, r) => s + r.count, 0);
  const datum = (r: GradeRow, value: number): GradeBarDatum => ({ value, grade: r.grade });
  return {
    aria: { enabled: true },
    legend: { top: 0, data: [labels.count, labels.amount] },
    grid: { left: 8, right: 8, top: 32, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const index = items[0]?.dataIndex ?? -1;
        const r = rows[index];
        if (!r) return '';
        return tooltipHtml(names[index] ?? '', [
          [labels.count, format.count(r.count)],
          [labels.share, formatOr(total > 0 ? r.count / total : null, format.percent)],
          [labels.amount, format.amount(r.amount)],
          ...(r.missingAmount > 0
            ? [[labels.withoutAmount, format.count(r.missingAmount)] as const]
            : []),
        ]);
      },
    },
    xAxis: { type: 'category', data: names },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => format.count(v) } },
      {
        type: 'value',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => format.amount(v) },
      },
    ],
    series: [
      {
        name: labels.count,
        type: 'bar',
        color: STATUS_COLORS.open,
        label: {
          show: true,
          position: 'top',
          formatter: (p: { value: number }) => format.count(p.value),
        },
        data: rows.map((r) => datum(r, r.count)),
      },
      {
        name: labels.amount,
        type: 'bar',
        yAxisIndex: 1,
        color: NEUTRAL_COLOR,
        data: rows.map((r) => datum(r, r.amount)),
      },
    ],
  };
}
