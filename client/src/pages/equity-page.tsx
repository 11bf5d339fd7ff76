import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { equityIndicatorName } from '@rd/shared/catalogue';
import { indicator } from '@rd/shared/indicators';
import { formatSchoolYear } from '@rd/shared/format';
import { type Published } from '@rd/shared/metrics/suppression';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { useUrlState } from '../app/url-state.ts';
import { usePageScope } from '../app/use-page-scope.ts';
import { ScopeFilterBar } from '../components/filters.tsx';
import { seesRegionDetail, useUserScope } from '../app/user-scope.ts';
import { EChart } from '../components/charts/echart.tsx';
import { DataTable, codeKey, type Column } from '../components/data-table/data-table.tsx';
import { FigureBlock } from '../components/figure-block.tsx';
import { scopeParams } from '../components/export-buttons.tsx';
import { KeyFigures } from '../components/key-figures.tsx';
import { MetricMap } from '../components/map/metric-map.tsx';
import { EmptyState, QueryView } from '../components/states.tsx';
import { formatValue, SECTOR_LABELS } from '../logic/display.ts';
import { figureColumn, writtenAs } from '../logic/metrics.ts';

type Bands = RouterOutputs['equity']['bands'];
type Band = Bands['bands'][number];

const BAND_COLORS = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'];

export default function EquityPage() {
  usePageTitle('Gelijke kansen');
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const { schoolYear, sector } = useUrlState();
  const user = useUserScope();
  const { scope, municipalityCode, regionCode, regionName, municipalityName, scopeName } = usePageScope();
  const bands = useQuery(trpc.equity.bands.queryOptions({ scope, schoolYear, sector }));
  // The list compares municipalities one by one: only over an area the user sees per municipality.
  const listsMunicipalities = !municipalityCode && (user?.national || (!!regionCode && seesRegionDetail(user, regionCode)));
  const widest = useQuery(trpc.equity.widestGaps.queryOptions({ ...(regionCode ? { regionCode } : {}), schoolYear, sector, limit: 25 }, { enabled: listsMunicipalities }));

  return (
    <div className="page">
      <h1>Gelijke kansen{municipalityName || regionName ? `: ${municipalityName ?? regionName}` : ''}</h1>
      <p className="page-intro">
        Kinderen die opgroeien in een achterstandssituatie hebben een lager welbevinden en hebben het meest aan een integrale aanpak.
        Krijgen scholen met veel achterstand ook de ondersteuning, en lopen ze in implementatie achter?
      </p>
      <ScopeFilterBar label="Filters voor gelijke kansen" regionCode={regionCode} municipalityCode={municipalityCode} />

      <QueryView query={bands} height={760}>{(data) => <BandsBlock data={data} scopeName={scopeName} schoolYear={schoolYear} sectorText={SECTOR_LABELS[sector]!.toLowerCase()} minSchools={minSchools} />}</QueryView>

      <MetricMap metricId="equityGap" regionCode={regionCode} regionName={regionName} schoolYear={schoolYear} sector={sector}
        title={`Kansenkloof in implementatie ${regionCode ? `per gemeente in ${regionName}` : 'per GGD-regio'}`} />

      <h2>Gemeenten met de grootste kloof</h2>
      {!listsMunicipalities ? <p>Deze lijst zet gemeenten naast elkaar en is er voor GGD-regio's. U ziet de cijfers van uw eigen gemeente(n) hierboven; vergelijk ze op de pagina Gemeenten vergelijken.</p>
        : <QueryView query={widest} height={400} errorHeight={300}>{(data) => data.rows.length === 0 ? <EmptyState><p>Geen gemeente heeft genoeg scholen in band 1 én band 4 om een kloof te tonen. Kies een andere sector of heel Nederland.</p></EmptyState>
        : (
          <DataTable
            caption={`Gemeenten met de grootste kloof in implementatie (band 1 − band 4), ${scopeName}, ${formatSchoolYear(schoolYear)}`}
            rows={data.rows}
            rowKey={codeKey}
            minSchools={minSchools}
            initialSort={[{ id: 'gap', desc: true }]}
            exportSpec={{ table: 'grootste-kloof', params: { regio: regionCode, jaar: data.schoolYear, sector: data.sector }, label: `gemeenten met de grootste kloof, ${scopeName}` }}
            columns={[
              { id: 'name', header: 'Gemeente', kind: 'text', value: (r) => r.name },
              { id: 'region', header: 'GGD-regio', kind: 'text', value: (r) => r.regionName },
              { id: 'gap', header: 'Kloof (pp)', kind: 'published', ...writtenAs('equityGap'), value: (r) => r.gap },
              { id: 'band1', header: 'Band 1: weinig achterstand', kind: 'published', ...writtenAs('implementation'), value: (r) => r.band1 },
              { id: 'band4', header: 'Band 4: veel achterstand', kind: 'published', ...writtenAs('implementation'), value: (r) => r.band4 },
            ]}
          />
        )}</QueryView>}
    </div>
  );
}

