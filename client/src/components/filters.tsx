import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatSchoolYear } from '@rd/shared/format';
import { useTRPC } from '../app/trpc.ts';
import { SECTOR_FILTERS, useUrlState, type ParamPatch } from '../app/url-state.ts';
import { selectableRegions, useUserScope } from '../app/user-scope.ts';
import { SECTOR_LABELS, compareDutch } from '../logic/display.ts';
import { MAP_METRICS, parseMetric, type MapMetricId } from '../logic/metrics.ts';

/** The phone layout of app.css (`@media (max-width: 600px)`). */
const PHONE_QUERY = '(max-width: 600px)';
function subscribePhone(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
const isPhone = () => window.matchMedia(PHONE_QUERY).matches;

export function FilterBar({ children, label = 'Filters' }: { children: ReactNode; label?: string }) {
  // On a phone the filters fold under their name, so that the page's first figure is on the first
  // screen; the headings below them say which choices are in force.
  const phone = useSyncExternalStore(subscribePhone, isPhone, () => false);
  const form = (
    <form className="filters" role="search" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
  return phone ? <details className="filters-fold"><summary>{label}</summary>{form}</details> : form;
}

function SelectField({ label, value, onChange, options, testId }: {
  label: string; value: string; onChange: (v: string) => void; options: readonly { value: string; label: string }[]; testId?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export function YearSelect() {
  const trpc = useTRPC();
  const { schoolYear, update } = useUrlState();
  const years = useQuery(trpc.geography.schoolYears.queryOptions());
  const list = [...(years.data?.years ?? [])];
  if (!list.includes(schoolYear)) list.push(schoolYear);
  list.sort().reverse();
  return (
    <SelectField label="Schooljaar" value={schoolYear} testId="filter-year"
      onChange={(v) => update({ jaar: v })}
      options={list.map((y) => ({ value: y, label: formatSchoolYear(y) }))} />
  );
}

export function SectorSelect() {
  const { sector, update } = useUrlState();
  return (
    <SelectField label="Sector" value={sector} testId="filter-sector"
      onChange={(v) => update({ sector: v === 'all' ? null : v })}
      options={SECTOR_FILTERS.map((s) => ({ value: s, label: SECTOR_LABELS[s]! }))} />
  );
}

/** How long a chosen indicator waits for what `onChoose` prepares before the page shows it as loading. */
const PREPARE_MS = 150;

/**
 * The map indicator. `onChoose` hears of a choice first and may prepare for it (ask for its
 * figures): the address, and with it the page, changes when that is done, so the page is drawn
 * once, with the new figures, instead of once to show it is loading and again when they arrive.
 * After PREPARE_MS it changes anyway and the page shows what is loading. Meanwhile the select shows
 * the choice.
 */
export function MetricSelect({ onChoose }: { onChoose?: (metric: MapMetricId) => Promise<void> }) {
  const { params, update } = useUrlState();
  const current = parseMetric(params.get('indicator'));
  const [chosen, setChosen] = useState<MapMetricId | null>(null);
  const latest = useRef(0);
  // The choice is shown until the address has it (or has moved on: the back button).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the address's indicator changes
  useEffect(() => setChosen(null), [current]);
  return (
    <SelectField label="Indicator" value={chosen ?? current} testId="filter-metric"
      onChange={(v) => {
        const choose = () => update({ indicator: v === 'implementation' ? null : v });
        if (!onChoose) return choose();
        const metric = parseMetric(v);
        const choice = ++latest.current;
        setChosen(metric);
        // Only the last of quick successive choices changes the address, whichever answer comes first.
        void Promise.race([onChoose(metric), new Promise((resolve) => setTimeout(resolve, PREPARE_MS))]).then(() => {
          if (choice === latest.current) choose();
        });
      }}
      options={MAP_METRICS.map((m) => ({ value: m.id, label: m.label }))} />
  );
}

/** GGD region choice; `allowNation` adds "Heel Nederland". Extra params can be reset on change. */
/**
 * The GGD-region filter. Users who do not see every area are offered only their own regions
 * (plus `alsoRegions`, e.g. a policymaker's benchmark region on the report page).
 */
export function RegionSelect({ value, allowNation, onChangePatch, label = 'GGD-regio', alsoRegions = [] }: {
  value: string | null; allowNation: boolean; onChangePatch?: (code: string | null) => ParamPatch; label?: string; alsoRegions?: readonly string[];
}) {
  const trpc = useTRPC();
  const { update } = useUrlState();
  const user = useUserScope();
  const regions = useQuery(trpc.geography.regions.queryOptions());
  const offered = selectableRegions(regions.data ?? [], user, alsoRegions);
  const options = [
    ...(allowNation || !value ? [{ value: '', label: allowNation ? 'Heel Nederland' : 'Kies een GGD-regio' }] : []),
    ...offered.map((r) => ({ value: r.code, label: r.name })),
  ];
  // A region named in a shared link stays shown as chosen (the page itself then tells whether it may be opened).
  if (value && !offered.some((r) => r.code === value)) options.push({ value, label: regions.data?.find((r) => r.code === value)?.name ?? value });
  return (
    <SelectField label={label} value={value ?? ''} testId="filter-region"
      onChange={(v) => update({ regio: v || null, ...(onChangePatch?.(v || null) ?? {}) })}
      options={options} />
  );
}

/**
 * For policymakers: their own municipalities (each one figure), instead of a region select they could not open.
 * Renders nothing for users who choose by region.
 */
export function OwnMunicipalitySelect({ value }: { value: string | null }) {
  const trpc = useTRPC();
  const { update } = useUrlState();
  const user = useUserScope();
  const own = user && !user.national && user.regions.length === 0 ? user.municipalities : [];
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions(undefined, { enabled: own.length > 0, staleTime: Infinity }));
  if (own.length === 0) return null;
  const nameOf = (code: string) => municipalities.data?.find((m) => m.code === code)?.name ?? code;
  return (
    <SelectField label="Gemeente" value={value ?? ''} testId="filter-municipality"
      onChange={(v) => update({ gemeente: v || null, regio: null })}
      options={[...(value ? [] : [{ value: '', label: 'Kies een gemeente' }]), ...own.map((code) => ({ value: code, label: nameOf(code) })).sort((a, b) => compareDutch(a.label, b.label))]} />
  );
}

/** Whether this user picks areas by region (national and regional users) rather than by own municipality. */
export function usePicksByRegion(): boolean {
  const user = useUserScope();
  return !user || user.national || user.regions.length > 0;
}

/**
 * The filters of a page about one scope (usePageScope): the area (a region for who picks by region,
 * else one of the user's own municipalities), the school year and the sector.
 */
export function ScopeFilterBar({ label, regionCode, municipalityCode }: { label: string; regionCode: string | null; municipalityCode: string | null }) {
  const user = useUserScope();
  return (
    <FilterBar label={label}>
      {usePicksByRegion()
        ? <RegionSelect value={regionCode} allowNation={user?.national ?? false} onChangePatch={() => ({ gemeente: null })} />
        : <OwnMunicipalitySelect value={municipalityCode} />}
      <YearSelect />
      <SectorSelect />
    </FilterBar>
  );
}
