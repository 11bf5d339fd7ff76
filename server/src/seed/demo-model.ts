/**
 * The generating model of the synthetic demo dataset (documented with the same parameters in
 * data/README.md). Pure: it turns reference data + a seed into rows; demo-seed.ts writes them.
 *
 * The story it must tell is the one of the seed document (Jansen et al., 2023): schools implement
 * the integral approach further where their GGD region has more advisory capacity per school, where
 * they have a kartrekker, an enthusiastic team and parent support; schools with many disadvantaged
 * pupils start lower but get priority for support; regions differ strongly; schools improve slowly.
 *
 * Each school carries a latent implementation level L on the 0–3 scan scale. Scan scores are
 * floor(L + principle offset + u), with u ~ U(0,1) fixed per school and principle, so that the
 * expected score is L + offset and a score only drops when L drops (rare).
 *
 * Every GGD region and every municipality draws from its own PRNG stream (seed + code), so seeding
 * a subset of regions gives exactly the rows the national seed gives for those regions.
 */
import {
  CERTIFICATE_VALID_YEARS,
  DEMO_SCHOOL_YEARS,
  OUTCOME_INDICATORS,
  PARTNER_TYPES,
  PRINCIPLE_IDS,
  THEMES,
  schoolYearFromStart,
  type OutcomeIndicatorId,
  type PartnerTypeId,
  type PhaseId,
  type SectorId,
  type SizeBand,
  type ThemeId,
} from '@rd/shared';
import { deriveRng, type Rng } from './prng.ts';
import type { BandDistribution, ReferenceData, ReferenceMunicipality } from './reference-data.ts';

export const DEMO_SEED = 20_250_801;
export const DEMO_GENERATOR_VERSION = '2.3.0';

// ---- calibration (the bands and their sources are in data/README.md, "Calibration") ----

/** Advisor FTE per 100 school locations: every region and year stays inside this band. */
export const FTE_PER_100_SCHOOLS_BAND = [1.0, 2.5] as const;
const FTE_PER_100_MEDIAN = 1.6;
/** Direct advisory hours for schools that one advisor FTE delivers per school year (range over regions). */
export const HOURS_PER_FTE_RANGE = [720, 880] as const;
/** Hours for schools per school at the median capacity; capacity index c = hours per school / this. */
export const REFERENCE_HOURS_PER_SCHOOL = (FTE_PER_100_MEDIAN * 800) / 100;
/** Share of regions that cut capacity, by 6–12% a year from this school year on (municipal budgets). */
const REGION_CUT_SHARE = 0.3;
const CAPACITY_CHANGE_FROM = 2022;
/** The school year of the closures, when GGD staff were redeployed and support fell (770 → 464 schools). */
export const COVID_SCHOOL_YEAR_START = 2020;
/** Share of the advisory hours left for schools per demo school year (staff redeployed to COVID work). */
const HOURS_FOR_SCHOOLS_FACTOR = [1, 0.66, 0.88, 1, 1, 1] as const;
/** Schools given the Ondersteuningsaanbod per school year at reference capacity (770 of ≈9,000 in 2019-20). */
const SUPPORT_RATE = 0.08;
/** Mean GGD support hours per supported school ("about 10 hours of an adviser"). */
export const MEAN_SUPPORT_HOURS = 10;
/** Phases of the yearly Gezonde School cycle a school that works with the approach goes through. */
const CYCLE_PHASES = ['voorbereiden', 'uitvoeren', 'evalueren'] as const satisfies readonly PhaseId[];
/**
 * GGD Gezondheidsmonitor Jeugd: the school years it ran (autumn 2019, the extra round of 2021, 2023),
 * with the change in percentage points against 2019 (mental health worsened up to 2021-22).
 */
