import { memo, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatSchoolYear } from '@rd/shared/format';
import { CONDITION_IDS, IMPLEMENTATION_CONDITIONS, type ConditionId } from '@rd/shared/catalogue';
import type { Published } from '@rd/shared/metrics/suppression';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { useUrlState, type Scope, type SectorFilter } from '../app/url-state.ts';
import { EChart } from './charts/echart.tsx';
import { COMPARE_COLORS, SERIES_COLORS } from './charts/chart-colors.ts';
import { DataTable, codeKey, type Column } from './data-table/data-table.tsx';
import { FigureBlock } from './figure-block.tsx';
import type { ExportSpec } from './export-buttons.tsx';
import { QueryView } from './states.tsx';
import { formatValue } from '../logic/display.ts';

type ScopeData = RouterOutputs['conditions']['scope'];
type AreasData = RouterOutputs['conditions']['areas'];
const LINE_COLORS = [...COMPARE_COLORS, SERIES_COLORS.nation];
const labelOf = (id: ConditionId) => IMPLEMENTATION_CONDITIONS.find((c) => c.id === id)!.label;
const NO_DATA: Published = { value: null, schools: 0, suppressed: null };

/**
 * The seed's implementation conditions for the scope: the share of schools meeting each over the
 * years, per area (the areas of the map), and how each goes with implementation across schools.
 * Memoised: the overview re-renders on every filter change, and this section changes only with its own props.
 */
export const ConditionsSection = memo(function ConditionsSection({ scope, scopeName, schoolYear, sector, level, regionCode, areaWord }: {
  scope: Scope; scopeName: string; schoolYear: string; sector: SectorFilter;
  /** The areas of the map: regions nationally, or the municipalities of `regionCode`. */
  level: 'region' | 'municipality'; regionCode: string | null; areaWord: string;
}) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const scopeData = useQuery(trpc.conditions.scope.queryOptions({ scope, schoolYear, sector }));
  const areas = useQuery(trpc.conditions.areas.queryOptions({ level, ...(regionCode ? { regionCode } : {}), schoolYear, sector }));

  return (
    <section aria-labelledby="voorwaarden-titel" data-testid="conditions-section">
      <h2 id="voorwaarden-titel">Voorwaarden voor implementatie, {scopeName}</h2>
      <p>
        Scholen voeren de aanpak verder uit als ze een kartrekker hebben, een enthousiast team, draagvlak bij ouders en in de school
        en een betrokken schoolleiding (Jansen e.a., 2023). Per voorwaarde het aandeel scholen dat eraan voldoet, van de scholen
        waarvan het in de implementatiegegevens staat.
      </p>
      <details>
        <summary>Wanneer voldoet een school?</summary>
        <ul>{IMPLEMENTATION_CONDITIONS.map((c) => <li key={c.id}><strong>{c.label}</strong>: {c.meets}</li>)}</ul>
        <p>Wat elke voorwaarde betekent en waar de onderbouwing haar noemt: <Link to="/methode#voorwaarden">Methode, voorwaarden voor implementatie</Link>.</p>
      </details>
      <QueryView query={scopeData} height={420} errorHeight={360}>{(data) => <TrendBlock data={data} scopeName={scopeName} minSchools={minSchools} />}</QueryView>

      <QueryView query={areas} height={400} errorHeight={300}>{(data) => <AreasBlock data={data} areaWord={areaWord} minSchools={minSchools}
        exportSpec={{ table: 'voorwaarden', params: { niveau: level, regio: regionCode, jaar: schoolYear, sector }, label: `voorwaarden per ${areaWord === 'gemeenten' ? 'gemeente' : 'GGD-regio'}` }} />}</QueryView>

      {scopeData.data && <AssociationBlock data={scopeData.data} />}
    </section>
  );
});

