/**
 * The publication layer: which aggregates over schools may be published, decided once per school
 * year for the whole linked set of figures (shared/src/metrics/linked-suppression.ts) when the
 * rollups are built, and stored in disclosure_cell. Readers never decide on their own: sumCells
 * attaches the stored decisions to every group that is a cell of a linked table, and the partner,
 * outcome and signal readers look theirs up with readPartDecisions.
 *
 * Linked tables, each additive along area (nation = Σ regions, region = Σ municipalities) and
 * sector (all = Σ po, so, vo, mbo), and along a third dimension of its own. In 'cell' and 'scan' a
 * municipality with districts is also the sum of its districts (rollup_district, with the remainder
 * district of its schools without a known wijk), so a district is never its municipality minus the rest.
 * - 'cell': the figures over all register schools (vignet, kartrekker and the other implementation
 *   conditions, support) × disadvantage band
 *   (all = Σ bands 1–4 and 0, unknown).
 * - 'scan': the figures over the scanned schools (implementation degree, pillars, principles, the
 *   scanned count and scan coverage) × band. The scan is voluntary, so a municipality with enough
 *   schools often has too few scans: hiding its scan figures must not hide its other figures. A
 *   cell is hidden for all figures of its table at once, so the scanned count published beside one
 *   figure can never pin down the schools behind another.
 * - 'outcome': the youth outcomes per disadvantage band, on the schools that reported them.
 * - 'partner': pooled partner coverage = Σ per-type coverage ('partner:<type>'), plus the weak-pillar
 *   signals ('signal:<id>') of the partner gaps.
 * - 'funnel': the Gezonde School phases and vignet per area × sector, on the recorded schools; and
 *   'funnel_theme:<theme>': certificates and renewals due per theme, over all sectors only, with the
 *   sectors as bounds (boundOnly relations) and the renewals nested in the certificates (chains).
 * A cell hidden in 'cell' is hidden in the others as well (fewer or the same schools); they may
 * hide more.
 */
import {
  OUTCOME_INDICATORS,
  PROTECTION,
  hoursProtection,
  publishCell,
  type Published,
  PARTNER_TYPES,
  PRINCIPLE_IDS,
  SECTOR_IDS,
  THEMES,
  isPartnerTypeOffered,
  isUnknownDistrict,
  suppressLinkedTable,
  type LinkedMetric,
  type LinkedRelation,
  type SuppressionReason,
} from '@rd/shared';
import { sql, type Kysely } from 'kysely';
import type { Database, RollupCellTable } from '../db/schema.ts';
import { insertBatchSize } from '../db/dialect-sql.ts';
import { CELL_METRICS, principleMetric, type CellSums, type RawMetric } from './analytics.repository.ts';
import { readDataVersion } from './data-version.ts';
import type { RollupRefreshContext } from '../rollups/context.ts';

export const NATION_AREA = 'NL';
/** A district's area code: a CBS wijk code, or a municipality's remainder district. */
export const isDistrictArea = (code: string): boolean => code.startsWith('WK') || isUnknownDistrict(code);
export const ALL = 'all';
export const BAND_PARTS = ['1', '2', '3', '4', '0'] as const;

export const CELL_PART = 'cell';
export const SCAN_PART = 'scan';
export const OUTCOME_PART = 'outcome';
export const FUNNEL_PART = 'funnel';
/** The funnel's certificates and renewals per theme, over all sectors only: one part per theme. */
export const FUNNEL_THEME_PART = 'funnel_theme';
export const funnelThemePart = (theme: string) => `${FUNNEL_THEME_PART}:${theme}`;
export const POOLED_PARTNER_PART = 'partner';
export const partnerPart = (type: string) => `partner:${type}`;
export const signalPart = (id: string) => `signal:${id}`;
/** The partner-signal numerators of partner_signal_rollup, by signal id (see data/partners.ts). */
export const SIGNAL_COLUMNS = {
  signaleren_zonder_jgz: 'weak_signaleren_no_jgz',
  omgeving_zonder_jeugdhulp: 'weak_omgeving_no_youth_care',
} as const;

const PERCENT: LinkedMetric = { max: 100, protection: () => PROTECTION.percentPoints };
const HOURS: LinkedMetric = { max: null, protection: hoursProtection };

type LinkedFigure = { of: (s: CellSums) => RawMetric; bounds: LinkedMetric };

/**
 * The figures of rollup_cell per linked table, each with its natural bounds. Partner coverage is
 * decided in the partner table. Built on first use: the metric functions come from a module that
 * is still loading when this one is.
 */
let linkedFigures: { cell: readonly LinkedFigure[]; scan: readonly LinkedFigure[] } | undefined;
function figuresOf(part: typeof CELL_PART | typeof SCAN_PART): readonly LinkedFigure[] {
  linkedFigures ??= {
    cell: [
      ...(['vignetShare', 'kartrekkerShare', 'supportedShare', 'enthusiasmShare', 'parentSupportShare', 'leadershipShare', 'schoolSupportShare', 'interventionsShare', 'ggdContactShare'] as const)
        .map((id) => ({ of: CELL_METRICS[id], bounds: PERCENT })),
      { of: CELL_METRICS.supportHoursPerSchool, bounds: HOURS },
    ],
    scan: [
      ...(['implementation', 'pillar:beleid', 'pillar:omgeving', 'pillar:educatie', 'pillar:signaleren', 'scanCoverage'] as const)
        .map((id) => ({ of: CELL_METRICS[id], bounds: PERCENT })),
      ...PRINCIPLE_IDS.map((p) => ({ of: (s: CellSums) => principleMetric(s, p), bounds: PERCENT })),
    ],
  };
  return linkedFigures[part];
}

