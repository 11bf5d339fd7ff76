import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { formatSchoolYear } from '@rd/shared/format';
import { type Published } from '@rd/shared/metrics/suppression';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { selectableRegions, useUserScope } from '../app/user-scope.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { carriedSearch, parseRegionCode, useUrlState } from '../app/url-state.ts';
import { FilterBar, SectorSelect, YearSelect } from '../components/filters.tsx';
import { EChart } from '../components/charts/echart.tsx';
import { SERIES_COLORS } from '../components/charts/chart-colors.ts';
import { DataTable, type Column } from '../components/data-table/data-table.tsx';
import { FigureBlock } from '../components/figure-block.tsx';
import { HeatmapTable } from '../components/heatmap-table.tsx';
import { CapacityScatter } from '../components/capacity-scatter.tsx';
import { ExportButtons, scopeParams } from '../components/export-buttons.tsx';
import { EmptyState, QueryView } from '../components/states.tsx';
import { formatValue, SECTOR_LABELS } from '../logic/display.ts';

export default function RegionPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { code } = useParams();
  const regionCode = parseRegionCode(code ?? null);
  const { params, schoolYear, sector } = useUrlState();
  const regions = useQuery(trpc.geography.regions.queryOptions());
  const region = regions.data?.find((r) => r.code === regionCode);
  const user = useUserScope();
  usePageTitle(region ? `Regio ${region.name}` : 'Regio');

  return (
    <div className="page">
      <h1>{region ? `Regio: ${region.name}` : 'Regio'}</h1>
      <p className="page-intro">
        Adviescapaciteit tegen implementatie, het profiel van de regio op de 16 leidende principes, de verschillen tussen gemeenten
        en de ontwikkeling over de schooljaren.
      </p>
      <FilterBar label="Filters voor de regio">
        <div className="field">
          <label htmlFor="regio-keuze">GGD-regio</label>
          <select id="regio-keuze" data-testid="filter-region" value={regionCode ?? ''}
            onChange={(e) => navigate(`/regio/${e.target.value}${carriedSearch(params)}`)}>
            {!regionCode && <option value="">Kies een GGD-regio</option>}
            {selectableRegions(regions.data ?? [], user, regionCode ? [regionCode] : []).map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
          </select>
        </div>
        <YearSelect />
        <SectorSelect />
      </FilterBar>
      {!regionCode ? (
        <>
          <EmptyState><p><strong>Kies een GGD-regio</strong> in de keuzelijst hierboven om het regioprofiel te zien. Hieronder alvast alle regio's naast elkaar.</p></EmptyState>
          <CapacityScatter schoolYear={schoolYear} sector={sector} regionCode={null} />
        </>
      ) : (
        <RegionContent regionCode={regionCode} regionName={region?.name ?? regionCode} schoolYear={schoolYear} sector={sector} />
      )}
    </div>
  );
}

function RegionContent({ regionCode, regionName, schoolYear, sector }: { regionCode: string; regionName: string; schoolYear: string; sector: ReturnType<typeof useUrlState>['sector'] }) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const scope = { level: 'region' as const, code: regionCode };
  const profile = useQuery(trpc.implementation.profile.queryOptions({ scope, schoolYear, sector }));
  const heatmap = useQuery(trpc.implementation.heatmap.queryOptions({ regionCode, schoolYear, sector }));
  const trend = useQuery(trpc.implementation.trend.queryOptions({ scope, sector }));
  const sectorText = SECTOR_LABELS[sector]!.toLowerCase();

  return (
    <>
      <CapacityScatter schoolYear={schoolYear} sector={sector} regionCode={regionCode} />

      <h2>Profiel: 16 leidende principes tegen het landelijk beeld</h2>
      <QueryView query={profile} height={620}>{(data) => <ProfileBlock data={data} regionName={regionName} minSchools={minSchools} schoolYear={schoolYear} />}</QueryView>

      <h2>Gemeenten × leidende principes</h2>
      <p>Implementatiegraad per gemeente en per principe, {formatSchoolYear(schoolYear)}, {sectorText}. Donkerder is verder gevorderd.</p>
      <QueryView query={heatmap} height={520} errorHeight={400}>{(data) => data.rows.length === 0 ? <EmptyState><p>Deze regio heeft geen gemeenten met gegevens.</p></EmptyState>
        : (
          <>
          <ExportButtons spec={{ table: 'heatmap', params: { regio: regionCode, jaar: schoolYear, sector }, label: `implementatiegraad per gemeente en leidend principe, ${regionName}` }} />
          <HeatmapTable
            caption={`Implementatiegraad per gemeente en leidend principe, ${regionName}, ${formatSchoolYear(schoolYear)}`}
            rows={data.rows}
            minSchools={minSchools}
            regionRow={{ code: regionCode, name: `Regio ${data.region.name}`, overall: data.region.overall, principles: data.region.principles }}
          />
          </>
        )}</QueryView>

      <h2>Ontwikkeling over de schooljaren</h2>
      <QueryView query={trend} height={420}>{(data) => <TrendBlock data={data} regionName={regionName} minSchools={minSchools} />}</QueryView>
    </>
  );
}

type Profile = RouterOutputs['implementation']['profile'];

