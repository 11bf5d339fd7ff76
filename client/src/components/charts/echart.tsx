import { useEffect, useRef, useState } from 'react';
import { echarts, type EChartsCoreOption } from './echarts-setup.ts';
import { withDutchAxes } from './dutch-axes.ts';

/** Below this width a chart is on a phone: long category labels get less room than the bars. */
export const NARROW_CHART_PX = 600;

export interface EChartProps {
  /** The option, or a function of whether the chart is narrow (a phone), for layouts that depend on it. */
  option: EChartsCoreOption | ((narrow: boolean) => EChartsCoreOption);
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
  const [narrow, setNarrow] = useState(false);

  useEffect(() => {
    const el = ref.current!;
    const chart = echarts.init(el, null, { renderer: 'svg', locale: 'EN' });
    chartRef.current = chart;
    chart.on('click', (p) => clickRef.current?.(p as never));
    const observer = new ResizeObserver(() => {
      chart.resize();
      setNarrow(el.clientWidth < NARROW_CHART_PX);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const resolved = typeof option === 'function' ? option(narrow) : option;
    chartRef.current?.setOption(withDutchAxes({ animation: false, textStyle: { fontFamily: pageFont() }, ...resolved }), { notMerge: true });
  }, [option, narrow]);

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

/**
 * The page's font stack. ECharts measures text (to lay out legends and labels) in the font the option
 * names; with 'inherit' it measured one font and the SVG showed another, so legend items overlapped.
 */
function pageFont(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--rd-font').trim() || 'sans-serif';
}

export function registerGeoJson(name: string, geoJson: object): void {
  if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as never);
}
