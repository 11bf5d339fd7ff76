import { useEffect, useRef } from 'react';
import { echarts, type EChartsCoreOption } from './echarts-setup.ts';

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Short accessible name; the full content is in the table alternative and description. */
  label: string;
  describedBy?: string;
  onClick?: (params: { name?: string; data?: unknown; seriesIndex?: number; dataIndex?: number }) => void;
  testId?: string;
}

/** A thin React wrapper: one ECharts instance per element, SVG renderer, resizes with its container. */
export function EChart({ option, height, label, describedBy, onClick, testId }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ReturnType<typeof echarts.init> | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = ref.current!;
    const chart = echarts.init(el, null, { renderer: 'svg', locale: 'EN' });
    chartRef.current = chart;
    chart.on('click', (p) => clickRef.current?.(p as never));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={ref}
      className="figure__chart"
      style={{ height }}
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      data-testid={testId}
      data-rendered="true"
    />
  );
}

export function registerGeoJson(name: string, geoJson: object): void {
  if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as never);
}
