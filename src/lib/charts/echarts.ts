import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An attachment that draws `option` into its element: init once, replace the option whole on
 * every change, follow the element's size, dispose on removal, and mark the element ready for tests.
 */
export function chart(option: ChartOption) {
  return (element: HTMLElement) => {
    const instance = echarts.init(element, null, { renderer: 'svg' });
    instance.on('finished', () => element.setAttribute('data-chart-ready', 'true'));
    instance.setOption(option, { notMerge: true });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
    };
  };
}
