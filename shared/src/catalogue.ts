/**
 * Domain catalogue: the fixed vocabulary of the dashboard, with the Dutch labels users see.
 * Source: "Integraal werken aan welbevinden in het onderwijs" (leidende principes) and the
 * Gezonde School programme (pillars, phases, themes).
 */

/** The four pillars of the Gezonde School approach; descriptions as the seed words them. */
export const PILLARS = [
  { id: 'beleid', label: 'Beleid', description: 'Leg acties, initiatieven en maatregelen vast in beleid.' },
  { id: 'omgeving', label: 'Omgeving', description: 'Pas de fysieke en sociale omgeving van de leerling of student aan om welbevinden te stimuleren.' },
  { id: 'educatie', label: 'Educatie', description: 'Besteed structureel aandacht aan welbevinden in de lessen.' },
  { id: 'signaleren', label: 'Signaleren', description: 'Signaleer eventuele problemen tijdig en zorg voor een passend aanbod voor leerlingen en studenten.' },
] as const;

export type PillarId = (typeof PILLARS)[number]['id'];
export const PILLAR_IDS = PILLARS.map((p) => p.id) as unknown as readonly [PillarId, ...PillarId[]];

/**
 * The sixteen leading principles. `label` is the name exactly as the seed has it (Methode page,
 * tooltips, exports); charts that lack room shorten it themselves. Descriptions summarise the seed's
 * text without claiming more than it does.
 */
