import type { GradeStageRow } from '../../metrics/grades/grades.ts';
import { GRADES, type Grade } from '../../metrics/grades/grading-setup.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { STATUS_COLORS } from '../palette.ts';
import { formatOr, type ChartFormat } from './funnel-chart.ts';

export interface GradeStageHeatmapLabels {
  /** Display names of the open stages, in stage order. */
  stageNames: readonly string[];
  /** Display name of each grade A–D. */
  gradeNames: readonly string[];
  won: string;
  lost: string;
  /** The column of open deals at a stage the model does not place (shown only when there are). */
  unplaced: string;
  count: string;
  amount: string;
  /** Tooltip row: the cell's share of its grade's deals (what the colour shows). */
  shareOfGrade: string;
  format: ChartFormat;
}

/** Where a cell's deals are: open at a stage position, open unplaced (null), won or lost. */
export interface GradeStageCell {
  grade: Grade;
  status: GradeStageRow['status'];
  position: number | null;
}

/** `hex` (#rrggbb) mixed with white: `amount` 1 is white. The heat map's light end. */
function tint(hex: string, amount: number): string {
  const channel = (k: number) => {
    const c = parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** A heat-map cell as a click hands it back: [column, row, share] plus where its deals are. */
export interface GradeStageDatum extends GradeStageCell {
  value: [number, number, number];
  count: number;
  amount: number;
}

/** The grade and place behind a click on the heat map (`params.data`), or null. */
export function clickedGradeStage(data: unknown): GradeStageCell | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<GradeStageCell>;
  if (!(GRADES as readonly unknown[]).includes(d.grade)) return null;
  if (d.status !== 'open' && d.status !== 'won' && d.status !== 'lost') return null;
  return { grade: d.grade as Grade, status: d.status, position: d.position ?? null };
}

/**
 * Graded deals by grade (rows, A on top) and current place (columns: the open stages in order,
 * unplaced open deals when there are, then won and lost). Each cell is labelled with its deals
 * and shaded by its share of the grade's deals, so grades of different sizes compare.
 */
export function gradeStageHeatmapOption(
  rows: GradeStageRow[],
  labels: GradeStageHeatmapLabels,
): ChartOption {
  const { format } = labels;
  const k = labels.stageNames.length;
  /** An open deal's stage position, or null when the model does not place it. */
  const placed = (r: GradeStageRow) =>
    r.position !== null && r.position >= 1 && r.position <= k ? r.position : null;
  const hasUnplaced = rows.some((r) => r.status === 'open' && placed(r) === null && r.count > 0);
  const columns: Array<Omit<GradeStageCell, 'grade'> & { name: string }> = [
    ...labels.stageNames.map((name, i) => ({
      name,
      status: 'open' as const,
      position: i + 1,
    })),
    ...(hasUnplaced ? [{ name: labels.unplaced, status: 'open' as const, position: null }] : []),
    { name: labels.won, status: 'won', position: null },
    { name: labels.lost, status: 'lost', position: null },
  ];
  const column = (r: GradeStageRow) =>
    columns.findIndex(
      (c) => c.status === r.status && (r.status !== 'open' || c.position === placed(r)),
    );
  const gradeTotal = (g: Grade) =>
    rows.filter((r) => r.grade === g).reduce((s, r) => s + r.count, 0);
  const cells = new Map<string, GradeStageDatum>();
  for (const r of rows) {
    const x = column(r);
    const y = GRADES.indexOf(r.grade);
    if (x < 0 || y < 0 || r.count === 0) continue;
    const key = `${x}:${y}`;
    const cell = cells.get(key);
    const count = (cell?.count ?? 0) + r.count;
    const c = columns[x]!;
    cells.set(key, {
      value: [x, y, count / gradeTotal(r.grade)],
      count,
      amount: (cell?.amount ?? 0) + r.amount,
      grade: r.grade,
      status: c.status,
      position: c.position,
    });
  }
  const data = [...cells.values()];
  const gradeName = (g: Grade) => labels.gradeNames[GRADES.indexOf(g)] ?? g;
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 8, top: 8, bottom: 40 },
    tooltip: {
      trigger: 'item',
      formatter: (item: { data?: GradeStageDatum }) => {
        const d = item.data;
        if (!d) return '';
        return tooltipHtml(`${gradeName(d.grade)} · ${columns[d.value[0]]?.name ?? ''}`, [
          [labels.count, format.count(d.count)],
          [labels.shareOfGrade, formatOr(d.value[2], format.percent)],
          [labels.amount, format.amount(d.amount)],
        ]);
      },
    },
    xAxis: {
      type: 'category',
      data: columns.map((c) => c.name),
      splitArea: { show: true },
      axisLabel: { interval: 0, hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: GRADES.map(gradeName),
      splitArea: { show: true },
    },
    visualMap: {
      show: false,
      dimension: 2,
      min: 0,
      max: Math.max(0.01, ...data.map((d) => d.value[2])),
      inRange: { color: [tint(STATUS_COLORS.open, 0.88), STATUS_COLORS.open] },
    },
    series: [
      {
        name: labels.count,
        type: 'heatmap',
        itemStyle: { borderColor: 'transparent', borderWidth: 2 },
        label: {
          show: true,
          formatter: (p: { data: GradeStageDatum }) => format.count(p.data.count),
        },
        emphasis: { itemStyle: { shadowBlur: 6 } },
        data,
      },
    ],
  };
}
