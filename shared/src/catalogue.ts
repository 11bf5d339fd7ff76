/**
 * Domain catalogue: the fixed vocabulary of the dashboard, with the Dutch labels users see.
 * Source: "Integraal werken aan welbevinden in het onderwijs" (leidende principes) and the
 * Gezonde School programme (pillars, phases, themes).
 */

export const PILLARS = [
  { id: 'beleid', label: 'Beleid', description: 'Schoolbeleid dat welbevinden structureel ondersteunt.' },
  { id: 'omgeving', label: 'Omgeving', description: 'Fysieke en sociale omgeving in en om de school, met ouders en partners.' },
  { id: 'educatie', label: 'Educatie', description: 'Lessen en interventies over sociaal-emotionele ontwikkeling.' },
  { id: 'signaleren', label: 'Signaleren', description: 'Problemen tijdig signaleren en zorgen voor passend aanbod.' },
] as const;

export type PillarId = (typeof PILLARS)[number]['id'];
export const PILLAR_IDS = PILLARS.map((p) => p.id) as unknown as readonly [PillarId, ...PillarId[]];

export const PRINCIPLES = [
  { id: 1, pillar: 'beleid', label: 'Veilig en inclusief schoolklimaat', description: 'Een warm, veilig en inclusief klimaat voor leerlingen en onderwijsprofessionals, met beleid tegen pesten en ongewenst gedrag.' },
  { id: 2, pillar: 'beleid', label: 'Ondersteunend beleid voor welbevinden', description: 'Welbevinden is op organisatieniveau geborgd in een systematisch plan dat regelmatig wordt geëvalueerd.' },
  { id: 3, pillar: 'beleid', label: 'Leerlingen- en studentenparticipatie', description: 'Leerlingen en studenten denken en beslissen mee over beleid en activiteiten.' },
  { id: 4, pillar: 'beleid', label: 'Welbevinden van onderwijsprofessionals', description: 'Aandacht voor het welbevinden en de werkdruk van het team.' },
  { id: 5, pillar: 'beleid', label: 'Professionalisering van onderwijsprofessionals', description: 'Scholing van het team in het bevorderen van welbevinden en het signaleren van problemen.' },
  { id: 6, pillar: 'omgeving', label: 'Pedagogisch klasklimaat en groepsdynamiek', description: 'Een positief klasklimaat en bewuste aandacht voor groepsvorming.' },
  { id: 7, pillar: 'omgeving', label: 'Fysieke omgeving in en om de school(locatie)', description: 'Een gezonde, veilige en uitnodigende fysieke omgeving.' },
  { id: 8, pillar: 'omgeving', label: 'Partnerschap tussen ouders/verzorgers/belangrijke derden en school', description: 'Ouders en verzorgers zijn gelijkwaardige partners van de school.' },
  { id: 9, pillar: 'omgeving', label: 'Samenwerken met externe (zorg)partners', description: 'Structurele samenwerking met JGZ, jeugdhulp, schoolmaatschappelijk werk en andere partners.' },
  { id: 10, pillar: 'omgeving', label: 'Betrekken van de gemeenschap om de school heen', description: 'Verbinding met de wijk, verenigingen en voorzieningen rond de school.' },
  { id: 11, pillar: 'educatie', label: 'Educatie over sociaal-emotionele ontwikkeling', description: 'Structureel onderwijs over sociaal-emotionele vaardigheden.' },
  { id: 12, pillar: 'educatie', label: 'Erkende universele interventies voor sociaal-emotionele ontwikkeling', description: 'Inzet van erkende (bewezen effectieve) universele interventies.' },
  { id: 13, pillar: 'educatie', label: 'Integreren van relevante activiteiten in alle aspecten van het onderwijs', description: 'Welbevinden is verweven met alle vakken en activiteiten.' },
  { id: 14, pillar: 'signaleren', label: "Ontwikkeling van alle leerlingen in kaart brengen en risico's signaleren", description: 'De ontwikkeling van alle leerlingen volgen en risico op lager welbevinden tijdig signaleren.' },
  { id: 15, pillar: 'signaleren', label: 'Aandacht voor groepen in kwetsbare situaties', description: 'Gerichte aandacht voor leerlingen die opgroeien in kwetsbare omstandigheden.' },
  { id: 16, pillar: 'signaleren', label: 'Aanbod van hulp/ondersteuning binnen de school', description: 'Laagdrempelige hulp en ondersteuning binnen de school(locatie).' },
] as const satisfies readonly { id: number; pillar: PillarId; label: string; description: string }[];

