import { BarChart, CustomChart, HeatmapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  SankeyChart,
  CustomChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An attachment that draws `option` into its element: init once, replace the option whole on
 * every change, follow the element's size, dispose on removal, and mark the element ready for tests.
 * A click on a data item hands that item's `data` to `onclick`.
 */
export function chart(
  option: ChartOption,
  onclick?: (data: unknown) => void,
  onready?: (instance: echarts.ECharts) => void,
) {
  return (element: HTMLElement) => {
    const instance = echarts.init(element, null, { renderer: 'svg' });
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
