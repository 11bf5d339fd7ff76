import { useQuery } from '@tanstack/react-query';
import { formatSchoolYear } from '@rd/shared/format';
import { useTRPC } from '../../app/trpc.ts';
import { useMinSchools } from '../../app/use-meta.ts';
import type { SectorFilter } from '../../app/url-state.ts';
import { Choropleth, type GeoFeatureCollection } from './choropleth.tsx';
import { DataTable, type Column } from '../data-table/data-table.tsx';
import { FigureBlock } from '../figure-block.tsx';
import { ErrorState, Skeleton } from '../states.tsx';
import { metricById, schoolsHeader, type MapMetricId } from '../../logic/metrics.ts';
import { SECTOR_LABELS } from '../../logic/display.ts';
import type { AreaFigure } from '../../logic/map-summary.ts';

/** One indicator as a map with its table alternative, per region (nation) or per municipality (a region). */
export function MetricMap({ metricId, regionCode, regionName, schoolYear, sector, height = 520, title }: {
  metricId: MapMetricId; regionCode: string | null; regionName?: string; schoolYear: string; sector: SectorFilter; height?: number; title?: string;
}) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const metric = metricById(metricId);
  const level = regionCode ? 'municipality' : 'region';
  const boundaries = useQuery(trpc.geography.boundaries.queryOptions({ level }, { staleTime: Infinity }));
  const map = useQuery(trpc.overview.map.queryOptions({ level, ...(regionCode ? { regionCode } : {}), schoolYear, sector, metric: metricId }));
  const where = level === 'region' ? 'per GGD-regio' : `per gemeente in ${regionName ?? regionCode}`;
  const heading = title ?? `${metric.label} ${where}`;
  const rows: AreaFigure[] = map.data?.rows ?? [];
  const columns: Column<AreaFigure>[] = [
    { id: 'name', header: level === 'region' ? 'GGD-regio' : 'Gemeente', kind: 'text', value: (r) => r.name },
    { id: 'value', header: metric.label, kind: 'published', unit: metric.unit, decimals: metric.decimals, value: (r) => r.value },
    { id: 'schools', header: schoolsHeader(metric), kind: 'published', unit: 'count', value: (r) => ({ ...r.value, value: r.value.schools }) },
  ];
  if (map.error || boundaries.error) {
    return <><h2>{heading}</h2><ErrorState error={map.error ?? boundaries.error} onRetry={() => { void map.refetch(); void boundaries.refetch(); }} height={height} /></>;
  }
  if (!map.data || !boundaries.data) return <><h2>{heading}</h2><Skeleton height={height + 130} label="Kaart wordt geladen…" /></>;
  return (
    <FigureBlock
      title={heading}
      exportSpec={{ table: 'kaart', params: { niveau: level, regio: regionCode, jaar: schoolYear, sector, indicator: metricId }, label: heading }}
      chart={
        <Choropleth
          mapName={level === 'region' ? 'ggd-regios' : `gemeenten-${regionCode}`}
          geo={boundaries.data as GeoFeatureCollection}
          rows={rows}
          metricLabel={metric.label}
          unit={metric.unit}
          decimals={metric.decimals}
          classBounds={metric.classBounds}
          schoolYear={schoolYear}
          minSchools={minSchools}
          areaWord={level === 'region' ? "GGD-regio's" : 'gemeenten'}
          height={height}
        />
      }
      table={
        <DataTable caption={`${heading}, ${formatSchoolYear(schoolYear)}, ${SECTOR_LABELS[sector]!.toLowerCase()}`} rows={rows} columns={columns}
          rowKey={(r) => r.code} minSchools={minSchools} initialSort={[{ id: 'value', desc: true }]} />
      }
    />
  );
}
