import { BarChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { clearOfTools, TOOLS_OVERLAY_MEDIA } from './clear-of-tools.ts';
import { rangeDrag } from './range-drag.ts';
import { redrawMode } from './redraw-mode.ts';

/** What the first view draws; the other views add theirs with `more-charts.ts`. */
echarts.use([
  BarChart,
  GridComponent,
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

const DARK_TEXT = '#e6e9ef';
const DARK_MUTED = '#9aa3b2';
const DARK_LINE = '#2c3340';
const DARK_SURFACE = '#1b2029';
const darkAxis = {
  axisLine: { lineStyle: { color: DARK_MUTED } },
  axisTick: { lineStyle: { color: DARK_MUTED } },
  axisLabel: { color: DARK_MUTED },
  splitLine: { lineStyle: { color: DARK_LINE } },
};

/** Text, axes and tooltips readable on the dark theme's surfaces (the light theme is ECharts'). */
const DARK_THEME = {
  backgroundColor: 'transparent',
  textStyle: { color: DARK_TEXT },
  legend: { textStyle: { color: DARK_TEXT }, pageTextStyle: { color: DARK_MUTED } },
  categoryAxis: darkAxis,
  valueAxis: darkAxis,
  tooltip: {
    backgroundColor: DARK_SURFACE,
    borderColor: DARK_LINE,
    textStyle: { color: DARK_TEXT },
  },
  visualMap: { textStyle: { color: DARK_TEXT } },
  // A bar's label otherwise keeps the light theme's dark grey with a white outline: over the dark
  // card, a white smudge.
  bar: { label: { color: DARK_TEXT, textBorderColor: 'transparent' } },
  // Over the flows, a Sankey's labels keep their halo, in the card's dark colour.
  sankey: { label: { color: DARK_TEXT, textBorderColor: DARK_SURFACE } },
};

/**
 * A chart's theme, ECharts' own or the dark one, with its text in `fontFamily` (the page's).
 * ECharts lays labels out by measuring them on a canvas, which does not follow the page's language
 * as the drawn SVG text does: on a zh-CN page a generic sans-serif drew Latin text wider than it
 * was measured, and a y axis' "Initial Offer" ran past the chart's left edge. A named font stack
 * draws as it measures.
 */
export function chartTheme(dark: boolean, fontFamily: string): object {
  return dark
    ? { ...DARK_THEME, textStyle: { ...DARK_THEME.textStyle, fontFamily } }
    : { textStyle: { fontFamily } };
}

/** What a chart answers: a click on an item (its data), a drag across categories (their names). */
export interface ChartHandlers {
  click: () => ((data: unknown) => void) | undefined;
  range: () => ((categories: string[]) => void) | undefined;
}

/**
 * An attachment that holds one ECharts instance for its element: init once (per theme), follow
 * the element's size, dispose on removal. The handlers are read at each click or drag, so new
 * ones do not re-create the chart; `draw` puts options in.
 */
export function chart(
  oninstance: (instance: echarts.ECharts | null) => void,
  handlers: ChartHandlers,
  dark = false,
) {
  return (element: HTMLElement) => {
    // Single quotes: ECharts writes the family into an SVG attribute as it is (the PNG export
    // reads that SVG, which double quotes would break).
    const font = getComputedStyle(element).fontFamily.replaceAll('"', "'");
    const theme = chartTheme(dark, font);
    const instance = echarts.init(element, theme, { renderer: 'svg' });
    instance.on('finished', () => element.setAttribute('data-chart-ready', 'true'));
    instance.on('click', (params) => handlers.click()?.(params.data));
    const stopDrag = rangeDrag(instance, handlers.range);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    oninstance(instance);
    return () => {
      oninstance(null);
      observer.disconnect();
      stopDrag();
      instance.dispose();
    };
  };
}

const matches = (query: string) => typeof matchMedia === 'function' && matchMedia(query).matches;
const reducedMotion = () => matches('(prefers-reduced-motion: reduce)');

const shown = new WeakMap<echarts.ECharts, ChartOption>();
const isComponent = (key: string) => echarts.ComponentModel.hasClass(key);

/**
 * Draws the option as if it replaced the last one whole (see `redrawMode`). The first drawing
 * eases in briefly, unless the system asks for reduced motion; later ones (a filter change) show
 * their numbers at once: the answer is the point, not the tween. The element loses
 * `data-chart-ready` until ECharts has finished, and counts its drawings in `data-chart-version`
 * (what tests and the benchmark wait on).
 */
export function draw(instance: echarts.ECharts, option: ChartOption): void {
  const element = instance.getDom();
  const drawings = Number(element.dataset.chartVersion ?? 0);
  element.removeAttribute('data-chart-ready');
  element.dataset.chartVersion = String(drawings + 1);
  const next = {
    animation: drawings === 0 && !reducedMotion(),
    animationDuration: 400,
    ...(matches(TOOLS_OVERLAY_MEDIA) ? clearOfTools(option) : option),
  };
  instance.setOption(next, redrawMode(shown.get(instance), next, isComponent));
  shown.set(instance, next);
}
