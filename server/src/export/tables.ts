/**
 * One definition per exportable UI table: which tRPC procedure feeds it (the same one the screen
 * uses, so suppression is exactly as on screen), its filters, and its columns (Dutch header, type,
 * value accessor). The CSV and XLSX writers only format what these definitions return.
 */
import { z } from 'zod';
import { COMPARE_DISTRICTS, COMPARE_MUNICIPALITIES, districtCodeSchema, DISADVANTAGE_BANDS, PILLARS, formatList, formatSchoolYear, municipalityCodeSchema, regionCodeSchema, schoolYearSchema, type Published } from '@rd/shared';
import type { Caller } from './caller.ts';
import { MAP_METRICS } from '../routers/overview.ts';
import { SECTOR_FILTER_IDS, type ScopeInput, type SectorFilter } from '../routers/inputs.ts';

export type { Caller };

/** Column types: 'text' is written as is; the others are numbers in a unit (percent = 0–100). */
export type ColumnKind = 'text' | 'count' | 'percent' | 'pp' | 'decimal';
export type ExportValue = string | number | null | Published;

export interface ExportColumn<R> {
  header: string;
  kind: ColumnKind;
  /** Decimals written (and the XLSX number format); values are rounded to them in both formats. */
  decimals?: number;
  value: (row: R) => ExportValue;
}

export interface ExportSheet {
  /** Sheet name (≤ 31 characters, Excel's limit). */
  name: string;
  title: string;
  columns: readonly ExportColumn<never>[];
  rows: readonly unknown[];
}

/** Filters of every export, parsed from the query string with the UI's Dutch parameter names. */
export const exportFilterSchema = z.object({
  jaar: schoolYearSchema.optional(),
  sector: z.enum(SECTOR_FILTER_IDS, { message: 'verwacht po, so, vo, mbo of all' }).default('all'),
  regio: regionCodeSchema.optional(),
  gemeente: municipalityCodeSchema.optional(),
  niveau: z.enum(['region', 'municipality']).optional(),
  indicator: z.enum(MAP_METRICS).default('implementation'),
  /** The municipalities of a comparison, comma-separated as in the page URL. */
  gemeenten: z.string()
    .transform((list) => list.split(',').map((code) => code.trim()).filter(Boolean))
    .pipe(z.array(municipalityCodeSchema)
      .min(COMPARE_MUNICIPALITIES.min, `kies minstens ${COMPARE_MUNICIPALITIES.min} gemeenten`)
      .max(COMPARE_MUNICIPALITIES.max, `kies hoogstens ${COMPARE_MUNICIPALITIES.max} gemeenten`))
    .optional(),
  /** The districts of a district comparison (of `gemeente`), comma-separated as in the page URL. */
  wijken: z.string()
    .transform((list) => list.split(',').map((code) => code.trim()).filter(Boolean))
    .pipe(z.array(z.union([districtCodeSchema, z.string().regex(/^GM\d{4}-onbekend$/)], { message: 'verwacht CBS-wijkcodes zoals WK034401' }))
      .min(COMPARE_DISTRICTS.min, `kies minstens ${COMPARE_DISTRICTS.min} wijken`)
      .max(COMPARE_DISTRICTS.max, `kies hoogstens ${COMPARE_DISTRICTS.max} wijken`))
    .optional(),
});
export type ExportFilters = {
  schoolYear: string;
  sector: SectorFilter;
  scope: ScopeInput;
  level: 'region' | 'municipality';
  indicator: (typeof MAP_METRICS)[number];
  /** The municipalities of a comparison; empty for every other table. */
  municipalities: readonly string[];
  /** The districts of a district comparison (of the scope's municipality); absent for every other table. */
  districts?: readonly string[];
};

export function resolveFilters(raw: z.infer<typeof exportFilterSchema>, latestYear: string): ExportFilters {
  const scope: ScopeInput = raw.gemeente
    ? { level: 'municipality', code: raw.gemeente }
    : raw.regio
      ? { level: 'region', code: raw.regio }
      : { level: 'nation' };
  return {
    schoolYear: raw.jaar ?? latestYear,
    sector: raw.sector,
    scope,
    level: raw.niveau ?? (raw.regio ? 'municipality' : 'region'),
    indicator: raw.indicator,
    municipalities: raw.gemeenten ?? [],
    districts: raw.wijken ?? [],
  };
}