export function ProfileBlock({ data, regionName, minSchools, schoolYear }: { data: Profile; regionName: string; minSchools: number; schoolYear: string }) {
  type Row = { id: string; label: string; scope: Published; nation: Published; differenceFromNation: number | null };
  const rows: Row[] = useMemo(() => [
    { ...data.overall, id: 'overall', label: 'Totaal (alle principes)' },
    ...data.pillars.map((p) => ({ ...p, id: `pillar-${p.id}`, label: `Pijler ${p.label}` })),
    ...data.principles.map((p) => ({ ...p, id: `p${p.id}`, label: `${p.id}. ${p.label}` })),
  ], [data]);
  const principleRows = rows.filter((r) => r.id.startsWith('p') && !r.id.startsWith('pillar'));
  // On a phone the principle names wrap in a narrow column, so the bars keep most of the width.
  const option = useMemo(() => (narrow: boolean) => ({
    legend: { top: 0, left: 0 },
    grid: { left: 4, right: 16, top: 36, bottom: 30, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v: number | null) => (v === null ? '.' : formatValue(v, 'percent')) },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: principleRows.map((r) => r.label),
      axisLabel: { width: narrow ? 130 : 340, overflow: narrow ? 'break' : 'truncate', lineHeight: 13, fontSize: narrow ? 11 : 12 } },
    series: [
      { name: regionName, type: 'bar', data: principleRows.map((r) => r.scope.value), itemStyle: { color: SERIES_COLORS.scope } },
      { name: 'Nederland', type: 'bar', data: principleRows.map((r) => r.nation.value), itemStyle: { color: SERIES_COLORS.nation } },
    ],
  }), [principleRows, regionName]);
  const columns: Column<Row>[] = [
    { id: 'label', header: 'Pijler of principe', kind: 'text', value: (r) => r.label, sortable: false },
    { id: 'scope', header: regionName, kind: 'published', unit: 'percent', value: (r) => r.scope },
    { id: 'nation', header: 'Nederland', kind: 'published', unit: 'percent', value: (r) => r.nation },
    { id: 'diff', header: 'Verschil (pp)', kind: 'number', unit: 'pp', value: (r) => r.differenceFromNation },
  ];
  return (
    <FigureBlock
      level={3}
      title={`Implementatiegraad per principe, ${regionName} en Nederland`}
      exportSpec={{ table: 'profiel', params: { ...scopeParams(data.scope), jaar: data.schoolYear, sector: data.sector }, label: `profiel ${regionName}` }}
      description={<p>Schooljaar {formatSchoolYear(schoolYear)}. Totaal {regionName}: {formatValue(data.overall.scope.value, 'percent')}; Nederland: {formatValue(data.overall.nation.value, 'percent')}.</p>}
      chart={<EChart option={option} height={760} label={`Staafdiagram: implementatiegraad per leidend principe, ${regionName} tegen Nederland`} />}
      table={<DataTable caption={`Profiel ${regionName} tegen Nederland`} rows={rows} columns={columns} rowKey={(r) => r.id} minSchools={minSchools} pageSize={25} />}
    />
  );
}

type Trend = RouterOutputs['implementation']['trend'];

export function TrendBlock({ data, regionName, minSchools }: { data: Trend; regionName: string; minSchools: number }) {
  type Row = Trend['years'][number];
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 60, right: 30, top: 40, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '.' : formatValue(v, 'percent')) },
    xAxis: { type: 'category', data: data.years.map((y) => formatSchoolYear(y.schoolYear)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: `${regionName}, totaal`, type: 'line', symbolSize: 8, data: data.years.map((y) => y.overall.value), itemStyle: { color: SERIES_COLORS.scope }, lineStyle: { width: 3 } },
      { name: 'Nederland, totaal', type: 'line', symbol: 'diamond', symbolSize: 8, data: data.years.map((y) => y.nation.value), itemStyle: { color: SERIES_COLORS.nation }, lineStyle: { type: 'dashed' } },
    ],
  }), [data, regionName]);
  const columns: Column<Row>[] = [
    { id: 'year', header: 'Schooljaar', kind: 'text', value: (r) => formatSchoolYear(r.schoolYear) },
    { id: 'overall', header: `${regionName}`, kind: 'published', unit: 'percent', value: (r) => r.overall },
    ...['beleid', 'omgeving', 'educatie', 'signaleren'].map((p): Column<Row> => ({
      id: p, header: `Pijler ${p[0]!.toUpperCase()}${p.slice(1)}`, kind: 'published', unit: 'percent',
      value: (r) => r.pillars.find((x) => x.id === p)?.value ?? { value: null, schools: 0, suppressed: null },
    })),
    { id: 'nation', header: 'Nederland', kind: 'published', unit: 'percent', value: (r) => r.nation },
  ];
  return (
    <FigureBlock
      level={3}
      title={`Implementatiegraad per schooljaar, ${regionName} en Nederland`}
      exportSpec={{ table: 'trend', params: { ...scopeParams(data.scope), sector: data.sector }, label: `trend ${regionName}` }}
      chart={<EChart option={option} height={360} label={`Lijndiagram: implementatiegraad per schooljaar, ${regionName} en Nederland`} />}
      table={<DataTable caption={`Implementatiegraad per schooljaar, ${regionName}`} rows={data.years} columns={columns} rowKey={(r) => r.schoolYear} minSchools={minSchools} pageSize={10} />}
    />
  );
}
