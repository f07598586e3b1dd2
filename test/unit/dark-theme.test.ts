import * as echarts from 'echarts/core';
import { describe, expect, it } from 'vitest';
import '../../src/lib/charts/echarts.ts';
import '../../src/lib/charts/more-charts.ts';

type ChartOption = echarts.EChartsCoreOption;

function renderSvg(option: ChartOption, theme: string | null): string {
  const chart = echarts.init(null, theme, { renderer: 'svg', ssr: true, width: 600, height: 300 });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The `<text>` element that says `text`. */
const textOf = (svg: string, text: string) =>
  svg.match(new RegExp(`<text[^>]*>${text}</text>`))?.[0] ?? '';

describe('the dark chart theme', () => {
  const bars: ChartOption = {
    xAxis: { type: 'category', data: ['A', 'B'] },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', label: { show: true, position: 'top' }, data: [2635, 2099] }],
  };
  const flow: ChartOption = {
    series: [
      {
        type: 'sankey',
        data: [{ name: 'Potential' }, { name: 'Won' }],
        links: [{ source: 'Potential', target: 'Won', value: 3 }],
      },
    ],
  };

  it('writes a bar’s label above it in light text, without the light theme’s white outline', () => {
    expect(textOf(renderSvg(bars, null), '2635')).toContain('stroke="rgb(255,255,255)"');
    const dark = textOf(renderSvg(bars, 'funnelcast-dark'), '2635');
    expect(dark).toContain('fill="#e6e9ef"');
    expect(dark).not.toContain('stroke=');
  });

  it('haloes a Sankey’s labels in the dark card’s colour', () => {
    const dark = textOf(renderSvg(flow, 'funnelcast-dark'), 'Won');
    expect(dark).toContain('fill="#e6e9ef"');
    expect(dark).toMatch(/stroke="(#1b2029|rgb\(27,32,41\))"/);
  });
});
