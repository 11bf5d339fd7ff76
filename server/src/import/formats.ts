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

/** How one cell becomes its field's value; `required` is the column's, so an empty required cell is a problem. */
type ReadCell = (cells: Cells, column: string, required: boolean) => unknown;

/** One column of a kind's file: whether the file must have it, the record field it fills and how its cell is read. */
interface FieldColumn<R> extends ColumnSpec {
  field: keyof R & string;
  read: ReadCell;
}

const required = <F extends string>(name: string, field: F, read: ReadCell) => ({ name, required: true, field, read });
const optional = <F extends string>(name: string, field: F, read: ReadCell) => ({ name, required: false, field, read });

/** The ways a cell is read; the record's schema then checks the value. */
const read = {
  text: (c, column, isRequired) => c.text(column, isRequired),
  /** Words of a fixed vocabulary (phase, size, partner, indicator) are compared in lower case. */
  word: (c, column, isRequired) => c.text(column, isRequired)?.toLowerCase(),
  sector: (c, column, isRequired) => sectorOfImport(c.text(column, isRequired)),
  /** A text that the record holds as null when it is absent, also when its cell could not be read. */
  textOrNull: (c, column, isRequired) => c.text(column, isRequired) ?? null,
  code: (c, column, isRequired) => c.code(column, isRequired),
  postcode: (c, column, isRequired) => c.postcode(column, isRequired),
  integer: (c, column, isRequired) => c.integer(column, isRequired),
  decimal: (c, column, isRequired) => c.decimal(column, isRequired),
  schoolId: (c, column) => c.schoolId(column),
  boolean: (c, column) => c.boolean(column),
  certificates: (c, column) => c.certificates(column),
} satisfies Record<string, ReadCell>;

type KindDescription<R> = Omit<KindFormat<R>, 'columns' | 'fieldColumns' | 'build' | 'schoolYear'> & {
  columns: readonly FieldColumn<R>[];
  /** Absent for a kind that holds for every school year (schools, wijken). */
  schoolYear?: KindFormat<R>['schoolYear'];
};

/**
 * A kind's format from its columns, each named once: the header check, the row builder and the
 * column a schema problem belongs to all derive from the one list.
 */
function kindFormat<R>(description: KindDescription<R>): KindFormat<R> {
  const fields = description.columns;
  return {
    schoolYear: () => null,
    ...description,
    columns: fields.map((f) => ({ name: f.name, required: f.required })),
    fieldColumns: Object.fromEntries(fields.map((f) => [f.field, f.name])),
    build: (cells) => {
      const record: Record<string, unknown> = {};
      for (const f of fields) record[f.field] = f.read(cells, f.name, f.required);
      return record;
    },
  };
}

function schoolMustExist(schoolId: string, refs: ReferenceSets): CellProblem[] {
  return refs.schoolIds.has(schoolId)
    ? []
    : [{ column: 'brin_vestiging', message: 'onbekende school: importeer deze school eerst met een scholenbestand' }];
}

/**
 * A kind of records per school and school year: the file starts with the school and the school
 * year, the school must have been imported, and one record per school and year, or per `detail`
 * within it (a principle, a partner type).
 */
