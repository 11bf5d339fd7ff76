import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useIsFetching, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Published } from '@rd/shared';
import { formatDate, formatSchoolYear, suppressionNotice } from '@rd/shared/format';
import { IMPLEMENTATION_CONDITIONS, IMPLEMENTATION_SCALE, PILLARS } from '@rd/shared/catalogue';
import { indicator } from '@rd/shared/indicators';
import { useTRPC } from '../../app/trpc.ts';
import { usePageTitle } from '../../app/use-page-title.ts';
import { parseSector, parseYear, useDefaultYear } from '../../app/url-state.ts';
import { KeyFigures } from '../../components/key-figures.tsx';
import { MetricMap } from '../../components/map/metric-map.tsx';
import { CapacityScatter } from '../../components/capacity-scatter.tsx';
import { HeatmapTable } from '../../components/heatmap-table.tsx';
import { SECTOR_LABELS, formatValue, type Unit } from '../../logic/display.ts';
import { MAP_METRICS } from '../../logic/metrics.ts';
import { keyFiguresOf } from '../overview-page.tsx';
import { ProfileBlock, TrendBlock } from '../region-page.tsx';
import { BandsBlock } from '../equity-page.tsx';
import { PublishedValue } from '../../components/data-table/data-table.tsx';

/** The districts' figures in the report, named and written as the catalogue says (as on the districts page). */
const DISTRICT_FIGURES = (['schools', 'implementation', 'scanCoverage', 'vignetShare', 'supportHoursPerSchool'] as const).map((id) => ({ id, ind: indicator(id) }));

/**
 * Print version of a region or municipality report (/rapport/regio/:code, /rapport/gemeente/:code):
 * the screen's own components and queries on A4 width, without navigation. The server's headless
 * Chromium prints it to PDF once `data-report-state="ready"` (all queries settled, charts drawn).
 */
export default function ReportPrintPage({ kind }: { kind: 'region' | 'municipality' }) {
  const [params] = useSearchParams();
  const schoolYear = parseYear(params.get('jaar'), useDefaultYear() ?? '');
  return schoolYear ? <ReportPrint kind={kind} schoolYear={schoolYear} /> : null;
}