export type PrincipleId = (typeof PRINCIPLES)[number]['id'];
export const PRINCIPLE_IDS = PRINCIPLES.map((p) => p.id) as PrincipleId[];
export const PRINCIPLE_COUNT = PRINCIPLES.length;

export function principlesOfPillar(pillar: PillarId): readonly PrincipleId[] {
  return PRINCIPLES.filter((p) => p.pillar === pillar).map((p) => p.id);
}

export function pillarOfPrinciple(principle: number): PillarId {
  const found = PRINCIPLES.find((p) => p.id === principle);
  if (!found) throw new RangeError(`Onbekend leidend principe: ${principle}`);
  return found.pillar;
}

export const SECTORS = [
  { id: 'po', label: 'Primair onderwijs', short: 'po' },
  { id: 'so', label: '(Voortgezet) speciaal onderwijs', short: '(v)so' },
  { id: 'vo', label: 'Voortgezet onderwijs', short: 'vo' },
  { id: 'mbo', label: 'Middelbaar beroepsonderwijs', short: 'mbo' },
] as const;
export type SectorId = (typeof SECTORS)[number]['id'];
export const SECTOR_IDS = ['po', 'so', 'vo', 'mbo'] as const satisfies readonly SectorId[];

/** Ordinal implementation scale of a scan score per leading principle. */
export const IMPLEMENTATION_SCALE = [
  { score: 0, label: 'Niet gestart' },
  { score: 1, label: 'Oriënterend' },
  { score: 2, label: 'In uitvoering' },
  { score: 3, label: 'Geborgd' },
] as const;
export const MAX_SCORE = 3;

/** Gezonde School phases; 'geen' = the school has not started the approach. */
export const PHASES = [
  { id: 'geen', label: 'Niet gestart' },
  { id: 'voorbereiden', label: 'Voorbereiden' },
  { id: 'uitvoeren', label: 'Uitvoeren' },
  { id: 'evalueren', label: 'Evalueren' },
] as const;
export type PhaseId = (typeof PHASES)[number]['id'];
export const PHASE_IDS = ['geen', 'voorbereiden', 'uitvoeren', 'evalueren'] as const satisfies readonly PhaseId[];

/** Gezonde School themes for a themacertificaat; sectors in which the theme is offered. */
export const THEMES = [
  { id: 'welbevinden', label: 'Welbevinden', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'bewegen_sport', label: 'Bewegen en sport', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'voeding', label: 'Voeding', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'relaties_seksualiteit', label: 'Relaties en seksualiteit', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'milieu_natuur', label: 'Milieu en natuur', sectors: ['po', 'so'] },
  { id: 'roken_alcohol_drugs', label: 'Roken, alcohol en drugs', sectors: ['vo', 'mbo'] },
  { id: 'gehoor', label: 'Gehoor', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'mediawijsheid', label: 'Mediawijsheid', sectors: ['po', 'so', 'vo', 'mbo'] },
] as const satisfies readonly { id: string; label: string; sectors: readonly SectorId[] }[];
export type ThemeId = (typeof THEMES)[number]['id'];
export const THEME_IDS = THEMES.map((t) => t.id) as unknown as readonly [ThemeId, ...ThemeId[]];
/** A themacertificaat is valid for three school years, then has to be renewed. */
export const CERTIFICATE_VALID_YEARS = 3;

