import * as echarts from 'echarts/core';
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/lib/charts/echarts.ts';
import '../../src/lib/charts/more-charts.ts';
import { redrawMode } from '../../src/lib/charts/redraw-mode.ts';

type ChartOption = echarts.EChartsCoreOption;

const isComponent = (key: string) => echarts.ComponentModel.hasClass(key);
const mode = (previous: ChartOption | undefined, next: ChartOption) =>
  redrawMode(previous, next, isComponent);

const tooltip = { trigger: 'axis', formatter: (p: unknown) => String(p) };

/** A bar chart of the kind a filter change redraws: same layout, other numbers. */
function bars(values: number[], extra: Record<string, unknown> = {}): ChartOption {
  return {
    animation: false,
    tooltip,
    legend: { data: ['Deals'] },
    xAxis: { type: 'category', data: values.map((_, i) => `S${i + 1}`) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: 'Deals', data: values, ...extra }],
  };
}

describe('redrawMode', () => {
  it('replaces the whole option on the first drawing', () => {
    expect(mode(undefined, bars([1, 2]))).toEqual({ notMerge: true });
  });

  it('keeps only the tooltip when the next option has the same keys and tooltip', () => {
    expect(mode(bars([1, 2]), bars([3, 4, 5]))).toEqual({
      replaceMerge: ['legend', 'series', 'xAxis', 'yAxis'],
    });
  });

  it('replaces the whole option when a top-level key comes or goes', () => {
    const withTitle = { ...bars([1, 2]), title: { text: 'No deals' } };
    expect(mode(bars([1, 2]), withTitle)).toEqual({ notMerge: true });
    expect(mode(withTitle, bars([1, 2]))).toEqual({ notMerge: true });
  });

  it('replaces the whole option when the tooltip changes shape', () => {
    const itemTooltip = { ...bars([1, 2]), tooltip: { trigger: 'item' } };
    const pointer = {
      ...bars([1, 2]),
      tooltip: { ...tooltip, axisPointer: { type: 'shadow' } },
    };
    expect(mode(bars([1, 2]), itemTooltip)).toEqual({ notMerge: true });
    expect(mode(bars([1, 2]), pointer)).toEqual({ notMerge: true });
  });
});

describe('a redraw through redrawMode', () => {
  const charts: echarts.ECharts[] = [];
  const chart = () => {
    const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    charts.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of charts.splice(0)) c.dispose();
  });

  // Class names carry the instance's number and the order styles were made in.
  const drawing = (c: echarts.ECharts) => c.renderToSVGString().replace(/zr\d+-cls-\d+/g, 'zr-cls');

  /** Draws `before` then `after` the way the page does, and `after` alone on a fresh chart. */
  function redrawn(before: ChartOption, after: ChartOption) {
    const page = chart();
    page.setOption(before, mode(undefined, before));
    const tooltipBefore = (page as any).getModel().getComponent('tooltip');
    page.setOption(after, mode(before, after));
    const fresh = chart();
    fresh.setOption(after, { notMerge: true });
    return {
      svg: drawing(page),
      alone: drawing(fresh),
      tooltipKept: (page as any).getModel().getComponent('tooltip') === tooltipBefore,
    };
  }

  it('draws exactly what the new option drawn alone does, and keeps its tooltip', () => {
    const result = redrawn(bars([10, 20, 30]), bars([5, 8]));
    expect(result.svg).toBe(result.alone);
    expect(result.tooltipKept).toBe(true);
  });

  it('leaves nothing of the old series behind', () => {
    const labelled = bars([11, 21, 31], { label: { show: true, position: 'top' } });
    const before = chart();
    before.setOption(labelled);
    expect(drawing(before)).toContain('>21<');
    const result = redrawn(labelled, bars([5, 7, 13]));
    expect(result.svg).toBe(result.alone);
    expect(result.svg).not.toContain('>13<');
  });
});
