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
const darkAxis = {
  axisLine: { lineStyle: { color: DARK_MUTED } },
  axisTick: { lineStyle: { color: DARK_MUTED } },
  axisLabel: { color: DARK_MUTED },
  splitLine: { lineStyle: { color: DARK_LINE } },
};

/** Text, axes and tooltips readable on the dark theme's surfaces (the light theme is ECharts'). */
echarts.registerTheme('funnelcast-dark', {
  backgroundColor: 'transparent',
  textStyle: { color: DARK_TEXT },
  legend: { textStyle: { color: DARK_TEXT }, pageTextStyle: { color: DARK_MUTED } },
  categoryAxis: darkAxis,
  valueAxis: darkAxis,
  tooltip: { backgroundColor: '#1b2029', borderColor: DARK_LINE, textStyle: { color: DARK_TEXT } },
  visualMap: { textStyle: { color: DARK_TEXT } },
});

/**
 * An attachment that draws `option` into its element: init once, replace the option whole on
 * every change, follow the element's size, dispose on removal, and mark the element ready for tests.
 * A click on a data item hands that item's `data` to `onclick`.
 */
export function chart(
  option: ChartOption,
  onclick?: (data: unknown) => void,
  onready?: (instance: echarts.ECharts) => void,
  dark = false,
) {
  return (element: HTMLElement) => {
    const instance = echarts.init(element, dark ? 'funnelcast-dark' : null, { renderer: 'svg' });
    onready?.(instance);
    instance.on('finished', () => element.setAttribute('data-chart-ready', 'true'));
    if (onclick) instance.on('click', (params) => onclick(params.data));
    instance.setOption(option, { notMerge: true });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
    };
  };
}