/** A municipality-level leaf of a linked table: per metric its schools and its numerator (value × schools). */
interface Leaf {
  municipality: string;
  /** Set when the leaf is a district of the municipality: the district becomes the finest area. */
  district?: string;
  sector: string;
  part: string;
  schools: readonly number[];
  sums: readonly number[];
}

interface CubeSpec {
  part: string;
  metrics: readonly LinkedMetric[];
  /** The third dimension: a total part and the parts that add up to it (or none). */
  partRelations: readonly { parent: string; children: readonly string[] }[];
  /** Nested shares within a cell (metric indexes, widest first). */
  chains?: readonly (readonly number[])[];
  /**
   * The cells whose number of schools the register makes public (DUO open data gives every area ×
   * sector): the counts of the other cells are kept open against them (`publicCounts` of the layer).
   */
  publicCounts?: (key: string) => boolean;
  /** The small cells whose figures are checked against all relations together (`checkBounds` of the layer). */
  checkBounds?: (key: string) => boolean;
  /** The most schools a cell can hold by the register (`countsAtMost` of the layer). */
  countsAtMost?: (key: string) => number | undefined;
  /** The most a cell's sum can be by another table (`sumsAtMost` of the layer). */
  sumsAtMost?: (key: string, metric: number) => number | undefined;
}

export function cellKey(area: string, sector: string, part: string): string {
  return `${area}|${sector}|${part}`;
}

/**
 * Sums leaves into every (area, sector, part) cell and lists the additive relations. Leaves of a
 * sector a part is not offered to are left out by the caller, so 'all' sums the offered sectors.
 */
export function buildLinkedCube(leaves: readonly Leaf[], municipalities: readonly { code: string; regionCode: string }[], spec: CubeSpec) {
  const regionOf = new Map(municipalities.map((m) => [m.code, m.regionCode]));
  const parentsOf = new Map<string, string[]>();
  for (const r of spec.partRelations) for (const c of r.children) parentsOf.set(c, [...(parentsOf.get(c) ?? []), r.parent]);
  const width = spec.metrics.length;
  const cells = new Map<string, { schools: number[]; sums: number[] }>();
  const add = (key: string, leaf: Leaf) => {
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { schools: new Array<number>(width).fill(0), sums: new Array<number>(width).fill(0) }));
    for (let i = 0; i < width; i++) {
      c.schools[i]! += leaf.schools[i]!;
      c.sums[i]! += leaf.sums[i]!;
    }
  };
  const districtsOf = new Map<string, Set<string>>();
  for (const leaf of leaves) {
    const region = regionOf.get(leaf.municipality);
    if (region === undefined) continue;
    if (leaf.district !== undefined) {
      const set = districtsOf.get(leaf.municipality) ?? new Set<string>();
      districtsOf.set(leaf.municipality, set.add(leaf.district));
    }
    for (const area of leaf.district === undefined ? [leaf.municipality, region, NATION_AREA] : [leaf.district, leaf.municipality, region, NATION_AREA]) {
      for (const sector of [leaf.sector, ALL]) {
        for (const part of [leaf.part, ...(parentsOf.get(leaf.part) ?? [])]) add(cellKey(area, sector, part), leaf);
      }
    }
  }
  const regions = [...new Set(municipalities.map((m) => m.regionCode))].sort();
  const areas = [NATION_AREA, ...regions, ...municipalities.map((m) => m.code), ...[...districtsOf.values()].flatMap((d) => [...d])];
  const sectors = [ALL, ...SECTOR_IDS];
  const parts = [...new Set([...leaves.map((l) => l.part), ...spec.partRelations.flatMap((r) => [r.parent, ...r.children])])];
  const empty = () => ({ schools: new Array<number>(width).fill(0), sums: new Array<number>(width).fill(0) });
  for (const a of areas) for (const s of sectors) for (const p of parts) if (!cells.has(cellKey(a, s, p))) cells.set(cellKey(a, s, p), empty());

  const byRegion = new Map<string, string[]>();
  for (const m of municipalities) byRegion.set(m.regionCode, [...(byRegion.get(m.regionCode) ?? []), m.code]);
  const relations: { parent: string; children: string[] }[] = [];
  for (const s of sectors) {
    for (const p of parts) {
      relations.push({ parent: cellKey(NATION_AREA, s, p), children: regions.map((r) => cellKey(r, s, p)) });
      for (const [r, members] of byRegion) relations.push({ parent: cellKey(r, s, p), children: members.map((m) => cellKey(m, s, p)) });
      for (const [m, districts] of districtsOf) relations.push({ parent: cellKey(m, s, p), children: [...districts].map((d) => cellKey(d, s, p)) });
    }
  }
  for (const a of areas) {
    for (const p of parts) relations.push({ parent: cellKey(a, ALL, p), children: SECTOR_IDS.map((s) => cellKey(a, s, p)) });
    for (const s of sectors) for (const r of spec.partRelations) relations.push({ parent: cellKey(a, s, r.parent), children: r.children.map((c) => cellKey(a, s, c)) });
  }
  return { cells, relations };
}

/** A linked table: its cells (school counts and sums per figure) and the relations between them. */
export type LinkedCube = { cells: Map<string, { schools: number[]; sums: number[] }>; relations: readonly LinkedRelation[] };

/**
 * The cells over all bands. Their school counts are public where the cells count register schools.
 * They are also the cells whose figures are checked against all relations together: per band the
 * check would take every figure of a cell for published, where per band only a few are (school
 * counts, implementation, support); on the test data it then hid the large city's bands to keep a
 * neighbour's one school in the unknown band open, which the attacker with the published figures
 * could not pin.
 */
