// Modular ECharts: only the chart types, components and renderers the dashboard uses end up in the bundle.
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  MapChart, ScatterChart, BarChart, LineChart, HeatmapChart,
  TooltipComponent, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, VisualMapComponent,
  LabelLayout, SVGRenderer, CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