export interface ExportTable {
  id: string;
  title: string;
  /** What the table needs beyond year and sector; checked before loading (Dutch message). */
  requires?: 'region' | 'municipalities' | 'districts';
  load(caller: Caller, f: ExportFilters): Promise<ExportSheet[]>;
  /** The area named in the file and its notes, when it is not the filters' region or municipality. */
  scopeName?(caller: Caller, f: ExportFilters): Promise<string>;
}

/** Dutch names of the map indicators (the same as the map's indicator menu). */
export const INDICATOR_LABELS: Record<(typeof MAP_METRICS)[number], { label: string; kind: ColumnKind; decimals: number }> = {
  implementation: { label: 'Implementatiegraad integrale aanpak (%)', kind: 'percent', decimals: 1 },
  'pillar:beleid': { label: 'Implementatiegraad pijler Beleid (%)', kind: 'percent', decimals: 1 },
  'pillar:omgeving': { label: 'Implementatiegraad pijler Omgeving (%)', kind: 'percent', decimals: 1 },
  'pillar:educatie': { label: 'Implementatiegraad pijler Educatie (%)', kind: 'percent', decimals: 1 },
  'pillar:signaleren': { label: 'Implementatiegraad pijler Signaleren (%)', kind: 'percent', decimals: 1 },
  scanCoverage: { label: 'Scandekking (%)', kind: 'percent', decimals: 1 },
  vignetShare: { label: 'Scholen met Gezonde School-vignet (%)', kind: 'percent', decimals: 1 },
  kartrekkerShare: { label: 'Scholen met een kartrekker (%)', kind: 'percent', decimals: 1 },
  supportHoursPerSchool: { label: 'GGD-ondersteuning (uur per school)', kind: 'decimal', decimals: 1 },
  capacityFtePer100: { label: 'Adviescapaciteit (fte per 100 scholen)', kind: 'decimal', decimals: 2 },
  equityGap: { label: 'Kansenkloof implementatie band 1 − band 4 (procentpunt)', kind: 'pp', decimals: 1 },
  partnerCoverage: { label: 'Partnerdekking (%)', kind: 'percent', decimals: 1 },
};

const schoolsOf = (p: Published): ExportValue => (p.suppressed ? p : p.schools);
function col<R>(header: string, kind: ColumnKind, value: (row: R) => ExportValue, decimals?: number): ExportColumn<R> {
  return { header, kind, value, ...(decimals === undefined ? {} : { decimals }) };
}
const sheet = <R,>(name: string, title: string, columns: ExportColumn<NoInfer<R>>[], rows: readonly R[]): ExportSheet =>
  ({ name, title, columns: columns as unknown as ExportColumn<never>[], rows });

function requireRegion(f: ExportFilters): string {
  if (f.scope.level === 'region') return f.scope.code;
  throw new ExportInputError('Deze tabel hoort bij een GGD-regio: geef de parameter regio mee (bijvoorbeeld regio=GG3406).');
}

function requireMunicipalities(f: ExportFilters): string[] {
  if (f.municipalities.length >= COMPARE_MUNICIPALITIES.min) return [...f.municipalities];
  throw new ExportInputError(`Deze tabel zet ${COMPARE_MUNICIPALITIES.min} tot ${COMPARE_MUNICIPALITIES.max} gemeenten naast elkaar: geef de parameter gemeenten mee (bijvoorbeeld gemeenten=GM0363,GM0599).`);
}

function requireDistricts(f: ExportFilters): { municipalityCode: string; codes: string[] } {
  if (f.scope.level === 'municipality' && (f.districts?.length ?? 0) >= COMPARE_DISTRICTS.min) return { municipalityCode: f.scope.code, codes: [...f.districts!] };
  throw new ExportInputError(`Deze tabel zet ${COMPARE_DISTRICTS.min} tot ${COMPARE_DISTRICTS.max} wijken van één gemeente naast elkaar: geef de parameters gemeente en wijken mee (bijvoorbeeld gemeente=GM0344&wijken=WK034401,WK034402).`);
}

