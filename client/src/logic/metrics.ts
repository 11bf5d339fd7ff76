import { MAP_INDICATOR_IDS, indicator, indicatorTitle, isRegionLevel as regionOnly, type Indicator, type IndicatorId, type MapIndicatorId } from '@rd/shared/indicators';

/** A map indicator as the map, its legend and its table show it; everything comes from the catalogue. */
export interface MapMetric {
  id: MapIndicatorId;
  /** The name with its unit where needed: the map menu, legend and table header. */
  label: string;
  unit: Indicator['unit'];
  decimals: number;
  higherIsBetter: boolean;
  definition: string;
  classBounds: readonly number[];
  regionLevel: boolean;
}

/** The map indicators the API offers (overview.map `metric`), in the order of the menu. */
export const MAP_METRICS: readonly MapMetric[] = MAP_INDICATOR_IDS.map((id) => {
  const ind = indicator(id);
  return {
    id, label: indicatorTitle(ind), unit: ind.unit, decimals: ind.decimals, higherIsBetter: ind.higherIsBetter,
    definition: ind.definition.text, classBounds: ind.classBounds, regionLevel: regionOnly(ind),
  };
});

export type MapMetricId = MapIndicatorId;

export function parseMetric(raw: string | null): MapMetricId {
  return (MAP_METRICS.find((m) => m.id === raw)?.id ?? 'implementation') as MapMetricId;
}

export function metricById(id: MapMetricId): MapMetric {
  return MAP_METRICS.find((m) => m.id === id)!;
}

/** A figure of the GGD region only (capacity): it has no value per municipality. */
export function isRegionLevel(m: MapMetric): boolean {
  return m.regionLevel;
}

/** What a map of one region shows per municipality for a metric: a region-level metric is replaced by the municipal figure closest to it. */
export function municipalMetricFor(id: MapMetricId): MapMetricId {
  return isRegionLevel(metricById(id)) ? 'supportHoursPerSchool' : id;
}

/** What the map shows for a chosen metric: nationally the metric itself, per municipality of a region (`regionCode`) its municipal figure. */
export function mapMetricIn(id: MapMetricId, regionCode: string | null): MapMetricId {
  return regionCode ? municipalMetricFor(id) : id;
}

/** The meaning of a map table's school-count column for this metric; one meaning per column. */
export function schoolsHeader(m: MapMetric): string {
  return isRegionLevel(m) ? 'Scholen in de regio (alle sectoren)' : 'Aantal scholen';
}

/** How a catalogue figure is written in a table column or key figure: its unit and decimals. */
export function writtenAs(id: IndicatorId): { unit: Indicator['unit']; decimals: number } {
  const ind = indicator(id);
  return { unit: ind.unit, decimals: ind.decimals };
}

/** A table column of a catalogue figure: its short name as the header, written as the catalogue says. */
export function figureColumn(id: IndicatorId): { header: string; unit: Indicator['unit']; decimals: number } {
  return { header: indicator(id).shortLabel, ...writtenAs(id) };
}