export const overAllBands = (key: string): boolean => key.endsWith(`|${ALL}`);

/**
 * The cells of the cell and scan tables whose figures are checked against all relations together
 * (`checkBounds`): every one. A band is no safer than a total: a region that publishes a band
 * whose support all lies in its published districts pins the hidden ones at none.
 */
export const CHECKED_CELLS = (): boolean => true;

/** Decisions for one linked table; `alreadyHidden` holds cell keys (area|sector|part) hidden elsewhere. */
export function decideCube(cube: LinkedCube, spec: CubeSpec, minSchools: number, alreadyHidden?: ReadonlySet<string>, onComplement?: Parameters<typeof suppressLinkedTable>[0]['onComplement'], protectComplements = true, protect?: ReadonlySet<string>) {
  const cells = [...cube.cells].map(([key, c]) => ({
    key,
    schools: c.schools,
    values: c.schools.map((n, i) => (n > 0 ? c.sums[i]! / n : null)),
  }));
  return suppressLinkedTable({ cells, relations: cube.relations, metrics: spec.metrics, minSchools, alreadyHidden, onComplement, protectComplements, chains: spec.chains, publicCounts: spec.publicCounts, checkBounds: spec.checkBounds, countsAtMost: spec.countsAtMost, sumsAtMost: spec.sumsAtMost, protect });
}

/**
 * The partner table: pooled coverage = Σ the partner types, beside the weak-pillar signals. Every
 * school answers every partner type of its sector, so the register gives each partner cell's
 * schools, and the adversary bounds the hidden cells' agreements by them: "the region's mbo schools
 * have no culture agreement" with a municipality's published total and po pins its hidden so and vo
 * at the rest. The relations together are checked with those counts. The signals' schools (the
 * scanned ones) are not the register's; counting them as known only makes the check stricter.
 */
export const PARTNER_SPEC: CubeSpec = {
  part: POOLED_PARTNER_PART,
  metrics: [PERCENT],
  partRelations: [{ parent: POOLED_PARTNER_PART, children: PARTNER_TYPES.map((t) => partnerPart(t.id)) }],
  publicCounts: () => true,
  checkBounds: CHECKED_CELLS,
};

/** The funnel's figures per theme: certificates, and of those the renewals due (nested shares). */
const THEME_MEASURES = ['certificate', 'renewal_due'] as const;
export const FUNNEL_THEME_SPEC: CubeSpec = { part: FUNNEL_THEME_PART, metrics: THEME_MEASURES.map(() => PERCENT), partRelations: [], chains: [[0, 1]] };
const overAllSectors = (key: string) => key.split('|')[1] === ALL;

/**
 * The cube of the funnel's theme cells (leaves: municipality × sector × theme part). Only the cells
 * over all sectors are published, so only their relations are equations; the sectors stay in as
 * bounds: a hidden municipality keeps the room its small sectors need.
 */
export function buildThemeCube(leaves: readonly Leaf[], municipalities: readonly { code: string; regionCode: string }[]): LinkedCube {
  const bySector = buildLinkedCube(leaves, municipalities, FUNNEL_THEME_SPEC);
  return {
    cells: bySector.cells,
    relations: bySector.relations.flatMap((r): LinkedRelation[] => (!overAllSectors(r.parent) ? []
      : r.children.every(overAllSectors) ? [r] : [{ ...r, boundOnly: true }])),
  };
}

/**
 * The theme table of one school year, with what the adversary knows from outside it for the check
 * of relations together: each theme cell's schools are at most the register's schools (`register`:
 * per area × sector over all bands) of the sectors the theme is offered to, and a certificate needs
 * a vignet, so its certificates are at most the vignets its area × sector publishes. With those,
 * "the region's certificates minus what the other municipality's vignets allow" pins no small sector.
 */
export function funnelThemeSpec(steps: LinkedCube, stepDecisions: ReadonlyMap<string, SuppressionReason | null>, vignet: number, register: ReadonlyMap<string, number>): CubeSpec {
  const themeSectors = new Map(THEMES.map((t) => [funnelThemePart(t.id), t.sectors as readonly string[]]));
  const countsAtMost = (key: string) => {
    const [area, sector, part] = key.split('|') as [string, string, string];
    return (themeSectors.get(part) ?? []).filter((s) => sector === ALL || s === sector).reduce((n, s) => n + (register.get(cellKey(area, s, ALL)) ?? 0), 0);
  };
  const sumsAtMost = (key: string) => {
    const [area, sector] = key.split('|') as [string, string];
    const step = cellKey(area, sector, ALL);
    return vignet >= 0 && stepDecisions.get(step) === null ? steps.cells.get(step)?.sums[vignet] : undefined;
  };
  return { ...FUNNEL_THEME_SPEC, checkBounds: () => true, countsAtMost, sumsAtMost };
}

/**
 * The theme cells (area over all sectors) whose certificates would pin the vignet of a small
 * sector hidden in the funnel's steps. A certificate needs a vignet, and a theme is offered to
 * some sectors only: "1 school with a vignet, 1 with the Milieu en natuur certificate (po and so)"
 * says that the municipality's one vo school has no vignet; "3 Welbevinden certificates" with the
 * other sectors' vignets published says that its vo schools hold the rest. Such a theme cell is
 * hidden, and keeps its own protection level so that it cannot be derived in turn.
 */
