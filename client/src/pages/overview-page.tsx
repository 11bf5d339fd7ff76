import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatIndicator, formatSchoolYear } from '@rd/shared/format';
import { indicator, keyFigureList } from '@rd/shared/indicators';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { parseRegionCode, useUrlState, carriedSearch } from '../app/url-state.ts';
import { FilterBar, MetricSelect, OwnMunicipalitySelect, RegionSelect, SectorSelect, YearSelect, usePicksByRegion } from '../components/filters.tsx';
import { seesRegionDetail, useUserScope } from '../app/user-scope.ts';
import { MunicipalityPicker } from '../components/municipality-picker.tsx';
import { CapacityScatter } from '../components/capacity-scatter.tsx';
import { AreaChoropleth, areaColumns, areaMapTitle, useAreaMap, useAskAreaMap, usePrefetchAreaMaps } from '../components/map/metric-map.tsx';
import { DataTable, codeKey } from '../components/data-table/data-table.tsx';
import { KeyFigures, type KeyFigure } from '../components/key-figures.tsx';
import { QueryView, Skeleton } from '../components/states.tsx';
import { FunnelSection } from '../components/funnel-section.tsx';
import { ConditionsSection } from '../components/conditions-section.tsx';
import { ExportButtons, scopeParams } from '../components/export-buttons.tsx';
import { isRegionLevel, metricById, mapMetricIn, parseMetric } from '../logic/metrics.ts';
import { SECTOR_LABELS } from '../logic/display.ts';
import type { AreaFigure } from '../logic/map-summary.ts';

const MAP_HEIGHT = 600;
const BY_NAME = [{ id: 'name', desc: false }];

