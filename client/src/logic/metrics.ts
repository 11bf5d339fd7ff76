import type { Unit } from './display.ts';

/** The map indicators the API offers (overview.map `metric`), with their Dutch names. */
export const MAP_METRICS = [
  { id: 'implementation', classBounds: [20, 30, 40, 50, 60], label: 'Implementatiegraad integrale aanpak', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Gemiddelde scanscore over de 16 leidende principes, gedeeld door de maximale score 3, als percentage.' },
  { id: 'pillar:beleid', classBounds: [20, 30, 40, 50, 60], label: 'Implementatiegraad pijler Beleid', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Implementatiegraad over de principes 1 tot en met 5.' },
  { id: 'pillar:omgeving', classBounds: [20, 30, 40, 50, 60], label: 'Implementatiegraad pijler Omgeving', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Implementatiegraad over de principes 6 tot en met 10.' },
  { id: 'pillar:educatie', classBounds: [20, 30, 40, 50, 60], label: 'Implementatiegraad pijler Educatie', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Implementatiegraad over de principes 11 tot en met 13.' },
  { id: 'pillar:signaleren', classBounds: [20, 30, 40, 50, 60], label: 'Implementatiegraad pijler Signaleren', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Implementatiegraad over de principes 14 tot en met 16.' },
  { id: 'scanCoverage', classBounds: [50, 60, 70, 80, 90], label: 'Scandekking', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Aandeel scholen met een scan in het gekozen schooljaar.' },
  { id: 'vignetShare', classBounds: [5, 10, 20, 30, 40], label: 'Scholen met Gezonde School-vignet', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Aandeel scholen met ten minste één geldig themacertificaat (het vignet).' },
  { id: 'kartrekkerShare', classBounds: [20, 30, 40, 50, 60], label: 'Scholen met een kartrekker', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Aandeel scholen met een vaste trekker van de aanpak (Gezonde School-coördinator).' },
  { id: 'supportHoursPerSchool', classBounds: [0.5, 1, 2, 3, 4], label: 'GGD-ondersteuning (uur per school)', unit: 'decimal', decimals: 1, higherIsBetter: true,
    definition: 'Uren ondersteuning door de GGD-adviseur die de scholen van het gebied in het schooljaar ontvingen, gedeeld door het aantal scholen.' },
  { id: 'capacityFtePer100', classBounds: [0.1, 0.15, 0.2, 0.25, 0.3], label: 'Adviescapaciteit (fte per 100 scholen)', unit: 'decimal', decimals: 2, higherIsBetter: true, regionLevel: true,
    definition: 'Fte Gezonde School-advies van de GGD-regio per 100 scholen in de regio (alle sectoren). Een regiocijfer: advies is per GGD-regio georganiseerd, er is geen cijfer per gemeente.' },
  { id: 'equityGap', classBounds: [0, 5, 10, 15, 20], label: 'Kansenkloof implementatie (band 1 − band 4)', unit: 'pp', decimals: 1, higherIsBetter: false,
    definition: 'Implementatiegraad van scholen met weinig achterstand min die van scholen met veel achterstand, in procentpunten. Positief: scholen met veel achterstand lopen achter.' },
  { id: 'partnerCoverage', classBounds: [40, 50, 60, 70], label: 'Partnerdekking', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: 'Gemiddeld aandeel scholen met een structurele afspraak per relevant partnertype.' },
] as const satisfies readonly {
  id: string; label: string; unit: Unit; decimals: number; higherIsBetter: boolean; regionLevel?: true; definition: string;
  /** Fixed legend class bounds (open below the first and above the last), so a colour means one value on every map. */
  classBounds: readonly number[];
}[];

export type MapMetricId = (typeof MAP_METRICS)[number]['id'];
export type MapMetric = (typeof MAP_METRICS)[number];

export function parseMetric(raw: string | null): MapMetricId {
  return (MAP_METRICS.find((m) => m.id === raw)?.id ?? 'implementation') as MapMetricId;
}

export function metricById(id: MapMetricId): MapMetric {
  return MAP_METRICS.find((m) => m.id === id)!;
}

/** A figure of the GGD region only (capacity): it has no value per municipality. */
export function isRegionLevel(m: MapMetric): boolean {
  return 'regionLevel' in m && m.regionLevel;
}

/** What a map of one region shows per municipality for a metric: a region-level metric is replaced by the municipal figure closest to it. */
export function municipalMetricFor(id: MapMetricId): MapMetricId {
  return isRegionLevel(metricById(id)) ? 'supportHoursPerSchool' : id;
}

/** The meaning of a map table's school-count column for this metric; one meaning per column. */
export function schoolsHeader(m: MapMetric): string {
  return isRegionLevel(m) ? 'Scholen in de regio (alle sectoren)' : 'Aantal scholen';
}