/** A Dutch, user-facing problem with the export request (HTTP 400). */
export class ExportInputError extends Error {}

export const EXPORT_TABLES: readonly ExportTable[] = [
  {
    id: 'kaart',
    title: 'Kaartindicator per gebied',
    async load(caller, f) {
      const regionCode = f.scope.level === 'region' ? f.scope.code : undefined;
      const data = await caller.overview.map({ level: f.level, ...(regionCode ? { regionCode } : {}), schoolYear: f.schoolYear, sector: f.sector, metric: f.indicator });
      const ind = INDICATOR_LABELS[f.indicator];
      type Row = (typeof data.rows)[number];
      return [sheet('Kaart', `${ind.label} per ${f.level === 'region' ? 'GGD-regio' : 'gemeente'}`, [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>(f.level === 'region' ? 'GGD-regio' : 'Gemeente', 'text', (r) => r.name),
        col<Row>(ind.label, ind.kind, (r) => r.value, ind.decimals),
        // Capacity is per 100 schools of every sector, whatever the sector filter.
        col<Row>(f.indicator === 'capacityFtePer100' ? 'Scholen in de regio (alle sectoren)' : 'Aantal scholen', 'count', (r) => schoolsOf(r.value)),
      ], data.rows)];
    },
  },
  {
    id: 'capaciteit',
    title: 'Adviescapaciteit tegen implementatie per GGD-regio',
    async load(caller, f) {
      const data = await caller.capacity.regions({ schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.rows)[number];
      return [sheet('Capaciteit', 'Adviescapaciteit tegen implementatie per GGD-regio', [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('GGD-regio', 'text', (r) => r.name),
        col<Row>('Adviseurs (fte)', 'decimal', (r) => r.advisorFte, 2),
        col<Row>('Fte per 100 scholen', 'decimal', (r) => r.advisorFtePer100Schools, 2),
        col<Row>('Uren voor scholen', 'count', (r) => r.hoursForSchools),
        col<Row>('Aantal scholen', 'count', (r) => r.schools),
        col<Row>('Ontvangen ondersteuning (uur per school)', 'decimal', (r) => r.supportHoursPerSchool, 1),
        col<Row>('Scholen met ondersteuning (%)', 'percent', (r) => r.supportedShare, 1),
        col<Row>('Implementatiegraad (%)', 'percent', (r) => r.implementation, 1),
        col<Row>('Scandekking (%)', 'percent', (r) => r.scanCoverage, 1),
      ], data.rows)];
    },
  },
  {
    id: 'kerncijfers',
    title: 'Kerncijfers van het gebied',
    async load(caller, f) {
      const k = await caller.overview.keyFigures({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = { name: string; unit: string; value: Published | number | null };
      // The order of the overview's key figures: implementation against the capacity behind it first.
      const rows: Row[] = [
        { name: 'Implementatiegraad', unit: '%', value: k.implementation },
        { name: 'Adviescapaciteit per 100 scholen (regiocijfer, alle sectoren)', unit: 'fte', value: k.capacity.advisorFtePer100Schools },
        { name: 'Adviescapaciteit', unit: 'fte', value: k.capacity.advisorFte },
        { name: 'GGD-ondersteuning per school', unit: 'uur', value: k.supportHoursPerSchool },
        { name: 'Scholen', unit: 'aantal', value: k.schools },
        { name: 'Scandekking', unit: '%', value: k.scanCoverage },
        ...PILLARS.map((p) => ({ name: `Pijler ${p.label}`, unit: '%', value: k.pillars[p.id] })),
        { name: 'Scholen met vignet', unit: '%', value: k.vignetShare },
        { name: 'Scholen met kartrekker', unit: '%', value: k.kartrekkerShare },
        { name: 'Partnerdekking', unit: '%', value: k.partnerCoverage },
      ];
      return [sheet('Kerncijfers', `Kerncijfers ${k.scope.name}`, [
        col<Row>('Kerncijfer', 'text', (r) => r.name),
        col<Row>('Eenheid', 'text', (r) => r.unit),
        col<Row>('Waarde', 'decimal', (r) => r.value, 2),
        col<Row>('Aantal scholen', 'count', (r) => (r.value !== null && typeof r.value === 'object' ? schoolsOf(r.value) : null)),
      ], rows)];
    },
  },
  {
    id: 'profiel',
    title: 'Implementatiegraad per pijler en leidend principe',
    async load(caller, f) {
      const data = await caller.implementation.profile({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = { name: string; kind: string; scope: Published; parent: Published | null; nation: Published };
      const rows: Row[] = [
        { name: 'Totaal (alle principes)', kind: 'Totaal', ...data.overall },
        ...data.pillars.map((p) => ({ name: p.label, kind: 'Pijler', scope: p.scope, parent: p.parent, nation: p.nation })),
        ...data.principles.map((p) => ({ name: `${p.id}. ${p.label}`, kind: `Principe (${PILLARS.find((x) => x.id === p.pillar)?.label ?? p.pillar})`, scope: p.scope, parent: p.parent, nation: p.nation })),
      ];
      const columns = [
        col<Row>('Onderdeel', 'text', (r) => r.name),
        col<Row>('Soort', 'text', (r) => r.kind),
        col<Row>(`${data.scope.name} (%)`, 'percent', (r) => r.scope, 1),
        ...(data.parent && data.scope.level !== 'nation' && data.parent.level !== 'nation' ? [col<Row>(`${data.parent.name} (%)`, 'percent', (r) => r.parent, 1)] : []),
        ...(data.scope.level !== 'nation' ? [col<Row>('Nederland (%)', 'percent', (r) => r.nation, 1)] : []),
        col<Row>(`Aantal scholen ${data.scope.name}`, 'count', (r) => schoolsOf(r.scope)),
      ];
      return [sheet('Profiel', `Implementatiegraad per pijler en leidend principe, ${data.scope.name}`, columns, rows)];
    },
  },
  {
    id: 'heatmap',
    title: 'Implementatiegraad per gemeente en leidend principe',
    requires: 'region',
    async load(caller, f) {
      const data = await caller.implementation.heatmap({ regionCode: requireRegion(f), schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.rows)[number];
      return [sheet('Gemeenten x principes', `Implementatiegraad per gemeente en leidend principe, ${data.region.name}`, [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('Gemeente', 'text', (r) => r.name),
        col<Row>('Totaal (%)', 'percent', (r) => r.overall, 1),
        ...data.principles.map((p, i) => col<Row>(`${p.id}. ${p.label} (%)`, 'percent', (r) => r.principles[i]!, 1)),
      ], data.rows)];
    },
  },
  {
    id: 'trend',
    title: 'Implementatiegraad per schooljaar',
    async load(caller, f) {
      const data = await caller.implementation.trend({ scope: f.scope, sector: f.sector });
      type Row = (typeof data.years)[number];
      return [sheet('Trend', `Implementatiegraad per schooljaar, ${data.scope.name}`, [
        col<Row>('Schooljaar', 'text', (r) => formatSchoolYear(r.schoolYear)),
        col<Row>(`${data.scope.name} (%)`, 'percent', (r) => r.overall, 1),
        ...PILLARS.map((p) => col<Row>(`Pijler ${p.label} (%)`, 'percent', (r) => r.pillars.find((x) => x.id === p.id)!.value, 1)),
        ...(data.scope.level !== 'nation' ? [col<Row>('Nederland (%)', 'percent', (r) => r.nation, 1)] : []),
      ], data.years)];
    },
  },
  {
    id: 'vergelijking',
    title: 'Gemeenten vergeleken',
    requires: 'municipalities',
    async load(caller, f) {
      const data = await caller.compare.municipalities({ codes: requireMunicipalities(f), schoolYear: f.schoolYear, sector: f.sector });
      // One row per area (the chosen municipalities, their regions, the nation): every column has one
      // unit, so a spreadsheet can sort and filter it; the screen shows the same table transposed.
      type Area = (typeof data.municipalities)[number] | (typeof data.regions)[number] | typeof data.nation;
      type Row = Area & { kind: string; regionName: string | null };
      const rows: Row[] = [
        ...data.municipalities.map((m) => ({ ...m, kind: 'Gemeente' })),
        ...data.regions.map((r) => ({ ...r, kind: 'GGD-regio', regionName: null })),
        { ...data.nation, kind: 'Nederland', regionName: null },
      ];
      const partnerOf = (r: Row, type: string) => r.partners.find((p) => p.type === type)?.coverage ?? null;
      return [sheet('Vergelijking', `Gemeenten vergeleken, met hun GGD-regio en Nederland, ${formatSchoolYear(f.schoolYear)}`, [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('Naam', 'text', (r) => r.name),
        col<Row>('Soort', 'text', (r) => r.kind),
        col<Row>('GGD-regio', 'text', (r) => r.regionName),
        col<Row>('Aantal scholen', 'count', (r) => r.figures.schools),
        col<Row>('Scandekking (%)', 'percent', (r) => r.figures.scanCoverage, 1),
        col<Row>('Implementatiegraad (%)', 'percent', (r) => r.figures.implementation, 1),
        ...PILLARS.map((p) => col<Row>(`Pijler ${p.label} (%)`, 'percent', (r) => r.pillars[p.id], 1)),
        col<Row>('Scholen met Gezonde School-vignet (%)', 'percent', (r) => r.figures.vignetShare, 1),
        col<Row>('Scholen met een kartrekker (%)', 'percent', (r) => r.figures.kartrekkerShare, 1),
        col<Row>('GGD-uren per school', 'decimal', (r) => r.figures.supportHoursPerSchool, 1),
        col<Row>('Kansenkloof implementatie band 1 − band 4 (procentpunt)', 'pp', (r) => r.equityGap, 1),
        col<Row>('Partnerdekking (%)', 'percent', (r) => r.figures.partnerCoverage, 1),
        ...data.nation.partners.map((t) => col<Row>(`${t.label} (%)`, 'percent', (r) => partnerOf(r, t.type), 1)),
      ], rows)];
    },
    async scopeName(caller, f) {
      const names = new Map((await caller.geography.municipalities()).map((m) => [m.code, m.name]));
      return formatList(requireMunicipalities(f).map((code) => names.get(code) ?? code));
    },
  },
  {
    id: 'wijken',
    title: 'Wijken vergeleken',
    requires: 'districts',
    async load(caller, f) {
      const data = await caller.districts.compare({ ...requireDistricts(f), schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.columns)[number];
      const kinds: Record<Row['kind'], string> = { district: 'Wijk', municipality: 'Gemeente', region: 'GGD-regio', nation: 'Nederland' };
      return [sheet('Wijken', `Wijken van ${data.municipality.name} vergeleken, met de gemeente, de GGD-regio en Nederland, ${formatSchoolYear(f.schoolYear)}`, [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('Naam', 'text', (r) => r.name),
        col<Row>('Soort', 'text', (r) => kinds[r.kind]),
        col<Row>('Aantal scholen', 'count', (r) => r.figures.schools),
        col<Row>('Scandekking (%)', 'percent', (r) => r.figures.scanCoverage, 1),
        col<Row>('Implementatiegraad (%)', 'percent', (r) => r.figures.implementation, 1),
        col<Row>('Scholen met Gezonde School-vignet (%)', 'percent', (r) => r.figures.vignetShare, 1),
        col<Row>('Scholen met een kartrekker (%)', 'percent', (r) => r.figures.kartrekkerShare, 1),
        col<Row>('Scholen met GGD-ondersteuning (%)', 'percent', (r) => r.figures.supportedShare, 1),
        col<Row>('GGD-uren per school', 'decimal', (r) => r.figures.supportHoursPerSchool, 1),
      ], data.columns)];
    },
  },
  {
    id: 'gelijke-kansen',
    title: 'Implementatie en uitkomsten per achterstandsband',
    async load(caller, f) {
      const data = await caller.equity.bands({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.bands)[number];
      const outcomeLabels = data.bands[0]?.outcomes.map((o) => o.label) ?? [];
      return [sheet('Gelijke kansen', `Per achterstandsband, ${data.scope.name}`, [
        col<Row>('Band', 'text', (r) => (r.band === 0 ? 'Onbekend' : `${r.band}. ${DISADVANTAGE_BANDS.find((b) => b.id === r.band)?.label ?? r.label}`)),
        col<Row>('Aantal scholen', 'count', (r) => r.schools),
        col<Row>('Implementatiegraad (%)', 'percent', (r) => r.implementation, 1),
        col<Row>('Ontvangen ondersteuning (uur per school)', 'decimal', (r) => r.supportHoursPerSchool, 1),
        col<Row>('Scholen met ondersteuning (%)', 'percent', (r) => r.supportedShare, 1),
        ...outcomeLabels.map((label, i) => col<Row>(label, 'percent', (r) => r.outcomes[i]!.value, 1)),
      ], data.bands)];
    },
  },
  {
    id: 'partnerdekking',
    title: 'Partnerdekking per gemeente',
    async load(caller, f) {
      const data = await caller.partners.coverage({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.municipalities)[number];
      return [sheet('Partnerdekking', 'Scholen met een structurele afspraak per partnertype (%), per gemeente', [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('Gemeente', 'text', (r) => r.name),
        col<Row>('GGD-regio', 'text', (r) => r.regionCode),
        ...data.partnerTypes.map((t) => col<Row>(`${t.label} (%)`, 'percent', (r) => r.coverage[t.id] ?? null, 1)),
      ], data.municipalities)];
    },
  },
  {
    id: 'grootste-kloof',
    title: 'Gemeenten met de grootste kansenkloof',
    async load(caller, f) {
      // The same list as on screen (25 largest gaps), over a region or nationally; a municipality scope has no list.
      if (f.scope.level === 'municipality') throw new ExportInputError('Deze tabel zet gemeenten naast elkaar: geef een regio mee (regio=GG3406) of geen gebied (heel Nederland).');
      const regionCode = f.scope.level === 'region' ? f.scope.code : undefined;
      const data = await caller.equity.widestGaps({ ...(regionCode ? { regionCode } : {}), schoolYear: f.schoolYear, sector: f.sector, limit: 25 });
      type Row = (typeof data.rows)[number];
      return [sheet('Grootste kloof', 'Gemeenten met de grootste kloof in implementatie (band 1 − band 4)', [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('Gemeente', 'text', (r) => r.name),
        col<Row>('GGD-regio', 'text', (r) => r.regionName),
        col<Row>('Kloof (procentpunt)', 'pp', (r) => r.gap, 1),
        col<Row>('Implementatiegraad band 1: weinig achterstand (%)', 'percent', (r) => r.band1, 1),
        col<Row>('Implementatiegraad band 4: veel achterstand (%)', 'percent', (r) => r.band4, 1),
      ], data.rows)];
    },
  },
  {
    id: 'partnersignalen',
    title: 'Ontbrekende partners en signalen per gemeente',
    async load(caller, f) {
      const data = await caller.partners.gaps({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.municipalities)[number];
      return [sheet('Partnersignalen', 'Ontbrekende partners en signalen per gemeente', [
        col<Row>('Code', 'text', (r) => r.code),
        col<Row>('Gemeente', 'text', (r) => r.name),
        col<Row>('GGD-regio', 'text', (r) => r.regionCode),
        col<Row>('Geen enkele school heeft een afspraak met', 'text', (r) => (r.missing.length ? r.missing.map((m) => m.label).join(', ') : '–')),
        col<Row>(`Minder dan ${data.thresholds.lowCoverageBelow}% van de scholen`, 'text', (r) => (r.weak.length ? r.weak.map((w) => w.label).join(', ') : '–')),
        col<Row>('Afgeschermde partnertypen', 'count', (r) => r.hiddenTypes),
        ...data.signalDefinitions.map((sig, i) => col<Row>(`${sig.label} (% scholen)`, 'percent', (r) => r.signals[i]!.share, 1)),
      ], data.municipalities)];
    },
  },
  {
    id: 'gezonde-school',
    title: 'Scholen per Gezonde School-fase en met vignet',
    async load(caller, f) {
      const data = await caller.funnel.gezondeSchool({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = { label: string; count: Published; share: Published };
      const rows: Row[] = [
        ...data.phases.map((p) => ({ label: `Fase: ${p.label}`, count: p.count, share: p.share })),
        { label: 'Met Gezonde School-vignet', count: data.vignet.count, share: data.vignet.share },
      ];
      return [sheet('Fasen', 'Scholen per Gezonde School-fase en met vignet', [
        col<Row>('Onderdeel', 'text', (r) => r.label),
        col<Row>('Aantal scholen', 'count', (r) => r.count),
        col<Row>('Aandeel van de scholen met registratie (%)', 'percent', (r) => r.share, 1),
      ], rows)];
    },
  },
  {
    id: 'themacertificaten',
    title: 'Themacertificaten',
    async load(caller, f) {
      const data = await caller.funnel.gezondeSchool({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.themes)[number];
      return [sheet('Themacertificaten', `Themacertificaten, ${formatSchoolYear(f.schoolYear)}`, [
        col<Row>('Thema', 'text', (r) => r.label),
        col<Row>('Scholen met certificaat', 'count', (r) => r.holders),
        col<Row>('Aandeel scholen (%)', 'percent', (r) => r.share, 1),
        col<Row>(`Te vernieuwen in ${formatSchoolYear(data.nextSchoolYear)}`, 'count', (r) => r.renewalDue),
      ], data.themes)];
    },
  },
  {
    id: 'scholen',
    title: 'Scholen van de regio (pseudoniem)',
    requires: 'region',
    async load(caller, f) {
      // Every page of the server-side list: exports have no row limit. Only GGD advisors of the region
      // may read school rows; the procedure's access rule decides, as on screen.
      const regionCode = requireRegion(f);
      const sector = f.sector === 'all' ? undefined : f.sector;
      type Row = Awaited<ReturnType<Caller['schools']['list']>>['rows'][number];
      const rows: Row[] = [];
      for (let page = 1; ; page++) {
        const data = await caller.schools.list({ regionCode, schoolYear: f.schoolYear, ...(sector ? { sector } : {}), page, pageSize: 200, sort: { column: 'priority', direction: 'desc' } });
        rows.push(...data.rows);
        if (rows.length >= data.total || data.rows.length === 0) break;
      }
      const yesNo = (v: boolean | null) => (v === null ? null : v ? 'ja' : 'nee');
      return [sheet('Scholen', 'Scholen van de regio in volgorde van prioriteit', [
        col<Row>('School (pseudoniem)', 'text', (r) => r.schoolId),
        col<Row>('Prioriteit (0–100)', 'decimal', (r) => r.priority.score, 1),
        col<Row>('Gemeente', 'text', (r) => r.municipality),
        col<Row>('Sector', 'text', (r) => r.sector),
        col<Row>('Achterstandsband', 'count', (r) => r.disadvantageBand),
        col<Row>('Implementatiegraad (%)', 'percent', (r) => r.implementation, 1),
        col<Row>('Kartrekker', 'text', (r) => yesNo(r.kartrekker)),
        col<Row>('Draagvlak ouders', 'decimal', (r) => r.parentSupport, 1),
        col<Row>('GGD-uren dit jaar', 'decimal', (r) => r.supportHours, 1),
        col<Row>('GGD-uren vorig jaar', 'decimal', (r) => r.supportHoursPrevious, 1),
      ], rows)];
    },
  },
];

export function findExportTable(id: string): ExportTable | undefined {
  return EXPORT_TABLES.find((t) => t.id === id);
}

/** Tables of a report workbook for a region or municipality (the PDF report's tables). */
export const REPORT_TABLE_IDS = ['kerncijfers', 'profiel', 'trend', 'gelijke-kansen', 'partnerdekking', 'capaciteit'] as const;
