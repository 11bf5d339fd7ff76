/**
 * The documented import formats (docs/import.md): per kind its Dutch columns, how a row of text
 * becomes a record, and the shared zod schema that has the last word on validity. parse-row.ts
 * applies them to a file's header and rows.
 */
import type { z } from 'zod';
import {
  capacitySchema,
  implementationRecordSchema,
  outcomeSchema,
  partnerAgreementSchema,
  scanScoreSchema,
  schoolFileSchema,
  districtSchema,
  districtAreaSchema,
  postcodeDistrictSchema,
  SECTOR_ALIASES,
  schoolYearStart,
  type Capacity,
  type ImplementationRecord,
  type ImportKind,
  type Outcome,
  type PartnerAgreement,
  type ScanScore,
  type SchoolFile,
  type District,
  type DistrictArea,
  type PostcodeDistrict,
} from '@rd/shared';
import type { Cells } from './cells.ts';

/** The sector column in lower case, with speciaal basisonderwijs (sbo) moved to po. */
function sectorOfImport(value: string | null | undefined): string | undefined {
  const lower = value?.toLowerCase();
  return lower == null ? undefined : SECTOR_ALIASES[lower] ?? lower;
}

export interface ColumnSpec {
  name: string;
  required: boolean;
}

export interface CellProblem {
  column: string;
  message: string;
}

export interface Finding extends CellProblem {
  /** Imported and listed; otherwise an error, and nothing is imported. */
  warning?: true;
}

/** Lookups for referential checks, loaded once per import from the database being written. */
export interface ReferenceSets {
  schoolIds: Set<string>;
  municipalityCodes: Set<string>;
  regionCodes: Set<string>;
  /** District code → its municipality (only loaded for files that refer to districts). */
  districts: Map<string, string>;
  /** The municipalities that have wijken in `districts`. */
  districtMunicipalities: Set<string>;
  /** Postcode → wijk (only loaded for a schools file with a postcode column). */
  postcodes: Map<string, string>;
}

/** The district lookups of ReferenceSets from the rows of table district. */
export function districtReference(rows: Iterable<readonly [code: string, municipalityCode: string]>): Pick<ReferenceSets, 'districts' | 'districtMunicipalities'> {
  const districts = new Map<string, string>(rows);
  return { districts, districtMunicipalities: new Set(districts.values()) };
}

export interface ParseContext {
  pseudonymise(raw: string): string | null;
  refs: ReferenceSets;
}

export interface KindFormat<R> {
  kind: ImportKind;
  columns: readonly ColumnSpec[];
  schema: z.ZodType<R>;
  /** Record field → file column, to place schema problems in the right column. */
  fieldColumns: Record<string, string>;
  build(cells: Cells): Record<string, unknown>;
  /**
   * Problems against the reference tables; a warning is imported and listed, anything else refuses
   * the row. It may fill in what the file leaves to a reference table: a school's wijk from its postcode.
   */
  references(record: R, refs: ReferenceSets): Finding[];
  /** Natural key; also the upsert key. Parts are short and few, see the duplicate check. */
  key(record: R): readonly [string | number, (string | number)?, (string | number)?];
  keyColumns: string;
  schoolYear(record: R): string | null;
}

function schoolMustExist(schoolId: string, refs: ReferenceSets): CellProblem[] {
  return refs.schoolIds.has(schoolId)
    ? []
    : [{ column: 'brin_vestiging', message: 'onbekende school: importeer deze school eerst met een scholenbestand' }];
}

/**
 * A school's wijk against the wijkindeling, as the areas import checks its wijken: a wijk of another
 * municipality or one its municipality's wijken lack cannot be right. A municipality without
 * imported wijken yet is a warning only: the wijken may follow, and the school then counts in its wijk.
 */
