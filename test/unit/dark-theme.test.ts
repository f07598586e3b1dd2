import * as echarts from 'echarts/core';
import { describe, expect, it } from 'vitest';
import { chartTheme } from '../../src/lib/charts/echarts.ts';
import '../../src/lib/charts/more-charts.ts';
import { renderSvg } from '../helpers/render-svg.ts';

type ChartOption = echarts.EChartsCoreOption;

/** The `<text>` element that says `text`. */
const textOf = (svg: string, text: string) =>
  svg.match(new RegExp(`<text[^>]*>${text}</text>`))?.[0] ?? '';

const FONT = "system-ui, 'Noto Sans CJK SC', sans-serif";

describe('chartTheme(dark, fontFamily)', () => {
  it('draws every text in the page’s font, in either theme', () => {
    for (const dark of [false, true]) {
      const svg = renderSvg(
        {
          legend: {},
          xAxis: { type: 'category', data: ['Initial Offer'] },
          yAxis: { type: 'value' },
          series: [{ name: 'Open', type: 'bar', data: [3] }],
        },
        chartTheme(dark, FONT),
      );
      const texts = svg.match(/<text[^>]*>/g) ?? [];
      expect(texts.length).toBeGreaterThan(2);
      for (const text of texts) expect(text).toContain(`font-family:${FONT}`);
    }
  });
});

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
    expect(textOf(renderSvg(bars, chartTheme(false, FONT)), '2635')).toContain(
      'stroke="rgb(255,255,255)"',
    );
    const dark = textOf(renderSvg(bars, chartTheme(true, FONT)), '2635');
    expect(dark).toContain('fill="#e6e9ef"');
    expect(dark).not.toContain('stroke=');
  });

  it('haloes a Sankey’s labels in the dark card’s colour', () => {
    const dark = textOf(renderSvg(flow, chartTheme(true, FONT)), 'Won');
    expect(dark).toContain('fill="#e6e9ef"');
    expect(dark).toMatch(/stroke="(#1b2029|rgb\(27,32,41\))"/);
  });
});
