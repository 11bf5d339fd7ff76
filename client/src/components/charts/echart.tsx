import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { echarts, type EChartsCoreOption } from './echarts-setup.ts';
import { withDutchAxes } from './dutch-axes.ts';

/** Below this width a chart is on a phone: long category labels get less room than the bars. */
const NARROW_CHART_PX = 600;

export interface EChartProps {
  /** The option, or a function of whether the chart is narrow (a phone), for layouts that depend on it. */
  option: EChartsCoreOption | ((narrow: boolean) => EChartsCoreOption);
  height: number;
  /** Short accessible name; the full content is in the table alternative and description. */
  label: string;
  describedBy?: string;
  onClick?: (params: { name?: string; data?: unknown; seriesIndex?: number; dataIndex?: number }) => void;
  testId?: string;
  /**
   * Keyboard access to the items of the first series (a map's areas, by name): the chart becomes one
   * tab stop, arrow keys move from item to item (highlighted, with its tooltip and a spoken summary),
   * Enter activates the item.
   */
  keyboard?: { names: readonly string[]; describe: (name: string) => string; onEnter?: (name: string) => void };
  /**
   * SVG (the default) stays sharp in print and in the PDF reports. Canvas draws a map's many areas
   * in about half the time, for a map redrawn at every filter change on screen.
   */
  renderer?: 'svg' | 'canvas';
}

/** A thin React wrapper: one ECharts instance per element, resizes with its container. */
export function EChart({ option, height, label, describedBy, onClick, testId, keyboard, renderer = 'svg' }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ReturnType<typeof echarts.init> | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [narrow, setNarrow] = useState(false);
  const [active, setActive] = useState<number | null>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const chart = chartRef.current;
    if (!keyboard || !chart || keyboard.names.length === 0) return;
    const n = keyboard.names.length;
    const i = active ?? -1;
    const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? (i + 1) % n
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? (i <= 0 ? n - 1 : i - 1)
        : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : null;
    if (next !== null) {
      e.preventDefault();
      const name = keyboard.names[next]!;
      chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
      chart.dispatchAction({ type: 'highlight', seriesIndex: 0, name });
      chart.dispatchAction({ type: 'showTip', seriesIndex: 0, name });
      setActive(next);
    } else if (e.key === 'Enter' && active !== null && keyboard.onEnter) {
      e.preventDefault();
      keyboard.onEnter(keyboard.names[active]!);
    } else if (e.key === 'Escape') {
      chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
      chart.dispatchAction({ type: 'hideTip' });
      setActive(null);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: an instance keeps the renderer it was made with
  useEffect(() => {
    const el = ref.current!;
    const chart = echarts.init(el, null, { renderer, locale: 'EN' });
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
    // Series are replaced, the other components merged: replacing all (notMerge) would make ECharts build
    // the tooltip's element anew at every update and measure the page for it, a forced layout.
    chartRef.current?.setOption(withDutchAxes({ animation: false, textStyle: { fontFamily: pageFont() }, ...resolved }), { replaceMerge: ['series'] });
  }, [option, narrow]);

  const chart = (
    // biome-ignore lint/a11y/noStaticElementInteractions: the handlers are set only with role 'application' (keyboard maps); axe checks the rendered element
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-roledescription is set only with role 'application'
    <div
      ref={ref}
      className="figure__chart"
      style={{ height }}
      role={keyboard ? 'application' : 'img'}
      aria-roledescription={keyboard ? 'kaart' : undefined}
      aria-label={keyboard ? `${label}. Pijltjestoetsen: langs de gebieden${keyboard.onEnter ? '; Enter: openen' : ''}.` : label}
      aria-describedby={describedBy}
      tabIndex={keyboard ? 0 : undefined}
      onKeyDown={keyboard ? onKeyDown : undefined}
      onBlur={keyboard ? () => { chartRef.current?.dispatchAction({ type: 'hideTip' }); } : undefined}
      data-testid={testId}
      data-rendered="true"
    />
  );
  if (!keyboard) return chart;
  return (
    <>
      {chart}
      <div className="visually-hidden" aria-live="polite" data-testid={testId ? `${testId}-announcement` : undefined}>
        {active !== null && keyboard.names[active] ? keyboard.describe(keyboard.names[active]!) : ''}
      </div>
    </>
  );
}

/**
 * The page's font stack. ECharts measures text (to lay out legends and labels) in the font the option
 * names; with 'inherit' it measured one font and the SVG showed another, so legend items overlapped.
 */
function pageFont(): string {
  // Read once: reading a computed style makes the browser recalculate styles, at every chart update.
  pageFontStack ??= getComputedStyle(document.documentElement).getPropertyValue('--rd-font').trim() || undefined;
  return pageFontStack ?? 'sans-serif';
}
let pageFontStack: string | undefined;

export function registerGeoJson(name: string, geoJson: object): void {
  if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as never);
}
