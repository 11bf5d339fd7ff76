/**
 * One definition per exportable UI table: which tRPC procedure feeds it (the same one the screen
 * uses, so suppression is exactly as on screen), its filters, and its columns (Dutch header, type,
 * value accessor). The CSV and XLSX writers only format what these definitions return.
 */
import { z } from 'zod';
import {
  COMPARE_DISTRICTS, COMPARE_MUNICIPALITIES, DISADVANTAGE_BANDS, disadvantageBandName, districtCodeSchema, MAP_INDICATOR_IDS, NATION, PILLARS, UNITS, formatList, formatSchoolYear, indicator, indicatorHeader, keyFigureList,
  municipalityCodeSchema, regionCodeSchema, schoolYearSchema, type IndicatorId, type MapIndicatorId, type Published, type Unit,
} from '@rd/shared';
import type { Caller } from './caller.ts';
import { sectorInput, type ScopeInput, type SectorFilter } from '@rd/shared';

export type { Caller };

/** Column types: 'text' is written as is; the others are numbers in a unit of the catalogue (percent = 0–100). */
export type ColumnKind = 'text' | Unit;
export type ExportValue = string | number | null | Published;

export interface ExportColumn<R> {
  header: string;
  kind: ColumnKind;
  /**
   * Decimals written (and the XLSX number format); values are rounded to them in both formats.
   * Default: the unit's. A function for a column whose rows are different figures (kerncijfers).
   */
  decimals?: number | ((row: R) => number);
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
  sector: sectorInput.default('all'),
  regio: regionCodeSchema.optional(),
  gemeente: municipalityCodeSchema.optional(),
  niveau: z.enum(['region', 'municipality']).optional(),
  indicator: z.enum(MAP_INDICATOR_IDS).default('implementation'),
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
  indicator: MapIndicatorId;
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

const schoolsOf = (p: Published): ExportValue => (p.suppressed ? p : p.schools);
function col<R>(header: string, kind: ColumnKind, value: (row: R) => ExportValue, decimals?: number): ExportColumn<R> {
  return { header, kind, value, ...(decimals === undefined ? {} : { decimals }) };
}
/** A column of a catalogue figure: its unit in the header, its unit and decimals in the cells. */
function figure<R>(id: IndicatorId, label: string, value: (row: R) => ExportValue): ExportColumn<R> {
  const ind = indicator(id);
  return { header: indicatorHeader(ind, label), kind: ind.unit, decimals: ind.decimals, value };
}
/**
 * The columns that name an area: its code, its name under `nameHeader` (the kind of area, or
 * "Naam" where rows are of several kinds), then what sort of area it is and its GGD-regio where given.
 */
function areaColumns<R extends { code: string; name: string }>(
  nameHeader: string,
  more: { kind?: (row: R) => string; region?: (row: R) => string | null } = {},
): ExportColumn<R>[] {
  return [
    col<R>('Code', 'text', (r) => r.code),
    col<R>(nameHeader, 'text', (r) => r.name),
    ...(more.kind ? [col<R>('Soort', 'text', more.kind)] : []),
    ...(more.region ? [col<R>('GGD-regio', 'text', more.region)] : []),
  ];
}
/** The name header of a table of regions or of municipalities. */
const levelHeader = (level: ExportFilters['level']): string => (level === 'region' ? 'GGD-regio' : 'Gemeente');
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
      const ind = indicator(f.indicator);
      type Row = (typeof data.rows)[number];
      return [sheet('Kaart', `${indicatorHeader(ind)} per ${f.level === 'region' ? 'GGD-regio' : 'gemeente'}`, [
        ...areaColumns<Row>(levelHeader(f.level)),
        figure<Row>(f.indicator, ind.label, (r) => r.value),
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
        ...areaColumns<Row>('GGD-regio'),
        figure<Row>('advisorFte', indicator('advisorFte').shortLabel, (r) => r.advisorFte),
        figure<Row>('capacityFtePer100', indicator('capacityFtePer100').label, (r) => r.advisorFtePer100Schools),
        col<Row>('Uren voor scholen', 'count', (r) => r.hoursForSchools),
        col<Row>('Aantal scholen', 'count', (r) => r.schools),
        figure<Row>('supportHoursPerSchool', indicator('supportHoursPerSchool').label, (r) => r.supportHoursPerSchool),
        figure<Row>('supportedShare', indicator('supportedShare').shortLabel, (r) => r.supportedShare),
        figure<Row>('implementation', indicator('implementation').shortLabel, (r) => r.implementation),
        figure<Row>('scanCoverage', indicator('scanCoverage').shortLabel, (r) => r.scanCoverage),
      ], data.rows)];
    },
  },
  {
    id: 'kerncijfers',
    title: 'Kerncijfers van het gebied',
    async load(caller, f) {
      const k = await caller.overview.keyFigures({ scope: f.scope, schoolYear: f.schoolYear, sector: f.sector });
      type Row = { name: string; unit: string; decimals: number; value: Published | number | null };
      const rows: Row[] = keyFigureList(k).map(({ indicator: ind, value }) => ({
        name: ind.shortLabel, unit: [UNITS[ind.unit].header, ind.per].filter(Boolean).join(' '), decimals: ind.decimals, value,
      }));
      // The region's fte itself beside the figure per 100 schools.
      const fte = indicator('advisorFte');
      rows.splice(2, 0, { name: fte.shortLabel, unit: UNITS[fte.unit].header, decimals: fte.decimals, value: k.capacity.advisorFte });
      return [sheet('Kerncijfers', `Kerncijfers ${k.scope.name}`, [
        col<Row>('Kerncijfer', 'text', (r) => r.name),
        col<Row>('Eenheid', 'text', (r) => r.unit),
        { header: 'Waarde', kind: 'decimal', decimals: (r) => r.decimals, value: (r) => r.value },
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
        figure<Row>('implementation', data.scope.name, (r) => r.scope),
        ...(data.parent && data.scope.level !== 'nation' && data.parent.level !== 'nation' ? [figure<Row>('implementation', data.parent.name, (r) => r.parent)] : []),
        ...(data.scope.level !== 'nation' ? [figure<Row>('implementation', NATION.name, (r) => r.nation)] : []),
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
        ...areaColumns<Row>('Gemeente'),
        figure<Row>('implementation', 'Totaal', (r) => r.overall),
        ...data.principles.map((p, i) => figure<Row>('implementation', `${p.id}. ${p.label}`, (r) => r.principles[i]!)),
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
        figure<Row>('implementation', data.scope.name, (r) => r.overall),
        ...PILLARS.map((p) => figure<Row>(`pillar:${p.id}`, `Pijler ${p.label}`, (r) => r.pillars.find((x) => x.id === p.id)!.value)),
        ...(data.scope.level !== 'nation' ? [figure<Row>('implementation', NATION.name, (r) => r.nation)] : []),
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
        { ...data.nation, kind: NATION.name, regionName: null },
      ];
      const partnerOf = (r: Row, type: string) => r.partners.find((p) => p.type === type)?.coverage ?? null;
      return [sheet('Vergelijking', `Gemeenten vergeleken, met hun GGD-regio en Nederland, ${formatSchoolYear(f.schoolYear)}`, [
        ...areaColumns<Row>('Naam', { kind: (r) => r.kind, region: (r) => r.regionName }),
        col<Row>('Aantal scholen', 'count', (r) => r.figures.schools),
        figure<Row>('scanCoverage', indicator('scanCoverage').shortLabel, (r) => r.figures.scanCoverage),
        figure<Row>('implementation', indicator('implementation').shortLabel, (r) => r.figures.implementation),
        ...PILLARS.map((p) => figure<Row>(`pillar:${p.id}`, `Pijler ${p.label}`, (r) => r.pillars[p.id])),
        figure<Row>('vignetShare', indicator('vignetShare').label, (r) => r.figures.vignetShare),
        figure<Row>('kartrekkerShare', indicator('kartrekkerShare').label, (r) => r.figures.kartrekkerShare),
        figure<Row>('supportHoursPerSchool', indicator('supportHoursPerSchool').label, (r) => r.figures.supportHoursPerSchool),
        figure<Row>('equityGap', indicator('equityGap').label, (r) => r.equityGap),
        figure<Row>('partnerCoverage', indicator('partnerCoverage').label, (r) => r.figures.partnerCoverage),
        ...data.nation.partners.map((t) => figure<Row>('partnerCoverage', t.label, (r) => partnerOf(r, t.type))),
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
        ...areaColumns<Row>('Naam', { kind: (r) => kinds[r.kind] }),
        col<Row>('Aantal scholen', 'count', (r) => r.figures.schools),
        ...(['scanCoverage', 'implementation', 'vignetShare', 'kartrekkerShare', 'supportedShare', 'supportHoursPerSchool'] as const)
          .map((id) => figure<Row>(id, indicator(id).label, (r) => r.figures[id])),
        // Equity: each figure per disadvantage band, then the gap in implementation.
        ...(['schools', 'implementation', 'vignetShare', 'supportHoursPerSchool'] as const).flatMap((id) => data.columns[0]!.equity.bands.map(({ band }, i) => {
          const name = disadvantageBandName(band);
          const value = (r: Row) => r.equity.bands[i]!.figures[id];
          if (id === 'schools') return col<Row>(`Aantal scholen, ${name}`, 'count', value);
          // The short name, unless the unit's header says "per school" after it anyway.
          const ind = indicator(id);
          return figure<Row>(id, `${ind.per ? ind.label : ind.shortLabel}, ${name}`, value);
        })),
        figure<Row>('equityGap', indicator('equityGap').label, (r) => r.equity.implementationGap),
      ], data.columns)];
    },
  },
  {
    id: 'voorwaarden',
    title: 'Voorwaarden voor implementatie per gebied',
    async load(caller, f) {
      // The areas of the screen's table: regions nationally, or the municipalities of the region.
      const regionCode = f.scope.level === 'region' ? f.scope.code : undefined;
      const data = await caller.conditions.areas({ level: f.level, ...(regionCode ? { regionCode } : {}), schoolYear: f.schoolYear, sector: f.sector });
      type Row = (typeof data.rows)[number];
      const years = [data.schoolYear, ...(data.previousYear ? [data.previousYear] : [])];
      return [sheet('Voorwaarden', `Aandeel scholen dat aan elke voorwaarde voor implementatie voldoet (%), per ${f.level === 'region' ? 'GGD-regio' : 'gemeente'}, met het schooljaar ervoor`, [
        ...areaColumns<Row>(levelHeader(f.level)),
        ...data.conditions.flatMap((c) => years.map((year) => col<Row>(`${c.label}, ${formatSchoolYear(year)} (%)`, 'percent',
          (r) => (year === data.schoolYear ? r.values[c.id] : r.previous?.[c.id] ?? null)))),
      ], data.rows)];
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
        figure<Row>('implementation', indicator('implementation').shortLabel, (r) => r.implementation),
        figure<Row>('supportHoursPerSchool', indicator('supportHoursPerSchool').label, (r) => r.supportHoursPerSchool),
        figure<Row>('supportedShare', indicator('supportedShare').shortLabel, (r) => r.supportedShare),
        ...outcomeLabels.map((label, i) => col<Row>(label, 'percent', (r) => r.outcomes[i]!.value)),
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
        ...areaColumns<Row>('Gemeente', { region: (r) => r.regionCode }),
        ...data.partnerTypes.map((t) => figure<Row>('partnerCoverage', t.label, (r) => r.coverage[t.id] ?? null)),
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
        ...areaColumns<Row>('Gemeente', { region: (r) => r.regionName }),
        figure<Row>('equityGap', 'Kloof', (r) => r.gap),
        figure<Row>('implementation', 'Implementatiegraad band 1: weinig achterstand', (r) => r.band1),
        figure<Row>('implementation', 'Implementatiegraad band 4: veel achterstand', (r) => r.band4),
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
        ...areaColumns<Row>('Gemeente', { region: (r) => r.regionCode }),
        col<Row>('Geen enkele school heeft een afspraak met', 'text', (r) => (r.missing.length ? r.missing.map((m) => m.label).join(', ') : '–')),
        col<Row>(`Minder dan ${data.thresholds.lowCoverageBelow}% van de scholen`, 'text', (r) => (r.weak.length ? r.weak.map((w) => w.label).join(', ') : '–')),
        col<Row>('Afgeschermde partnertypen', 'count', (r) => r.hiddenTypes),
        ...data.signalDefinitions.map((sig, i) => col<Row>(`${sig.label} (% scholen)`, 'percent', (r) => r.signals[i]!.share)),
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
        col<Row>('Aandeel van de scholen met registratie (%)', 'percent', (r) => r.share),
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
        col<Row>('Aandeel scholen (%)', 'percent', (r) => r.share),
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
        figure<Row>('implementation', indicator('implementation').shortLabel, (r) => r.implementation),
        col<Row>('Kartrekker', 'text', (r) => yesNo(r.kartrekker)),
        col<Row>('Draagvlak ouders', 'decimal', (r) => r.parentSupport, 1),
        col<Row>('GGD-uren dit jaar', 'hours', (r) => r.supportHours),
        col<Row>('GGD-uren vorig jaar', 'hours', (r) => r.supportHoursPrevious),
      ], rows)];
    },
  },
];

export function findExportTable(id: string): ExportTable | undefined {
  return EXPORT_TABLES.find((t) => t.id === id);
}

/** Tables of a report workbook for a region or municipality (the PDF report's tables). */
export const REPORT_TABLE_IDS = ['kerncijfers', 'profiel', 'trend', 'gelijke-kansen', 'partnerdekking', 'capaciteit'] as const;