export function themesPinningVignet(steps: LinkedCube, decisions: ReadonlyMap<string, SuppressionReason | null>, vignet: number, themes: LinkedCube): Set<string> {
  const pinning = new Set<string>();
  if (vignet < 0) return pinning;
  const share = PROTECTION.percentPoints / 100;
  const tolerance = 1e-9;
  for (const key of steps.cells.keys()) {
    const [area, sector] = key.split('|') as [string, string];
    if (sector !== ALL || decisions.get(key) !== null) continue;
    const stepOf = (s: string) => {
      const c = steps.cells.get(cellKey(area, s, ALL))!;
      return { recorded: c.schools[vignet]!, vignets: c.sums[vignet]! / 100, published: decisions.get(cellKey(area, s, ALL)) === null };
    };
    const small = SECTOR_IDS.filter((s) => decisions.get(cellKey(area, s, ALL)) === 'small_cell');
    if (small.length === 0) continue;
    const all = stepOf(ALL);
    for (const theme of THEMES) {
      const offered = theme.sectors as readonly string[];
      const themeCell = themes.cells.get(cellKey(area, ALL, funnelThemePart(theme.id)));
      const certificates = themeCell ? themeCell.sums[0]! / 100 : 0;
      if (offered.length === 0 || certificates <= tolerance) continue;
      for (const s of small) {
        const own = stepOf(s);
        const others = SECTOR_IDS.filter((o) => o !== s).map((o) => ({ ...stepOf(o), offered: offered.includes(o) }));
        // At most: the vignets not taken by the certificates, less those the other sectors outside the theme show.
        const most = offered.includes(s) ? Number.POSITIVE_INFINITY
          : all.vignets - certificates - others.filter((o) => !o.offered && o.published).reduce((t, o) => t + o.vignets, 0);
        // At least: the certificates that the theme's other sectors cannot hold.
        const least = !offered.includes(s) ? 0
          : certificates - others.filter((o) => o.offered).reduce((t, o) => t + (o.published ? o.vignets : o.recorded), 0);
        const up = Math.min(share * own.recorded, own.recorded - own.vignets);
        const down = Math.min(share * own.recorded, own.vignets);
        if (most < own.vignets + up - tolerance || least > own.vignets - down + tolerance) pinning.add(cellKey(area, ALL, funnelThemePart(theme.id)));
      }
    }
  }
  return pinning;
}

function leafOf(municipality: string, sector: string, part: string, raw: readonly RawMetric[]): Leaf {
  return { municipality, sector, part, schools: raw.map((r) => r.schools), sums: raw.map((r) => (r.value ?? 0) * r.schools) };
}

/** Rollup refresher: rebuilds disclosure_cell for the refreshed school years. */
export async function refreshDisclosure({ trx, schoolYears, fullRebuild, dialect, minCellSchools }: RollupRefreshContext): Promise<void> {
  if (fullRebuild) await trx.deleteFrom('disclosure_cell').execute();
  else if (schoolYears.length > 0) await trx.deleteFrom('disclosure_cell').where('school_year', 'in', schoolYears).execute();
  const municipalities = (await trx.selectFrom('municipality').select(['code', 'region_code']).orderBy('code').execute())
    .map((m) => ({ code: m.code, regionCode: m.region_code }));
  for (const year of schoolYears) {
    const decided = await decideYear(trx, year, municipalities, minCellSchools);
    if (decided.length === 0) continue;
    const size = insertBatchSize(dialect, 6);
    for (let i = 0; i < decided.length; i += size) await trx.insertInto('disclosure_cell').values(decided.slice(i, i + size)).execute();
  }
}

