/**
 * Every stored and imported record, once, as a zod schema; TypeScript types are inferred from them.
 * Messages are Dutch because import errors reach users verbatim.
 */
import { z } from 'zod';
import {
  OUTCOME_INDICATOR_IDS,
  PARTNER_TYPE_IDS,
  PHASE_IDS,
  PRINCIPLE_COUNT,
  SECTOR_IDS,
  SIZE_BAND_IDS,
  CERTIFICATE_THEME_IDS,
  isSchoolYear,
} from './catalogue.ts';

export const regionCodeSchema = z.string().regex(/^GG\d{4}$/, 'verwacht een GGD-regiocode zoals GG3406');
export const municipalityCodeSchema = z.string().regex(/^GM\d{4}$/, 'verwacht een CBS-gemeentecode zoals GM0363');
export const provinceCodeSchema = z.string().regex(/^PV\d{2}$/, 'verwacht een provinciecode zoals PV27');
export const districtCodeSchema = z.string().regex(/^WK\d{6}$/, 'verwacht een CBS-wijkcode zoals WK036300');
/** A six-position postcode (PC6), without the space: 3511AB. */
export const postcodeSchema = z.string().regex(/^[1-9]\d{3}[A-Z]{2}$/, 'verwacht een postcode van 4 cijfers en 2 letters, zoals 3511 AB');
export const schoolYearSchema = z.string().refine(isSchoolYear, 'verwacht een schooljaar zoals 2024-2025');
/** Pseudonymous school id as stored: never a BRIN code. */
export const schoolIdSchema = z.string().regex(/^S[0-9A-F]{16}$/, 'verwacht een gepseudonimiseerde school-id');
export const sectorSchema = z.enum(SECTOR_IDS, { message: 'verwacht po, so, vo of mbo' });
export const sizeBandSchema = z.enum(SIZE_BAND_IDS, { message: 'verwacht klein, middel of groot' });
export const phaseSchema = z.enum(PHASE_IDS, { message: 'verwacht geen, voorbereiden, uitvoeren of evalueren' });
/** A themacertificaat's theme: only themes that have a certificate (Hygiëne and Slaap have none). */
export const themeSchema = z.enum(CERTIFICATE_THEME_IDS, { message: `verwacht een thema met een themacertificaat: ${CERTIFICATE_THEME_IDS.join(', ')}` });
export const partnerTypeSchema = z.enum(PARTNER_TYPE_IDS, { message: `verwacht een partnertype: ${PARTNER_TYPE_IDS.join(', ')}` });
export const outcomeIndicatorSchema = z.enum(OUTCOME_INDICATOR_IDS, {
  message: `verwacht een indicator: ${OUTCOME_INDICATOR_IDS.join(', ')}`,
});
export const principleIdSchema = z
  .number({ message: 'verwacht een principenummer' })
  .int('verwacht een geheel getal')
  .min(1, `verwacht 1 t/m ${PRINCIPLE_COUNT}`)
  .max(PRINCIPLE_COUNT, `verwacht 1 t/m ${PRINCIPLE_COUNT}`);
export const scanScoreValueSchema = z
  .number({ message: 'verwacht een score' })
  .int('verwacht een geheel getal 0, 1, 2 of 3')
  .min(0, 'verwacht 0, 1, 2 of 3')
  .max(3, 'verwacht 0, 1, 2 of 3');
export const disadvantageBandSchema = z.number().int().min(1, 'verwacht 1 t/m 4').max(4, 'verwacht 1 t/m 4');
export const percentageSchema = z.number({ message: 'verwacht een percentage' }).min(0, 'mag niet negatief zijn').max(100, 'mag niet groter zijn dan 100');
const likertSchema = z.number().int('verwacht een geheel getal 1 t/m 5').min(1, 'verwacht 1 t/m 5').max(5, 'verwacht 1 t/m 5');
const nonNegativeSchema = z.number({ message: 'verwacht een getal' }).min(0, 'mag niet negatief zijn');
const nonNegativeIntSchema = nonNegativeSchema.int('verwacht een geheel getal');

export const provinceSchema = z.object({ code: provinceCodeSchema, name: z.string().min(1) });
export type Province = z.infer<typeof provinceSchema>;

export const regionSchema = z.object({ code: regionCodeSchema, name: z.string().min(1) });
export type Region = z.infer<typeof regionSchema>;

export const municipalitySchema = z.object({
  code: municipalityCodeSchema,
  name: z.string().min(1),
  regionCode: regionCodeSchema,
  provinceCode: provinceCodeSchema,
});
export type Municipality = z.infer<typeof municipalitySchema>;

export const schoolSchema = z.object({
  id: schoolIdSchema,
  sector: sectorSchema,
  municipalityCode: municipalityCodeSchema,
  districtCode: districtCodeSchema.nullable(),
  sizeBand: sizeBandSchema,
  /** 1 = least, 4 = most disadvantaged pupil population; null when unknown. */
  disadvantageBand: disadvantageBandSchema.nullable(),
  /** Share of pupils from low-income households (%). */
  lowIncomeShare: percentageSchema.nullable(),
  /** Share of pupils living in poverty-problem areas (%). */
  povertyAreaShare: percentageSchema.nullable(),
});
export type School = z.infer<typeof schoolSchema>;