function schoolDistrictProblems(code: string, municipalityCode: string, refs: ReferenceSets, postcode?: string): Finding[] {
  // A wijk found through the postcode table: the problem is the postcode's (or the table's).
  const column = postcode === undefined ? 'wijk_code' : 'postcode';
  const via = postcode === undefined ? '' : `postcode ${postcode} hoort volgens de postcodetabel bij wijk ${code}: `;
  const check = postcode === undefined ? 'controleer wijk_code en gemeente_code' : 'controleer postcode en gemeente_code, of vul wijk_code in';
  if (code.slice(2, 6) !== municipalityCode.slice(2)) {
    return [{ column, message: `${via}wijk ${code} ligt niet in gemeente ${municipalityCode}: de cijfers 3 t/m 6 van de wijkcode zijn het gemeentenummer; ${check}` }];
  }
  if (refs.districts.has(code)) return [];
  if (refs.districtMunicipalities.has(municipalityCode)) {
    return [{ column, message: `${via}onbekende wijk ${code}: de wijkindeling van gemeente ${municipalityCode} heeft deze wijk niet; controleer de wijkcode, of importeer eerst een wijkenbestand (soort districts) met deze wijk` }];
  }
  return [{
    column, warning: true,
    message: `${via}wijk ${code} staat nog niet in de wijkindeling: van gemeente ${municipalityCode} zijn nog geen wijken geïmporteerd; de school is ingelezen en telt in de wijkcijfers mee zodra u een wijkenbestand (soort districts) met deze wijk importeert`,
  }];
}

const schools: KindFormat<SchoolFile> = {
  kind: 'schools',
  columns: [
    { name: 'brin_vestiging', required: true },
    { name: 'sector', required: true },
    { name: 'gemeente_code', required: true },
    { name: 'wijk_code', required: false },
    { name: 'grootte', required: true },
    { name: 'achterstand_band', required: false },
    { name: 'aandeel_laag_inkomen', required: false },
    { name: 'aandeel_armoedeprobleemgebied', required: false },
    { name: 'postcode', required: false },
  ],
  schema: schoolFileSchema,
  fieldColumns: {
    id: 'brin_vestiging', sector: 'sector', municipalityCode: 'gemeente_code', districtCode: 'wijk_code',
    sizeBand: 'grootte', disadvantageBand: 'achterstand_band', lowIncomeShare: 'aandeel_laag_inkomen',
    povertyAreaShare: 'aandeel_armoedeprobleemgebied', postcode: 'postcode',
  },
  build: (c) => ({
    id: c.schoolId('brin_vestiging'),
    sector: sectorOfImport(c.text('sector', true)),
    municipalityCode: c.code('gemeente_code', true),
    districtCode: c.code('wijk_code', false),
    sizeBand: c.text('grootte', true)?.toLowerCase(),
    disadvantageBand: c.integer('achterstand_band', false),
    lowIncomeShare: c.decimal('aandeel_laag_inkomen', false),
    povertyAreaShare: c.decimal('aandeel_armoedeprobleemgebied', false),
    postcode: c.postcode('postcode', false),
  }),
  references: (s, refs) => {
    if (!refs.municipalityCodes.has(s.municipalityCode)) {
      return [{ column: 'gemeente_code', message: `onbekende gemeentecode "${s.municipalityCode}" (verwacht een CBS-code van 2025)` }];
    }
    if (s.districtCode !== null) return schoolDistrictProblems(s.districtCode, s.municipalityCode, refs);
    if (s.postcode === null) return [];
    const found = refs.postcodes.get(s.postcode);
    if (found === undefined) {
      return [{
        column: 'postcode', warning: true,
        message: `postcode ${s.postcode} staat niet in de postcodetabel: de school is ingelezen zonder wijk en telt in de wijkcijfers onder "wijk onbekend"; vul wijk_code in, of importeer een postcodetabel (soort postcodes) met deze postcode en daarna dit bestand opnieuw`,
      }];
    }
    s.districtCode = found;
    return schoolDistrictProblems(found, s.municipalityCode, refs, s.postcode);
  },
  key: (s) => [s.id],
  keyColumns: 'school',
  schoolYear: () => null,
};

