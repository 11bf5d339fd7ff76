import { useEffect, useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DISADVANTAGE_BANDS, SIZE_BANDS } from '@rd/shared/catalogue';
import { PRIORITY_FORMULA } from '@rd/shared/metrics/priority';
import { formatSchoolYear } from '@rd/shared/format';
import { useTRPC } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { parseRegionCode, useUrlState } from '../app/url-state.ts';
import { FilterBar, RegionSelect, SectorSelect, YearSelect } from '../components/filters.tsx';
import { DataTable, type Column } from '../components/data-table/data-table.tsx';
import { KeyFigures } from '../components/key-figures.tsx';
import { EmptyState, QueryView } from '../components/states.tsx';
import { SECTOR_LABELS, formatValue } from '../logic/display.ts';
import { fieldText, readNumberField } from '../logic/number-field.ts';
import { ReadinessGrid } from '../components/readiness-grid.tsx';
import { figureColumn } from '../logic/metrics.ts';

const SORTABLE = ['schoolId', 'sector', 'municipality', 'sizeBand', 'disadvantageBand', 'implementation', 'kartrekker', 'parentSupport', 'supportHours', 'supportHoursPrevious', 'priority'] as const;
type SortColumn = (typeof SORTABLE)[number];

function yesNo(v: boolean | null): string {
  return v === null ? 'onbekend' : v ? 'ja' : 'nee';
}
function bandLabel(b: number | null): string {
  return b === null ? 'onbekend' : `${b} · ${DISADVANTAGE_BANDS.find((d) => d.id === b)?.label.toLowerCase() ?? ''}`;
}

export default function PlanningPage() {
  usePageTitle('Planning');
  const { params, schoolYear, sector, update } = useUrlState();
  const regionCode = parseRegionCode(params.get('regio'));
  return (
    <div className="page">
      <h1>Planning van adviesuren</h1>
      <p className="page-intro">
        Voor Gezonde School-adviseurs: de scholen van uw regio (gepseudonimiseerd), gerangschikt naar prioriteit voor ondersteuning,
        en een plan dat de beschikbare uren verdeelt. Verander de uren of de formatie om te zien wat dat oplevert.
      </p>
      <FilterBar label="Filters voor de planning">
        <RegionSelect value={regionCode} allowNation={false} onChangePatch={() => ({ gemeente: null, pagina: null, uren: null, fte: null })} />
        <YearSelect />
        <SectorSelect />
      </FilterBar>
      {!regionCode ? (
        <EmptyState>
          <p><strong>Kies eerst uw GGD-regio.</strong> De planning toont alleen scholen van één regio.</p>
        </EmptyState>
      ) : (
        <>
          <PlanSection regionCode={regionCode} schoolYear={schoolYear} params={params} update={update} />
          <SchoolListSection regionCode={regionCode} schoolYear={schoolYear} sector={sector} params={params} update={update} />
        </>
      )}
    </div>
  );
}

type Update = ReturnType<typeof useUrlState>['update'];

function NumberField({ label, value, onCommit, min, max, unit, hint }: { label: string; value: number | null; onCommit: (v: number | null) => void; min: number; max: number; unit: string; hint?: string }) {
  const id = useId();
  const [text, setText] = useState(fieldText(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(fieldText(value)), [value]);
  const commit = () => {
    const read = readNumberField(text, min, max, unit);
    if (typeof read === 'string') return setError(read);
    setError(null);
    onCommit(read);
  };
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {hint && <span id={`${id}-hint`} className="key-figure__note">{hint}</span>}
      {error && <span id={`${id}-error`} className="field__error" role="alert">{error}</span>}
    </div>
  );
}