function perSchoolYear<R extends { schoolId: string; schoolYear: string }>(
  description: Pick<KindDescription<R>, 'kind' | 'columns' | 'schema'> & {
    detail?: keyof R & string;
    /** Checks beyond the school's existence. */
    references?: KindFormat<R>['references'];
  },
): KindFormat<R> {
  const { detail, references } = description;
  const columns = [required('brin_vestiging', 'schoolId', read.schoolId), required('schooljaar', 'schoolYear', read.text), ...description.columns];
  const detailColumn = columns.find((c) => c.field === detail)?.name;
  return kindFormat<R>({
    kind: description.kind,
    columns,
    schema: description.schema,
    references: (r, refs) => {
      const problems = schoolMustExist(r.schoolId, refs);
      return references ? [...problems, ...references(r, refs)] : problems;
    },
    key: detail === undefined ? (r) => [r.schoolId, r.schoolYear] : (r) => [r.schoolId, r.schoolYear, r[detail] as string | number],
    keyColumns: detailColumn === undefined ? 'school en schooljaar' : `school, schooljaar en ${detailColumn}`,
    schoolYear: (r) => r.schoolYear,
  });
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

const schools = kindFormat<SchoolFile>({
  kind: 'schools',
  columns: [
    required('brin_vestiging', 'id', read.schoolId),
    required('sector', 'sector', read.sector),
    required('gemeente_code', 'municipalityCode', read.code),
    optional('wijk_code', 'districtCode', read.code),
    required('grootte', 'sizeBand', read.word),
    optional('achterstand_band', 'disadvantageBand', read.integer),
    optional('aandeel_laag_inkomen', 'lowIncomeShare', read.decimal),
    optional('aandeel_armoedeprobleemgebied', 'povertyAreaShare', read.decimal),
    optional('postcode', 'postcode', read.postcode),
  ],
  schema: schoolFileSchema,
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
});

const scans = perSchoolYear<ScanScore>({
  kind: 'scans',
  columns: [
    required('principe', 'principleId', read.integer),
    required('score', 'score', read.integer),
  ],
  schema: scanScoreSchema,
  detail: 'principleId',
});

const implementation = perSchoolYear<ImplementationRecord>({
  kind: 'implementation',
  columns: [
    required('fase', 'phase', read.word),
    required('kartrekker', 'hasKartrekker', read.boolean),
    required('enthousiasme_team', 'teamEnthusiasm', read.integer),
    required('draagvlak_ouders', 'parentSupport', read.integer),
    optional('betrokkenheid_schoolleiding', 'leadershipCommitment', read.integer),
    optional('draagvlak_school', 'schoolSupport', read.integer),
    required('erkende_interventies', 'recognisedInterventions', read.integer),
    required('ggd_uren', 'ggdSupportHours', read.decimal),
    required('ggd_contacten', 'ggdContacts', read.integer),
    optional('themacertificaten', 'certificates', read.certificates),
  ],
  schema: implementationRecordSchema,
  references: (r) => {
    const problems: CellProblem[] = [];
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
});

const capacity = kindFormat<Capacity>({
  kind: 'capacity',
  columns: [
    required('ggd_code', 'regionCode', read.code),
    required('schooljaar', 'schoolYear', read.text),
    required('adviseur_fte', 'advisorFte', read.decimal),
    required('uren_voor_scholen', 'hoursForSchools', read.decimal),
  ],
  schema: capacitySchema,
  references: (r, refs) =>
    refs.regionCodes.has(r.regionCode) ? [] : [{ column: 'ggd_code', message: `onbekende GGD-regiocode "${r.regionCode}"` }],
  key: (r) => [r.regionCode, r.schoolYear],
  keyColumns: 'GGD-regio en schooljaar',
  schoolYear: (r) => r.schoolYear,
});

const partners = perSchoolYear<PartnerAgreement>({
  kind: 'partners',
  columns: [
    required('partner', 'partnerType', read.word),
    required('afspraak', 'hasAgreement', read.boolean),
  ],
  schema: partnerAgreementSchema,
  detail: 'partnerType',
});

const outcomes = perSchoolYear<Outcome>({
  kind: 'outcomes',
  columns: [
    required('indicator', 'indicator', read.word),
    required('percentage', 'valuePct', read.decimal),
    required('respondenten', 'respondents', read.integer),
  ],
  schema: outcomeSchema,
  detail: 'indicator',
});

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

const districts = kindFormat<District>({
  kind: 'districts',
  columns: [
    required('wijk_code', 'code', read.code),
    required('wijk_naam', 'name', read.text),
    required('gemeente_code', 'municipalityCode', read.code),
    optional('grens', 'boundary', read.textOrNull),
  ],
  schema: districtSchema,
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
});

const areas = kindFormat<DistrictArea>({
  kind: 'areas',
  columns: [
    required('gebied_code', 'areaCode', read.text),
    required('gebied_naam', 'areaName', read.text),
    required('gemeente_code', 'municipalityCode', read.code),
    required('wijk_code', 'districtCode', read.code),
  ],
  schema: districtAreaSchema,
  references: (a, refs) => {
    const municipality = refs.districts.get(a.districtCode);
    if (municipality === undefined) return [{ column: 'wijk_code', message: `onbekende wijk ${a.districtCode}: importeer de wijken van de gemeente eerst met een wijkenbestand` }];
    if (municipality !== a.municipalityCode) return [{ column: 'wijk_code', message: `wijk ${a.districtCode} ligt niet in gemeente ${a.municipalityCode} maar in ${municipality}` }];
    return [];
  },
  key: (a) => [a.areaCode, a.districtCode],
  keyColumns: 'gebied_code en wijk_code',
});

const postcodes = kindFormat<PostcodeDistrict>({
  kind: 'postcodes',
  columns: [
    required('postcode', 'postcode', read.postcode),
    required('wijk_code', 'districtCode', read.code),
  ],
  schema: postcodeDistrictSchema,
  // Wijken themselves are checked when a school takes one: the table may cover the whole country.
  references: (p, refs) => {
    const municipality = `GM${p.districtCode.slice(2, 6)}`;
    return refs.municipalityCodes.has(municipality)
      ? []
      : [{ column: 'wijk_code', message: `wijk ${p.districtCode} hoort bij gemeente ${municipality} (de cijfers 3 t/m 6 van de wijkcode), die niet bestaat in de CBS-indeling van 2025; controleer de wijkcode` }];
  },
  key: (p) => [p.postcode],
  keyColumns: 'postcode',
});

export const KIND_FORMATS = { schools, scans, implementation, capacity, partners, outcomes, districts, areas, postcodes } satisfies {
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own record type; `satisfies` still checks each against its own
  [K in ImportKind]: KindFormat<any>;
};