/** All decisions of one school year, as rows of disclosure_cell. */
export async function decideYear(trx: Kysely<Database>, year: string, municipalities: readonly { code: string; regionCode: string }[], minSchools: number, trace?: Parameters<typeof suppressLinkedTable>[0]['onComplement']) {
  const rows = await trx.selectFrom('rollup_cell').selectAll().where('school_year', '=', year).execute();
  if (rows.length === 0) return [];
  // A municipality with districts enters the school and scan tables as its districts.
  const districtRows = await trx.selectFrom('rollup_district').selectAll().where('school_year', '=', year).execute();
  const withDistricts = new Set(districtRows.map((r) => r.municipality_code));
  const out: { school_year: string; part: string; sector: string; band: string; area_code: string; suppressed: SuppressionReason | null }[] = [];
  const emit = (part: string, decisions: Map<string, SuppressionReason | null>, bandOf: (p: string) => string) => {
    for (const [key, suppressed] of decisions) {
      const [area_code, sector, p] = key.split('|') as [string, string, string];
      out.push({ school_year: year, part: part === CELL_PART || part === SCAN_PART || part === OUTCOME_PART || part === FUNNEL_PART ? part : p, sector, band: bandOf(p), area_code, suppressed });
    }
  };

  // The figures over all schools × disadvantage band, then those over the scanned schools.
  const cubeOf = (part: typeof CELL_PART | typeof SCAN_PART, alreadyHidden?: ReadonlySet<string>) => {
    const figures = figuresOf(part);
    const spec: CubeSpec = { part, metrics: figures.map((f) => f.bounds), partRelations: [{ parent: ALL, children: BAND_PARTS }], publicCounts: overAllBands, checkBounds: CHECKED_CELLS };
    const leaves = (rows as RollupCellTable[]).filter((r) => !withDistricts.has(r.municipality_code))
      .map((r) => leafOf(r.municipality_code, r.sector, String(r.disadvantage_band), figures.map((f) => f.of(r))));
    for (const r of districtRows) {
      leaves.push({ ...leafOf(r.municipality_code, r.sector, String(r.disadvantage_band), figures.map((f) => f.of(r))), district: r.district_code });
    }
    return decideCube(buildLinkedCube(leaves, municipalities, spec), spec, minSchools, alreadyHidden, trace);
  };
  const cellDecisions = cubeOf(CELL_PART);
  emit(CELL_PART, cellDecisions, (p) => p);
  const hiddenCells = new Set([...cellDecisions].filter(([, d]) => d !== null).map(([k]) => k));
  emit(SCAN_PART, cubeOf(SCAN_PART, hiddenCells), (p) => p);

  // Outcomes × band, on the schools that reported each indicator.
  const outcomes = await trx.selectFrom('rollup_outcome').selectAll().where('school_year', '=', year).execute();
  if (outcomes.length > 0) {
    const outcomeSpec: CubeSpec = { part: OUTCOME_PART, metrics: OUTCOME_INDICATORS.map(() => PERCENT), partRelations: [{ parent: ALL, children: BAND_PARTS }] };
    const byLeaf = new Map<string, RawMetric[]>();
    for (const o of outcomes) {
      const key = cellKey(o.municipality_code, o.sector, String(o.disadvantage_band));
      const raw = byLeaf.get(key) ?? OUTCOME_INDICATORS.map(() => ({ value: null, schools: 0 }));
      const i = OUTCOME_INDICATORS.findIndex((x) => x.id === o.indicator);
      if (i >= 0) raw[i] = { value: o.respondents > 0 ? o.weighted_sum / o.respondents : null, schools: o.schools };
      byLeaf.set(key, raw);
    }
    const leaves = [...byLeaf].map(([key, raw]) => {
      const [m, s, b] = key.split('|') as [string, string, string];
      return leafOf(m, s, b, raw);
    });
    emit(OUTCOME_PART, decideCube(buildLinkedCube(leaves, municipalities, outcomeSpec), outcomeSpec, minSchools, hiddenCells), (p) => p);
  }

  // The funnel: per phase and per theme the share of the recorded schools, all bands together.
  // Each count is a figure of its own (one school with a certificate among a municipality's 1 mbo
  // school), so each gets its protection level; the cells start from the hidden cells of the
  // figures over all schools. Phases and vignet are judged per area × sector. Certificates and
  // renewals per theme are rare counts (most sectors of a region hold a theme's certificate at a few
  // schools, or none): judged per sector they pinned small cells through chains of relations, or
  // hid the funnel per sector nearly everywhere. They are judged and published over all sectors only.
  const funnel = await trx.selectFrom('funnel_rollup').select(['area_code', 'sector', 'measure', 'key', 'schools'])
    .where('school_year', '=', year).where('area_code', 'in', municipalities.map((m) => m.code)).execute();
  if (funnel.length > 0) {
    const hiddenAllBands = new Set([...hiddenCells].filter((k) => k.endsWith(`|${ALL}`)));
    const byLeaf = new Map<string, { recorded: number; counts: Map<string, number> }>();
    for (const f of funnel) {
      const key = cellKey(f.area_code, f.sector, ALL);
      const leaf = byLeaf.get(key) ?? { recorded: 0, counts: new Map<string, number>() };
      if (f.measure === 'recorded') leaf.recorded = f.schools;
      else leaf.counts.set(`${f.measure}|${f.key}`, f.schools);
      byLeaf.set(key, leaf);
    }
    const shareOf = (leaf: { recorded: number; counts: Map<string, number> }, measure: string): RawMetric =>
      ({ value: leaf.recorded > 0 ? (100 * (leaf.counts.get(measure) ?? 0)) / leaf.recorded : null, schools: leaf.recorded });

    // Some rare counts per cell: protecting the complements too would hide the funnel per sector in
    // most regions. A hidden cell that contains small ones still keeps their room.
    const stepMeasures = [...new Set(funnel.filter((f) => f.measure === 'phase' || f.measure === 'vignet').map((f) => `${f.measure}|${f.key}`))].sort();
    // The register (public) gives each area × sector its schools; the recorded ones are among them.
    // With it the steps are also checked against all relations together: "the municipality's 16
    // schools are all recorded, its po holds 14 of them" leaves its other sectors no room to hide in.
    const register = new Map<string, number>();
    for (const r of rows) {
      for (const area of [r.municipality_code, r.region_code, NATION_AREA]) register.set(cellKey(area, r.sector, ALL), (register.get(cellKey(area, r.sector, ALL)) ?? 0) + r.schools);
    }
    const stepSpec: CubeSpec = { part: FUNNEL_PART, metrics: stepMeasures.map(() => PERCENT), partRelations: [], checkBounds: overAllBands, countsAtMost: (key) => register.get(key) };
    const stepLeaves = [...byLeaf].map(([key, leaf]) => {
      const [m, sector] = key.split('|') as [string, string];
      return leafOf(m, sector, ALL, stepMeasures.map((q) => shareOf(leaf, q)));
    });
    const stepCube = buildLinkedCube(stepLeaves, municipalities, stepSpec);
    const stepDecisions = decideCube(stepCube, stepSpec, minSchools, hiddenAllBands, trace, false);
    emit(FUNNEL_PART, stepDecisions, () => ALL);

    // Per theme a cell of its own (area × theme, over all sectors), on the recorded schools of the
    // sectors the theme is offered to: a theme offered to vo only rests on a municipality's few vo
    // schools. A renewal due is a certificate's: nested shares. The sectors stay in as bounds: a
    // hidden municipality keeps the room its small sectors need.
    const themeLeaves: Leaf[] = [];
    for (const [key, leaf] of byLeaf) {
      const [m, sector] = key.split('|') as [string, string];
      for (const theme of THEMES) {
        if (!(theme.sectors as readonly string[]).includes(sector)) continue;
        themeLeaves.push(leafOf(m, sector, funnelThemePart(theme.id), THEME_MEASURES.map((q) => shareOf(leaf, `${q}|${theme.id}`))));
      }
    }
    const themeCube = buildThemeCube(themeLeaves, municipalities);
    const hiddenThemes = new Set<string>();
    for (const key of themeCube.cells.keys()) {
      const [area, sector] = key.split('|') as [string, string];
      if (hiddenAllBands.has(cellKey(area, sector, ALL))) hiddenThemes.add(key);
    }
    const vignet = stepMeasures.indexOf('vignet|');
    const pinning = themesPinningVignet(stepCube, stepDecisions, vignet, themeCube);
    for (const key of pinning) hiddenThemes.add(key);
    const themeSpec = funnelThemeSpec(stepCube, stepDecisions, vignet, register);
    const themeDecisions = decideCube(themeCube, themeSpec, minSchools, hiddenThemes, trace, false, pinning);
    emit(FUNNEL_THEME_PART, new Map([...themeDecisions].filter(([key]) => overAllSectors(key))), () => ALL);
  }

  // Partner coverage: pooled = Σ offered types; the weak-pillar signals beside them.
  const coverage = await trx.selectFrom('partner_coverage_rollup').selectAll().where('school_year', '=', year).where('sector', '<>', ALL).execute();
  const signals = await trx.selectFrom('partner_signal_rollup').selectAll().where('school_year', '=', year).execute();
  if (coverage.length > 0 || signals.length > 0) {
    const leaves: Leaf[] = coverage
      .filter((c) => isPartnerTypeOffered(c.partner_type, c.sector))
      .map((c) => leafOf(c.municipality_code, c.sector, partnerPart(c.partner_type), [{ value: c.schools > 0 ? (100 * c.agreements) / c.schools : null, schools: c.schools }]));
    for (const s of signals) {
      for (const [id, column] of Object.entries(SIGNAL_COLUMNS)) {
        leaves.push(leafOf(s.municipality_code, s.sector, signalPart(id), [{ value: s.schools > 0 ? (100 * s[column]) / s.schools : null, schools: s.schools }]));
      }
    }
    // A partner or signal cell rests on the same schools as its school-figure cell (all bands).
    const hiddenHere = new Set<string>();
    const cube = buildLinkedCube(leaves, municipalities, PARTNER_SPEC);
    for (const key of cube.cells.keys()) {
      const [area, sector] = key.split('|') as [string, string];
      if (hiddenCells.has(cellKey(area, sector, ALL))) hiddenHere.add(key);
    }
    emit(POOLED_PARTNER_PART, decideCube(cube, PARTNER_SPEC, minSchools, hiddenHere), () => ALL);
  }
  return out;
}

