import { useCallback, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { formatSchoolYear } from '@rd/shared/format';
import { ASK_NOW, useTRPC } from '../../app/trpc.ts';
import { useMinSchools } from '../../app/use-meta.ts';
import type { SectorFilter } from '../../app/url-state.ts';
import { Choropleth, type ChoroplethProps, type GeoFeatureCollection } from './choropleth.tsx';
import { DataTable, codeKey, type Column } from '../data-table/data-table.tsx';
import { FigureBlock } from '../figure-block.tsx';
import { bothQueries, QueryView } from '../states.tsx';
import { MAP_METRICS, metricById, mapMetricIn, schoolsHeader, type MapMetric, type MapMetricId } from '../../logic/metrics.ts';
import { SECTOR_LABELS } from '../../logic/display.ts';
import type { AreaFigure } from '../../logic/map-summary.ts';

type AreaLevel = 'region' | 'municipality';

interface AreaMapChoice { metricId: MapMetricId; regionCode: string | null; schoolYear: string; sector: SectorFilter }

/** The overview.map input of a choice; the prefetch asks with exactly the same, so it fills the same entries. */
function areaMapInput({ metricId, regionCode, schoolYear, sector }: AreaMapChoice) {
  return { level: regionCode ? 'municipality' : 'region', ...(regionCode ? { regionCode } : {}), schoolYear, sector, metric: metricId } as const;
}

/** The choice an overview.map query key was asked with, apart from the indicator. */
function areaWithoutMetric(key: unknown): string {
  const { metric: _metric, ...rest } = ((key as readonly unknown[] | undefined)?.[1] as { input?: Record<string, unknown> } | undefined)?.input ?? {};
  return JSON.stringify(rest);
}

/**
 * One indicator per region (nation) or per municipality (a region): its figures and the boundaries to
 * draw them on. While another indicator of the same areas loads, the figures shown stay those of the
 * previous one (`figures.data.metric` says which), so the map and table are updated in place, not
 * taken down and built again.
 */
export function useAreaMap(choice: AreaMapChoice) {
  const trpc = useTRPC();
  const level: AreaLevel = choice.regionCode ? 'municipality' : 'region';
  const boundaries = useQuery(trpc.geography.boundaries.queryOptions({ level }, { staleTime: Infinity }));
  const options = trpc.overview.map.queryOptions(areaMapInput(choice));
  const figures = useQuery({
    ...options,
    placeholderData: (previous, previousQuery) => areaWithoutMetric(previousQuery?.queryKey) === areaWithoutMetric(options.queryKey) ? previous : undefined,
  });
  return { level, figures, both: bothQueries(figures, boundaries) };
}

/**
 * Asks for the other indicators of the same areas once the shown one has arrived, when the browser
 * is idle: the next indicator a user picks is then drawn without waiting for the server.
 */
export function usePrefetchAreaMaps(choice: AreaMapChoice, ready: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { regionCode, schoolYear, sector } = choice;
  useEffect(() => {
    if (!ready) return;
    const metricIds = new Set(MAP_METRICS.map((m) => mapMetricIn(m.id, regionCode)));
    const prefetch = () => {
      for (const metricId of metricIds) void queryClient.prefetchQuery(trpc.overview.map.queryOptions(areaMapInput({ metricId, regionCode, schoolYear, sector })));
    };
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(prefetch, 200);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(prefetch, { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, [ready, regionCode, schoolYear, sector, queryClient, trpc]);
}

/**
 * Asks for an indicator's map the moment it is chosen, before the page is drawn again for the
 * choice; settles when the answer is in (an answer the page holds already is not asked again), so
 * the page can be drawn once, with it.
 */
export function useAskAreaMap({ regionCode, schoolYear, sector }: Omit<AreaMapChoice, 'metricId'>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback((metricId: MapMetricId): Promise<void> => {
    return queryClient.prefetchQuery(trpc.overview.map.queryOptions(areaMapInput({ metricId: mapMetricIn(metricId, regionCode), regionCode, schoolYear, sector }), ASK_NOW));
  }, [queryClient, trpc, regionCode, schoolYear, sector]);
}

/** "Implementatiegraad per GGD-regio" or "… per gemeente in <region>". */
export function areaMapTitle(metric: MapMetric, level: AreaLevel, regionName: string): string {
  return `${metric.label} ${level === 'region' ? 'per GGD-regio' : `per gemeente in ${regionName}`}`;
}

/** The map's table: the area, the figure and the schools it rests on; `renderName` may make the area a button. */
export function areaColumns(metric: MapMetric, level: AreaLevel, { renderName, withCode = false }: { renderName?: (r: AreaFigure) => ReactNode; withCode?: boolean } = {}): Column<AreaFigure>[] {
  return [
    { id: 'name', header: level === 'region' ? 'GGD-regio' : 'Gemeente', kind: 'text', value: (r) => r.name, ...(renderName ? { render: renderName } : {}) },
    ...(withCode ? [{ id: 'code', header: 'Code', kind: 'text', value: (r) => r.code, hidden: true } satisfies Column<AreaFigure>] : []),
    { id: 'value', header: metric.label, kind: 'published', unit: metric.unit, decimals: metric.decimals, value: (r) => r.value },
    { id: 'schools', header: schoolsHeader(metric), kind: 'published', unit: 'count', value: (r) => ({ ...r.value, value: r.value.schools }) },
  ];
}

/** The choropleth of one map indicator, in its unit, decimals and class breaks. */
export function AreaChoropleth({ metric, level, regionCode, geo, ...rest }: {
  metric: MapMetric; level: AreaLevel; regionCode: string | null; geo: unknown;
} & Pick<ChoroplethProps, 'rows' | 'schoolYear' | 'height' | 'onSelect' | 'selectable' | 'selectHint'>) {
  const minSchools = useMinSchools();
  return (
    <Choropleth
      mapName={level === 'region' ? 'ggd-regios' : `gemeenten-${regionCode}`}
      geo={geo as GeoFeatureCollection}
      metricLabel={metric.label}
      unit={metric.unit}
      decimals={metric.decimals}
      classBounds={metric.classBounds}
      minSchools={minSchools}
      areaWord={level === 'region' ? "GGD-regio's" : 'gemeenten'}
      {...rest}
    />
  );
}

/** One indicator as a map with its table alternative, per region (nation) or per municipality (a region). */
export function MetricMap({ metricId, regionCode, regionName, schoolYear, sector, height = 520, title }: {
  metricId: MapMetricId; regionCode: string | null; regionName?: string; schoolYear: string; sector: SectorFilter; height?: number; title?: string;
}) {
  const minSchools = useMinSchools();
  const metric = metricById(metricId);
  const { level, both } = useAreaMap({ metricId, regionCode, schoolYear, sector });
  const heading = title ?? areaMapTitle(metric, level, regionName ?? regionCode ?? '');
  return (
    <QueryView query={both} height={height + 130} errorHeight={height} label="Kaart wordt geladen…" heading={heading}>{([map, boundaries]) => (
      <FigureBlock
        title={heading}
        exportSpec={{ table: 'kaart', params: { niveau: level, regio: regionCode, jaar: schoolYear, sector, indicator: metricId }, label: heading }}
        chart={<AreaChoropleth metric={metric} level={level} regionCode={regionCode} geo={boundaries} rows={map.rows} schoolYear={schoolYear} height={height} />}
        table={
          <DataTable caption={`${heading}, ${formatSchoolYear(schoolYear)}, ${SECTOR_LABELS[sector]!.toLowerCase()}`} rows={map.rows} columns={areaColumns(metric, level)}
            rowKey={codeKey} minSchools={minSchools} initialSort={[{ id: 'value', desc: true }]} />
        }
      />
    )}</QueryView>
  );
}
