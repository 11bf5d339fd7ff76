/**
 * Map legend classes. Pure, so the map, its HTML legend and the tests agree.
 * Palette: ColorBrewer YlGnBu (sequential, colour-blind safe, prints in grey as a ramp).
 * "Geen gegevens" and "afgeschermd" are explicit classes outside the ramp.
 */
const YL_GN_BU: Record<number, readonly string[]> = {
  3: ['#edf8b1', '#7fcdbb', '#2c7fb8'],
  4: ['#ffffcc', '#a1dab4', '#41b6c4', '#225ea8'],
  5: ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
  6: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
  7: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'],
};
export const NO_DATA_COLOR = '#e8e8e8';
export const SUPPRESSED_COLOR = '#bdbdbd';

export interface LegendClass {
  /** Inclusive lower bound; -Infinity for an open first class ("minder dan"). */
  from: number;
  /** Exclusive upper bound, except for the last class (inclusive); Infinity for an open last class ("of meer"). */
  to: number;
  color: string;
}

/** A "nice" step (1, 2, 2.5 or 5 times a power of ten) near the raw step. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Equal-interval classes with round bounds covering all values (about `target` classes, 3 to 7).
 * Round bounds read better in a legend than quantiles, and stay put when a filter changes a little.
 */
export function legendClasses(values: readonly number[], target = 5): LegendClass[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  // Figures differ only below display precision (or not at all): one class says it honestly.
  if (max - min < 1e-6 * Math.max(1, Math.abs(max))) {
    return [{ from: min, to: max, color: YL_GN_BU[3]![1]! }];
  }
  let step = niceStep((max - min) / target);
  let lower = Math.floor(min / step) * step;
  let count = Math.max(1, Math.ceil((max - lower) / step - 1e-9));
  // A value exactly on the top bound belongs to the last class; too many classes → a larger step.
  while (count > 7) {
    step = niceStep(step * 1.5);
    lower = Math.floor(min / step) * step;
    count = Math.ceil((max - lower) / step - 1e-9);
  }
  const n = Math.max(3, count);
  const palette = YL_GN_BU[Math.min(7, n)]!;
  const classes: LegendClass[] = [];
  for (let i = 0; i < count; i++) {
    classes.push({ from: round(lower + i * step, step), to: round(lower + (i + 1) * step, step), color: palette[i + (n - count)]! });
  }
  return classes;
}

/**
 * Fixed classes from a metric's own bounds, the first and last open-ended: the same colour means the
 * same value on every map of that metric, whichever region, year or sector is shown.
 */
export function fixedClasses(bounds: readonly number[]): LegendClass[] {
  if (bounds.length < 2 || bounds.length > 6) throw new RangeError('2 tot 6 klassegrenzen verwacht');
  const edges = [-Infinity, ...bounds, Infinity];
  const palette = YL_GN_BU[edges.length - 1]!;
  return edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, color: palette[i]! }));
}

/** A class as the legend names it: "minder dan 30%", "30% tot 40%", "60% of meer", or "… tot en met …" for a closed last class. */
export function classLabel(c: LegendClass, last: boolean, fmt: (v: number) => string): string {
  if (!Number.isFinite(c.from)) return `minder dan ${fmt(c.to)}`;
  if (!Number.isFinite(c.to)) return `${fmt(c.from)} of meer`;
  return last ? `${fmt(c.from)} tot en met ${fmt(c.to)}` : `${fmt(c.from)} tot ${fmt(c.to)}`;
}

/** Removes floating-point noise (0.30000000000000004) at a precision well below the step. */
function round(x: number, step: number): number {
  const digits = Math.min(12, Math.max(0, 3 - Math.floor(Math.log10(step))));
  return Number(x.toFixed(digits));
}

export function classIndex(value: number, classes: readonly LegendClass[]): number {
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (value >= c.from && (value < c.to || i === classes.length - 1)) return i;
  }
  return value < (classes[0]?.from ?? 0) ? 0 : classes.length - 1;
}

export type AreaState = { kind: 'value'; value: number } | { kind: 'suppressed' } | { kind: 'noData' };

export function areaColor(state: AreaState, classes: readonly LegendClass[]): string {
  if (state.kind === 'suppressed') return SUPPRESSED_COLOR;
  if (state.kind === 'noData' || classes.length === 0) return NO_DATA_COLOR;
  return classes[classIndex(state.value, classes)]!.color;
}