function PlanSection({ regionCode, schoolYear, params, update }: { regionCode: string; schoolYear: string; params: URLSearchParams; update: Update }) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const hours = params.get('uren') ? Number(params.get('uren')) : null;
  const fteDelta = params.get('fte') ? Number(params.get('fte')) : null;
  const hoursPerSchool = params.get('urenPerSchool') ? Number(params.get('urenPerSchool')) : null;
  const planInput = {
    regionCode,
    schoolYear,
    ...(hours !== null && Number.isFinite(hours) ? { availableHours: hours } : {}),
    ...(fteDelta !== null && Number.isFinite(fteDelta) ? { fteDelta } : {}),
    ...(hoursPerSchool !== null && Number.isFinite(hoursPerSchool) ? { hoursPerSchool } : {}),
  };
  // The server pages the plan; another budget is another plan, which opens on its first page.
  const budgetKey = JSON.stringify(planInput);
  const [paging, setPaging] = useState({ budgetKey, pageIndex: 0, pageSize: 10 });
  const pagination = paging.budgetKey === budgetKey ? paging : { ...paging, budgetKey, pageIndex: 0 };
  const plan = useQuery({
    ...trpc.planning.plan.queryOptions({ ...planInput, page: pagination.pageIndex + 1, pageSize: pagination.pageSize }),
    placeholderData: keepPreviousData,
  });
  type PlanRow = NonNullable<typeof plan.data>['selected'][number];
  const columns: Column<PlanRow>[] = [
    { id: 'rank', header: 'Rang', kind: 'number', value: (r) => r.rank },
    { id: 'schoolId', header: 'School (pseudoniem)', kind: 'text', value: (r) => r.schoolId },
    { id: 'municipality', header: 'Gemeente', kind: 'text', value: (r) => r.municipality },
    { id: 'sector', header: 'Sector', kind: 'text', value: (r) => r.sector },
    { id: 'band', header: 'Achterstandsband', kind: 'number', value: (r) => r.disadvantageBand, render: (r) => bandLabel(r.disadvantageBand) },
    { id: 'implementation', kind: 'number', ...figureColumn('implementation'), value: (r) => r.implementation },
    { id: 'kartrekker', header: 'Kartrekker', kind: 'text', value: (r) => yesNo(r.kartrekker) },
    { id: 'priority', header: 'Prioriteit (0–100)', kind: 'number', value: (r) => r.priority.score },
    { id: 'hours', header: 'Uren', kind: 'number', unit: 'count', decimals: 0, value: (r) => r.hours },
    { id: 'cumulative', header: 'Uren cumulatief', kind: 'number', value: (r) => r.cumulativeHours, hidden: true },
    { id: 'reason', header: 'Waarom', kind: 'text', value: (r) => r.reason, sortable: false },
  ];

  return (
    <section aria-labelledby="plan-titel">
      <h2 id="plan-titel">Plan: welke scholen eerst, {formatSchoolYear(schoolYear)}</h2>
      <FilterBar label="Wat-als voor het plan">
        <NumberField label="Beschikbare uren (leeg = uren van de regio)" value={hours} min={0} max={1_000_000} unit="uur"
          onCommit={(v) => update({ uren: v === null ? null : String(v) }, { replace: true })} />
        <NumberField label="Wat als de formatie verandert (fte erbij of eraf)" value={fteDelta} min={-1000} max={1000} unit="fte"
          hint="Bijvoorbeeld 0,5 of -1; een komma scheidt de decimalen."
          onCommit={(v) => update({ fte: v === null || v === 0 ? null : String(v) }, { replace: true })} />
        <NumberField label="Uren per school" value={hoursPerSchool} min={1} max={1000} unit="uur" hint="Standaard 10 uur, zoals in het Gezonde School-aanbod."
          onCommit={(v) => update({ urenPerSchool: v === null ? null : String(v) }, { replace: true })} />
      </FilterBar>
      <QueryView query={plan} height={640} errorHeight={300}>{(data) => (
        <div aria-busy={plan.isFetching}>
          <KeyFigures
            label="Uitkomst van het plan"
            minSchools={minSchools}
            figures={[
              { id: 'hoursUsed', label: 'Uren ingezet', value: data.hoursUsed, unit: 'count', note: `${formatValue(data.hoursLeft, 'count')} uur over` },
              { id: 'reached', label: 'Scholen bereikt', value: data.coverage.schoolsReached, unit: 'count', note: `van ${formatValue(data.coverage.schools, 'count')} scholen (${formatValue(data.coverage.shareOfSchools, 'percent')})` },
              { id: 'highNeed', label: 'Scholen met veel achterstand bereikt', value: data.coverage.shareOfHighNeed, unit: 'percent', note: `${data.coverage.highNeedReached} van ${data.coverage.highNeedSchools} (band 3 en 4)` },
              { id: 'actual', label: 'Werkelijk ondersteund dit schooljaar', value: data.actual.schoolsSupported, unit: 'count', note: `waarvan ${formatValue(data.actual.shareOfHighNeed, 'percent')} van de scholen met veel achterstand; ${data.actual.overlapWithPlan} ook in het plan` },
            ]}
          />
          {data.total === 0 ? (
            <EmptyState><p>Met deze uren past er geen enkele school in het plan. Verhoog de beschikbare uren of verlaag de uren per school.</p></EmptyState>
          ) : (
            <DataTable testId="plan-table" caption={`Geplande scholen in volgorde van prioriteit (${formatValue(data.total, 'count')})`}
              rows={data.selected} columns={columns} rowKey={(r) => r.schoolId} minSchools={minSchools}
              serverSide={{
                rowCount: data.total,
                pagination: { pageIndex: pagination.pageIndex, pageSize: pagination.pageSize },
                onPaginationChange: (p) => setPaging({ budgetKey, pageIndex: p.pageIndex, pageSize: p.pageSize }),
              }} />
          )}
          <ReadinessGrid input={planInput} />
          <details>
            <summary>Hoe wordt de prioriteit berekend?</summary>
            <p>{PRIORITY_FORMULA}</p>
          </details>
        </div>
      )}</QueryView>
    </section>
  );
}

