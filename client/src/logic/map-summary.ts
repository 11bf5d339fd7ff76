import type { Published } from '@rd/shared/metrics/suppression';
import { compareDutch, formatValue, type Unit } from './display.ts';

export interface AreaFigure {
  code: string;
  name: string;
  value: Published;
}

export interface SummaryFacts {
  shown: number;
  suppressed: number;
  noData: number;
  highest: AreaFigure[];
  lowest: AreaFigure[];
  median: number | null;
  spread: number | null;
}

export function summaryFacts(rows: readonly AreaFigure[]): SummaryFacts {
  const shown = rows.filter((r) => r.value.value !== null).sort((a, b) => b.value.value! - a.value.value! || compareDutch(a.name, b.name));
  const values = shown.map((r) => r.value.value!);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    shown: shown.length,
    suppressed: rows.filter((r) => r.value.suppressed !== null).length,
    noData: rows.filter((r) => r.value.suppressed === null && r.value.value === null).length,
    highest: shown.slice(0, 3),
    lowest: shown.slice(-3).reverse(),
    median,
    spread: sorted.length ? sorted[sorted.length - 1]! - sorted[0]! : null,
  };
}

/** A Dutch sentence summary of a map for screen-reader users (and everyone else). */
export function mapSummary(rows: readonly AreaFigure[], opts: { metricLabel: string; unit: Unit; decimals: number; areaWord: string; minSchools: number }): string {
  const f = summaryFacts(rows);
  const fmt = (v: number) => formatValue(v, opts.unit, opts.decimals);
  const list = (xs: AreaFigure[]) => xs.map((r) => `${r.name} (${fmt(r.value.value!)})`).join(', ');
  const parts: string[] = [];
  if (f.shown === 0) {
    parts.push(`Voor ${opts.metricLabel.toLowerCase()} zijn er geen publiceerbare cijfers voor deze ${opts.areaWord}.`);
  } else {
    parts.push(`${opts.metricLabel}: ${f.shown} ${opts.areaWord} met een cijfer.`);
    parts.push(`Hoogst: ${list(f.highest)}.`);
    if (f.shown > 3) parts.push(`Laagst: ${list(f.lowest)}.`);
    if (f.median !== null && f.spread !== null) {
      parts.push(`Mediaan ${fmt(f.median)}; verschil tussen hoogste en laagste ${formatValue(f.spread, opts.unit === 'percent' ? 'pp' : opts.unit, opts.decimals).replace(/^\+/, '')}.`);
    }
  }
  if (f.suppressed > 0) parts.push(`${f.suppressed} afgeschermd (minder dan ${opts.minSchools} scholen of aanvullend afgeschermd).`);
  if (f.noData > 0) parts.push(`${f.noData} zonder gegevens.`);
  return parts.join(' ');
}
