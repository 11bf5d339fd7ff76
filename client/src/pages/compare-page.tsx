import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { COMPARE_MUNICIPALITIES, PILLARS } from '@rd/shared/catalogue';
import { indicator } from '@rd/shared/indicators';
import { formatList, formatSchoolYear } from '@rd/shared/format';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { suggestedComparison, useUserScope } from '../app/user-scope.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { parseMunicipalityCodes, useUrlState } from '../app/url-state.ts';
import { FilterBar, SectorSelect, YearSelect } from '../components/filters.tsx';
import { MunicipalityPicker } from '../components/municipality-picker.tsx';
import { EChart } from '../components/charts/echart.tsx';
import { BENCHMARK_STYLES, COMPARE_COLORS, NATION_STYLE } from '../components/charts/chart-colors.ts';
import { DataTable } from '../components/data-table/data-table.tsx';
import { rowOf, sideBySideColumns, type SideBySideRow } from '../components/data-table/side-by-side.tsx';
import { FigureBlock } from '../components/figure-block.tsx';
import { ExportButtons } from '../components/export-buttons.tsx';
import { EmptyState, QueryView, Skeleton } from '../components/states.tsx';
import { formatValue, SECTOR_LABELS } from '../logic/display.ts';

type Compare = RouterOutputs['compare']['municipalities'];
type Entity = Compare['nation'] & { kind: 'municipality' | 'region' | 'nation' };

const FIGURE_ROWS = (['schools', 'scanCoverage', 'implementation', 'vignetShare', 'kartrekkerShare', 'supportHoursPerSchool', 'partnerCoverage'] as const)
  .map((id) => ({ id, ind: indicator(id) }));

export default function ComparePage() {
  usePageTitle('Gemeenten vergelijken');
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const { params, schoolYear, sector, update } = useUrlState();
  const codes = parseMunicipalityCodes(params.get('gemeenten'));
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions());
  const compare = useQuery({
    ...trpc.compare.municipalities.queryOptions({ codes, schoolYear, sector }, { enabled: codes.length >= COMPARE_MUNICIPALITIES.min }),
    placeholderData: keepPreviousData,
  });
  // Only municipalities the user may see are offered (their regions' or their own).
  const user = useUserScope();
  const mayCompare = (m: { code: string; regionCode: string }) => !user || user.national || user.regions.includes(m.regionCode) || user.municipalities.includes(m.code);
  const setCodes = (next: string[]) => update({ gemeenten: next.length ? next.join(',') : null });
  const suggestion = suggestedComparison(user);
  const nameOf = new Map((municipalities.data ?? []).map((m) => [m.code, m.name]));

  return (
    <div className="page">
      <h1>Gemeenten vergelijken</h1>
      <p className="page-intro">
        Zet {COMPARE_MUNICIPALITIES.min} tot {COMPARE_MUNICIPALITIES.max} gemeenten naast elkaar, met hun GGD-regio en Nederland als ijkpunt: implementatie per pijler, kansenkloof en partners.
      </p>
      <FilterBar label="Gemeenten en filters">
        {municipalities.data ? (
          <MunicipalityPicker
            options={municipalities.data.filter((m) => mayCompare(m)).map((m) => ({ code: m.code, name: m.name, regionName: m.regionName }))}
            selected={codes}
            onChange={setCodes}
          />
        ) : <Skeleton height={90} label="Gemeenten worden geladen…" />}
        <YearSelect />
        <SectorSelect />
      </FilterBar>
      {codes.length < COMPARE_MUNICIPALITIES.min ? (
        <EmptyState>
          <p><strong>Kies minstens {COMPARE_MUNICIPALITIES.min} gemeenten</strong> met het zoekveld hierboven.</p>
          {suggestion && municipalities.data ? (
            <p>
              <button type="button" className="button" onClick={() => setCodes(suggestion)}>
                Vergelijk uw gemeenten: {formatList(suggestion.map((code) => nameOf.get(code) ?? code))}
              </button>
            </p>
          ) : null}
        </EmptyState>
      ) : (
        <QueryView query={compare} height={900} errorHeight={400}>{(data) => (
          <CompareContent data={data} schoolYear={schoolYear} sectorText={SECTOR_LABELS[sector]!.toLowerCase()} minSchools={minSchools} busy={compare.isFetching} />
        )}</QueryView>
      )}
    </div>
  );
}