/**
 * A school as the schools file gives it: the postcode only finds the wijk of a school without a
 * wijk code (postcodeDistrictSchema) and is not stored, as a postcode would identify the school.
 */
export const schoolFileSchema = schoolSchema.extend({ postcode: postcodeSchema.nullable() });
export type SchoolFile = z.infer<typeof schoolFileSchema>;

export const scanScoreSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  principleId: principleIdSchema,
  score: scanScoreValueSchema,
});
export type ScanScore = z.infer<typeof scanScoreSchema>;

export const certificateSchema = z.object({
  theme: themeSchema,
  /** School year in which the themacertificaat was awarded (valid three school years). */
  awardedYear: schoolYearSchema,
});
export type Certificate = z.infer<typeof certificateSchema>;

export const implementationRecordSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  phase: phaseSchema,
  hasKartrekker: z.boolean(),
  /** Team enthusiasm, 1 (low) – 5 (high). */
  teamEnthusiasm: likertSchema,
  /** Support (draagvlak) among parents, 1 (low) – 5 (high). */
  parentSupport: likertSchema,
  /** Commitment of the school leadership, 1–5; optional (null: not recorded). */
  leadershipCommitment: likertSchema.nullish(),
  /** Support (draagvlak) for the approach within the school (team and staff), 1–5; optional. */
  schoolSupport: likertSchema.nullish(),
  recognisedInterventions: nonNegativeIntSchema,
  ggdSupportHours: nonNegativeSchema,
  ggdContacts: nonNegativeIntSchema,
  /** Themacertificaten held in this school year. */
  certificates: z.array(certificateSchema),
});
export type ImplementationRecord = z.infer<typeof implementationRecordSchema>;

export const capacitySchema = z.object({
  regionCode: regionCodeSchema,
  schoolYear: schoolYearSchema,
  advisorFte: nonNegativeSchema,
  hoursForSchools: nonNegativeSchema,
});
export type Capacity = z.infer<typeof capacitySchema>;

export const partnerAgreementSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  partnerType: partnerTypeSchema,
  hasAgreement: z.boolean(),
});
export type PartnerAgreement = z.infer<typeof partnerAgreementSchema>;

export const outcomeSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  indicator: outcomeIndicatorSchema,
  valuePct: percentageSchema,
  respondents: nonNegativeIntSchema,
});
export type Outcome = z.infer<typeof outcomeSchema>;

/**
 * A CBS wijk with its name; boundary is a GeoJSON Polygon or MultiPolygon in WGS84 (lon, lat) as
 * text, or null when the file has no boundaries.
 */
export const districtSchema = z.object({
  code: districtCodeSchema,
  name: z.string().min(1, 'verwacht een naam').max(200, 'verwacht hoogstens 200 tekens'),
  municipalityCode: municipalityCodeSchema,
  boundary: z.string().nullable(),
});
export type District = z.infer<typeof districtSchema>;

/** An area a municipality defines over its wijken (e.g. a stadsdeel): one record per wijk it groups. */
export const areaCodeSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'verwacht een code van letters, cijfers, _ . of - (hoogstens 40 tekens)');
export const districtAreaSchema = z.object({
  areaCode: areaCodeSchema,
  areaName: z.string().min(1, 'verwacht een naam').max(200, 'verwacht hoogstens 200 tekens'),
  municipalityCode: municipalityCodeSchema,
  districtCode: districtCodeSchema,
});
export type DistrictArea = z.infer<typeof districtAreaSchema>;

/** The wijk of a postcode (PC6), as CBS derives it from its postcode-huisnummer table. */
export const postcodeDistrictSchema = z.object({
  postcode: postcodeSchema,
  districtCode: districtCodeSchema,
});
export type PostcodeDistrict = z.infer<typeof postcodeDistrictSchema>;

export const IMPORT_KINDS = ['schools', 'scans', 'implementation', 'capacity', 'partners', 'outcomes', 'districts', 'areas', 'postcodes'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const importKindSchema = z.enum(IMPORT_KINDS);
/** What each kind of import file holds, as the upload page and the history name it. */
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  schools: 'Scholen (schoollocaties)',
  scans: 'Scans (scores per leidend principe)',
  implementation: 'Gezonde School-implementatie',
  capacity: 'Adviescapaciteit per GGD-regio',
  partners: 'Partnerafspraken',
  outcomes: 'Uitkomsten (optioneel)',
  districts: 'Wijken (CBS-wijkcodes en -namen, met of zonder grenzen)',
  areas: 'Gebieden van de gemeente (indeling van wijken)',
  postcodes: 'Postcodetabel (postcode → wijk)',
};