/**
 * A figure published by its stored decision: undefined (never decided on) and hidden decisions are
 * never published; the small-cell rule applies once more as a safety net (e.g. MIN_CELL_SCHOOLS was
 * raised after the last rebuild).
 */
export function publishByDecision(decision: SuppressionReason | null | undefined, raw: RawMetric, minSchools: number): Published {
  if (decision === undefined) return { value: null, schools: null, suppressed: 'complementary' };
  if (decision !== null) return { value: null, schools: null, suppressed: decision };
  return publishCell(raw.value, raw.schools, minSchools);
}

export interface DisclosureKey { schoolYear: string; part: string; area: string; sector: string; band: string }

export function disclosureKey(k: DisclosureKey): string {
  return `${k.schoolYear}|${k.part}|${k.area}|${k.sector}|${k.band}`;
}

/** The decided cells of one slice of a linked table (school year × part × sector × band): area code → decision (undefined: not stored). */
export interface DecidedSlice { get(area: string): SuppressionReason | null | undefined }
export interface SliceOf { schoolYear: string; part: string; sector: string; band: string }

const sliceKey = (s: SliceOf) => `${s.schoolYear}|${s.part}|${s.sector}|${s.band}`;
const wholeKey = (schoolYear: string, part: string, sector: string) => `${schoolYear}|${part}|${sector}`;

/**
 * A slice as stored: its areas and, of those, the hidden ones. About four in five cells are
 * published, and the slices of a school year mostly hold the same areas, so a slice keeps only its
 * hidden cells and shares its set of areas with the other slices that have the same.
 */
class StoredSlice implements DecidedSlice {
  constructor(private readonly areas: ReadonlySet<string>, private readonly hidden: ReadonlyMap<string, SuppressionReason>) {}

  get(area: string): SuppressionReason | null | undefined {
    return this.hidden.get(area) ?? (this.areas.has(area) ? null : undefined);
  }
}
const NO_CELLS: DecidedSlice = new StoredSlice(new Set(), new Map());

/** The decisions kept for one data version. */
interface KeptDecisions {
  version: number;
  slices: Map<string, DecidedSlice>;
  /** The area sets of the slices, by their list as read: one set for all slices of the same areas. */
  areaSets: Map<string, ReadonlySet<string>>;
  /** School year × part × sector read whole, every band (by the read-ahead): a slice of one that is not kept has no cells. */
  whole: Set<string>;
  readingAhead?: Promise<void>;
}

/**
 * The slices each process has read, per database, for one data version. Decisions change only
 * with the data version (a rebuild raises it in the transaction that writes them), yet every
 * question reads some, a comparison some seven thousand. A version raised by any process retires
 * them all at the next read. Nothing is kept for a transaction: what it reads may still roll back.
 */
const keptSlices = new WeakMap<Kysely<Database>, KeptDecisions>();
/** The databases whose decisions are read ahead (keepDecisionsWarm), with where a failed read-ahead is reported. */
const readAheadOf = new WeakMap<Kysely<Database>, (error: unknown) => void>();

/**
 * The decisions kept for `version`. A read of an older version than the kept one (a question that
 * started before another saw a newer one) gets a set of its own that is not kept.
 */