const scans: KindFormat<ScanScore> = {
  kind: 'scans',
  columns: [
    { name: 'brin_vestiging', required: true },
    { name: 'schooljaar', required: true },
    { name: 'principe', required: true },
    { name: 'score', required: true },
  ],
  schema: scanScoreSchema,
  fieldColumns: { schoolId: 'brin_vestiging', schoolYear: 'schooljaar', principleId: 'principe', score: 'score' },
  build: (c) => ({
    schoolId: c.schoolId('brin_vestiging'),
    schoolYear: c.text('schooljaar', true),
    principleId: c.integer('principe', true),
    score: c.integer('score', true),
  }),
  references: (s, refs) => schoolMustExist(s.schoolId, refs),
  key: (s) => [s.schoolId, s.schoolYear, s.principleId],
  keyColumns: 'school, schooljaar en principe',
  schoolYear: (s) => s.schoolYear,
};

const implementation: KindFormat<ImplementationRecord> = {
  kind: 'implementation',
  columns: [
    { name: 'brin_vestiging', required: true },
    { name: 'schooljaar', required: true },
    { name: 'fase', required: true },
    { name: 'kartrekker', required: true },
    { name: 'enthousiasme_team', required: true },
    { name: 'draagvlak_ouders', required: true },
    { name: 'betrokkenheid_schoolleiding', required: false },
    { name: 'draagvlak_school', required: false },
    { name: 'erkende_interventies', required: true },
    { name: 'ggd_uren', required: true },
    { name: 'ggd_contacten', required: true },
    { name: 'themacertificaten', required: false },
  ],
  schema: implementationRecordSchema,
  fieldColumns: {
    schoolId: 'brin_vestiging', schoolYear: 'schooljaar', phase: 'fase', hasKartrekker: 'kartrekker',
    teamEnthusiasm: 'enthousiasme_team', parentSupport: 'draagvlak_ouders',
    leadershipCommitment: 'betrokkenheid_schoolleiding', schoolSupport: 'draagvlak_school', recognisedInterventions: 'erkende_interventies',
    ggdSupportHours: 'ggd_uren', ggdContacts: 'ggd_contacten', certificates: 'themacertificaten',
  },
  build: (c) => ({
    schoolId: c.schoolId('brin_vestiging'),
    schoolYear: c.text('schooljaar', true),
    phase: c.text('fase', true)?.toLowerCase(),
    hasKartrekker: c.boolean('kartrekker'),
    teamEnthusiasm: c.integer('enthousiasme_team', true),
    parentSupport: c.integer('draagvlak_ouders', true),
    leadershipCommitment: c.integer('betrokkenheid_schoolleiding', false),
    schoolSupport: c.integer('draagvlak_school', false),
    recognisedInterventions: c.integer('erkende_interventies', true),
    ggdSupportHours: c.decimal('ggd_uren', true),
    ggdContacts: c.integer('ggd_contacten', true),
    certificates: c.certificates('themacertificaten'),
  }),
  references: (r, refs) => {
    const problems = schoolMustExist(r.schoolId, refs);
    const seen = new Set<string>();
    for (const cert of r.certificates) {
      if (seen.has(cert.theme)) problems.push({ column: 'themacertificaten', message: `thema ${cert.theme} staat er twee keer in` });
      seen.add(cert.theme);
      if (schoolYearStart(cert.awardedYear) > schoolYearStart(r.schoolYear)) {
        problems.push({ column: 'themacertificaten', message: `certificaat ${cert.theme} is toegekend in ${cert.awardedYear}, na schooljaar ${r.schoolYear}` });
      }
    }
    return problems;
  },
  key: (r) => [r.schoolId, r.schoolYear],
  keyColumns: 'school en schooljaar',
  schoolYear: (r) => r.schoolYear,
};

const capacity: KindFormat<Capacity> = {
  kind: 'capacity',
  columns: [
    { name: 'ggd_code', required: true },
    { name: 'schooljaar', required: true },
    { name: 'adviseur_fte', required: true },
    { name: 'uren_voor_scholen', required: true },
  ],
  schema: capacitySchema,
  fieldColumns: { regionCode: 'ggd_code', schoolYear: 'schooljaar', advisorFte: 'adviseur_fte', hoursForSchools: 'uren_voor_scholen' },
  build: (c) => ({
    regionCode: c.code('ggd_code', true),
    schoolYear: c.text('schooljaar', true),
    advisorFte: c.decimal('adviseur_fte', true),
    hoursForSchools: c.decimal('uren_voor_scholen', true),
  }),
  references: (r, refs) =>
    refs.regionCodes.has(r.regionCode) ? [] : [{ column: 'ggd_code', message: `onbekende GGD-regiocode "${r.regionCode}"` }],
  key: (r) => [r.regionCode, r.schoolYear],
  keyColumns: 'GGD-regio en schooljaar',
  schoolYear: (r) => r.schoolYear,
};