function TrendBlock({ data, scopeName, minSchools }: { data: ScopeData; scopeName: string; minSchools: number }) {
  type Row = { id: ConditionId; label: string; years: Published[] };
  const rows: Row[] = useMemo(() => data.conditions.map((c) => ({ id: c.id, label: c.label, years: data.trend.map((y) => y.values[c.id] ?? NO_DATA) })), [data]);
  const option = useMemo(() => ({
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 48, bottom: 30, containLabel: true },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number | null) => (v === null ? '.' : formatValue(v, 'percent')) },
    xAxis: { type: 'category', data: data.trend.map((y) => formatSchoolYear(y.schoolYear)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: rows.map((r, i) => ({ name: r.label, type: 'line', symbolSize: 7, data: r.years.map((p) => p.value), itemStyle: { color: LINE_COLORS[i % LINE_COLORS.length] } })),
  }), [data, rows]);
  const columns: Column<Row>[] = [
    { id: 'label', header: 'Voorwaarde', kind: 'text', value: (r) => r.label, sortable: false },
    ...data.trend.map((y, i): Column<Row> => ({ id: y.schoolYear, header: formatSchoolYear(y.schoolYear), kind: 'published', unit: 'percent', value: (r) => r.years[i]! })),
  ];
  return (
    <FigureBlock
      level={3}
      testId="conditions-trend"
      title={`Aandeel scholen dat aan elke voorwaarde voldoet, per schooljaar, ${scopeName}`}
      chart={<EChart option={option} height={380} label={`Lijndiagram: aandeel scholen per voorwaarde per schooljaar, ${scopeName}`} />}
      table={<DataTable caption={`Aandeel scholen per voorwaarde en schooljaar, ${scopeName}`} rows={rows} columns={columns} rowKey={(r) => r.id} minSchools={minSchools} pageSize={10} />}
      defaultView="table"
    />
  );
}

/**
 * The chosen condition per area. The choice lives in the address (voorwaarde=), read here only: the
 * rest of the section does not depend on the address, so another filter's change does not draw it again.
 */
