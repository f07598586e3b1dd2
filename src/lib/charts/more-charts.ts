import { CustomChart, HeatmapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';

/**
 * The chart types only the later views draw (stage flow, intervals, heat maps), registered when
 * such a view loads so the first visit does not download them.
 */
echarts.use([SankeyChart, CustomChart, ScatterChart, HeatmapChart, VisualMapComponent]);