function keptAt(db: Kysely<Database>, version: number): KeptDecisions {
  const entry = keptSlices.get(db);
  if (entry?.version === version) return entry;
  const fresh: KeptDecisions = { version, slices: new Map(), areaSets: new Map(), whole: new Set() };
  if (entry && entry.version > version) return fresh;
  keptSlices.set(db, fresh);
  const onError = readAheadOf.get(db);
  if (onError) fresh.readingAhead = readAhead(db, fresh).catch(onError);
  return fresh;
}

/** Separates the listed areas: no area code holds a control character (a count check guards it). */
const SEPARATOR = '\u001f';
const HIDDEN_REASONS: ReadonlySet<string> = new Set<SuppressionReason>(['small_cell', 'complementary']);

/**
 * The stored slices matching the filter, each read as one row that lists its areas and its hidden
 * cells. Finding a comparison's 7,000 cells in the covering index takes about a millisecond; a row
 * object per cell made that 40–60 ms on a loaded machine, a row per slice 7–15 ms. Slices without
 * cells are not returned.
 */
async function readSlices(db: Kysely<Database>, filter: { schoolYears: readonly string[]; sectors: readonly string[]; parts?: readonly string[]; bands?: readonly string[] }, kept: KeptDecisions): Promise<Map<string, DecidedSlice>> {
  let q = db.selectFrom('disclosure_cell')
    .select(['school_year', 'part', 'sector', 'band'])
    .select((eb) => [
      eb.fn.countAll<number | string>().as('cells'),
      // In the order found (the index's): sorting each list cost more than the rest of the read.
      // Two slices of the same areas listed in another order only share no set.
      sql<string>`string_agg(area_code, ${SEPARATOR})`.as('areas'),
      sql<string | null>`string_agg(case when suppressed is not null then area_code || ${SEPARATOR} || suppressed end, ${SEPARATOR})`.as('hidden'),
    ])
    .where('school_year', 'in', filter.schoolYears).where('sector', 'in', filter.sectors);
  if (filter.parts) q = q.where('part', 'in', filter.parts);
  if (filter.bands) q = q.where('band', 'in', filter.bands);
  const slices = new Map<string, DecidedSlice>();
  for (const r of await q.groupBy(['school_year', 'part', 'sector', 'band']).execute()) {
    let areas = kept.areaSets.get(r.areas);
    if (!areas) kept.areaSets.set(r.areas, (areas = new Set(r.areas.split(SEPARATOR))));
    const listed = r.hidden === null ? [] : r.hidden.split(SEPARATOR);
    const hidden = new Map<string, SuppressionReason>();
    for (let i = 0; i + 1 < listed.length; i += 2) hidden.set(listed[i]!, listed[i + 1] as SuppressionReason);
    // A separator inside a code or an unknown reason would misplace decisions: refuse instead.
    if (areas.size !== Number(r.cells) || listed.length % 2 !== 0 || [...hidden].some(([area, reason]) => !areas.has(area) || !HIDDEN_REASONS.has(reason))) {
      throw new Error(`Publicatiebeslissingen ${r.school_year} ${r.part} ${r.sector} ${r.band} niet leesbaar`);
    }
    slices.set(sliceKey({ schoolYear: r.school_year, part: r.part, sector: r.sector, band: r.band }), new StoredSlice(areas, hidden));
  }
  return slices;
}

/**
 * The wanted slices, in order; those not kept are read whole (every area) in one query. For readers
 * that look up many areas in few slices (no key per cell to compose).
 */
export async function decidedSlices(db: Kysely<Database>, wanted: readonly SliceOf[]): Promise<DecidedSlice[]> {
  if (wanted.length === 0) return [];
  const kept = db.isTransaction
    ? { version: -1, slices: new Map(), areaSets: new Map(), whole: new Set<string>() }
    : keptAt(db, await readDataVersion(db));
  const missing = wanted.filter((w) => !kept.slices.has(sliceKey(w)) && !kept.whole.has(wholeKey(w.schoolYear, w.part, w.sector)));
  if (missing.length > 0) {
    const [schoolYears, parts, sectors, bands] = (['schoolYear', 'part', 'sector', 'band'] as const).map((d) => [...new Set(missing.map((m) => m[d]))]) as [string[], string[], string[], string[]];
    const read = await readSlices(db, { schoolYears, parts, sectors, bands }, kept);
    // Every slice of the question's cross product is kept, the empty ones too: an absent cell is an answer.
    for (const schoolYear of schoolYears) for (const part of parts) for (const sector of sectors) for (const band of bands) {
      const key = sliceKey({ schoolYear, part, sector, band });
      kept.slices.set(key, read.get(key) ?? NO_CELLS);
    }
  }
  return wanted.map((w) => kept.slices.get(sliceKey(w)) ?? NO_CELLS);
}

/**
 * Reads every stored decision of the version ahead of the questions, one school year × part ×
 * sector at a time (newest year first), letting questions be answered between the reads; stops
 * when a newer version has retired this one. Each read follows the index's own order (school year,
 * part, sector): a read by school year × sector × band had to scan the whole year (some 60,000
 * cells, 10 ms and more a read on a busy machine, stalling every question behind it), one by part
 * and sector finds its few thousand cells at once (1–2 ms for the largest).
 */
async function readAhead(db: Kysely<Database>, kept: KeptDecisions): Promise<void> {
  const years = (await db.selectFrom('disclosure_cell').select('school_year').distinct().execute()).map((r) => r.school_year).sort().reverse();
  for (const schoolYear of years) {
    for (let part = await nextPart(db, schoolYear, null); part !== null; part = await nextPart(db, schoolYear, part)) {
      for (const sector of [ALL, ...SECTOR_IDS]) {
        await new Promise((resolve) => setImmediate(resolve));
        if (keptSlices.get(db) !== kept) return;
        for (const [key, slice] of await readSlices(db, { schoolYears: [schoolYear], parts: [part], sectors: [sector] }, kept)) if (!kept.slices.has(key)) kept.slices.set(key, slice);
        kept.whole.add(wholeKey(schoolYear, part, sector));
      }
    }
  }
}