export default function OverviewPage() {
  usePageTitle('Overzicht');
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const { params, schoolYear, sector, scope, update } = useUrlState();
  const regionCode = parseRegionCode(params.get('regio'));
  const municipalityCode = params.get('gemeente');
  const chosenMetric = metricById(parseMetric(params.get('indicator')));
  const level = regionCode ? 'municipality' : 'region';
  // A region-level figure (capacity) has no value per municipality: the municipal map shows the closest municipal figure.
  const metricId = mapMetricIn(chosenMetric.id, regionCode);
  const metric = metricById(metricId);
  const user = useUserScope();
  const byRegion = usePicksByRegion();

  const regions = useQuery(trpc.geography.regions.queryOptions());
  const regionName = regions.data?.find((r) => r.code === regionCode)?.name ?? regionCode ?? '';
  const { figures: mapRows, both: mapAndBoundaries } = useAreaMap({ metricId, regionCode, schoolYear, sector });
  usePrefetchAreaMaps({ metricId, regionCode, schoolYear, sector }, mapRows.isSuccess && !mapRows.isPlaceholderData);
  const askMap = useAskAreaMap({ regionCode, schoolYear, sector });
  // The indicator of the figures on screen: the previous one until the chosen one has arrived.
  const shownMetric = mapRows.data ? metricById(mapRows.data.metric) : metric;
  const keyFigures = useQuery(trpc.overview.keyFigures.queryOptions({ scope, schoolYear, sector }));
  const scopeData = keyFigures.data?.scope;
  const municipalityName = scopeData?.level === 'municipality' && scopeData.code === municipalityCode ? scopeData.name
    : mapRows.data?.rows.find((r) => r.code === municipalityCode)?.name;

  const scopeName = scope.level === 'municipality' ? `gemeente ${municipalityName ?? '…'}`
    : scope.level === 'region' ? regionName : 'heel Nederland';
  // The region highlighted in the capacity finding: the scope's own region (a policymaker's benchmark region).
  const findingRegion = scope.level === 'region' ? scope.code : scopeData?.level === 'municipality' ? scopeData.regionCode ?? null : regionCode;
  // Only what the user may open is offered as a link or button: nobody is led to a refusal.
  const canOpen = useCallback((code: string) => level === 'municipality' || seesRegionDetail(user, code), [level, user]);

  const rows: AreaFigure[] = mapRows.data?.rows ?? [];
  // After a drill-down the clicked button is gone: focus goes to the heading of what changed, not to the top of the page.
  const focusAfter = useRef<'map' | 'figures' | null>(null);
  const mapHeading = useRef<HTMLHeadingElement>(null);
  const figuresHeading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each drill-down, which changes the area shown
  useEffect(() => {
    const target = focusAfter.current === 'map' ? mapHeading.current : focusAfter.current === 'figures' ? figuresHeading.current : null;
    focusAfter.current = null;
    target?.focus();
  }, [regionCode, municipalityCode]);
  const select = useCallback((code: string) => {
    if (!canOpen(code)) return;
    if (level === 'region') {
      focusAfter.current = 'map';
      update({ regio: code, gemeente: null });
    } else {
      focusAfter.current = 'figures';
      update({ gemeente: code === municipalityCode ? null : code });
    }
  }, [canOpen, level, municipalityCode, update]);
  // Finding a municipality by name (national and regional users: the ones whose region they may open).
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions(undefined, { enabled: byRegion, staleTime: Infinity }));
  const findable = (municipalities.data ?? []).filter((m) => seesRegionDetail(user, m.regionCode));
  const find = (codes: string[]) => {
    const m = findable.find((x) => x.code === codes[codes.length - 1]);
    if (!m) return;
    focusAfter.current = 'figures';
    update({ regio: m.regionCode, gemeente: m.code });
  };
  const anyOpenable = level === 'municipality' || rows.some((r) => canOpen(r.code));

  // Kept while the indicator is the same: the table rebuilds its columns only when they change.
  const columns = useMemo(() => areaColumns(shownMetric, level, {
    withCode: true,
    renderName: (r) => !canOpen(r.code) ? r.name : (
      <button type="button" className="button--link" onClick={() => select(r.code)}
        aria-label={level === 'region' ? `${r.name}: bekijk de gemeenten` : `${r.name}: toon kerncijfers`}>
        {r.name}
      </button>
    ),
  }), [shownMetric, level, canOpen, select]);
  const mapTitle = areaMapTitle(shownMetric, level, regionName);
  const isChosen = useCallback((r: AreaFigure) => r.code === municipalityCode, [municipalityCode]);

  return (
    <div className="page">
      <h1>Overzicht{scope.level !== 'nation' ? `: ${scopeName}` : ''}</h1>
      <p className="page-intro">
        Hoe ver zijn scholen met de integrale aanpak van welbevinden, tegen de adviescapaciteit van de GGD?
        Kies een indicator{anyOpenable ? (level === 'region' ? ' en klik op een regio om naar de gemeenten te gaan' : ' en klik op een gemeente voor haar kerncijfers') : ''}.
      </p>
      {/* Drawn while the names load, so the filters and figures below do not move down when they arrive. */}
      {byRegion && (municipalities.isPending || findable.length > 0) && (
        <div className="overview-search">
          <MunicipalityPicker options={findable.map((m) => ({ code: m.code, name: m.name, regionName: m.regionName }))} selected={[]} onChange={find}
            label="Zoek een gemeente" hint="Typ een deel van de naam en kies met Enter: de kaart zoomt in op de regio, de kerncijfers gaan over de gemeente." />
        </div>
      )}
      <FilterBar label="Filters voor het overzicht">
        <MetricSelect onChoose={askMap} />
        <YearSelect />
        <SectorSelect />
        {byRegion
          ? <RegionSelect value={regionCode} allowNation onChangePatch={() => ({ gemeente: null })} label="Inzoomen op GGD-regio" />
          : <OwnMunicipalitySelect value={municipalityCode} />}
      </FilterBar>

      <section aria-labelledby="kerncijfers">
        <h2 id="kerncijfers" ref={figuresHeading} tabIndex={-1}>Kerncijfers {scopeName}, {formatSchoolYear(schoolYear)}, {SECTOR_LABELS[sector]!.toLowerCase()}</h2>
        <QueryView query={keyFigures} height={220}>{(data) => (
          <>
            <ExportButtons spec={{ table: 'kerncijfers', params: { ...scopeParams(scope), jaar: schoolYear, sector }, label: `kerncijfers ${scopeName}` }} />
            <KeyFigures label={`Kerncijfers ${scopeName}`} minSchools={minSchools} figures={keyFiguresOf(data)} />
          </>
        )}</QueryView>
        {scope.level === 'region' && seesRegionDetail(user, scope.code) && (
          <p><Link to={`/regio/${scope.code}${carriedSearch(params)}`}>Naar de regiopagina van {regionName}</Link>: capaciteit, profiel, heatmap en trend.</p>
        )}
      </section>

      <CapacityScatter schoolYear={schoolYear} sector={sector} regionCode={findingRegion} lead />

      <section aria-labelledby="kaart-titel" aria-busy={mapRows.isPlaceholderData || undefined}>
        <h2 id="kaart-titel" ref={mapHeading} tabIndex={-1}>{mapTitle}</h2>
        {level === 'municipality' && isRegionLevel(chosenMetric) && (
          <p className="notice" data-testid="region-level-note">
            <strong>{chosenMetric.label} is een regiocijfer:</strong> advies is per GGD-regio georganiseerd, dus er is geen cijfer per gemeente.
            {' '}{regionName}: {keyFigures.data?.scope.level === 'region' || keyFigures.data?.scope.regionCode === regionCode
              ? `${formatIndicator(indicator('capacityFtePer100'), keyFigures.data?.capacity.advisorFtePer100Schools ?? null)} per 100 scholen (alle sectoren)`
              : 'zie de kerncijfers'}.
            {' '}De kaart toont per gemeente wat wel per gemeente bestaat: {metric.label.toLowerCase()}.
          </p>
        )}
        {regionCode && (
          <p>
            <button type="button" className="button button--secondary" onClick={() => { focusAfter.current = 'map'; update({ regio: null, gemeente: null }); }}>
              ← Terug naar heel Nederland
            </button>
          </p>
        )}
        <QueryView query={mapAndBoundaries} height={MAP_HEIGHT + 90} errorHeight={MAP_HEIGHT} label="Kaart wordt geladen…">{([, boundaries]) => (
          <AreaChoropleth
            metric={shownMetric}
            level={level}
            regionCode={regionCode}
            geo={boundaries}
            rows={rows}
            schoolYear={schoolYear}
            onSelect={anyOpenable ? select : undefined}
            selectable={canOpen}
            selectHint={level === 'region' && anyOpenable ? 'Klik op een gemarkeerde regio, of kies een regio in de tabel, om naar de gemeenten te gaan.' : undefined}
            height={MAP_HEIGHT}
          />
        )}</QueryView>
        <h3>Tabel: {shownMetric.label} per {level === 'region' ? 'GGD-regio' : 'gemeente'}</h3>
        {mapRows.data ? (
          <DataTable
            testId="map-table"
            caption={`${mapTitle}, ${formatSchoolYear(schoolYear)}, ${SECTOR_LABELS[sector]!.toLowerCase()}`}
            rows={rows}
            columns={columns}
            rowKey={codeKey}
            minSchools={minSchools}
            highlight={isChosen}
            initialSort={BY_NAME}
            pageSize={level === 'region' ? 25 : 50}
          />
        ) : !mapRows.error && <Skeleton height={400} />}
      </section>

      <FunnelSection scope={scope} scopeName={scopeName} schoolYear={schoolYear} sector={sector} />
      <ConditionsSection scope={scope} scopeName={scopeName} schoolYear={schoolYear} sector={sector} level={level} regionCode={regionCode}
        areaWord={level === 'region' ? "GGD-regio's" : 'gemeenten'} />
    </div>
  );
}

type KeyFiguresData = RouterOutputs['overview']['keyFigures'];

export function keyFiguresOf(k: KeyFiguresData): KeyFigure[] {
  return keyFigureList(k).map(({ indicator: ind, value }): KeyFigure => ({
    id: ind.id, label: ind.shortLabel, value, unit: ind.unit, decimals: ind.decimals,
    ...(ind.id === 'capacityFtePer100'
      ? { note: k.capacity.advisorFte === null ? 'Geen capaciteitsgegevens' : `${formatIndicator(indicator('advisorFte'), k.capacity.advisorFte)} in ${k.capacity.regions === 1 ? 'de regio' : `${k.capacity.regions} regio's`}, alle sectoren` }
      : {}),
  }));
}