function ReportPrint({ kind, schoolYear }: { kind: 'region' | 'municipality'; schoolYear: string }) {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const sector = parseSector(params.get('sector'));
  const trpc = useTRPC();
  const scope = kind === 'region' ? { level: 'region' as const, code } : { level: 'municipality' as const, code };
  const meta = useQuery(trpc.meta.dataset.queryOptions());
  const keyFigures = useQuery(trpc.overview.keyFigures.queryOptions({ scope, schoolYear, sector }));
  const profile = useQuery(trpc.implementation.profile.queryOptions({ scope, schoolYear, sector }));
  const trend = useQuery(trpc.implementation.trend.queryOptions({ scope, sector }));
  const bands = useQuery(trpc.equity.bands.queryOptions({ scope, schoolYear, sector }));
  const partners = useQuery(trpc.partners.coverage.queryOptions({ scope, schoolYear, sector }));
  const heatmap = useQuery(trpc.implementation.heatmap.queryOptions({ regionCode: code, schoolYear, sector }, { enabled: kind === 'region' }));
  const districts = useQuery(trpc.districts.list.queryOptions({ municipalityCode: code, schoolYear, sector }, { enabled: kind === 'municipality' }));
  const conditions = useQuery(trpc.conditions.scope.queryOptions({ scope, schoolYear, sector }));
  const conditionAreas = useQuery(trpc.conditions.areas.queryOptions({ level: 'municipality', regionCode: code, schoolYear, sector }, { enabled: kind === 'region' }));
  const state = useReportState();

  const resolved = keyFigures.data?.scope;
  const scopeName = resolved?.name ?? code;
  const title = kind === 'region' ? `GGD-regio ${scopeName}` : `Gemeente ${scopeName}`;
  usePageTitle(`Rapport ${title}`);
  const minSchools = meta.data?.minCellSchools ?? 5;
  const sectorText = SECTOR_LABELS[sector]!;
  // A region report knows its region at once, so the map and capacity queries start without waiting.
  const regionCode = kind === 'region' ? code : (resolved?.regionCode ?? null);
  const regionName = resolved?.regionName ?? (kind === 'region' ? code : undefined);
  // The same query as the map's own (shared cache): a policymaker may not see the other municipalities
  // of the region, and then the report says so instead of failing.
  const mapAccess = useQuery(trpc.overview.map.queryOptions(
    { level: 'municipality', regionCode: regionCode ?? '', schoolYear, sector, metric: 'implementation' },
    { enabled: !!regionCode },
  ));
  const mapForbidden = isForbidden(mapAccess.error);

  return (
    <div className="report" data-report-state={state.state} data-scope-name={scopeName} data-testid="report">
      <style>{REPORT_CSS}</style>
      {state.state === 'error' && <p role="alert">Het rapport kon niet worden gemaakt: {state.message}</p>}

      {/* Fixed elements repeat on every printed page: a page cut out of the report still says it is demo data. */}
      {meta.data?.synthetic && <div className="report__watermark" aria-hidden="true">Demonstratiegegevens</div>}
      <section className="report__cover">
        <p className="report__kicker">Regiodashboard Welbevinden op School</p>
        <h1>Rapportage welbevinden op school: {title}</h1>
        <dl className="report__filters">
          <dt>Gebied</dt><dd>{kind === 'region' ? 'GGD-regio' : 'Gemeente'} {scopeName} ({code}){kind === 'municipality' && regionName ? `, GGD-regio ${regionName}` : ''}</dd>
          <dt>Schooljaar</dt><dd>{formatSchoolYear(schoolYear)}</dd>
          <dt>Sector</dt><dd>{sectorText}</dd>
          <dt>Peildatum gegevens</dt><dd>{meta.data?.dataDate ? formatDate(meta.data.dataDate) : 'onbekend'}</dd>
          <dt>Gemaakt op</dt><dd>{formatDate(new Date().toISOString())}</dd>
        </dl>
        {meta.data?.synthetic && (
          <p className="report__notice"><strong>Synthetische demonstratiegegevens.</strong> De schoolgegevens in dit rapport zijn gegenereerd, niet gemeten; geen cijfer hoort bij een echte school.</p>
        )}
        <p className="report__notice">{suppressionNotice(minSchools)}</p>
      </section>

      <section className="report__section">
        <h2>Kerncijfers</h2>
        {keyFigures.data && <KeyFigures figures={keyFiguresOf(keyFigures.data)} minSchools={minSchools} label={`Kerncijfers ${scopeName}`} />}
        {mapForbidden && <p>Dit rapport toont de cijfers van uw eigen gebied; de kaart met alle gemeenten van de regio hoort niet bij uw account.</p>}
      </section>

      {/* Outside the user's access the map is left out without spending a page on saying so. */}
      {regionCode && !mapForbidden && (
        <section className="report__section">
          <MetricMap metricId="implementation" regionCode={regionCode} regionName={regionName} schoolYear={schoolYear} sector={sector} height={470}
            title={`Implementatiegraad per gemeente in ${regionName ?? scopeName}`} />
        </section>
      )}

      <section className="report__section">
        {regionCode && <CapacityScatter schoolYear={schoolYear} sector={sector} regionCode={regionCode} />}
      </section>

      <section className="report__section">
        <h2>Profiel: pijlers en leidende principes</h2>
        {profile.data && <ProfileBlock data={profile.data} regionName={scopeName} minSchools={minSchools} schoolYear={schoolYear} />}
        {heatmap.data && (
          <>
            <h3>Gemeenten × leidende principes</h3>
            <HeatmapTable caption={`Implementatiegraad per gemeente en leidend principe, ${scopeName}, ${formatSchoolYear(schoolYear)}`}
              rows={heatmap.data.rows} minSchools={minSchools}
              regionRow={{ code, name: `Regio ${heatmap.data.region.name}`, overall: heatmap.data.region.overall, principles: heatmap.data.region.principles }} />
          </>
        )}
      </section>

      <section className="report__section">
        <h2>Gelijke kansen</h2>
        {bands.data && <BandsBlock data={bands.data} scopeName={scopeName} schoolYear={schoolYear} sectorText={sectorText.toLowerCase()} minSchools={minSchools} />}
      </section>

      <section className="report__section">
        <h2>Partners rond de school</h2>
        {partners.data && (
          <KeyFigures label={`Dekking per partnertype, ${scopeName}`} minSchools={minSchools}
            figures={partners.data.scopeTotals.map((t) => ({
              id: t.partnerType,
              label: partners.data.partnerTypes.find((p) => p.id === t.partnerType)?.label ?? t.partnerType,
              value: t.coverage,
              unit: 'percent' as const,
            }))} />
        )}
        <p>Percentage scholen met een structurele afspraak met het partnertype, {formatSchoolYear(schoolYear)}, {sectorText.toLowerCase()}.</p>
      </section>

      <section className="report__section" data-testid="report-conditions">
        <h2>Voorwaarden voor implementatie</h2>
        <p>
          Per voorwaarde uit de onderbouwing het aandeel scholen dat eraan voldoet (%), van de scholen waarvan het in de implementatiegegevens
          staat, {sectorText.toLowerCase()}. Een school voldoet als:{' '}
          {IMPLEMENTATION_CONDITIONS.map((c) => `${c.label.toLowerCase()}: ${c.meets.replace(/\.$/, '')}`).join('; ')}.
        </p>
        {conditions.data && (
          <FigureGrid caption={`Aandeel scholen dat aan elke voorwaarde voldoet, per schooljaar, ${scopeName}`} corner="Voorwaarde"
            rows={conditions.data.conditions} rowKey={(c) => c.id} rowName={(c) => c.label}
            columns={conditions.data.trend} columnKey={(y) => y.schoolYear} columnName={(y) => formatSchoolYear(y.schoolYear)}
            cell={(c, y) => ({ value: y.values[c.id]!, unit: 'percent' })} minSchools={minSchools} />
        )}
        {conditionAreas.data && (
          <FigureGrid caption={`Aandeel scholen per voorwaarde en gemeente, ${formatSchoolYear(schoolYear)}`} corner="Gemeente"
            rows={conditionAreas.data.rows} rowKey={(r) => r.code} rowName={(r) => r.name}
            columns={conditionAreas.data.conditions} columnKey={(c) => c.id} columnName={(c) => c.label}
            cell={(r, c) => ({ value: r.values[c.id]!, unit: 'percent' })} minSchools={minSchools} />
        )}
        {conditions.data && (
          <>
            <table className="report__table">
              <caption>Implementatiegraad van gescande scholen met en zonder elke voorwaarde, {conditions.data.association.over.name}, alle sectoren, {formatSchoolYear(schoolYear)}</caption>
              <thead>
                <tr><th scope="col">Voorwaarde</th><th scope="col">Met (%)</th><th scope="col">Scholen met</th><th scope="col">Zonder (%)</th><th scope="col">Scholen zonder</th><th scope="col">Verschil (pp)</th><th scope="col">95%-interval (pp)</th></tr>
              </thead>
              <tbody>
                {conditions.data.association.rows.map((r) => {
                  // A refused comparison is hidden as a whole, as every other hidden cell.
                  const shown = (n: number | null, unit: Unit, decimals?: number) => (r.suppressed ? '.' : formatValue(n, unit, decimals));
                  return (
                    <tr key={r.id}>
                      <th scope="row">{r.label}</th>
                      <td>{shown(r.implementationWith, 'percent')}</td><td>{shown(r.schoolsWith, 'count')}</td>
                      <td>{shown(r.implementationWithout, 'percent')}</td><td>{shown(r.schoolsWithout, 'count')}</td>
                      <td>{shown(r.difference, 'pp', 1)}</td>
                      <td>{r.low === null || r.high === null ? shown(null, 'pp') : `${formatValue(r.low, 'pp', 1)} tot ${formatValue(r.high, 'pp', 1)}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p>
              Dit is een samenhang tussen scholen, geen oorzaak: scholen die aan een voorwaarde voldoen, verschillen ook op andere punten.
              Een verschil staat er alleen als beide groepen ten minste {conditions.data.association.minSchools} gescande scholen tellen (anders “.”).
            </p>
          </>
        )}
      </section>

      {districts.data && districts.data.districts.length > 0 && (
        <section className="report__section" data-testid="report-districts">
          <h2>Wijken</h2>
          <FigureGrid caption={`Kerncijfers per wijk van ${scopeName}, ${formatSchoolYear(schoolYear)}, ${sectorText.toLowerCase()}`} corner="Wijk"
            rows={districts.data.districts} rowKey={(d) => d.code} rowName={(d) => d.name}
            columns={DISTRICT_FIGURES} columnKey={(f) => f.id} columnName={(f) => f.ind.shortLabel}
            cell={(d, f) => ({ value: d.figures[f.id], unit: f.ind.unit, decimals: f.ind.decimals })} minSchools={minSchools} />
          <p>“Wijk onbekend”: scholen zonder bekende wijk; samen zijn de wijken de hele gemeente. Een wijk met te weinig scholen, of die een verborgen wijk zou verraden, staat als “.”.</p>
        </section>
      )}

      <section className="report__section">
        <h2>Ontwikkeling over de schooljaren</h2>
        {trend.data && <TrendBlock data={trend.data} regionName={scopeName} minSchools={minSchools} />}
      </section>

      <section className="report__section report__page">
        <h2>Methode, definities en bronnen</h2>
        <p>
          De integrale aanpak volgt de vier pijlers van de Gezonde School ({PILLARS.map((p) => p.label).join(', ')}) met zestien leidende principes.
          Scholen scoren elk principe op een schaal van 0 tot 3: {IMPLEMENTATION_SCALE.map((s) => `${s.score} ${s.label.toLowerCase()}`).join(', ')}.
        </p>
        <dl className="report__definitions">
          {MAP_METRICS.map((m) => (<div key={m.id}><dt>{m.label}</dt><dd>{m.definition}</dd></div>))}
        </dl>
        <h3>Afscherming van kleine aantallen</h3>
        <p>
          Elk cijfer dat rust op minder dan {minSchools} scholen wordt afgeschermd en weergegeven als ".". Zijn er verborgen cijfers in een groep
          (bijvoorbeeld de gemeenten van een regio), dan worden zo nodig extra cijfers afgeschermd (aanvullende afscherming), zodat een verborgen
          cijfer niet uit het totaal en de zichtbare cijfers kan worden teruggerekend. Adviescapaciteit is een regionaal gegeven en wordt niet afgeschermd.
        </p>
        <h3>Bronnen</h3>
        <p>
          Gebiedsindeling: CBS/PDOK, gebiedsindelingen 2025 (CC BY 4.0). Schoollocaties: DUO-register november 2024. Implementatie, ondersteuning,
          partners en uitkomsten: scans en registraties van scholen en GGD'en{meta.data?.synthetic ? '; in deze omgeving synthetische demonstratiegegevens' : ''}.
          Onderbouwing: Integraal werken aan welbevinden in het onderwijs; Jansen e.a. (2023) over de voorwaarden voor Gezonde School.
        </p>
        {meta.data?.synthetic && <p className="report__notice">{meta.data.description ?? 'Synthetische demonstratiegegevens: gegenereerd, niet gemeten.'}</p>}
      </section>
    </div>
  );
}

/** 'ready' once every query has settled without error and the charts had two frames to draw. */
/** A report table of published figures: a row per area, condition or year, a column per figure. */
function FigureGrid<R, C>({ caption, corner, rows, rowKey, rowName, columns, columnKey, columnName, cell, minSchools }: {
  caption: string;
  corner: string;
  rows: readonly R[];
  rowKey: (row: R) => string;
  rowName: (row: R) => string;
  columns: readonly C[];
  columnKey: (column: C) => string;
  columnName: (column: C) => string;
  cell: (row: R, column: C) => { value: Published; unit: Unit; decimals?: number | undefined };
  minSchools: number;
}) {
  return (
    <table className="report__table">
      <caption>{caption}</caption>
      <thead>
        <tr><th scope="col">{corner}</th>{columns.map((c) => <th key={columnKey(c)} scope="col">{columnName(c)}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            <th scope="row">{rowName(r)}</th>
            {columns.map((c) => <td key={columnKey(c)}><PublishedValue {...cell(r, c)} minSchools={minSchools} /></td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function useReportState(): { state: 'loading' | 'ready' | 'error'; message?: string } {
  const fetching = useIsFetching();
  const client = useQueryClient();
  const [state, setState] = useState<{ state: 'loading' | 'ready' | 'error'; message?: string }>({ state: 'loading' });
  useEffect(() => {
    if (fetching > 0) {
      setState((s) => (s.state === 'loading' ? s : { state: 'loading' }));
      return;
    }
    // A part outside the user's access is left out with a note (see the map); anything else is an error.
    const failed = client.getQueryCache().getAll().find((q) => q.state.status === 'error' && !isForbidden(q.state.error));
    if (failed) {
      setState({ state: 'error', message: String((failed.state.error as Error | null)?.message ?? 'onbekende fout') });
      return;
    }
    // Children start their queries after this render; settle only when nothing starts for a moment.
    let frame = 0;
    const timer = window.setTimeout(() => {
      frame = requestAnimationFrame(() => { frame = requestAnimationFrame(() => setState({ state: 'ready' })); });
    }, 60);
    return () => { window.clearTimeout(timer); cancelAnimationFrame(frame); };
  }, [fetching, client]);
  return state;
}

function isForbidden(error: unknown): boolean {
  return (error as { data?: { code?: string } } | null)?.data?.code === 'FORBIDDEN';
}

/** A4 print layout, readable in black and white; only for this page. */
const REPORT_CSS = `
.report { width: 180mm; margin: 0 auto; padding: 8mm 0; color: #000; background: #fff; font-size: 10.5pt; }
.report h1 { font-size: 22pt; margin: 0 0 6mm; }
.report h2 { font-size: 15pt; margin: 6mm 0 3mm; border-bottom: 1px solid #000; }
.report h3 { font-size: 12pt; }
.report__cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.report__kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 10pt; }
.report__filters { display: grid; grid-template-columns: 45mm 1fr; gap: 2mm 4mm; margin: 4mm 0 8mm; }
.report__filters dt { font-weight: bold; }
.report__filters dd { margin: 0; }
.report__notice { border: 1px solid #000; padding: 3mm; margin: 2mm 0; }
.report__watermark { position: fixed; top: 50%; left: 50%; transform: translate(-50%, -50%) rotate(-45deg); font-size: 64pt;
  font-weight: 700; color: rgba(0, 0, 0, 0.09); white-space: nowrap; pointer-events: none; z-index: 10; }
.report__page { break-before: page; }
.report__definitions dt { font-weight: bold; margin-top: 2mm; }
.report__definitions dd { margin: 0; }
.report .tabs, .report .export-buttons, .report .data-table__toolbar, .report .data-table__pager, .report .skip-link { display: none !important; }
/* Sections flow on: a block that does not fit breaks between its chart and its table, or between
   table rows (the header repeats), instead of leaving the rest of the page empty. */
.report h2, .report h3 { break-after: avoid; }
.report .figure-block { break-inside: auto; }
.report .figure__chart, .report .key-figure, .report tr { break-inside: avoid; }
.report .key-figures { break-inside: avoid; }
.report thead { display: table-header-group; }
.report table { font-size: 7.5pt; }
.report table th, .report table td { padding: 1px 2px; }
.report .data-table__scroll { overflow: visible; max-height: none; }
@page { size: A4; }
@media print { .report { padding: 0; } }
`;
