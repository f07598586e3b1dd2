import type { GradeRow } from '../../metrics/grades/grades.ts';
import { intervalSeries } from './interval-series.ts';
import { ratio } from '../../metrics/ratio.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { FADED_OPACITY, NEUTRAL_COLOR, SMALL_N, STATUS_COLORS } from '../palette.ts';
import type { GradeBarDatum } from './grade-distribution.ts';
import { formatOr, MISSING, type ChartFormat } from './funnel-chart.ts';

/** The least win rate whose bar holds its label (a line of text in a plot ~230 px tall). */
const LABEL_INSIDE_FROM = 0.08;

export interface GradeWinRatesLabels {
  /** Display name of each row, in row order. */
  names: readonly string[];
  winRate: string;
  interval: string;
  /** Tooltip row "won of closed", e.g. "Won / closed". */
  wonOfClosed: string;
  lift: string;
  /** The dashed line: the win rate of all the rows' closed deals. */
  overall: string;
  /** Under a bar: its closed deals, e.g. (n) => `n = ${n}`. */
  closedCount: (n: number) => string;
  /** Under a row without closed deals, instead of a 0 % bar. */
  noClosed: string;
  /** Tooltip note for rows below SMALL_N closed deals. */
  small: string;
  format: ChartFormat;
}

/**
 * Win rate per grade (or customer class) as a bar with its 95 % Wilson interval as a whisker and
 * the rows' overall win rate as a dashed line; each category names its closed deals (n), a row
 * without closed deals draws no bar and says so, and rows below SMALL_N closed deals are faded.
 */
export function gradeWinRatesOption(rows: GradeRow[], labels: GradeWinRatesLabels): ChartOption {
  const { format } = labels;
  const pct = (v: number | null) => formatOr(v, format.percent);
  const names = rows.map((r, i) => labels.names[i] ?? r.grade ?? '');
  const overall = ratio(
    rows.reduce((s, r) => s + r.won, 0),
    rows.reduce((s, r) => s + r.closed, 0),
  );
  const categories = names.map(
    (name, i) =>
      `${name}\n${(rows[i]?.closed ?? 0) > 0 ? labels.closedCount(rows[i]!.closed) : labels.noClosed}`,
  );
  const bars: Array<GradeBarDatum | { value: '-'; grade: GradeBarDatum['grade'] }> = rows.map(
    (r) =>
      r.winRate === null
        ? { value: '-', grade: r.grade }
        : {
            value: r.winRate,
            grade: r.grade,
            itemStyle: { opacity: r.closed < SMALL_N ? FADED_OPACITY : 1 },
            // A bar too short to hold its label has it beside, in the axis' colour: above it, the
            // label would sit on the interval's whisker.
            ...(r.winRate < LABEL_INSIDE_FROM ? { label: { position: 'right' } } : {}),
          },
  );
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 24, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const index = items[0]?.dataIndex ?? -1;
        const r = rows[index];
        if (!r) return '';
        return tooltipHtml(names[index] ?? '', [
          [labels.winRate, pct(r.winRate)],
          [labels.interval, r.low === null ? MISSING : `${pct(r.low)} – ${pct(r.high)}`],
          [labels.wonOfClosed, `${format.count(r.won)} / ${format.count(r.closed)}`],
          [labels.lift, r.lift === null ? MISSING : `× ${r.lift.toFixed(2)}`],
          [labels.overall, pct(overall)],
          ...(r.closed > 0 && r.closed < SMALL_N ? [['', labels.small] as const] : []),
        ]);
      },
    },
    xAxis: {
      type: 'category',
      data: categories,
      // An explicit line height makes room for both lines of a label (grade, closed count).
      axisLabel: { interval: 0, fontSize: 11, lineHeight: 14 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => format.percent(v) },
    },
    series: [
      {
        name: labels.winRate,
        type: 'bar',
        barWidth: '45%',
        color: STATUS_COLORS.won,
        label: {
          show: true,
          position: 'insideBottom',
          formatter: (p: { value: number }) => pct(p.value),
        },
        data: bars,
        markLine:
          overall === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: NEUTRAL_COLOR },
                // Inside the plot, over the line's end: past it the label ran off the chart.
                label: {
                  position: 'insideEndTop',
                  formatter: () => `${labels.overall} ${pct(overall)}`,
                },
                data: [{ yAxis: overall }],
              },
      },
      intervalSeries(labels.interval, rows),
    ],
  };
}
