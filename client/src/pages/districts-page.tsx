import { useId, useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { COMPARE_DISTRICTS, disadvantageBandName } from '@rd/shared/catalogue';
import { formatSchoolYear } from '@rd/shared/format';
import { indicator } from '@rd/shared/indicators';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { useUserScope } from '../app/user-scope.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { useUrlState } from '../app/url-state.ts';
import { FilterBar, YearSelect } from '../components/filters.tsx';
import { Choropleth, type GeoFeatureCollection } from '../components/map/choropleth.tsx';
import { DataTable } from '../components/data-table/data-table.tsx';
import { rowOf, sideBySideColumns, type SideBySideRow } from '../components/data-table/side-by-side.tsx';
import { ExportButtons } from '../components/export-buttons.tsx';
import { EmptyState, QueryView } from '../components/states.tsx';
import { SECTOR_LABELS } from '../logic/display.ts';
import { MAP_METRICS } from '../logic/metrics.ts';

type List = RouterOutputs['districts']['list'];
type Figures = List['districts'][number]['figures'];

const FIGURE_IDS: readonly (keyof Figures)[] = ['schools', 'scanCoverage', 'implementation', 'vignetShare', 'kartrekkerShare', 'supportedShare', 'supportHoursPerSchool'];
type BandFigures = RouterOutputs['districts']['compare']['columns'][number]['equity']['bands'][number]['figures'];
const BAND_FIGURE_IDS: readonly (keyof BandFigures)[] = ['schools', 'implementation', 'vignetShare', 'supportHoursPerSchool'];
const IMPLEMENTATION = MAP_METRICS.find((m) => m.id === 'implementation')!;

function parseDistricts(raw: string | null): string[] {
  return (raw ?? '').split(',').map((c) => c.trim()).filter((c) => /^(WK\d{6}|GM\d{4}-onbekend)$/.test(c)).slice(0, COMPARE_DISTRICTS.max);
}

export default function DistrictsPage() {
  usePageTitle('Wijken vergelijken');
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const selectId = useId();
  const { params, schoolYear, update } = useUrlState();
  // Districts are compared over all sectors only: per sector, a district's cells are mostly a
  // handful of schools, and the server hides them (see districtsRouter).
  const sector = 'all' as const;
  const user = useUserScope();
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions());
  const visible = (municipalities.data ?? []).filter((m) => !user || user.national || user.regions.includes(m.regionCode) || user.municipalities.includes(m.code));
  const municipality = params.get('gemeente') ?? (user && !user.national && user.municipalities.length > 0 ? user.municipalities[0]! : null);
  const codes = parseDistricts(params.get('wijken'));
  const list = useQuery({
    ...trpc.districts.list.queryOptions({ municipalityCode: municipality ?? 'GM0000', schoolYear, sector }, { enabled: municipality !== null }),
    placeholderData: keepPreviousData,
  });
  const boundaries = useQuery(trpc.districts.boundaries.queryOptions({ municipalityCode: municipality ?? 'GM0000' }, { enabled: municipality !== null }));
  const compare = useQuery({
    ...trpc.districts.compare.queryOptions({ municipalityCode: municipality ?? 'GM0000', codes, schoolYear, sector }, { enabled: municipality !== null && codes.length >= COMPARE_DISTRICTS.min }),
    placeholderData: keepPreviousData,
  });
  const setCodes = (next: string[]) => update({ wijken: next.length ? next.join(',') : null });
  const toggle = (code: string) => {
    if (codes.includes(code)) setCodes(codes.filter((c) => c !== code));
    else if (codes.length < COMPARE_DISTRICTS.max) setCodes([...codes, code]);
  };
  const synthetic = list.data?.districts.some((d) => d.name.includes('(synthetisch)')) ?? false;

  return (
    <div className="page">
      <h1>Wijken vergelijken</h1>
      <p className="page-intro">
        Zet {COMPARE_DISTRICTS.min} tot {COMPARE_DISTRICTS.max} wijken van een gemeente naast elkaar, met de gemeente, de GGD-regio en Nederland als ijkpunt.
        Scholen zonder bekende wijk staan onder “Wijk onbekend”: samen zijn de wijken de hele gemeente.
        Wijken gaan over alle sectoren samen: per sector zijn het meestal maar een paar scholen.
      </p>
      <FilterBar label="Gemeente en filters">
        <div className="field">
          <label htmlFor={selectId}>Gemeente</label>
          <select id={selectId} data-testid="districts-municipality" value={municipality ?? ''} onChange={(e) => update({ gemeente: e.target.value || null, wijken: null })}>
            {municipality ? null : <option value="">Kies een gemeente</option>}
            {visible.map((m) => <option key={m.code} value={m.code}>{m.name}</option>)}
          </select>
        </div>
        <YearSelect />
      </FilterBar>
      {municipality === null ? (
        <EmptyState><p>Kies een gemeente.</p></EmptyState>
      ) : <QueryView query={list} height={500} errorHeight={300}>{(data) => data.districts.length === 0 ? (
        <EmptyState><p>Voor {data.municipality.name} zijn (nog) geen wijken geïmporteerd. De beheerder kan ze importeren (soort “Wijken”).</p></EmptyState>
      ) : (
        <>
          {synthetic ? (
            <p className="notice" data-testid="districts-synthetic" role="note">
              <strong>Synthetische wijken.</strong> Deze demowijken en hun grenzen zijn verzonnen (een indeling van de echte gemeentegrens), net als alle democijfers: het zijn geen echte wijken.
            </p>
          ) : null}
          {boundaries.data && boundaries.data.features.length > 0 ? (
            <section aria-labelledby={`${selectId}-map`}>
              <h2 id={`${selectId}-map`}>Implementatiegraad per wijk, {formatSchoolYear(schoolYear)}</h2>
              <Choropleth
                mapName={`wijken-${data.municipality.code}`}
                geo={{ type: 'FeatureCollection', features: boundaries.data.features.map((f) => ({ type: 'Feature', properties: { code: f.code, name: f.name }, geometry: f.geometry })) } as GeoFeatureCollection}
                rows={data.districts.map((d) => ({ code: d.code, name: d.name, value: d.figures.implementation }))}
                metricLabel={IMPLEMENTATION.label} unit={IMPLEMENTATION.unit} decimals={IMPLEMENTATION.decimals} classBounds={IMPLEMENTATION.classBounds}
                schoolYear={schoolYear} minSchools={minSchools} areaWord="wijken"
                onSelect={toggle} selectHint="Klik op een wijk om haar te kiezen of weg te halen." height={420}
              />
              <p className="source">Wijkgrenzen: CBS/PDOK, Wijk- en buurtkaart (CC BY 4.0){synthetic ? '; de demowijken zijn een verzonnen indeling van de gemeentegrens' : ''}.</p>
            </section>
          ) : null}
          <fieldset className="district-choice" data-testid="districts-choice">
            <legend>Kies {COMPARE_DISTRICTS.min} tot {COMPARE_DISTRICTS.max} wijken ({codes.length} gekozen)</legend>
            {data.districts.map((d) => (
              <label key={d.code} className="checkbox">
                <input type="checkbox" checked={codes.includes(d.code)} disabled={!codes.includes(d.code) && codes.length >= COMPARE_DISTRICTS.max} onChange={() => toggle(d.code)} />
                {' '}{d.name}
              </label>
            ))}
          </fieldset>
          {codes.length < COMPARE_DISTRICTS.min ? (
            <EmptyState><p><strong>Kies minstens {COMPARE_DISTRICTS.min} wijken</strong> op de kaart of in de lijst hierboven.</p></EmptyState>
          ) : (
            <QueryView query={compare} height={400} errorHeight={300}>{(compared) => (
              <DistrictComparison data={compared} schoolYear={schoolYear} sector={sector} minSchools={minSchools} busy={compare.isFetching} />
            )}</QueryView>
          )}
        </>
      )}</QueryView>}
    </div>
  );
}

