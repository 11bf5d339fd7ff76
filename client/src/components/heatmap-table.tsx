import type { Published } from '@rd/shared/metrics/suppression';
import { PRINCIPLES } from '@rd/shared/catalogue';
import { PublishedValue } from './data-table/data-table.tsx';
import { areaColor, classLabel, fixedClasses, NO_DATA_COLOR, SUPPRESSED_COLOR } from '../logic/legend.ts';
import { metricById } from '../logic/metrics.ts';
import { formatValue } from '../logic/display.ts';

export interface HeatmapRow { code: string; name: string; overall: Published; principles: readonly Published[] }

/**
 * Municipalities × 16 principles as a real table with coloured cells: the chart and its table
 * alternative are the same element, so screen readers get every number with row and column names.
 */
export function HeatmapTable({ rows, caption, minSchools, regionRow }: { rows: readonly HeatmapRow[]; caption: string; minSchools: number; regionRow?: HeatmapRow }) {
  // The classes of the implementation map: a colour means the same degree here as on the map.
  const classes = fixedClasses(metricById('implementation').classBounds);
  const cell = (p: Published, key: string) => {
    const state = p.suppressed ? { kind: 'suppressed' as const } : p.value === null ? { kind: 'noData' as const } : { kind: 'value' as const, value: p.value };
    const bg = areaColor(state, classes);
    const dark = luminance(bg) < 0.18;
    return (
      <td key={key} className="heatmap-cell num" style={{ background: bg, color: dark ? '#fff' : '#000' }}>
        <PublishedValue value={p} unit="percent" minSchools={minSchools} />
      </td>
    );
  };
  return (
    <>
      <div className="data-table__scroll" tabIndex={0} role="region" aria-label={`Tabel: ${caption}`}>
        <table className="data-table" data-testid="heatmap">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Gemeente</th>
              <th scope="col" className="num">Totaal</th>
              {PRINCIPLES.map((p) => (
                <th key={p.id} scope="col" className="num"><abbr title={`${p.id}. ${p.label}`}>P{p.id}</abbr></th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.name}</th>
                {cell(r.overall, 'overall')}
                {r.principles.map((p, i) => cell(p, String(i)))}
              </tr>
            ))}
            {regionRow && (
              <tr className="is-highlighted">
                <th scope="row">{regionRow.name}</th>
                {cell(regionRow.overall, 'overall')}
                {regionRow.principles.map((p, i) => cell(p, String(i)))}
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <ul className="legend" aria-label="Legenda heatmap">
        {classes.map((c, i) => (
          <li key={i}><span className="legend__swatch" style={{ background: c.color }} aria-hidden="true" />{classLabel(c, i === classes.length - 1, (v) => formatValue(v, 'percent'))}</li>
        ))}
        <li><span className="legend__swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" /> Geen gegevens (–)</li>
        <li><span className="legend__swatch legend__swatch--suppressed" style={{ backgroundColor: SUPPRESSED_COLOR }} aria-hidden="true" /> Afgeschermd (.): minder dan {minSchools} scholen</li>
      </ul>
    </>
  );
}

/** WCAG relative luminance of a #rrggbb colour: text goes white on dark cells, black on light ones. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