/** The school year's first part after `after` (null: its first), one seek in the index; null when there is none. */
async function nextPart(db: Kysely<Database>, schoolYear: string, after: string | null): Promise<string | null> {
  let q = db.selectFrom('disclosure_cell').select('part').where('school_year', '=', schoolYear);
  if (after !== null) q = q.where('part', '>', after);
  return (await q.orderBy('part').limit(1).executeTakeFirst())?.part ?? null;
}

/**
 * Keeps the stored decisions of `db` read ahead: now, and again whenever a question finds the
 * data version raised (an import, undo or rebuild by any process), so that no question waits for
 * its decisions to be read. Resolves when the first read-ahead is done; a failed one goes to
 * `onError` (questions then read their own, as without it).
 */
export async function keepDecisionsWarm(db: Kysely<Database>, onError: (error: unknown) => void): Promise<void> {
  readAheadOf.set(db, onError);
  try {
    const kept = keptAt(db, await readDataVersion(db));
    kept.readingAhead ??= readAhead(db, kept).catch(onError);
  } catch (error) {
    onError(error);
  }
  await decisionsReadAhead(db);
}

/** Resolves when the read-ahead of the version last seen is done (at once when there is none). */
export async function decisionsReadAhead(db: Kysely<Database>): Promise<void> {
  await keptSlices.get(db)?.readingAhead;
}

/**
 * Stored decisions for the given cells. A key without a stored row is not a cell of a linked table
 * (or its year has no data) and comes back undefined: readers must then not publish it.
 */
export async function readDisclosure(db: Kysely<Database>, keys: readonly DisclosureKey[]): Promise<Map<string, SuppressionReason | null>> {
  const result = new Map<string, SuppressionReason | null>();
  if (keys.length === 0) return result;
  const wanted = new Map<string, SliceOf>();
  const sliceKeys = keys.map((k) => {
    const key = sliceKey(k);
    if (!wanted.has(key)) wanted.set(key, { schoolYear: k.schoolYear, part: k.part, sector: k.sector, band: k.band });
    return key;
  });
  const slices = await decidedSlices(db, [...wanted.values()]);
  const sliceOf = new Map([...wanted.keys()].map((key, i) => [key, slices[i]!]));
  keys.forEach((k, i) => {
    const decision = sliceOf.get(sliceKeys[i]!)!.get(k.area);
    if (decision !== undefined) result.set(disclosureKey(k), decision);
  });
  return result;
}

/** Decisions of one part for some areas (all bands = 'all'): area code → decision (undefined: not stored). */
export async function readPartDecisions(db: Kysely<Database>, filter: { schoolYear: string; part: string; sector: string; band?: string; areas: readonly string[] }) {
  const stored = (await readPartsDecisions(db, { ...filter, parts: [filter.part] })).get(filter.part)!;
  return new Map(filter.areas.map((area) => [area, stored.get(area)]));
}

/**
 * Decisions of several parts of one school year, sector and band (default 'all'), looked up by
 * part and area rather than by a composed key per cell: part → area code → decision (undefined:
 * not stored). Read only: the maps are shared.
 */
export async function readPartsDecisions(db: Kysely<Database>, filter: { schoolYear: string; parts: readonly string[]; sector: string; band?: string }): Promise<Map<string, DecidedSlice>> {
  const slices = await decidedSlices(db, filter.parts.map((part) => ({ schoolYear: filter.schoolYear, part, sector: filter.sector, band: filter.band ?? ALL })));
  return new Map(filter.parts.map((part, i) => [part, slices[i]!]));
}

export interface PublishedShare {
  part: string; level: 'nation' | 'region' | 'municipality' | 'district'; sector: string; band: string; cells: number; published: number;
  /** Cells hidden because a figure of theirs rests on fewer schools than the threshold: no choice of complements publishes them. */
  small: number;
}

/**
 * How much the publication layer hides (its information loss): per part family, level, sector and
 * band ('all' or 'per band'), the number of cells and how many of them are published. Empty cells
 * (no schools) count as published: there is nothing to hide.
 */
export async function publishedShares(db: Kysely<Database>, schoolYear: string): Promise<PublishedShare[]> {
  const rows = await db.selectFrom('disclosure_cell').select(['part', 'area_code', 'sector', 'band', 'suppressed']).where('school_year', '=', schoolYear).execute();
  const acc = new Map<string, PublishedShare>();
  for (const r of rows) {
    const part = r.part.startsWith('partner:') ? 'partner:<type>' : r.part.startsWith('signal:') ? 'signal:<id>'
      : r.part.startsWith(`${FUNNEL_THEME_PART}:`) ? `${FUNNEL_THEME_PART}:<theme>` : r.part;
    const level = r.area_code === NATION_AREA ? 'nation' : r.area_code.startsWith('GG') ? 'region' : isDistrictArea(r.area_code) ? 'district' : 'municipality';
    const band = r.band === ALL ? ALL : 'per band';
    const key = `${part}|${level}|${r.sector}|${band}`;
    const s = acc.get(key) ?? { part, level, sector: r.sector, band, cells: 0, published: 0, small: 0 };
    s.cells++;
    if (r.suppressed === null) s.published++;
    else if (r.suppressed === 'small_cell') s.small++;
    acc.set(key, s);
  }
  return [...acc.values()];
}
