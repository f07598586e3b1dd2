import * as echarts from 'echarts/core';

/** An option drawn as ECharts' SVG renderer draws it, without animation, in `theme` if given. */
export function renderSvg(option: object, theme: object | null = null): string {
  const chart = echarts.init(null, theme, { renderer: 'svg', ssr: true, width: 800, height: 480 });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
