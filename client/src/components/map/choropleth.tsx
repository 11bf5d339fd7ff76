import { useCallback, useId, useMemo } from 'react';
import { EChart, registerGeoJson } from '../charts/echart.tsx';
import { areaColor, classLabel, fixedClasses, NO_DATA_COLOR, SUPPRESSED_COLOR, type AreaState } from '../../logic/legend.ts';
import { mapSummary, type AreaFigure } from '../../logic/map-summary.ts';
import { compareDutch, formatValue, suppressionTitle, type Unit } from '../../logic/display.ts';
import { formatSchoolYear } from '@rd/shared/format';

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string }; geometry: unknown }[];
}

export interface ChoroplethProps {
  mapName: string;
  geo: GeoFeatureCollection;
  rows: readonly AreaFigure[];
  metricLabel: string;
  unit: Unit;
  decimals: number;
  /** The metric's fixed class bounds (logic/metrics.ts). */
  classBounds: readonly number[];
  schoolYear: string;
  minSchools: number;
  /** "regio's" or "gemeenten", for the summary sentence. */
  areaWord: string;
  onSelect?: (code: string) => void;
  /** Which areas `onSelect` opens (default all); the others are not offered as clickable. */
  selectable?: (code: string) => boolean;
  selectHint?: string;
  height?: number;
}

function stateOf(r: AreaFigure | undefined): AreaState {
  if (!r) return { kind: 'noData' };
  if (r.value.suppressed) return { kind: 'suppressed' };
  if (r.value.value === null) return { kind: 'noData' };
  return { kind: 'value', value: r.value.value };
}

/**
 * Choropleth with explicit classes for "geen gegevens" and "afgeschermd", a tooltip with the
 * figure, the number of schools and the school year, and a generated text summary.
 */