function SchoolListSection({ regionCode, schoolYear, sector, params, update }: { regionCode: string; schoolYear: string; sector: string; params: URLSearchParams; update: Update }) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const sortParam = params.get('sortering') as SortColumn | null;
  const sortColumn: SortColumn = sortParam && SORTABLE.includes(sortParam) ? sortParam : 'priority';
  const direction = params.get('richting') === 'op' ? 'asc' : 'desc';
  const page = Math.max(1, Number(params.get('pagina') ?? 1) || 1);
  const pageSize = [10, 25, 50, 100].includes(Number(params.get('per'))) ? Number(params.get('per')) : 25;
  const search = params.get('zoek') ?? '';
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);
  useEffect(() => {
    // Debounced: the server filters, and every keystroke would be a request and a history entry.
    if (searchText === search) return;
    const t = window.setTimeout(() => update({ zoek: searchText || null, pagina: null }, { replace: true }), 300);
    return () => window.clearTimeout(t);
  }, [searchText, search, update]);

  const list = useQuery({
    ...trpc.schools.list.queryOptions({
      regionCode,
      schoolYear,
      ...(sector !== 'all' ? { sector: sector as 'po' } : {}),
      ...(search ? { search } : {}),
      sort: { column: sortColumn, direction },
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  type Row = NonNullable<typeof list.data>['rows'][number];
  const columns: Column<Row>[] = [
    { id: 'schoolId', header: 'School (pseudoniem)', kind: 'text', value: (r) => r.schoolId },
    { id: 'priority', header: 'Prioriteit (0–100)', kind: 'number', value: (r) => r.priority.score },
    { id: 'municipality', header: 'Gemeente', kind: 'text', value: (r) => r.municipality },
    { id: 'sector', header: 'Sector', kind: 'text', value: (r) => r.sector },
    { id: 'sizeBand', header: 'Grootte', kind: 'text', value: (r) => SIZE_BANDS.find((s) => s.id === r.sizeBand)?.label ?? r.sizeBand, hidden: true },
    { id: 'disadvantageBand', header: 'Achterstandsband', kind: 'number', value: (r) => r.disadvantageBand, render: (r) => bandLabel(r.disadvantageBand) },
    { id: 'implementation', kind: 'number', ...figureColumn('implementation'), value: (r) => r.implementation },
    { id: 'kartrekker', header: 'Kartrekker', kind: 'text', value: (r) => yesNo(r.kartrekker) },
    { id: 'parentSupport', header: 'Draagvlak ouders', kind: 'number', decimals: 1, unit: 'decimal', value: (r) => r.parentSupport, hidden: true },
    { id: 'supportHours', header: 'GGD-uren dit jaar', kind: 'number', unit: 'decimal', decimals: 1, value: (r) => r.supportHours },
    { id: 'supportHoursPrevious', header: 'GGD-uren vorig jaar', kind: 'number', unit: 'decimal', decimals: 1, value: (r) => r.supportHoursPrevious, hidden: true },
  ];

  return (
    <section aria-labelledby="scholen-titel">
      <h2 id="scholen-titel">Alle scholen van de regio, {SECTOR_LABELS[sector]!.toLowerCase()}</h2>
      <p>Gesorteerd op de server; zoek op pseudoniem of gemeentenaam. Scholen hebben alleen een pseudoniem: namen en BRIN-codes staan niet in het dashboard.</p>
      <QueryView query={list} height={700} errorHeight={300}>{(data) => (
        <DataTable
          testId="school-table"
          caption={`Scholen in de regio, ${formatSchoolYear(schoolYear)}`}
          rows={data.rows}
          columns={columns}
          rowKey={(r) => r.schoolId}
          minSchools={minSchools}
          filterLabel="Zoek school of gemeente"
          exportSpec={{ table: 'scholen', params: { regio: regionCode, jaar: schoolYear, sector }, label: 'alle scholen van de regio' }}
          serverSide={{
            rowCount: data.total,
            sorting: [{ id: sortColumn, desc: direction === 'desc' }],
            onSortingChange: (s) => {
              const first = s[0];
              update({ sortering: first ? first.id : null, richting: first && !first.desc ? 'op' : null, pagina: null });
            },
            pagination: { pageIndex: page - 1, pageSize },
            onPaginationChange: (p) => update({ pagina: p.pageIndex === 0 ? null : String(p.pageIndex + 1), per: p.pageSize === 25 ? null : String(p.pageSize) }),
            filter: searchText,
            onFilterChange: setSearchText,
          }}
        />
      )}</QueryView>
    </section>
  );
}