const partners: KindFormat<PartnerAgreement> = {
  kind: 'partners',
  columns: [
    { name: 'brin_vestiging', required: true },
    { name: 'schooljaar', required: true },
    { name: 'partner', required: true },
    { name: 'afspraak', required: true },
  ],
  schema: partnerAgreementSchema,
  fieldColumns: { schoolId: 'brin_vestiging', schoolYear: 'schooljaar', partnerType: 'partner', hasAgreement: 'afspraak' },
  build: (c) => ({
    schoolId: c.schoolId('brin_vestiging'),
    schoolYear: c.text('schooljaar', true),
    partnerType: c.text('partner', true)?.toLowerCase(),
    hasAgreement: c.boolean('afspraak'),
  }),
  references: (r, refs) => schoolMustExist(r.schoolId, refs),
  key: (r) => [r.schoolId, r.schoolYear, r.partnerType],
  keyColumns: 'school, schooljaar en partner',
  schoolYear: (r) => r.schoolYear,
};

const outcomes: KindFormat<Outcome> = {
  kind: 'outcomes',
  columns: [
    { name: 'brin_vestiging', required: true },
    { name: 'schooljaar', required: true },
    { name: 'indicator', required: true },
    { name: 'percentage', required: true },
    { name: 'respondenten', required: true },
  ],
  schema: outcomeSchema,
  fieldColumns: { schoolId: 'brin_vestiging', schoolYear: 'schooljaar', indicator: 'indicator', valuePct: 'percentage', respondents: 'respondenten' },
  build: (c) => ({
    schoolId: c.schoolId('brin_vestiging'),
    schoolYear: c.text('schooljaar', true),
    indicator: c.text('indicator', true)?.toLowerCase(),
    valuePct: c.decimal('percentage', true),
    respondents: c.integer('respondenten', true),
  }),
  references: (r, refs) => schoolMustExist(r.schoolId, refs),
  key: (r) => [r.schoolId, r.schoolYear, r.indicator],
  keyColumns: 'school, schooljaar en indicator',
  schoolYear: (r) => r.schoolYear,
};

/** The Netherlands in WGS84, with a margin: coordinates outside it are RD (EPSG:28992) or not Dutch. */
const NL_LON = [2.5, 8] as const;
const NL_LAT = [50, 54.5] as const;

/**
 * Why a wijk boundary cannot be used, or null: it must be a GeoJSON Polygon or MultiPolygon in
 * longitude/latitude (the CBS download in RD coordinates must be asked for in WGS84, docs/import.md).
 */
export function boundaryProblem(text: string): string | null {
  let geometry: unknown;
  try {
    geometry = JSON.parse(text);
  } catch {
    return 'de grens is geen geldige GeoJSON-geometrie';
  }
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g === null || typeof g !== 'object' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
    return 'verwacht een GeoJSON-geometrie van het type Polygon of MultiPolygon';
  }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  let points = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return 'de coördinaten van de grens zijn onvolledig';
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) return 'een ring van de grens heeft minder dan 4 punten';
      for (const point of ring) {
        if (!Array.isArray(point) || typeof point[0] !== 'number' || typeof point[1] !== 'number') return 'een punt van de grens is geen paar getallen';
        const [lon, lat] = point as [number, number];
        if (lon < NL_LON[0] || lon > NL_LON[1] || lat < NL_LAT[0] || lat > NL_LAT[1]) {
          return `punt (${lon}, ${lat}) ligt niet in Nederland in lengte- en breedtegraad; download de wijkgrenzen in WGS84 (EPSG:4326), niet in RD (EPSG:28992)`;
        }
        points++;
      }
    }
  }
  return points === 0 ? 'de grens heeft geen punten' : null;
}