function CompareContent({ data, schoolYear, sectorText, minSchools, busy }: { data: Compare; schoolYear: string; sectorText: string; minSchools: number; busy: boolean }) {
  const entities: Entity[] = useMemo(() => [
    ...data.municipalities.map((m) => ({ ...m, kind: 'municipality' as const })),
    ...data.regions.map((r) => ({ ...r, name: `Regio ${r.name}`, kind: 'region' as const })),
    { ...data.nation, kind: 'nation' as const },
  ], [data]);

  // On a phone the seven names do not fit in two lines: the legend scrolls sideways rather than run into the bars.
  const pillarOption = useMemo(() => (narrow: boolean) => ({
    legend: { top: 0, left: 0, ...(narrow ? { type: 'scroll' } : {}) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v: number | null) => (v === null ? '.' : formatValue(v, 'percent')) },
    grid: { left: 50, right: 10, top: narrow ? 40 : 64, bottom: 40 },
    xAxis: { type: 'category', data: ['Totaal', ...PILLARS.map((p) => p.label)] },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: entities.map((e, i) => ({
      name: e.name,
      type: 'bar',
      data: [e.figures.implementation.value, ...PILLARS.map((p) => e.pillars[p.id].value)],
      itemStyle: e.kind === 'municipality' ? { color: COMPARE_COLORS[i % COMPARE_COLORS.length] }
        : e.kind === 'region' ? BENCHMARK_STYLES[(i - data.municipalities.length) % BENCHMARK_STYLES.length]
          : NATION_STYLE,
    })),
  }), [entities, data.municipalities.length]);

  const figureRows: SideBySideRow[] = [
    ...FIGURE_ROWS.map(({ id, ind }) => ({ ...rowOf(ind), values: entities.map((e) => e.figures[id]) })),
    ...PILLARS.map((p) => ({ ...rowOf(indicator(`pillar:${p.id}`)), values: entities.map((e) => e.pillars[p.id]) })),
    { ...rowOf(indicator('equityGap')), values: entities.map((e) => e.equityGap) },
  ];
  const partnerTypes = data.nation.partners.map((p) => ({ type: p.type, label: p.label }));
  const partnerRows: SideBySideRow[] = partnerTypes.map((t) => ({
    ...rowOf(indicator('partnerCoverage')), id: `partner-${t.type}`, label: t.label, values: entities.map((e) => e.partners.find((p) => p.type === t.type)?.coverage ?? { value: null, schools: 0, suppressed: null }),
  }));
  const columnsFor = (first: string) => sideBySideColumns(first, entities.map((e) => e.name), minSchools);

  return (
    <div aria-busy={busy} data-testid="compare-result">
      <h2>Kerncijfers naast elkaar, {formatSchoolYear(schoolYear)}, {sectorText}</h2>
      <ExportButtons spec={{
        table: 'vergelijking',
        params: { jaar: schoolYear, sector: data.sector, gemeenten: data.municipalities.map((m) => m.code).join(',') },
        label: 'de vergelijking (kerncijfers, pijlers, kansenkloof en partners)',
      }} />
      <DataTable testId="compare-table" caption={`Kerncijfers van ${data.municipalities.map((m) => m.name).join(', ')} met regio en Nederland`}
        rows={figureRows} columns={columnsFor('Indicator')} rowKey={(r) => r.id} minSchools={minSchools} pageSize={25} />
      <FigureBlock
        title="Implementatiegraad per pijler"
        description={<p>Gemeenten in kleur; de regio's en Nederland als ijkpunt in grijs, elk met een eigen arcering.</p>}
        chart={<EChart option={pillarOption} height={400} label={`Staafdiagram: implementatiegraad per pijler voor ${entities.map((e) => e.name).join(', ')}`} />}
        table={<DataTable caption="Implementatiegraad per pijler" rows={figureRows.filter((r) => r.id === 'implementation' || r.id.startsWith('pillar-'))} columns={columnsFor('Pijler')} rowKey={(r) => r.id} minSchools={minSchools} />}
      />
      <h2>Partners: aandeel scholen met een structurele afspraak</h2>
      <DataTable testId="compare-partners" caption="Partnerdekking per type" rows={partnerRows} columns={columnsFor('Partnertype')} rowKey={(r) => r.id} minSchools={minSchools} />
    </div>
  );
}
