import { describe, expect, it } from 'vitest';
import '../../src/lib/charts/echarts.ts';
import '../../src/lib/charts/more-charts.ts';
import {
  clickedGrade,
  gradeDistributionOption,
  type GradeDistributionLabels,
} from '../../src/lib/charts/options/grade-distribution.ts';
import {
  clickedGradeStage,
  gradeStageHeatmapOption,
  type GradeStageHeatmapLabels,
} from '../../src/lib/charts/options/grade-stage-heatmap.ts';
import {
  gradeWinRatesOption,
  type GradeWinRatesLabels,
} from '../../src/lib/charts/options/grade-win-rates.ts';
import type { ChartFormat } from '../../src/lib/charts/options/funnel-chart.ts';
import { FADED_OPACITY, NEUTRAL_COLOR, STATUS_COLORS } from '../../src/lib/charts/palette.ts';
import type { GradeRow, GradeStageRow } from '../../src/lib/metrics/grades/grades.ts';
import type { Grade } from '../../src/lib/metrics/grades/grading-setup.ts';
import { renderSvg } from '../helpers/render-svg.ts';

// Options are loose ECharts objects: the tests walk them as plain data.
type Loose = any;

const format: ChartFormat = {
  amount: (v) => `$${v}`,
  percent: (v) => `${Math.round(v * 100)}%`,
  count: (v) => String(v),
};
const XSS = '<img src=x onerror=alert(1)>';

function row(grade: Grade | null, count: number, won: number, closed: number): GradeRow {
  const winRate = closed > 0 ? won / closed : null;
  return {
    grade,
    count,
    amount: count * 10,
    missingAmount: grade === 'D' ? 2 : 0,
    won,
    closed,
    winRate,
    low: winRate === null ? null : Math.max(0, winRate - 0.1),
    high: winRate === null ? null : Math.min(1, winRate + 0.1),
    lift: winRate === null ? null : winRate / 0.3,
  };
}

const rows = [
  row('A', 120, 48, 100),
  row('B', 300, 60, 200),
  row('C', 10, 1, 8),
  row('D', 0, 0, 0),
];