type Compare = RouterOutputs['districts']['compare'];

function DistrictComparison({ data, schoolYear, sector, minSchools, busy }: { data: Compare; schoolYear: string; sector: string; minSchools: number; busy: boolean }) {
  const rows: SideBySideRow[] = useMemo(() => FIGURE_IDS.map((id) => ({ ...rowOf(indicator(id)), values: data.columns.map((c) => c.figures[id]) })), [data]);
  // Equity: each figure per disadvantage band (the bands in the same order in every column), then the gap.
  const equityRows: SideBySideRow[] = useMemo(() => [
    ...BAND_FIGURE_IDS.flatMap((id) => data.columns[0]!.equity.bands.map((band, i) => {
      const row = rowOf(indicator(id));
      return { ...row, id: `${id}-${band.band}`, label: `${row.label}, ${disadvantageBandName(band.band)}`, values: data.columns.map((c) => c.equity.bands[i]!.figures[id]) };
    })),
    { ...rowOf(indicator('equityGap')), values: data.columns.map((c) => c.equity.implementationGap) },
  ], [data]);
  const columns = sideBySideColumns('Indicator', data.columns.map((c) => (c.kind === 'region' ? `Regio ${c.name}` : c.name)), minSchools);
  const districts = data.columns.filter((c) => c.kind === 'district');
  return (
    <div aria-busy={busy} data-testid="districts-result">
      <h2>Wijken naast elkaar, {formatSchoolYear(schoolYear)}, {SECTOR_LABELS[sector]!.toLowerCase()}</h2>
      <ExportButtons spec={{
        table: 'wijken',
        params: { jaar: schoolYear, sector, gemeente: data.municipality.code, wijken: districts.map((d) => d.code).join(',') },
        label: 'de vergelijking van de wijken',
      }} />
      <DataTable testId="districts-table" caption={`Kerncijfers van ${districts.map((d) => d.name).join(', ')} met ${data.municipality.name}, de regio en Nederland`}
        rows={rows} columns={columns} rowKey={(r) => r.id} minSchools={minSchools} pageSize={25} />
      <h3>Gelijke kansen: per achterstandsband</h3>
      <p>
        Implementatie, vignet en ondersteuning van scholen met weinig (band 1) tot veel achterstand (band 4). Per wijk zijn het vaak maar een paar scholen per band:
        die cijfers zijn afgeschermd, net als een band die de verborgen cijfers van een andere wijk zou verraden.
      </p>
      <DataTable testId="districts-equity-table" caption={`Per achterstandsband: ${districts.map((d) => d.name).join(', ')} met ${data.municipality.name}, de regio en Nederland`}
        rows={equityRows} columns={columns} rowKey={(r) => r.id} minSchools={minSchools} pageSize={25} />
    </div>
  );
}
