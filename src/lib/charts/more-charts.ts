import { CustomChart, HeatmapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import { MarkLineComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';

/**
 * The chart types only the later views draw (stage flow, intervals, heat maps), registered when
 * such a view loads so the first visit does not download them; the reference lines (the grades'
 * overall win rate); and the label layout that hides the stage flow's overlapping names and the
 * waterfall's overlapping amounts.
 */
echarts.use([
  SankeyChart,
  CustomChart,
  ScatterChart,
  HeatmapChart,
  VisualMapComponent,
  MarkLineComponent,
  LabelLayout,
]);