const OUTCOME_MONITOR_YEARS = new Map<number, Record<OutcomeIndicatorId, number>>([
  [2019, { emotionele_problemen: 0, schooldruk: 0, veilig_op_school: 0 }],
  [2021, { emotionele_problemen: 5, schooldruk: 4, veilig_op_school: -2 }],
  [2023, { emotionele_problemen: 3, schooldruk: 3, veilig_op_school: -1 }],
]);
/** Share of vo locations that take part in a monitor round. */
const OUTCOME_PARTICIPATION = 0.85;
/** Vignet propensity per sector: vo holds fewer, mbo more (2018: po 1,088, vo 235, mbo 93 locations). */
const SECTOR_VIGNET_OFFSET: Record<SectorId, number> = { po: 0, so: -0.05, vo: -0.08, mbo: 0.3 };
/** DUO's speciaal basisonderwijs (SBAO), listed with so in the register (data/README.md). */
export const SBO_TYPE_GROUP = 'sbao';
/** Synthetic mbo: institutions and the mean extra locations per institution (1 + Poisson). */
export const MBO_INSTITUTIONS = 60;
const MBO_EXTRA_LOCATIONS_MEAN = 3.5;

export type Cell = string | number | null;
export type Row = Cell[];

/** Column order of every generated table; both writers use it. */
export const TABLE_COLUMNS = {
  province: ['code', 'name'],
  region: ['code', 'name'],
  municipality: ['code', 'name', 'region_code', 'province_code'],
  school: ['id', 'sector', 'municipality_code', 'district_code', 'size_band', 'disadvantage_band', 'low_income_share', 'poverty_area_share'],
  capacity: ['region_code', 'school_year', 'advisor_fte', 'hours_for_schools'],
  implementation_record: ['school_id', 'school_year', 'phase', 'has_kartrekker', 'team_enthusiasm', 'parent_support', 'leadership_commitment', 'school_support', 'recognised_interventions', 'ggd_support_hours', 'ggd_contacts'],
  certificate: ['school_id', 'school_year', 'theme', 'awarded_year'],
  scan_score: ['school_id', 'school_year', 'principle_id', 'score'],
  partner_agreement: ['school_id', 'school_year', 'partner_type', 'has_agreement'],
  outcome: ['school_id', 'school_year', 'indicator', 'value_pct', 'respondents'],
} as const;
export type SeedTable = keyof typeof TABLE_COLUMNS;
/** Insert order that satisfies the foreign keys. */
export const SEED_TABLES = Object.keys(TABLE_COLUMNS) as SeedTable[];

export type RegionBatch = { regionCode: string; regionName: string } & { [T in Exclude<SeedTable, 'province' | 'region' | 'municipality'>]: Row[] };

// ---- parameters (see data/README.md, "Het generatiemodel") ----