export function Choropleth(props: ChoroplethProps) {
  const { geo, rows, unit, decimals, minSchools } = props;
  const summaryId = useId();
  const codes = useMemo(() => new Set(rows.map((r) => r.code)), [rows]);
  const features = useMemo(() => ({ ...geo, features: geo.features.filter((f) => codes.has(f.properties.code)) }), [geo, codes]);
  registerGeoJson(props.mapName, features);

  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);
  const classes = useMemo(() => fixedClasses(props.classBounds), [props.classBounds]);
  const fmt = useCallback((v: number) => formatValue(v, unit, decimals), [unit, decimals]);
  // A new onSelect function each render must not rebuild the chart: only whether there is one matters.
  const opensAreas = !!props.onSelect;

  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { name: string }) => {
          const r = byCode.get(p.name);
          if (!r) return '';
          const v = r.value;
          const figure = v.suppressed ? `. (${suppressionTitle(v.suppressed, minSchools).toLowerCase()})` : v.value === null ? 'geen gegevens' : fmt(v.value);
          const schools = v.schools === null ? '.' : v.schools.toLocaleString('nl-NL');
          return `<strong>${escapeHtml(r.name)}</strong><br/>${escapeHtml(props.metricLabel)}: ${escapeHtml(figure)}<br/>Aantal scholen: ${schools}<br/>Schooljaar: ${formatSchoolYear(props.schoolYear)}`;
        },
      },
      series: [
        {
          type: 'map',
          map: props.mapName,
          nameProperty: 'code',
          roam: false,
          selectedMode: false,
          aspectScale: 0.62,
          layoutCenter: ['50%', '50%'],
          layoutSize: '98%',
          label: { show: false },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffdd00', borderColor: '#000', borderWidth: 1.5 } },
          itemStyle: { borderColor: '#555', borderWidth: 0.5 },
          data: rows.map((r) => {
            const state = stateOf(r);
            const clickable = opensAreas && (props.selectable?.(r.code) ?? true);
            return {
              name: r.code,
              value: r.value.value ?? undefined,
              cursor: clickable ? 'pointer' : 'default',
              itemStyle: {
                areaColor: state.kind === 'suppressed' ? suppressedFill() : areaColor(state, classes),
              },
            };
          }),
        },
      ],
    }),
    [rows, byCode, classes, fmt, props.mapName, props.schoolYear, props.metricLabel, minSchools, opensAreas, props.selectable],
  );

  // Areas in alphabetical order for the arrow keys, each read out with its figure.
  const keyboardOrder = useMemo(() => [...rows].sort((a, b) => compareDutch(a.name, b.name)).map((r) => r.code), [rows]);
  const describe = (r: AreaFigure) => {
    const v = r.value;
    const figure = v.suppressed ? 'afgeschermd' : v.value === null ? 'geen gegevens' : fmt(v.value);
    return `${r.name}: ${figure}${props.onSelect && (props.selectable?.(r.code) ?? true) ? '. Enter om te openen.' : '.'}`;
  };
  const summary = mapSummary(rows, { metricLabel: props.metricLabel, unit, decimals, areaWord: props.areaWord, minSchools });

  return (
    <figure className="figure" data-testid="choropleth">
      <EChart
        option={option}
        height={props.height ?? 560}
        label={`Kaart: ${props.metricLabel}, ${props.areaWord}, schooljaar ${formatSchoolYear(props.schoolYear)}`}
        describedBy={summaryId}
        onClick={(p) => p.name && byCode.has(p.name) && (props.selectable?.(p.name) ?? true) && props.onSelect?.(p.name)}
        keyboard={{
          names: keyboardOrder,
          describe: (code) => describe(byCode.get(code)!),
          ...(props.onSelect ? { onEnter: (code: string) => { if (props.selectable?.(code) ?? true) props.onSelect!(code); } } : {}),
        }}
        testId="map-chart"
        renderer="canvas"
      />
      <ul className="legend" aria-label="Legenda">
        {classes.map((c, i) => (
          <li key={i}>
            <span className="legend__swatch" style={{ background: c.color }} aria-hidden="true" />
            {classLabel(c, i === classes.length - 1, fmt)}
          </li>
        ))}
        <li>
          <span className="legend__swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" /> Geen gegevens (–)
        </li>
        <li>
          <span className="legend__swatch legend__swatch--suppressed" style={{ backgroundColor: SUPPRESSED_COLOR }} aria-hidden="true" />
          Afgeschermd (.): minder dan {minSchools} scholen
        </li>
      </ul>
      <figcaption className="figure__caption" id={summaryId} data-testid="map-summary">
        {summary}
        {props.onSelect && props.selectHint ? ` ${props.selectHint}` : ''}
      </figcaption>
    </figure>
  );
}

/**
 * A hidden area's fill: grey with dark diagonal hatching (as its legend swatch), so it is told apart
 * from the classes by more than colour. One image, drawn once: ECharts' decals draw a new canvas for
 * every hidden area at every update (15 ms of a filter change on the national map).
 */
function suppressedFill(): string | Hatching {
  if (hatching) return hatching;
  const dpr = Math.max(1, Math.round(window.devicePixelRatio || 1));
  const tile = 6; // CSS pixels between stripes, along each axis
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = tile * dpr;
  const ctx = canvas.getContext('2d');
  if (!ctx) return SUPPRESSED_COLOR;
  ctx.scale(dpr, dpr);
  ctx.fillStyle = SUPPRESSED_COLOR;
  ctx.fillRect(0, 0, tile, tile);
  ctx.strokeStyle = '#666';
  ctx.lineWidth = 1.5;
  // A stripe from top left to bottom right (as the swatch's), and the ends of its neighbours, so that tiles join up.
  for (const offset of [-tile, 0, tile]) {
    ctx.beginPath();
    ctx.moveTo(offset, 0);
    ctx.lineTo(offset + tile, tile);
    ctx.stroke();
  }
  hatching = { image: canvas, repeat: 'repeat', scaleX: 1 / dpr, scaleY: 1 / dpr };
  return hatching;
}
/** An ECharts image pattern; its scale draws the image's device pixels at CSS size. */
type Hatching = { image: HTMLCanvasElement; repeat: 'repeat'; scaleX: number; scaleY: number };
let hatching: Hatching | null = null;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