export const PARTNER_TYPES = [
  { id: 'jgz', label: 'Jeugdgezondheidszorg (JGZ)', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'smw', label: 'Schoolmaatschappelijk werk', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'jeugdhulp', label: 'Jeugdhulp / wijkteam', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'jongerenwerk', label: 'Jongerenwerk', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'ggz', label: 'GGZ', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'sport', label: 'Sport / buurtsportcoach', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'leerplicht', label: 'Leerplicht', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'schuldhulp', label: 'Schuldhulpverlening', sectors: ['mbo'] },
] as const satisfies readonly { id: string; label: string; sectors: readonly SectorId[] }[];
export type PartnerTypeId = (typeof PARTNER_TYPES)[number]['id'];
export const PARTNER_TYPE_IDS = PARTNER_TYPES.map((p) => p.id) as unknown as readonly [PartnerTypeId, ...PartnerTypeId[]];

/**
 * Whether schools of a sector are asked about a partner type (schuldhulp: mbo only). An agreement
 * reported outside that is kept as imported but counts in no coverage figure.
 */
export function isPartnerTypeOffered(partnerType: string, sector: string): boolean {
  const type = PARTNER_TYPES.find((t) => t.id === partnerType);
  return !!type && (type.sectors as readonly string[]).includes(sector);
}

/**
 * Disadvantage bands (equity indicator), derived from the CBS achterstandsscore or an equivalent
 * indicator: 1 = least disadvantaged pupils, 4 = most disadvantaged.
 */
export const DISADVANTAGE_BANDS = [
  { id: 1, label: 'Weinig achterstand' },
  { id: 2, label: 'Enige achterstand' },
  { id: 3, label: 'Bovengemiddelde achterstand' },
  { id: 4, label: 'Veel achterstand' },
] as const;
export type DisadvantageBand = (typeof DISADVANTAGE_BANDS)[number]['id'];

export const SIZE_BANDS = [
  { id: 'klein', label: 'Klein (< 150 leerlingen)' },
  { id: 'middel', label: 'Middelgroot (150–499 leerlingen)' },
  { id: 'groot', label: 'Groot (≥ 500 leerlingen)' },
] as const;
export type SizeBand = (typeof SIZE_BANDS)[number]['id'];
export const SIZE_BAND_IDS = ['klein', 'middel', 'groot'] as const satisfies readonly SizeBand[];

/** Aggregated survey outcomes per school (percent of pupils), with national reference values. */
export const OUTCOME_INDICATORS = [
  { id: 'emotionele_problemen', label: 'Emotionele problemen (%)', higherIsBetter: false, reference: { po: 20, so: 25, vo: 30, mbo: 30 } },
  { id: 'schooldruk', label: 'Ervaren schooldruk (%)', higherIsBetter: false, reference: { po: 15, so: 20, vo: 48, mbo: 40 } },
  { id: 'veilig_op_school', label: 'Voelt zich veilig op school (%)', higherIsBetter: true, reference: { po: 90, so: 85, vo: 88, mbo: 88 } },
] as const;
export type OutcomeIndicatorId = (typeof OUTCOME_INDICATORS)[number]['id'];
export const OUTCOME_INDICATOR_IDS = OUTCOME_INDICATORS.map((o) => o.id) as unknown as readonly [OutcomeIndicatorId, ...OutcomeIndicatorId[]];

/** School years as "2024-2025". */
export const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;
export function isSchoolYear(value: string): boolean {
  const m = SCHOOL_YEAR_PATTERN.exec(value);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}
export function schoolYearStart(year: string): number {
  const m = SCHOOL_YEAR_PATTERN.exec(year);
  if (!m) throw new RangeError(`Ongeldig schooljaar: ${year}`);
  return Number(m[1]);
}
export function schoolYearFromStart(start: number): string {
  return `${start}-${start + 1}`;
}
/** The school years of the demo dataset. */
export const DEMO_SCHOOL_YEARS = [2019, 2020, 2021, 2022, 2023, 2024].map(schoolYearFromStart);

/** Default minimum number of schools behind any published aggregate. */
export const DEFAULT_MIN_CELL_SCHOOLS = 5;

/** How many municipalities the comparison puts side by side (fewer is no comparison, more is unreadable). */
export const COMPARE_MUNICIPALITIES = { min: 2, max: 6 } as const;
