import { formatDecimal } from '@rd/shared/format';

type Axis = { type?: string; axisLabel?: { formatter?: unknown } & Record<string, unknown> } & Record<string, unknown>;

/** An axis label as nl-NL writes it: 0,5 and 1.500, never 0.5 or 1,500 (ECharts formats in English). */
function dutchTick(value: number): string {
  return formatDecimal(value, 3);
}

function dutchAxis(axis: Axis): Axis {
  // Category axes carry names, time axes dates; only value axes print numbers.
  if (axis.type !== undefined && axis.type !== 'value' && axis.type !== 'log') return axis;
  const formatter = axis.axisLabel?.formatter;
  if (typeof formatter === 'function') return axis;
  const template = typeof formatter === 'string' ? formatter : '{value}';
  return { ...axis, axisLabel: { ...axis.axisLabel, formatter: (v: number) => template.replace('{value}', dutchTick(v)) } };
}

/**
 * The option with every numeric axis labelled in nl-NL. Applied to every chart, on screen and in the
 * PDF reports (rendered from the same pages), so no chart can forget it.
 */
export function withDutchAxes<T extends Record<string, unknown>>(option: T): T {
  const out: Record<string, unknown> = { ...option };
  for (const key of ['xAxis', 'yAxis'] as const) {
    const axes = option[key];
    if (Array.isArray(axes)) out[key] = axes.map((a) => dutchAxis(a as Axis));
    else if (axes && typeof axes === 'object') out[key] = dutchAxis(axes as Axis);
  }
  return out as T;
}