describe('gradeDistributionOption', () => {
  const labels: GradeDistributionLabels = {
    names: ['A', 'B', 'C', XSS],
    count: 'Deals',
    amount: 'Amount',
    withoutAmount: 'Without amount',
    share: 'Share',
    format,
  };
  const option = gradeDistributionOption(rows, labels) as Loose;

  it('draws deals and amount per grade, amount on its own axis, each bar naming its grade', () => {
    expect(option.xAxis.data).toEqual(['A', 'B', 'C', XSS]);
    expect(option.series.map((s: Loose) => s.name)).toEqual(['Deals', 'Amount']);
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([120, 300, 10, 0]);
    expect(option.series[1].data.map((d: Loose) => d.value)).toEqual([1200, 3000, 100, 0]);
    expect(option.series[1].yAxisIndex).toBe(1);
    expect(option.series[0].color).toBe(STATUS_COLORS.open);
    expect(option.series[1].color).toBe(NEUTRAL_COLOR);
    expect(option.series[0].data.map(clickedGrade)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('escapes names in the tooltip and adds the share and the deals without amount', () => {
    const html = option.tooltip.formatter([{ dataIndex: 3 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).toContain('Deals: 0');
    expect(html).toContain('Without amount: 2');
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toContain('Share: 28%');
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).not.toContain('Without amount');
  });

  it('says "–" for the share of nothing and renders without NaN', () => {
    const empty = gradeDistributionOption([row('A', 0, 0, 0)], labels) as Loose;
    expect(empty.tooltip.formatter([{ dataIndex: 0 }])).toContain('Share: –');
    expect(renderSvg(option)).not.toMatch(/NaN/);
  });

  it('reads a click only from a grade bar', () => {
    expect(clickedGrade({ value: 3, grade: 'B' })).toBe('B');
    expect(clickedGrade({ value: 3, grade: null })).toBeNull();
    expect(clickedGrade({ value: 3, grade: 'E' })).toBeNull();
    expect(clickedGrade(undefined)).toBeNull();
  });
});

describe('gradeWinRatesOption', () => {
  const labels: GradeWinRatesLabels = {
    names: [XSS, 'B', 'C', 'D'],
    winRate: 'Win rate',
    interval: '95% interval',
    wonOfClosed: 'Won / closed',
    lift: 'Lift',
    overall: 'All graded',
    closedCount: (n) => `n = ${n}`,
    noClosed: 'no closed deals',
    small: 'Few closed deals',
    format,
  };
  const option = gradeWinRatesOption(rows, labels) as Loose;
  const [bars, whiskers] = option.series;

  it('draws a bar per grade with its n; an empty grade draws no bar and says so', () => {
    expect(option.xAxis.data).toEqual([
      `${XSS}\nn = 100`,
      'B\nn = 200',
      'C\nn = 8',
      'D\nno closed deals',
    ]);
    expect(bars.data.map((d: Loose) => d.value)).toEqual([0.48, 0.3, 0.125, '-']);
    expect(bars.data.map(clickedGrade)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('fades grades with few closed deals and draws the overall rate as a line', () => {
    expect(bars.data[0].itemStyle.opacity).toBe(1);
    expect(bars.data[2].itemStyle.opacity).toBe(FADED_OPACITY);
    expect(bars.markLine.data).toEqual([{ yAxis: 109 / 308 }]);
    // Drawn, not only asked for: the mark line's component is registered with the later charts.
    expect(renderSvg(option)).toContain('stroke-dasharray');
    expect(whiskers.type).toBe('custom');
    expect(whiskers.data).toHaveLength(4);
  });

  it('escapes names in the tooltip and shows rate, interval, won of closed and lift', () => {
    const html = option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Win rate: 48%');
    expect(html).toContain('95% interval: 38% – 58%');
    expect(html).toContain('Won / closed: 48 / 100');
    expect(html).toContain('Lift: × 1.60');
    expect(option.tooltip.formatter([{ dataIndex: 2 }])).toContain('Few closed deals');
  });

  it('says "–" for a grade without closed deals, never NaN or 0 %', () => {
    const html = option.tooltip.formatter([{ dataIndex: 3 }]);
    expect(html).toContain('Win rate: –');
    expect(html).toContain('Lift: –');
    expect(html).not.toMatch(/NaN|null|0%/);
    expect(renderSvg(option)).not.toMatch(/NaN/);
  });

  it('puts the label of a bar too short to hold it beside the bar, clear of its whisker', () => {
    const low = gradeWinRatesOption(
      [row('A', 100, 7, 100), row('B', 100, 8, 100)],
      labels,
    ) as Loose;
    expect(low.series[0].label.position).toBe('insideBottom');
    expect(low.series[0].data.map((d: Loose) => d.label?.position)).toEqual(['right', undefined]);
    expect(bars.data.map((d: Loose) => d.label?.position)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('leaves the overall line out when nothing closed', () => {
    const none = gradeWinRatesOption([row('A', 3, 0, 0)], labels) as Loose;
    expect(none.series[0].markLine).toBeUndefined();
  });
});

describe('gradeStageHeatmapOption', () => {
  const stage = (
    grade: Grade,
    status: GradeStageRow['status'],
    position: number | null,
    count: number,
  ): GradeStageRow => ({
    grade,
    status,
    position,
    count,
    amount: count * 10,
    missingAmount: 0,
    won: status === 'won' ? count : 0,
    closed: status === 'open' ? 0 : count,
  });
  const labels: GradeStageHeatmapLabels = {
    stageNames: ['Lead', XSS],
    gradeNames: ['A', 'B', 'C', 'D'],
    won: 'Won',
    lost: 'Lost',
    unplaced: 'Other stage',
    count: 'Deals',
    amount: 'Amount',
    shareOfGrade: 'Share of grade',
    format,
  };
  const data = [
    stage('A', 'open', 1, 2),
    stage('A', 'open', 2, 3),
    stage('A', 'won', null, 5),
    stage('B', 'lost', null, 4),
    stage('B', 'open', null, 1),
  ];
  const option = gradeStageHeatmapOption(data, labels) as Loose;
  const cells = option.series[0].data;

  it('lays the open stages, the unplaced, won and lost out as columns and A–D as rows', () => {
    expect(option.xAxis.data).toEqual(['Lead', XSS, 'Other stage', 'Won', 'Lost']);
    expect(option.yAxis.data).toEqual(['A', 'B', 'C', 'D']);
    expect(option.series[0].type).toBe('heatmap');
    expect(cells.map((c: Loose) => c.value)).toEqual([
      [0, 0, 0.2],
      [1, 0, 0.3],
      [3, 0, 0.5],
      [4, 1, 0.8],
      [2, 1, 0.2],
    ]);
    expect(cells.map((c: Loose) => c.count)).toEqual([2, 3, 5, 4, 1]);
    expect(option.visualMap.max).toBe(0.8);
    expect(option.visualMap.inRange.color).toEqual(['#e0eef6', STATUS_COLORS.open]);
  });

  it('leaves the unplaced column out when every open deal is placed', () => {
    const placed = gradeStageHeatmapOption(data.slice(0, 4), labels) as Loose;
    expect(placed.xAxis.data).toEqual(['Lead', XSS, 'Won', 'Lost']);
  });

  it('hands a click the grade and place of the cell', () => {
    expect(cells.map(clickedGradeStage)).toEqual([
      { grade: 'A', status: 'open', position: 1 },
      { grade: 'A', status: 'open', position: 2 },
      { grade: 'A', status: 'won', position: null },
      { grade: 'B', status: 'lost', position: null },
      { grade: 'B', status: 'open', position: null },
    ]);
    expect(clickedGradeStage({ grade: 'X', status: 'open' })).toBeNull();
    expect(clickedGradeStage(null)).toBeNull();
  });

  it('escapes stage names in the tooltip', () => {
    const html = option.tooltip.formatter({ data: cells[1] });
    expect(html).not.toContain('<img');
    expect(html).toContain('A · &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Deals: 3');
    expect(html).toContain('Share of grade: 30%');
    expect(html).toContain('Amount: $30');
  });

  it('renders as SVG with the cell counts', () => {
    const svg = renderSvg(option);
    expect(svg).not.toMatch(/NaN/);
    expect(svg).toContain('>5<');
  });
});