/** Low-income share (%) and poverty-area share (%) by disadvantage band 1–4 (log-normal noise). */
const LOW_INCOME_MEAN = [6, 10, 16, 27] as const;
const POVERTY_AREA_MEAN = [3, 8, 17, 40] as const;
/** Starting level of L per sector: vo and mbo work less integrally than po. */
const SECTOR_LEVEL_OFFSET: Record<SectorId, number> = { po: 0, so: -0.05, vo: -0.15, mbo: -0.25 };
/** Principle offsets on L: e.g. a safe climate (1) is widespread, community (10) and integration (13) lag. */
const PRINCIPLE_OFFSET = [0.35, -0.1, -0.25, -0.1, -0.05, 0.3, 0.05, 0.05, 0.1, -0.3, 0.15, -0.2, -0.3, 0.3, -0.1, 0] as const;
const SECTOR_PRINCIPLE_OFFSET: Partial<Record<SectorId, Partial<Record<number, number>>>> = {
  so: { 15: 0.3, 16: 0.35, 9: 0.2 },
  vo: { 3: 0.1, 8: -0.3 },
  mbo: { 3: 0.15, 8: -0.45, 6: -0.2 },
};
/** Size band shares for sectors without real pupil numbers. */
const SIZE_SHARES: Record<string, [number, number, number]> = {
  so: [0.6, 0.38, 0.02], sbao: [0.55, 0.45, 0], so_vso: [0.55, 0.43, 0.02], vso: [0.55, 0.43, 0.02],
  pro: [0.7, 0.3, 0], brugjaar: [0.6, 0.35, 0.05], vmbo: [0.25, 0.55, 0.2], havo_vwo: [0.1, 0.5, 0.4], breed: [0.03, 0.37, 0.6],
  mbo: [0.15, 0.45, 0.4],
};
const SIZE_IDS: SizeBand[] = ['klein', 'middel', 'groot'];
/** Structural-agreement base probabilities per sector and partner type. */
const PARTNER_BASE: Record<SectorId, Partial<Record<PartnerTypeId, number>>> = {
  po: { jgz: 0.85, smw: 0.6, swv: 0.8, cjg: 0.4, jeugdhulp: 0.5, jongerenwerk: 0.12, ggz: 0.2, sport: 0.55, cultuur: 0.45, politie_halt: 0.15, leerplicht: 0.45 },
  so: { jgz: 0.8, smw: 0.55, swv: 0.85, cjg: 0.35, jeugdhulp: 0.65, jongerenwerk: 0.15, ggz: 0.45, sport: 0.35, cultuur: 0.3, politie_halt: 0.2, leerplicht: 0.6 },
  vo: { jgz: 0.85, smw: 0.7, swv: 0.85, cjg: 0.3, jeugdhulp: 0.5, jongerenwerk: 0.45, ggz: 0.35, sport: 0.4, cultuur: 0.35, politie_halt: 0.5, leerplicht: 0.85 },
  mbo: { jgz: 0.45, smw: 0.65, cjg: 0.15, jeugdhulp: 0.4, jongerenwerk: 0.4, ggz: 0.35, sport: 0.2, cultuur: 0.15, politie_halt: 0.35, leerplicht: 0.8, schuldhulp: 0.45 },
};
/** Monitor respondents (klas 2 and 4) of a vo location per size band (min, max). */
const RESPONDENTS_VO: [number, number][] = [[25, 80], [60, 220], [180, 450]];
/** Theme popularity for certificates (welbevinden, bewegen en sport and voeding most common); themes without a certificate are never drawn. */
const THEME_WEIGHT: Record<ThemeId, number> = {
  welbevinden: 3, bewegen_sport: 3, voeding: 2.5, relaties_seksualiteit: 1, milieu_natuur: 1, roken_alcohol_drugs: 1.5, gehoor: 0.5, mediawijsheid: 1, hygiene: 0, slaap: 0,
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));
const likert = (x: number) => clamp(Math.round(x), 1, 5);

interface SimSchool {
  id: string;
  sector: SectorId;
  band: number;
  sizeIndex: number;
  municipality: string;
  kartrekkerPropensity: number;
  enthusiasm: number;
  parentSupport: number;
  /** School-leadership commitment (latent; recorded on the 1–5 scale with noise): the seed calls it essential. */
  leadership: number;
  initialNoise: number;
  scanPropensity: number;
  surveyPropensity: number;
  principleU: number[];
  partnerU: Map<PartnerTypeId, number>;
  outcomeEffect: number[];
  // state over the years
  level: number;
  kartrekker: boolean;
  /** Works with the Gezonde School approach this year; cycle = position in CYCLE_PHASES. */
  started: boolean;
  cycle: number;
  everSupported: boolean;
  supportedLastYear: boolean;
  certificates: Map<ThemeId, number>;
}

