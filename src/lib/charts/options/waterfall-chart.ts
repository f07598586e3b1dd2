import type { WaterfallStep, WaterfallStepKind } from '../../metrics/forecast/waterfall.ts';
import type { ChartOption } from '../echarts.ts';
import { tooltipHtml } from '../escape-html.ts';
import { STATUS_COLORS } from '../palette.ts';
import { amountAxis, axisTooltip } from './axis-tooltip.ts';
import type { ChartFormat } from './funnel-chart.ts';

export interface WaterfallLabels {
  step: (step: WaterfallStepKind) => string;
  deals: string;
  withoutAmount: string;
  format: ChartFormat;
}

const LEVEL_COLOR = '#0072B2';
const UP_COLOR = '#56B4E9';

function color(step: WaterfallStep): string {
  if (step.step === 'start' || step.step === 'end') return LEVEL_COLOR;
  if (step.step === 'won') return STATUS_COLORS.won;
  if (step.step === 'lost') return STATUS_COLORS.lost;
  return step.amount >= 0 ? UP_COLOR : '#E69F00';
}

/**
 * A waterfall: start and end as full columns, each change floating from the running total (an
 * invisible base column carries it), rises upwards and falls downwards.
 */
export function waterfallOption(steps: WaterfallStep[], labels: WaterfallLabels): ChartOption {
  const { format } = labels;
  let running = 0;
  const bars = steps.map((s) => {
    if (s.step === 'start' || s.step === 'end') {
      running = s.amount;
      return { base: 0, size: s.amount };
    }
    const before = running;
    running += s.amount;
    return { base: Math.min(before, running), size: Math.abs(s.amount) };
  });
  return {
    aria: { enabled: true },
    tooltip: axisTooltip(steps, (s) => {
      const sign = s.step === 'start' || s.step === 'end' || s.amount < 0 ? '' : '+';
      const rows: Array<[string, string]> = [
        ['', `${sign}${format.amount(s.amount)}`],
        [labels.deals, format.count(s.count)],
      ];
      if (s.missingAmount > 0) rows.push([labels.withoutAmount, format.count(s.missingAmount)]);
      return tooltipHtml(labels.step(s.step), rows);
    }),
    grid: { left: 8, right: 8, top: 16, bottom: 8 },
    xAxis: { type: 'category', data: steps.map((s) => labels.step(s.step)) },
    yAxis: amountAxis(format.amount),
    series: [
      {
        type: 'bar',
        stack: 'waterfall',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: bars.map((b) => b.base),
      },
      {
        type: 'bar',
        stack: 'waterfall',
        // On a phone's width two short steps' amounts run into each other: the tooltip keeps both.
        labelLayout: { hideOverlap: true },
        label: {
          show: true,
          position: 'top',
          textBorderWidth: 0,
          formatter: (p: { dataIndex: number }) => {
            const s = steps[p.dataIndex];
            if (!s) return '';
            const level = s.step === 'start' || s.step === 'end';
            return `${!level && s.amount > 0 ? '+' : ''}${format.amount(s.amount)}`;
          },
        },
        data: bars.map((b, i) => ({ value: b.size, itemStyle: { color: color(steps[i]!) } })),
      },
    ],
  };
}