export const PRINCIPLES = [
  { id: 1, pillar: 'beleid', label: 'Veilig en inclusief schoolklimaat', description: 'Een warm, veilig en inclusief klimaat voor leerlingen/studenten en onderwijsprofessionals, met beleid om ongewenst gedrag zoals pesten te voorkomen.' },
  { id: 2, pillar: 'beleid', label: 'Ondersteunend beleid voor welbevinden', description: 'Welbevinden is in het schoolbeleid vastgelegd, met een plan voor de lange termijn dat regelmatig wordt geëvalueerd.' },
  { id: 3, pillar: 'beleid', label: 'Leerlingen- en studentenparticipatie', description: 'Leerlingen en studenten denken en beslissen mee over beleid en activiteiten.' },
  { id: 4, pillar: 'beleid', label: 'Welbevinden van onderwijsprofessionals', description: 'Aandacht voor het welbevinden en de werkdruk van het team.' },
  { id: 5, pillar: 'beleid', label: 'Professionalisering van onderwijsprofessionals', description: 'Scholing van het team in het bevorderen van welbevinden en het signaleren van problemen.' },
  { id: 6, pillar: 'omgeving', label: 'Pedagogisch klasklimaat en groepsdynamiek', description: 'Een positief klasklimaat en bewuste aandacht voor groepsvorming.' },
  { id: 7, pillar: 'omgeving', label: 'Fysieke omgeving in en om de school(locatie)', description: 'Een fysieke omgeving in en om de school(locatie) die gezond en veilig is en welbevinden ondersteunt.' },
  { id: 8, pillar: 'omgeving', label: 'Partnerschap tussen ouders/verzorgers/belangrijke derden en school(locatie)', description: 'Ouders, verzorgers en andere belangrijke derden werken als partners met de school(locatie) samen.' },
  { id: 9, pillar: 'omgeving', label: 'Samenwerken met externe (zorg)partners', description: 'Samenwerking met partners in en om de school(locatie), zoals JGZ, jeugdhulp en schoolmaatschappelijk werk.' },
  { id: 10, pillar: 'omgeving', label: 'Betrekken van en in contact staan met de gemeenschap om de school(locatie) heen', description: 'Verbinding met de wijk, verenigingen en voorzieningen rond de school(locatie).' },
  { id: 11, pillar: 'educatie', label: 'Educatie over sociaal-emotionele ontwikkeling', description: 'Aandacht in de lessen voor sociaal-emotioneel leren: emoties begrijpen en reguleren, doelen stellen en bereiken, empathie, relaties aangaan en verantwoorde beslissingen nemen.' },
  { id: 12, pillar: 'educatie', label: 'Erkende universele interventies voor sociaal-emotionele ontwikkeling', description: 'Inzet van erkende interventies (activiteiten of lespakketten die door de erkenningscommissie zijn beoordeeld) die aan alle leerlingen/studenten worden aangeboden; een erkende interventie is op zichzelf geen garantie voor succes.' },
  { id: 13, pillar: 'educatie', label: 'Integreren van relevante activiteiten in alle aspecten van het onderwijs', description: 'Aandacht voor welbevinden in alle vakken en activiteiten, ook in het impliciete curriculum.' },
  { id: 14, pillar: 'signaleren', label: 'Ontwikkeling van alle leerlingen en studenten in kaart brengen en signaleren van diegenen die risico lopen op een lager sociaal, emotioneel en mentaal welbevinden', description: 'De ontwikkeling van alle leerlingen en studenten doorlopend volgen, zodat zicht ontstaat op hun behoeften en op wie risico loopt.' },
  { id: 15, pillar: 'signaleren', label: 'Aandacht voor groepen die leven of opgroeien in kwetsbare situaties en/of met risico op het ontwikkelen van bepaalde problematiek', description: 'Gerichte aandacht voor leerlingen en studenten die in kwetsbare omstandigheden opgroeien of risico lopen op bepaalde problematiek.' },
  { id: 16, pillar: 'signaleren', label: 'Aanbod van hulp/ondersteuning binnen de school(locatie)', description: 'Laagdrempelige hulp en ondersteuning binnen de school(locatie) voor wie dat nodig heeft.' },
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

/** Speciaal basisonderwijs (sbo) falls under the WPO and registers with po in Gezonde School: it counts as po. */
export const SECTORS = [
  { id: 'po', name: 'Primair onderwijs', label: 'Primair onderwijs (incl. sbo)', short: 'po' },
  { id: 'so', name: '(Voortgezet) speciaal onderwijs', label: '(Voortgezet) speciaal onderwijs', short: '(v)so' },
  { id: 'vo', name: 'Voortgezet onderwijs', label: 'Voortgezet onderwijs', short: 'vo' },
  { id: 'mbo', name: 'Middelbaar beroepsonderwijs', label: 'Middelbaar beroepsonderwijs', short: 'mbo' },
] as const;
export type SectorId = (typeof SECTORS)[number]['id'];
export const SECTOR_IDS = ['po', 'so', 'vo', 'mbo'] as const satisfies readonly SectorId[];
/** The sector filter's choices with their names (menus, captions, export and report headers). */
export const SECTOR_FILTER_LABELS: Readonly<Record<string, string>> = {
  all: 'Alle sectoren',
  ...Object.fromEntries(SECTORS.map((s) => [s.id, `${s.name} (${s.short})`])),
};
/** Sector names an import accepts besides the ids: speciaal basisonderwijs is stored as po. */
export const SECTOR_ALIASES: Readonly<Record<string, SectorId>> = { sbo: 'po', sbao: 'po' };

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

/**
 * The ten Gezonde School health themes of the seed. `offeredTo`: the sectors the theme is offered to;
 * `sectors`: the sectors in which the product counts a themacertificaat for it (empty: none known).
 * Sources: gezondeschool.nl (2022: the certificate Roken-, alcohol- en drugspreventie only for vso,
 * vo and mbo; Gehoor a theme of its own) and the vignet counts per theme on
 * sportenbewegenincijfers.nl (po, 2022: Bewegen en sport, Voeding, Welbevinden, Relaties en
 * seksualiteit, Milieu en natuur). Gehoor and Mediawijsheid keep their certificate column because
 * imported data may hold such certificates; Hygiëne and Slaap have none in those sources.
 */
export const THEMES = [
  { id: 'welbevinden', label: 'Welbevinden', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'bewegen_sport', label: 'Bewegen en sport', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'voeding', label: 'Voeding', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'relaties_seksualiteit', label: 'Relaties en seksualiteit', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'milieu_natuur', label: 'Milieu en natuur', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so'] },
  { id: 'roken_alcohol_drugs', label: 'Roken-, alcohol- en drugspreventie', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['so', 'vo', 'mbo'] },
  { id: 'gehoor', label: 'Gehoor', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'mediawijsheid', label: 'Mediawijsheid', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'hygiene', label: 'Hygiëne', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: [] },
  { id: 'slaap', label: 'Slaap', offeredTo: ['po', 'so', 'vo', 'mbo'], sectors: [] },
] as const satisfies readonly { id: string; label: string; offeredTo: readonly SectorId[]; sectors: readonly SectorId[] }[];
export type ThemeId = (typeof THEMES)[number]['id'];
/** The themes a themacertificaat exists for in some sector: the ones a certificate list may name. */
export const CERTIFICATE_THEME_IDS = THEMES.filter((t) => t.sectors.length > 0).map((t) => t.id) as unknown as readonly [ThemeId, ...ThemeId[]];
/** A themacertificaat is valid for three school years, then has to be renewed. */
export const CERTIFICATE_VALID_YEARS = 3;

/**
 * Partner types around the school, as practitioners list them. Coverage counts a structural
 * agreement (STRUCTURAL_AGREEMENT_DEFINITION) only for the sectors a type works with.
 */
export const PARTNER_TYPES = [
  { id: 'jgz', label: 'Jeugdgezondheidszorg (JGZ)', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'smw', label: 'Schoolmaatschappelijk werk', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'swv', label: 'Samenwerkingsverband passend onderwijs', sectors: ['po', 'so', 'vo'] },
  { id: 'cjg', label: 'Centrum voor Jeugd en Gezin (CJG)', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'jeugdhulp', label: 'Jeugdhulp / wijkteam', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'jongerenwerk', label: 'Jongerenwerk', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'ggz', label: 'GGZ', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'sport', label: 'Sport / buurtsportcoach', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'cultuur', label: 'Cultuur (cultuureducatie, bibliotheek)', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'politie_halt', label: 'Politie / Halt', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'leerplicht', label: 'Leerplicht', sectors: ['po', 'so', 'vo', 'mbo'] },
  { id: 'schuldhulp', label: 'Schuldhulpverlening', sectors: ['mbo'] },
] as const satisfies readonly { id: string; label: string; sectors: readonly SectorId[] }[];

/** What counts as a partner "with a structural agreement" in every partner figure. */
export const STRUCTURAL_AGREEMENT_DEFINITION =
  'Een structurele afspraak is een afspraak tussen school(locatie) en partner die is vastgelegd (bijvoorbeeld in een ' +
  'convenant, het ondersteuningsplan of een jaarplan), die geldt voor het hele schooljaar of langer en die zegt wat de ' +
  'partner doet, voor wie en met welke inzet (bijvoorbeeld een vast spreekuur of een vaste contactpersoon). Een ' +
  'incidentele verwijzing, een eenmalige activiteit of alleen een bekende naam telt niet.';
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
 * Disadvantage bands (equity indicator): 1 = least disadvantaged pupils, 4 = most. The indicator
 * behind the band differs per sector, because the CBS achterstandsscore exists for primary schools only.
 */
export const DISADVANTAGE_BANDS = [
  { id: 1, label: 'Weinig achterstand' },
  { id: 2, label: 'Enige achterstand' },
  { id: 3, label: 'Bovengemiddelde achterstand' },
  { id: 4, label: 'Veel achterstand' },
] as const;
/** A band's name in a column or row header: "band 1: weinig achterstand"; 0 is the unknown band. */
export function disadvantageBandName(band: number): string {
  const known = DISADVANTAGE_BANDS.find((b) => b.id === band);
  return known ? `band ${known.id}: ${known.label.toLowerCase()}` : 'band onbekend';
}
/** The equity indicator behind the disadvantage band, per sector: its name and what it means. */
export const EQUITY_INDICATORS = {
  po: {
    name: 'CBS-achterstandsscore',
    meaning: 'De onderwijsachterstand die CBS per basisschool verwacht op grond van omgevingskenmerken van de leerlingen ' +
      '(opleiding van de ouders, herkomst, verblijfsduur in Nederland, schuldsanering, opleidingsniveau van moeders op school). ' +
      'Band 1–4 zijn de landelijke kwartielen van de score per leerling. Speciaal basisonderwijs (sbo) hoort bij po.',
  },
  so: {
    name: 'Vergelijkbare achterstandsindicator',
    meaning: 'Voor het (voortgezet) speciaal onderwijs bestaat geen CBS-achterstandsscore; de band komt uit een vergelijkbare ' +
      'indicator die de aanleverende partij kiest, bijvoorbeeld het aandeel leerlingen uit armoedeprobleemcumulatiegebieden.',
  },
  vo: {
    name: 'Aandeel leerlingen uit armoedeprobleemcumulatiegebieden',
    meaning: 'Voor het vo bestaat geen CBS-achterstandsscore; de band volgt het aandeel leerlingen dat woont in een ' +
      'armoedeprobleemcumulatiegebied (APC), de grondslag van de aanvullende bekostiging in het vo.',
  },
  mbo: {
    name: 'Aandeel studenten uit armoedeprobleemcumulatiegebieden',
    meaning: 'Voor het mbo bestaat geen CBS-achterstandsscore; de band volgt het aandeel studenten dat woont in een ' +
      'armoedeprobleemcumulatiegebied (APC).',
  },
} as const satisfies Record<SectorId, { name: string; meaning: string }>;
/** The name of the equity indicator behind the bands of a sector filter ('all': one per sector). */
export function equityIndicatorName(sector: string): string {
  const own = (EQUITY_INDICATORS as Record<string, { name: string }>)[sector];
  return own ? own.name : SECTOR_IDS.map((s) => `${s}: ${EQUITY_INDICATORS[s].name}`).join('; ');
}

/**
 * The conditions under which schools implement more (seed: Jansen et al., 2023; school leadership:
 * Glazzard 2019, Morris et al. 2020), as recorded per school per school year in the implementation
 * record. A school "meets" a condition by the rule in `meets`; the share is over the schools whose
 * record states it (leadership and draagvlak in the school are optional in an import). `meaning` and
 * `source` say what the condition is and where the seed names it: the Methode page, the section's
 * note and the PDF report all render these words.
 */
export const IMPLEMENTATION_CONDITIONS = [
  {
    id: 'kartrekker', label: 'Kartrekker', meets: 'De school heeft een kartrekker (eigen Gezonde School-coördinator).',
    meaning: 'Iemand in de school die de aanpak trekt: de Gezonde School-coördinator van de school zelf (niet de GGD-adviseur of de programmacoördinator).',
    source: 'Onderbouwing, ‘Implementatie en effect’: de kans op succesvolle uitvoering is groter als scholen een kartrekker binnen de school hebben (Jansen e.a., 2023).',
  },
  {
    id: 'enthusiasm', label: 'Enthousiast team', meets: 'Enthousiasme in het team 4 of 5 op een schaal van 1 tot 5.',
    meaning: 'Het team van de school is enthousiast over de aanpak.',
    source: 'Onderbouwing, ‘Implementatie en effect’: scholen die over voldoende enthousiasme beschikken (Jansen e.a., 2023).',
  },
  {
    id: 'parentSupport', label: 'Draagvlak bij ouders', meets: 'Draagvlak bij ouders 4 of 5 op een schaal van 1 tot 5.',
    meaning: 'Ouders steunen de aanpak van de school.',
    source: 'Onderbouwing, ‘Implementatie en effect’: draagvlak onder ouders (Jansen e.a., 2023).',
  },
  {
    id: 'leadership', label: 'Betrokken schoolleiding', meets: 'Betrokkenheid van de schoolleiding 4 of 5 op een schaal van 1 tot 5.',
    meaning: 'De schoolleiding is toegewijd aan de aanpak, steunt hem en is erbij betrokken.',
    source: 'Onderbouwing, ‘Implementatie en effect’ en figuur 5 (Moore e.a., 2022): toewijding, steun en betrokkenheid van de schoolleiding worden als essentieel gezien (Glazzard, 2019; Morris e.a., 2020; Hudson e.a., 2020).',
  },
  {
    id: 'schoolSupport', label: 'Draagvlak in de school', meets: 'Draagvlak in de school (team en medewerkers) 4 of 5 op een schaal van 1 tot 5.',
    meaning: 'Team en medewerkers dragen de aanpak; draagvlak ontstaat eerder als de aanpak aansluit bij de behoeften van de school dan als hij van bovenaf wordt opgelegd.',
    source: 'Onderbouwing, ‘Implementatie en effect’: draagvlak is nodig om tot een succesvolle aanpak te komen.',
  },
  {
    id: 'interventions', label: 'Erkende interventie', meets: 'De school werkt met ten minste één erkende interventie.',
    meaning: 'Een erkende interventie is een activiteit of lespakket waarvan de kwaliteit, uitvoerbaarheid en effectiviteit is vastgesteld; voor welbevinden gaat het vooral om universele interventies voor sociaal-emotionele ontwikkeling.',
    source: 'Onderbouwing, ‘Erkende universele interventies voor sociaal-emotionele ontwikkeling’ (Gezonde School, z.d.; Durlak e.a., 2011).',
  },
  {
    id: 'ggdContact', label: 'Contact met de GGD', meets: 'De school had dit schooljaar ten minste één contact met de GGD-adviseur.',
    meaning: 'De school kreeg advies of begeleiding van de Gezonde School-adviseur van de GGD.',
    source: 'Onderbouwing, ‘Implementatie en effect’: de mate van ondersteuning blijkt een belangrijke conditie voor hoge implementatie (Jansen e.a., 2023; Vennegoor e.a., 2020).',
  },
] as const;
/** Which schools a condition's share counts, for every condition alike. */
export const CONDITION_SHARE_SCHOOLS = 'Scholen met implementatiegegevens in het schooljaar waarvan de voorwaarde is vastgelegd; ' +
  'een niet vastgelegde voorwaarde (schoolleiding en draagvlak in de school zijn optioneel) telt niet mee, ook niet als nee.';
export type ConditionId = (typeof IMPLEMENTATION_CONDITIONS)[number]['id'];
export const CONDITION_IDS = IMPLEMENTATION_CONDITIONS.map((c) => c.id) as unknown as readonly [ConditionId, ...ConditionId[]];
/** A score on the 1–5 scale from which a school counts as meeting a scaled condition. */
export const CONDITION_SCALE_MEETS = 4;

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

/** The nation as an area: its scope code (accounts, comparisons) and its name. */
export const NATION: { readonly code: string; readonly name: string } = { code: 'NL', name: 'Nederland' };

/** Default minimum number of schools behind any published aggregate. */
export const DEFAULT_MIN_CELL_SCHOOLS = 5;

/** How many municipalities the comparison puts side by side (fewer is no comparison, more is unreadable). */
export const COMPARE_MUNICIPALITIES = { min: 2, max: 6 } as const;
/** How many districts (wijken) the district comparison puts side by side. */
export const COMPARE_DISTRICTS = { min: 2, max: 8 } as const;

/**
 * The remainder district of a municipality that has districts: its schools without a (known) wijk.
 * It is part of the municipality's districts, so that they add up to the municipality.
 */
export function unknownDistrictCode(municipalityCode: string): string {
  return `${municipalityCode}-onbekend`;
}
export function isUnknownDistrict(code: string): boolean {
  return code.endsWith('-onbekend');
}
export const UNKNOWN_DISTRICT_NAME = 'Wijk onbekend';

/**
 * Dutch labels of the user roles (ids as stored in the user table). The coordinator role is the
 * programme's regional or national coordinator, not the school's own Gezonde School-coördinator
 * (the kartrekker): its label says so.
 */
export const ROLE_LABELS = {
  beheerder: 'beheerder',
  'ggd-adviseur': 'GGD-adviseur',
  beleidsmedewerker: 'beleidsmedewerker',
  coordinator: 'programmacoördinator (regio/landelijk)',
} as const;