export function BandsBlock({ data, scopeName, schoolYear, sectorText, minSchools }: { data: Bands; scopeName: string; schoolYear: string; sectorText: string; minSchools: number }) {
  const known = data.bands.filter((b) => b.band >= 1);
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: [{ left: 60, right: '55%', top: 30, bottom: 50 }, { left: '55%', right: 30, top: 30, bottom: 50 }],
    xAxis: [
      { type: 'category', gridIndex: 0, data: known.map((b) => `Band ${b.band}`), name: `${indicator('implementation').shortLabel} (%)`, nameLocation: 'middle', nameGap: 30 },
      { type: 'category', gridIndex: 1, data: known.map((b) => `Band ${b.band}`), name: indicator('supportHoursPerSchool').shortLabel, nameLocation: 'middle', nameGap: 30 },
    ],
    yAxis: [{ type: 'value', gridIndex: 0, min: 0, axisLabel: { formatter: '{value}%' } }, { type: 'value', gridIndex: 1, min: 0 }],
    series: [
      { name: indicator('implementation').shortLabel, type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: known.map((b, i) => ({ value: b.implementation.value, itemStyle: { color: BAND_COLORS[i] } })),
        label: { show: true, position: 'top', formatter: (p: { value: number | null }) => (p.value === null ? '.' : formatValue(p.value, 'percent')) } },
      { name: indicator('supportHoursPerSchool').shortLabel, type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: known.map((b, i) => ({ value: b.supportHoursPerSchool.value, itemStyle: { color: BAND_COLORS[i] } })),
        label: { show: true, position: 'top', formatter: (p: { value: number | null }) => (p.value === null ? '.' : formatValue(p.value, 'decimal', writtenAs('supportHoursPerSchool').decimals)) } },
    ],
  }), [known]);

  const outcomeColumns: Column<Band>[] = (data.bands[0]?.outcomes ?? []).map((o, i) => ({
    id: `outcome-${o.indicator}`, header: o.label, kind: 'published', unit: 'percent', value: (b: Band) => b.outcomes[i]?.value ?? ({ value: null, schools: 0, suppressed: null } as Published),
  }));
  const columns: Column<Band>[] = [
    { id: 'band', header: 'Achterstandsband', kind: 'text', value: (b) => (b.band === 0 ? 'Onbekend' : `${b.band}. ${b.label}`), sortable: false },
    { id: 'schools', kind: 'published', ...figureColumn('schools'), value: (b) => b.schools },
    { id: 'implementation', kind: 'published', ...figureColumn('implementation'), value: (b) => b.implementation },
    { id: 'hours', kind: 'published', ...figureColumn('supportHoursPerSchool'), value: (b) => b.supportHoursPerSchool },
    { id: 'supported', kind: 'published', ...figureColumn('supportedShare'), value: (b) => b.supportedShare },
    ...outcomeColumns,
  ];
  const gap = data.gap;
  return (
    <>
      <h2>Kloof tussen scholen met weinig en veel achterstand, {scopeName}</h2>
      <KeyFigures
        label="Kloof band 1 min band 4"
        minSchools={minSchools}
        figures={[
          { id: 'gap-implementation', label: 'Kloof in implementatiegraad (pp)', value: gap.implementation, ...writtenAs('equityGap'), note: 'Positief: scholen met veel achterstand lopen achter' },
          { id: 'gap-hours', label: 'Verschil in GGD-uren per school', value: gap.supportHoursPerSchool, ...writtenAs('supportHoursPerSchool'), note: 'Negatief: scholen met veel achterstand krijgen meer uren' },
          ...gap.outcomes.map((o) => ({ id: `gap-${o.indicator}`, label: `Verschil: ${o.label.replace(' (%)', '')}`, value: o.value, unit: 'pp' as const, decimals: 1 })),
        ]}
      />
      <FigureBlock
        level={3}
        title={`Implementatie en ondersteuning per achterstandsband, ${formatSchoolYear(schoolYear)}, ${sectorText}`}
        exportSpec={{ table: 'gelijke-kansen', params: { ...scopeParams(data.scope), jaar: data.schoolYear, sector: data.sector }, label: `achterstandsbanden ${scopeName}` }}
        description={<p>Band 1 = weinig achterstand, band 4 = veel achterstand ({equityIndicatorName(data.sector)}; zie Methode).</p>}
        chart={<EChart option={option} height={340} label="Staafdiagrammen: implementatiegraad en GGD-uren per school per achterstandsband" />}
        table={<DataTable caption={`Per achterstandsband, ${scopeName}`} rows={data.bands} columns={columns} rowKey={(b) => String(b.band)} minSchools={minSchools} pageSize={10} />}
        defaultView="chart"
      />
    </>
  );
}