function AreasBlock({ data, areaWord, minSchools, exportSpec }: {
  data: AreasData; areaWord: string; minSchools: number;
  /** Every condition of both years, whichever one the table shows. */
  exportSpec: ExportSpec;
}) {
  type Row = AreasData['rows'][number];
  const { params, update } = useUrlState();
  const chosen = (CONDITION_IDS as readonly string[]).includes(params.get('voorwaarde') ?? '') ? (params.get('voorwaarde') as ConditionId) : 'kartrekker';
  const onChoose = (id: ConditionId) => update({ voorwaarde: id === 'kartrekker' ? null : id }, { replace: true });
  const columns = useMemo((): Column<Row>[] => [
    { id: 'name', header: areaWord === 'gemeenten' ? 'Gemeente' : 'GGD-regio', kind: 'text', value: (r) => r.name },
    { id: 'now', header: `${labelOf(chosen)}, ${formatSchoolYear(data.schoolYear)}`, kind: 'published', unit: 'percent', value: (r) => r.values[chosen] ?? NO_DATA },
    ...(data.previousYear ? [
      { id: 'before', header: formatSchoolYear(data.previousYear), kind: 'published', unit: 'percent', value: (r: Row) => r.previous?.[chosen] ?? NO_DATA } as Column<Row>,
      { id: 'change', header: 'Verschil (pp)', kind: 'number', unit: 'pp', decimals: 1, value: (r: Row) => changeOf(r, chosen) } as Column<Row>,
    ] : []),
    ...CONDITION_IDS.filter((id) => id !== chosen).map((id): Column<Row> => ({ id, header: labelOf(id), kind: 'published', unit: 'percent', value: (r) => r.values[id] ?? NO_DATA, hidden: true })),
  ], [chosen, data, areaWord]);
  return (
    <>
      <h3>Per {areaWord === 'gemeenten' ? 'gemeente' : 'GGD-regio'}</h3>
      <div className="field">
        <label htmlFor="voorwaarde-keuze">Voorwaarde</label>
        <select id="voorwaarde-keuze" data-testid="condition-select" value={chosen} onChange={(e) => onChoose(e.target.value as ConditionId)}>
          {IMPLEMENTATION_CONDITIONS.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </div>
      <DataTable testId="conditions-areas" caption={`${labelOf(chosen)}: aandeel scholen per ${areaWord === 'gemeenten' ? 'gemeente' : 'GGD-regio'}, met het schooljaar ervoor`}
        rows={data.rows} columns={columns} rowKey={codeKey} minSchools={minSchools} initialSort={[{ id: 'name', desc: false }]} pageSize={25} exportSpec={exportSpec} />
    </>
  );
}

/** The chosen condition's change since the year before, in percentage points (null when either year is not published). */
function changeOf(r: AreasData['rows'][number], chosen: ConditionId): number | null {
  const now = r.values[chosen];
  const before = r.previous?.[chosen];
  return now?.value != null && before?.value != null ? now.value - before.value : null;
}

function AssociationBlock({ data }: { data: ScopeData }) {
  const a = data.association;
  type Row = (typeof a.rows)[number];
  const shown = useMemo(() => a.rows.filter((r) => r.difference !== null), [a]);
  const option = useMemo(() => ({
    grid: { left: 8, right: 24, top: 10, bottom: 30, containLabel: true },
    tooltip: { trigger: 'item', confine: true, formatter: (p: { dataIndex: number }) => {
      const r = shown[p.dataIndex]!;
      return `${r.label}: ${formatValue(r.difference, 'pp', 1)} (95%-interval ${formatValue(r.low, 'pp', 1)} tot ${formatValue(r.high, 'pp', 1)})`;
    } },
    xAxis: { type: 'value', name: 'Verschil in implementatiegraad (procentpunt)', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.label) },
    series: [{
      type: 'scatter', symbolSize: 10, data: shown.map((r) => r.difference), itemStyle: { color: SERIES_COLORS.scope },
      markLine: {
        silent: true, symbol: 'none', lineStyle: { color: SERIES_COLORS.scope, width: 2, type: 'solid' }, label: { show: false },
        data: [{ xAxis: 0, lineStyle: { color: '#666', type: 'dashed', width: 1 } }, ...shown.map((r) => [{ coord: [r.low, r.label] }, { coord: [r.high, r.label] }])],
      },
    }],
  }), [shown]);
  const columns: Column<Row>[] = [
    { id: 'label', header: 'Voorwaarde', kind: 'text', value: (r) => r.label, sortable: false },
    { id: 'with', header: 'Implementatie met (%)', kind: 'number', unit: 'percent', value: (r) => r.implementationWith },
    { id: 'schoolsWith', header: 'Scholen met', kind: 'number', value: (r) => r.schoolsWith },
    { id: 'without', header: 'Implementatie zonder (%)', kind: 'number', unit: 'percent', value: (r) => r.implementationWithout },
    { id: 'schoolsWithout', header: 'Scholen zonder', kind: 'number', value: (r) => r.schoolsWithout },
    { id: 'difference', header: 'Verschil (pp)', kind: 'number', unit: 'pp', decimals: 1, value: (r) => r.difference },
    { id: 'interval', header: '95%-interval (pp)', kind: 'text', sortable: false,
      value: (r) => (r.low === null || r.high === null ? (r.suppressed ? `. (minder dan ${a.minSchools} scholen in een groep)` : '–') : `${formatValue(r.low, 'pp', 1)} tot ${formatValue(r.high, 'pp', 1)}`) },
  ];
  return (
    <FigureBlock
      level={3}
      testId="conditions-association"
      title={`Voorwaarden en implementatie: verschil tussen gescande scholen met en zonder, ${a.over.name}, ${formatSchoolYear(data.schoolYear)}`}
      description={(
        <p>
          Dit is een samenhang tussen scholen, geen oorzaak: scholen die aan een voorwaarde voldoen, verschillen ook op andere punten.
          Berekend over {a.over.level === 'nation' ? 'alle scholen van Nederland' : `de scholen van ${a.over.name}`}, alle sectoren samen
          (per sector zou het verschil met de andere sectoren een kleine groep verraden); een verschil staat er alleen als beide groepen
          ten minste {a.minSchools} gescande scholen tellen, en per regio alleen als dat in elke regio zo is. Het interval is het 95%-betrouwbaarheidsinterval (Welch).
        </p>
      )}
      chart={shown.length === 0
        ? <p>Geen voorwaarde met genoeg scholen in beide groepen.</p>
        : <EChart option={option} height={60 + 44 * shown.length} label={`Verschil in implementatiegraad tussen scholen met en zonder elke voorwaarde, met 95%-interval, ${a.over.name}`} />}
      table={<DataTable caption={`Implementatiegraad van scholen met en zonder elke voorwaarde, ${a.over.name}`} rows={a.rows} columns={columns} rowKey={(r) => r.id} minSchools={a.minSchools} pageSize={10} />}
      defaultView="table"
    />
  );
}