export function newSchoolId(rng: Rng, used: Set<string>): string {
  for (;;) {
    const id = 'S' + (rng.uint32().toString(16).padStart(8, '0') + rng.uint32().toString(16).padStart(8, '0')).toUpperCase();
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/**
 * Synthetic mbo: ≈60 institutions, seated in the larger towns (weighted by the number of primary
 * schools, a proxy for population), each with 1 + Poisson(3.5) locations in the seat or elsewhere in
 * the seat's GGD region. Computed over the whole country so that a regional subset matches.
 */
export function mboLocationsPerMunicipality(seed: number, ref: ReferenceData): Map<string, number> {
  const rng = deriveRng(seed, 'mbo');
  const poCount = (code: string) => (ref.schoolCounts.get(code) ?? []).filter((c) => c.sector === 'po').reduce((s, c) => s + c.locations, 0);
  const candidates = [...ref.municipalities].sort((a, b) => poCount(b.code) - poCount(a.code) || (a.code < b.code ? -1 : 1)).slice(0, 70);
  const result = new Map<string, number>();
  for (let i = 0; i < MBO_INSTITUTIONS; i++) {
    const seat = candidates[rng.weightedIndex(candidates.map((m) => poCount(m.code)))]!;
    const nearby = ref.municipalities.filter((m) => m.regionCode === seat.regionCode && poCount(m.code) >= 10);
    const locations = 1 + rng.poisson(MBO_EXTRA_LOCATIONS_MEAN);
    for (let l = 0; l < locations; l++) {
      const where = rng.bernoulli(0.55) || nearby.length === 0 ? seat : nearby[rng.weightedIndex(nearby.map((m) => poCount(m.code)))]!;
      result.set(where.code, (result.get(where.code) ?? 0) + 1);
    }
  }
  return result;
}

function drawSchool(
  rng: Rng,
  usedIds: Set<string>,
  sector: SectorId,
  typeGroup: string,
  municipality: string,
  dist: BandDistribution,
): SimSchool {
  let band = rng.weightedIndex(dist.bands) + 1;
  // The CBS scores cover regular primary schools only; special schools and mbo serve more disadvantaged pupils.
  if ((sector === 'so' || typeGroup === SBO_TYPE_GROUP) && rng.bernoulli(0.45)) band = Math.min(4, band + 1);
  if (sector === 'mbo' && rng.bernoulli(0.3)) band = Math.min(4, band + 1);
  const sizeIndex = rng.weightedIndex(typeGroup === 'basisschool' ? dist.sizes : SIZE_SHARES[typeGroup] ?? SIZE_SHARES[sector]!);
  const partnerU = new Map<PartnerTypeId, number>();
  for (const p of PARTNER_TYPES) if ((p.sectors as readonly string[]).includes(sector)) partnerU.set(p.id, rng.next());
  return {
    id: newSchoolId(rng, usedIds),
    sector,
    band,
    sizeIndex,
    municipality,
    kartrekkerPropensity: rng.next(),
    enthusiasm: rng.normal(),
    parentSupport: rng.normal(-0.25 * (band - 2.5), 1),
    leadership: rng.normal(),
    initialNoise: rng.normal(0, 0.25),
    scanPropensity: rng.next(),
    surveyPropensity: rng.next(),
    principleU: PRINCIPLE_IDS.map(() => rng.next()),
    partnerU,
    outcomeEffect: [rng.normal(0, 3), rng.normal(0, 4), rng.normal(0, 3)],
    level: 0,
    kartrekker: false,
    started: false,
    cycle: 0,
    everSupported: false,
    supportedLastYear: false,
    certificates: new Map(),
  };
}

function schoolRow(s: SimSchool, rng: Rng): Row {
  const b = s.band - 1;
  const lowIncome = round1(clamp(LOW_INCOME_MEAN[b as 0]! * Math.exp(rng.normal(0, 0.3)), 0, 100));
  const povertyArea = round1(clamp(POVERTY_AREA_MEAN[b as 0]! * Math.exp(rng.normal(0, 0.45)), 0, 100));
  return [s.id, s.sector, s.municipality, null, SIZE_IDS[s.sizeIndex]!, s.band, lowIncome, povertyArea];
}

function sumDistributions(list: BandDistribution[]): BandDistribution {
  const bands: [number, number, number, number] = [0, 0, 0, 0];
  const sizes: [number, number, number] = [0, 0, 0];
  for (const d of list) {
    for (let i = 0; i < 4; i++) bands[i] = bands[i]! + d.bands[i]!;
    for (let i = 0; i < 3; i++) sizes[i] = sizes[i]! + d.sizes[i]!;
  }
  return { bands, sizes };
}

const hasAny = (xs: readonly number[]) => xs.some((x) => x > 0);

export interface GenerateRegionInput {
  seed: number;
  scale: number;
  regionCode: string;
  regionName: string;
  municipalities: ReferenceMunicipality[];
  ref: ReferenceData;
  mboLocations: Map<string, number>;
  usedIds: Set<string>;
}

export function generateRegion(input: GenerateRegionInput): RegionBatch {
  const { seed, scale, regionCode, municipalities, ref } = input;
  const batch: RegionBatch = {
    regionCode, regionName: input.regionName,
    school: [], capacity: [], implementation_record: [], certificate: [], scan_score: [], partner_agreement: [], outcome: [],
  };

  // Regional parameters: capacity per 100 schools differs between regions; some regions cut it
  // from 2022 on (municipal budgets), the others stay about level.
  const regionRng = deriveRng(seed, `regio:${regionCode}`);
  const ftePer100Start = clamp(Math.exp(regionRng.normal(Math.log(FTE_PER_100_MEDIAN), 0.25)), 1.1, 2.3);
  const cuts = regionRng.bernoulli(REGION_CUT_SHARE);
  const yearlyChange = cuts ? -regionRng.uniform(0.06, 0.12) : regionRng.normal(0.01, 0.015);
  const hoursPerFte = regionRng.uniform(HOURS_PER_FTE_RANGE[0], HOURS_PER_FTE_RANGE[1]);
  const covidHours = HOURS_FOR_SCHOOLS_FACTOR.map((f) => (f < 1 ? clamp(f + regionRng.normal(0, 0.05), 0.45, 0.95) : 1));
  const scanPropensity = regionRng.uniform(0.6, 1.3);
  const culture = regionRng.normal(0, 0.1);

  const regionDist = sumDistributions(municipalities.map((m) => ref.distributions.get(m.code)).filter((d): d is BandDistribution => !!d));
  const schools: SimSchool[] = [];
  const partnerOffset = new Map<string, Map<PartnerTypeId, number>>();
  for (const m of [...municipalities].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const rng = deriveRng(seed, `gemeente:${m.code}`);
    const own = ref.distributions.get(m.code);
    const dist: BandDistribution = {
      bands: own && hasAny(own.bands) ? own.bands : hasAny(regionDist.bands) ? regionDist.bands : [1, 1, 1, 1],
      sizes: own && hasAny(own.sizes) ? own.sizes : hasAny(regionDist.sizes) ? regionDist.sizes : [1, 2, 0],
    };
    // Municipal policy makes some partner links common in one municipality and rare in the next.
    partnerOffset.set(m.code, new Map(PARTNER_TYPES.map((p) => [p.id, rng.normal(0, 0.7)])));
    // Speciaal basisonderwijs falls under the WPO and registers with po in Gezonde School.
    const groups: { sector: SectorId; typeGroup: string; locations: number }[] = (ref.schoolCounts.get(m.code) ?? [])
      .map((g) => (g.typeGroup === SBO_TYPE_GROUP ? { ...g, sector: 'po' as const } : g));
    const mbo = input.mboLocations.get(m.code) ?? 0;
    if (mbo > 0) groups.push({ sector: 'mbo', typeGroup: 'mbo', locations: mbo });
    for (const g of groups) {
      const n = Math.round(g.locations * scale);
      for (let i = 0; i < n; i++) {
        const s = drawSchool(rng, input.usedIds, g.sector, g.typeGroup, m.code, dist);
        schools.push(s);
        batch.school.push(schoolRow(s, rng));
      }
    }
  }
  const n = schools.length;
  if (n === 0) return batch;

  const yearRng = deriveRng(seed, `jaren:${regionCode}`);
  // The recorded conditions that came later (leadership, draagvlak in the school, light contacts)
  // draw from their own stream, so the calibrated figures above keep their values.
  const conditionRng = deriveRng(seed, `condities:${regionCode}`);
  DEMO_SCHOOL_YEARS.forEach((year, t) => {
    const start = 2019 + t;
    const covid = start === COVID_SCHOOL_YEAR_START;
    const trend = Math.pow(1 + yearlyChange, Math.max(0, start - CAPACITY_CHANGE_FROM));
    const ftePer100 = clamp(ftePer100Start * trend, FTE_PER_100_SCHOOLS_BAND[0], FTE_PER_100_SCHOOLS_BAND[1]);
    const fte = Math.round(ftePer100 * n) / 100;
    const hours = Math.round(fte * hoursPerFte * covidHours[t]!);
    batch.capacity.push([regionCode, year, fte, hours]);
    const c = hours / n / REFERENCE_HOURS_PER_SCHOOL;

    if (t === 0) {
      for (const s of schools) {
        s.kartrekker = s.kartrekkerPropensity < clamp(0.3 + 0.08 * (c - 1) - 0.03 * (s.band - 1) + 0.06 * s.leadership, 0.05, 0.8);
        s.level = clamp(
          0.75 + SECTOR_LEVEL_OFFSET[s.sector] + 0.4 * (c - 1) + culture - 0.13 * (s.band - 1) + (s.kartrekker ? 0.25 : 0)
            + 0.08 * s.enthusiasm + 0.07 * s.parentSupport + 0.08 * s.leadership + s.initialNoise,
          0, 2.5,
        );
        s.started = yearRng.bernoulli(sigmoid(-0.95 + 1.5 * (s.kartrekker ? 1 : 0) + 0.9 * (s.level - 0.8) + 0.3 * s.leadership));
        s.cycle = s.started ? yearRng.int(0, 2) : 0;
        // Certificates held at the start (≈11% of locations in 2017, ≈19% in 2020), awarded 2017–2019.
        const p = s.started ? clamp(0.5 + 0.2 * (s.level - 0.8) + SECTOR_VIGNET_OFFSET[s.sector], 0.05, 0.85) : 0.04;
        if (yearRng.bernoulli(p)) {
          awardTheme(s, yearRng, 2017 + yearRng.int(0, 2));
          if (yearRng.bernoulli(0.3)) awardTheme(s, yearRng, 2017 + yearRng.int(0, 2));
        }
      }
    } else {
      for (const s of schools) {
        // Staff turnover loses a kartrekker now and then; support and leadership help a school find one.
        s.kartrekker = s.kartrekker ? yearRng.bernoulli(0.9) : yearRng.bernoulli(clamp(0.04 + (s.supportedLastYear ? 0.12 : 0) + 0.02 * s.leadership, 0, 1));
        if (s.supportedLastYear) s.enthusiasm += 0.15;
        if (s.kartrekker) s.parentSupport += 0.05;
      }
    }

    // The Ondersteuningsaanbod reaches a few percent of schools a year, more where capacity is larger;
    // priority for disadvantaged schools and for schools that ask (kartrekker, already working on it).
    const supportedCount = Math.min(n, Math.round(n * clamp(SUPPORT_RATE * c * yearRng.uniform(0.9, 1.1), 0.02, 0.14)));
    const keyed = schools.map((s, i) => {
      const w = (1 + 0.4 * (s.band - 1)) * (s.kartrekker ? 1.6 : 1) * (s.started ? 1.8 : 1) * (s.level < 0.5 ? 0.7 : 1);
      return { i, key: Math.pow(yearRng.next(), 1 / w) };
    });
    keyed.sort((a, b) => b.key - a.key);
    const supported = new Set(keyed.slice(0, supportedCount).map((k) => k.i));

    schools.forEach((s, i) => {
      const sup = supported.has(i);
      const enthusiasm = likert(3 + 0.9 * s.enthusiasm + yearRng.normal(0, 0.35));
      const parentSupport = likert(3 + 0.9 * s.parentSupport + yearRng.normal(0, 0.35));
      // The approach is a yearly cycle: schools join (support helps), move through the phases and
      // sometimes stop (most often without a kartrekker); fewer joined during the school closures.
      if (t > 0) {
        if (s.started) {
          if (yearRng.bernoulli(clamp(0.06 + (s.kartrekker ? 0 : 0.1) - 0.03 * s.leadership, 0.02, 0.4))) s.started = false;
          else if (yearRng.bernoulli(0.75)) s.cycle = (s.cycle + 1) % 3;
        } else if (yearRng.bernoulli(clamp((0.03 + (s.kartrekker ? 0.05 : 0) + (sup ? 0.45 : 0) + 0.01 * s.leadership) * (covid ? 0.5 : 1), 0, 0.8))) {
          s.started = true;
          s.cycle = 0;
        }
      }
      // Growth is slow and stalled during the closures of 2020-21.
      const delta = covid
        ? yearRng.normal(-0.005, 0.03)
        : (0.06 * c + (sup ? 0.12 : 0) + (s.kartrekker ? 0.05 : 0) + (s.started ? 0.03 : 0) + 0.02 * (enthusiasm - 3)
          + 0.02 * (parentSupport - 3) + 0.03 * s.leadership) * (1 - s.level / 3.3) + yearRng.normal(0, 0.04);
      s.level = clamp(s.level + Math.max(delta, -0.06), 0, 3);
      if (sup) s.everSupported = true;
      s.supportedLastYear = sup;

      const supportHours = sup ? clamp(Math.round(2 * MEAN_SUPPORT_HOURS * Math.exp(yearRng.normal(-0.06, 0.35))) / 2, 2, 40) : 0;
      const contacts = sup ? Math.max(1, Math.round(supportHours / 2.5 + yearRng.normal(0, 1))) : 0;
      const phase: PhaseId = s.started ? CYCLE_PHASES[s.cycle]! : 'geen';
      const interventions = Math.min(6, yearRng.poisson(0.15 + 0.7 * s.level));
      const leadership = likert(3 + 0.9 * s.leadership + conditionRng.normal(0, 0.35));
      const schoolSupport = likert(3 + 0.5 * s.enthusiasm + 0.5 * s.leadership + conditionRng.normal(0, 0.4));
      // Besides the Ondersteuningsaanbod, many schools have a light contact with the adviser (a network
      // meeting, advice by phone): more often where capacity is larger and the school is working on it.
      const lightContacts = !sup && conditionRng.bernoulli(clamp(0.12 + 0.1 * (c - 1) + (s.started ? 0.1 : 0), 0.03, 0.5)) ? 1 + (conditionRng.bernoulli(0.3) ? 1 : 0) : 0;
      batch.implementation_record.push([s.id, year, phase, s.kartrekker ? 1 : 0, enthusiasm, parentSupport, leadership, schoolSupport, interventions, supportHours, contacts + lightContacts]);

      if (t > 0) updateCertificates(s, yearRng, start, sup, covid);
      for (const [theme, awarded] of [...s.certificates].sort(([a], [b]) => (a < b ? -1 : 1))) {
        batch.certificate.push([s.id, year, theme, schoolYearFromStart(awarded)]);
      }

      // The scan is voluntary: mostly schools working with the approach fill it in, supported schools
      // more often, regions differ; fewer during the closures.
      const scanChance = (s.started ? 0.5 + (phase === 'evalueren' ? 0.15 : 0) : 0.03) * scanPropensity * (covid ? 0.6 : 1) + (sup ? 0.2 : 0);
      if (s.scanPropensity + yearRng.normal(0, 0.15) < scanChance) {
        for (const p of PRINCIPLE_IDS) {
          const offset = PRINCIPLE_OFFSET[p - 1]! + (SECTOR_PRINCIPLE_OFFSET[s.sector]?.[p] ?? 0) + (p === 15 ? 0.08 * (s.band - 1) : 0);
          batch.scan_score.push([s.id, year, p, clamp(Math.floor(s.level + offset + s.principleU[p - 1]!), 0, 3)]);
        }
      }

      const offsets = partnerOffset.get(s.municipality)!;
      for (const [type, u] of s.partnerU) {
        const base = PARTNER_BASE[s.sector][type];
        if (base === undefined) continue;
        const p = sigmoid(logit(base) + offsets.get(type)! + 0.45 * (s.level - 1) + 0.06 * t);
        batch.partner_agreement.push([s.id, year, type, u < p ? 1 : 0]);
      }

      // Outcomes: the GGD Gezondheidsmonitor Jeugd, in klas 2 and 4 of vo, in its monitor years only;
      // mental health worsened up to 2021-22.
      const monitor = OUTCOME_MONITOR_YEARS.get(start);
      if (s.sector === 'vo' && monitor && s.surveyPropensity < OUTCOME_PARTICIPATION) {
        const [lo, hi] = RESPONDENTS_VO[s.sizeIndex]!;
        const respondents = yearRng.int(lo, hi);
        OUTCOME_INDICATORS.forEach((ind, k) => {
          const ref = ind.reference[s.sector] + monitor[ind.id];
          const expected = ind.id === 'emotionele_problemen'
            ? ref + 2.2 * (s.band - 2.5) - 3 * (s.level - 1.2)
            : ind.id === 'schooldruk'
              ? ref + 1 * (s.band - 2.5) - 2 * (s.level - 1.2)
              : ref - 1.5 * (s.band - 2.5) + 2 * (s.level - 1.2);
          const pct = clamp(expected + s.outcomeEffect[k]!, 1, 99) / 100;
          // Binomial sampling noise of a survey with this many respondents (normal approximation).
          const count = clamp(Math.round(respondents * pct + yearRng.normal(0, Math.sqrt(respondents * pct * (1 - pct)))), 0, respondents);
          batch.outcome.push([s.id, year, ind.id, round1((100 * count) / respondents), respondents]);
        });
      }
    });
  });
  return batch;
}

function awardTheme(s: SimSchool, rng: Rng, start: number): void {
  const options = THEMES.filter((t) => (t.sectors as readonly string[]).includes(s.sector) && !s.certificates.has(t.id));
  if (options.length === 0) return;
  s.certificates.set(options[rng.weightedIndex(options.map((t) => THEME_WEIGHT[t.id]))]!.id, start);
}

/**
 * A themacertificaat is valid for three school years; then it is renewed or it lapses. New vignets
 * go to schools working with the approach, so that the share levels off once most engaged schools
 * hold one (the plateau of "more than 1,700 schools").
 */
function updateCertificates(s: SimSchool, rng: Rng, start: number, supported: boolean, covid: boolean): void {
  for (const [theme, awarded] of [...s.certificates]) {
    if (awarded + CERTIFICATE_VALID_YEARS <= start) {
      if (rng.bernoulli(clamp((s.started ? 0.82 : 0.3) + (supported ? 0.08 : 0), 0, 0.95))) s.certificates.set(theme, start);
      else s.certificates.delete(theme);
    }
  }
  if (s.certificates.size === 0) {
    const p = s.started ? clamp(0.085 + 0.05 * (s.level - 1) + (supported ? 0.1 : 0) + SECTOR_VIGNET_OFFSET[s.sector] / 4, 0.005, 0.5) : 0;
    if (rng.bernoulli(p * (covid ? 0.6 : 1))) awardTheme(s, rng, start);
  } else if (rng.bernoulli(0.03 + (supported ? 0.04 : 0))) {
    awardTheme(s, rng, start);
  }
}