const districts: KindFormat<District> = {
  kind: 'districts',
  columns: [
    { name: 'wijk_code', required: true },
    { name: 'wijk_naam', required: true },
    { name: 'gemeente_code', required: true },
    { name: 'grens', required: false },
  ],
  schema: districtSchema,
  fieldColumns: { code: 'wijk_code', name: 'wijk_naam', municipalityCode: 'gemeente_code', boundary: 'grens' },
  build: (c) => ({
    code: c.code('wijk_code', true),
    name: c.text('wijk_naam', true),
    municipalityCode: c.code('gemeente_code', true),
    boundary: c.text('grens', false) ?? null,
  }),
  references: (d, refs) => {
    const problems: CellProblem[] = [];
    if (!refs.municipalityCodes.has(d.municipalityCode)) {
      problems.push({ column: 'gemeente_code', message: `onbekende gemeentecode "${d.municipalityCode}" (verwacht een CBS-code van 2025)` });
    } else if (d.code.slice(2, 6) !== d.municipalityCode.slice(2)) {
      problems.push({ column: 'wijk_code', message: `wijk ${d.code} ligt niet in gemeente ${d.municipalityCode}: de cijfers 3 t/m 6 van de wijkcode zijn het gemeentenummer` });
    }
    const boundary = d.boundary === null ? null : boundaryProblem(d.boundary);
    if (boundary !== null) problems.push({ column: 'grens', message: boundary });
    return problems;
  },
  key: (d) => [d.code],
  keyColumns: 'wijk_code',
  schoolYear: () => null,
};

const areas: KindFormat<DistrictArea> = {
  kind: 'areas',
  columns: [
    { name: 'gebied_code', required: true },
    { name: 'gebied_naam', required: true },
    { name: 'gemeente_code', required: true },
    { name: 'wijk_code', required: true },
  ],
  schema: districtAreaSchema,
  fieldColumns: { areaCode: 'gebied_code', areaName: 'gebied_naam', municipalityCode: 'gemeente_code', districtCode: 'wijk_code' },
  build: (c) => ({
    areaCode: c.text('gebied_code', true),
    areaName: c.text('gebied_naam', true),
    municipalityCode: c.code('gemeente_code', true),
    districtCode: c.code('wijk_code', true),
  }),
  references: (a, refs) => {
    const municipality = refs.districts.get(a.districtCode);
    if (municipality === undefined) return [{ column: 'wijk_code', message: `onbekende wijk ${a.districtCode}: importeer de wijken van de gemeente eerst met een wijkenbestand` }];
    if (municipality !== a.municipalityCode) return [{ column: 'wijk_code', message: `wijk ${a.districtCode} ligt niet in gemeente ${a.municipalityCode} maar in ${municipality}` }];
    return [];
  },
  key: (a) => [a.areaCode, a.districtCode],
  keyColumns: 'gebied_code en wijk_code',
  schoolYear: () => null,
};

const postcodes: KindFormat<PostcodeDistrict> = {
  kind: 'postcodes',
  columns: [
    { name: 'postcode', required: true },
    { name: 'wijk_code', required: true },
  ],
  schema: postcodeDistrictSchema,
  fieldColumns: { postcode: 'postcode', districtCode: 'wijk_code' },
  build: (c) => ({
    postcode: c.postcode('postcode', true),
    districtCode: c.code('wijk_code', true),
  }),
  // Wijken themselves are checked when a school takes one: the table may cover the whole country.
  references: (p, refs) => {
    const municipality = `GM${p.districtCode.slice(2, 6)}`;
    return refs.municipalityCodes.has(municipality)
      ? []
      : [{ column: 'wijk_code', message: `wijk ${p.districtCode} hoort bij gemeente ${municipality} (de cijfers 3 t/m 6 van de wijkcode), die niet bestaat in de CBS-indeling van 2025; controleer de wijkcode` }];
  },
  key: (p) => [p.postcode],
  keyColumns: 'postcode',
  schoolYear: () => null,
};

export const KIND_FORMATS = { schools, scans, implementation, capacity, partners, outcomes, districts, areas, postcodes } satisfies {
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own record type; `satisfies` still checks each against its own
  [K in ImportKind]: KindFormat<any>;
};
