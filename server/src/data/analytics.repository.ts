/**
 * Reading the rollups: sums of rollup_cell over any scope and breakdown, the metrics derived from
 * those sums, and their publication under the small-cell rule. Shared by the analytics routers.
 *
 * Every metric is computed as "sum first, divide last" from counts that travel with their
 * numerators, so a region is exactly the sum of its municipalities' schools.
 */
import { sql } from 'kysely';
import {
  NATION,
  PRINCIPLE_IDS,
  implementationDegree,
  share,
  supportHoursPerSchool,
  type PillarId,
  type ConditionId,
  type Published,
  type SectorFilter,
  type SuppressionReason,
} from '@rd/shared';
import type { Db } from '../db/connection.ts';
import type { RollupCellTable } from '../db/schema.ts';
import { principleCountColumn, principleSumColumn } from '../rollups/cells.ts';
import { BAND_PARTS, CELL_PART, NATION_AREA, POOLED_PARTNER_PART, SCAN_PART, decidedSlices, disclosureKey, publishByDecision, type DisclosureKey, type SliceOf } from './disclosure.ts';

export type CellSums = Omit<RollupCellTable, 'school_year' | 'municipality_code' | 'sector' | 'disadvantage_band' | 'region_code'> & {
  /**
   * The stored publication decisions of this group (disclosure_cell) when it is a cell of the linked
   * tables: `cell` for the figures over all schools, `scan` for those over the scanned schools,
   * `partner` for pooled partner coverage (RawMetric.part says which). Undefined for
   * anything else (e.g. a sum over an arbitrary set of areas), which is therefore never published.
   * Empty sums (no schools) count as a published empty cell.
   */
  readonly disclosure?: { readonly [P in LinkedPart]: SuppressionReason | null | undefined };
};
export type CellDimension = 'school_year' | 'region_code' | 'municipality_code' | 'disadvantage_band' | 'sector';

const SUM_COLUMNS = [
  'schools', 'scanned_schools', 'recorded_schools', 'kartrekker_schools', 'vignet_schools', 'supported_schools',
  'enthusiastic_schools', 'parent_support_schools', 'leadership_schools', 'leadership_known',
  'school_support_schools', 'school_support_known', 'intervention_schools', 'ggd_contact_schools',
  'support_hours', 'partner_schools', 'partner_pairs', 'partner_agreements',
  'score_sum', 'score_n', 'beleid_sum', 'beleid_n', 'omgeving_sum', 'omgeving_n', 'educatie_sum', 'educatie_n', 'signaleren_sum', 'signaleren_n',
  ...PRINCIPLE_IDS.flatMap((p) => [principleSumColumn(p), principleCountColumn(p)]),
] as const satisfies readonly (keyof CellSums)[];
export type SumColumn = (typeof SUM_COLUMNS)[number];

// Not frozen: a frozen prototype would forbid assigning the read columns as own properties.
const UNREAD: Record<string, number> = Object.fromEntries(SUM_COLUMNS.map((c) => [c, Number.NaN]));

/** Columns without the 32 principle columns: enough for every metric except per-principle ones. */
const SUMMARY_COLUMNS: readonly SumColumn[] = SUM_COLUMNS.filter((c) => !/^p\d+_/.test(c));

export interface CellFilter {
  schoolYear?: string;
  /** Several years: lets the (school_year, region_code) index serve multi-year region questions. */
  schoolYears?: readonly string[];
  sector?: SectorFilter;
  regionCode?: string;
  regionCodes?: readonly string[];
  municipalityCodes?: readonly string[];
  /** Only these disadvantage bands (e.g. the two of an equity gap): then only per-band groups are cells of the linked tables. */
  bands?: readonly string[];
}

export interface CellGroup<D extends CellDimension> {
  key: Record<D, string>;
  sums: CellSums;
}

const ZERO_SUMS = Object.freeze({ ...Object.fromEntries(SUM_COLUMNS.map((c) => [c, 0])), disclosure: { cell: null, scan: null, partner: null } }) as unknown as CellSums;

/** All-zero sums for a cell without schools. Shared and frozen: called per missing cell in hot loops. */
export function emptySums(): CellSums {
  return ZERO_SUMS;
}

/**
 * Sums of rollup cells matching the filter, grouped by the given dimensions (none = one total row).
 * Keys come back as strings (band '0' = unknown).
 */
export async function sumCells<D extends CellDimension>(
  db: Db,
  filter: CellFilter,
  groupBy: readonly D[],
  /** Which sums to read (fewer is faster); the others come back as NaN so a metric that needs one fails loudly. */
  columns: readonly SumColumn[] = SUMMARY_COLUMNS,
  /**
   * Which linked tables' decisions to read (fewer is faster: a national map reads one per area and
   * band). A metric of a part not read is never published.
   */
  parts: readonly LinkedPart[] = LINKED_PARTS,
): Promise<CellGroup<D>[]> {
  const groups = await readCellSums(db, filter, groupBy, columns);
  await attachDecisions(db, [{ filter, groups, parts }]);
  return groups;
}

/**
 * sumCells without the stored decisions: for a question that reads several sums and publishes
 * them together, and then reads all their decisions at once (attachDecisions).
 */
export async function readCellSums<D extends CellDimension>(db: Db, filter: CellFilter, groupBy: readonly D[], columns: readonly SumColumn[] = SUMMARY_COLUMNS): Promise<CellGroup<D>[]> {
  // Questions without a municipality or band dimension are answered from the region-level rollup.
  const regional = !filter.municipalityCodes && !filter.bands && groupBy.every((d) => d === 'school_year' || d === 'region_code' || d === 'sector');
  let q = db.kysely.selectFrom(regional ? 'rollup_region' : 'rollup_cell')
    .select(columns.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)))
    .select(groupBy.map((d) => sql.ref<string>(d).as(d)));
  if (filter.schoolYear) q = q.where('school_year', '=', filter.schoolYear);
  if (filter.schoolYears) q = q.where('school_year', 'in', filter.schoolYears.length ? [...filter.schoolYears] : ['']);
  if (filter.sector && filter.sector !== 'all') q = q.where('sector', '=', filter.sector);
  if (filter.regionCode) q = q.where('region_code', '=', filter.regionCode);
  if (filter.regionCodes) q = q.where('region_code', 'in', filter.regionCodes.length ? [...filter.regionCodes] : ['']);
  if (filter.municipalityCodes) q = q.where('municipality_code', 'in', filter.municipalityCodes.length ? [...filter.municipalityCodes] : ['']);
  if (filter.bands) q = q.where('disadvantage_band', 'in', filter.bands.length ? filter.bands.map(Number) : [-1]);
  if (groupBy.length) q = q.groupBy(groupBy.map((d) => sql.ref(d)));
  const rows = (await q.execute()) as Record<string, unknown>[];
  // Without GROUP BY an empty match still yields one all-NULL row: it reads as zeros. Columns not
  // read fall through to NaN on the prototype (cheap per row; a metric needing one fails loudly).
  const groups = rows.map((r) => {
    const key = {} as Record<D, string>;
    for (const d of groupBy) key[d] = String(r[d]);
    const sums = Object.create(UNREAD) as Record<string, unknown>;
    for (const c of columns) sums[c] = Number(r[c] ?? 0);
    return { key, sums: sums as unknown as CellSums };
  });
  if (groupBy.includes('disadvantage_band' as D)) completeBandGroups(groups, groupBy, filter.bands ?? BAND_PARTS, columns);
  return groups;
}

/**
 * Groups of readCellSums added up over their bands, as a read without the band dimension returns
 * them (a municipality's total from its bands). Only for counts: whole numbers add up exactly in
 * any order, support hours might not. The sums not read stay NaN.
 */
export function sumOverBands<D extends CellDimension>(groups: readonly CellGroup<D>[], columns: readonly SumColumn[]): CellGroup<Exclude<D, 'disadvantage_band'>>[] {
  if (columns.includes('support_hours')) throw new Error('support_hours is geen telling: tel die in SQL op');
  type Total = CellGroup<Exclude<D, 'disadvantage_band'>>;
  const dims = Object.keys(groups[0]?.key ?? {}).filter((d) => d !== 'disadvantage_band') as Exclude<D, 'disadvantage_band'>[];
  const totals = new Map<string, Total>();
  for (const g of groups) {
    const id = dims.length === 1 ? g.key[dims[0]!] : dims.map((d) => g.key[d]).join('|');
    let total = totals.get(id);
    if (!total) {
      const key = {} as Total['key'];
      for (const d of dims) key[d] = g.key[d];
      const sums = Object.create(UNREAD) as Record<string, number>;
      for (const c of columns) sums[c] = 0;
      totals.set(id, (total = { key, sums: sums as unknown as CellSums }));
    }
    const sums = total.sums as unknown as Record<string, number>;
    for (const c of columns) sums[c]! += g.sums[c];
  }
  return [...totals.values()];
}

/**
 * A band without schools has no rollup rows, yet it is a cell with a stored decision: "no school in
 * this band" is hidden where it would place a hidden group's schools (see linked-suppression.ts).
 * Adds it as a zero group beside every combination of the other dimensions that has a band (a
 * question grouped by band alone always has its bands), so that it is published by its decision.
 */
function completeBandGroups<D extends CellDimension>(groups: { key: Record<D, string>; sums: CellSums }[], groupBy: readonly D[], bands: readonly string[], columns: readonly SumColumn[]): void {
  const others = groupBy.filter((d) => d !== 'disadvantage_band');
  const band = 'disadvantage_band' as D;
  const combos = new Map<string, Record<D, string>>();
  const present = new Set<string>();
  const comboKey = (k: Record<D, string>) => others.map((d) => k[d]).join('|');
  for (const g of groups) {
    combos.set(comboKey(g.key), g.key);
    present.add(`${comboKey(g.key)}|${g.key[band]}`);
  }
  if (others.length === 0 && combos.size === 0) combos.set('', {} as Record<D, string>);
  for (const [ck, k] of combos) {
    for (const b of bands) {
      if (present.has(`${ck}|${b}`)) continue;
      const sums = Object.create(UNREAD) as Record<string, unknown>;
      for (const c of columns) sums[c] = 0;
      groups.push({ key: { ...k, [band]: String(b) }, sums: sums as unknown as CellSums });
    }
  }
}

/** The cell of the linked tables a group of sumCells stands for (without its part), or null when it is not one. */
function linkedCell(filter: CellFilter, key: Record<string, string>): Omit<DisclosureKey, 'part'> | null {
  const schoolYear = key.school_year ?? filter.schoolYear ?? (filter.schoolYears?.length === 1 ? filter.schoolYears[0] : undefined);
  if (schoolYear === undefined) return null;
  // A sum over some of the bands is not a cell: only a group of one band is.
  if (filter.bands && key.disadvantage_band === undefined) return null;
  const sector = key.sector ?? filter.sector ?? 'all';
  const band = key.disadvantage_band ?? 'all';
  let area: string | undefined;
  if (key.municipality_code !== undefined) area = key.municipality_code;
  else if (filter.municipalityCodes) area = filter.municipalityCodes.length === 1 ? filter.municipalityCodes[0] : undefined;
  else if (key.region_code !== undefined) area = key.region_code;
  else if (filter.regionCodes) area = filter.regionCodes.length === 1 ? filter.regionCodes[0] : undefined;
  else if (filter.regionCode) area = filter.regionCode;
  else area = NATION_AREA;
  return area === undefined ? null : { schoolYear, area, sector, band };
}

/** Pooled partner coverage is decided for all bands together only. */
const partsOfCell = (c: Omit<DisclosureKey, 'part'>, parts: readonly LinkedPart[]) => (c.band === 'all' ? parts : parts.filter((p) => p !== 'partner'));

/** Sums of readCellSums with the question they answer and the linked tables to publish them by. */
export interface SummedCells {
  filter: CellFilter;
  groups: readonly { key: Partial<Record<CellDimension, string>>; sums: CellSums }[];
  parts: readonly LinkedPart[];
}

/**
 * Gives every group of the answers its stored decisions for the parts read (others stay undefined:
 * never published), reading them for all answers, and the `extra` cells, at once. Returns the
 * decisions of the `extra` cells (disclosureKey → decision; absent: not stored).
 *
 * A national question has a thousand groups or more in a handful of slices (school year × part ×
 * sector × band): each group looks its area up in its slice, without a composed key per cell.
 */
export async function attachDecisions(db: Db, answers: readonly SummedCells[], extra: readonly DisclosureKey[] = []): Promise<ReadonlyMap<string, SuppressionReason | null>> {
  const wanted: SliceOf[] = [];
  const sliceIndex = new Map<string, number>();
  const slotOf = (s: SliceOf): number => {
    const key = `${s.schoolYear}|${s.part}|${s.sector}|${s.band}`;
    let i = sliceIndex.get(key);
    if (i === undefined) {
      sliceIndex.set(key, (i = wanted.length));
      wanted.push(s);
    }
    return i;
  };
  const extraSlots = extra.map((k) => slotOf({ schoolYear: k.schoolYear, part: k.part, sector: k.sector, band: k.band }));
  // Per group: its area and, per linked part, the slot of its slice (-1: not read, never published).
  const lookups = answers.map((a) => {
    const read = new Set(a.parts);
    // The groups of one answer mostly share their school year, sector and band: their slots once per combination.
    const slotsOf = new Map<string, readonly [number, number, number]>();
    return a.groups.map((g) => {
      const c = linkedCell(a.filter, g.key as Record<string, string>);
      if (!c) return null;
      const combination = `${c.schoolYear}|${c.sector}|${c.band}`;
      let slots = slotsOf.get(combination);
      if (!slots) {
        const parts = partsOfCell(c, a.parts);
        const slot = (p: LinkedPart) => (read.has(p) && parts.includes(p) ? slotOf({ schoolYear: c.schoolYear, part: partName(p), sector: c.sector, band: c.band }) : -1);
        slotsOf.set(combination, (slots = [slot('cell'), slot('scan'), slot('partner')]));
      }
      return { area: c.area, slots };
    });
  });
  const slices = await decidedSlices(db.kysely, wanted);
  answers.forEach((a, i) => {
    a.groups.forEach((g, j) => {
      const l = lookups[i]![j];
      const decisionOf = (slot: number) => (slot < 0 ? undefined : slices[slot]!.get(l!.area));
      (g.sums as { disclosure?: CellSums['disclosure'] }).disclosure = l
        ? { cell: decisionOf(l.slots[0]), scan: decisionOf(l.slots[1]), partner: decisionOf(l.slots[2]) }
        : undefined;
    });
  });
  const decisions = new Map<string, SuppressionReason | null>();
  extra.forEach((k, i) => {
    const decision = slices[extraSlots[i]!]!.get(k.area);
    if (decision !== undefined) decisions.set(disclosureKey(k), decision);
  });
  return decisions;
}

/** The linked table whose stored decision publishes a figure of rollup_cell (see disclosure.ts). */
export type LinkedPart = 'cell' | 'scan' | 'partner';
export const LINKED_PARTS: readonly LinkedPart[] = ['cell', 'scan', 'partner'];
/** The part name in disclosure_cell. A function: disclosure.ts imports this module and is still loading when it runs. */
const partName = (p: LinkedPart): string => (p === 'cell' ? CELL_PART : p === 'scan' ? SCAN_PART : POOLED_PARTNER_PART);

/**
 * The sums some metrics read, found by running each once on zeros, so that a question showing a few
 * metrics reads only those columns (a national municipality map: 20 → 3 sums per row).
 */
export function columnsOf(...metrics: readonly ((s: CellSums) => RawMetric)[]): SumColumn[] {
  const read = new Set<SumColumn>();
  const columns = new Set<string>(SUM_COLUMNS);
  const probe = new Proxy(emptySums(), {
    get(target, key, receiver) {
      if (typeof key === 'string' && columns.has(key)) read.add(key as SumColumn);
      return Reflect.get(target, key, receiver);
    },
  });
  for (const metric of metrics) metric(probe);
  return [...read];
}

/** The linked table that decides a metric (e.g. to read only its decisions). */
export function partOf(metric: (s: CellSums) => RawMetric): LinkedPart {
  return metric(emptySums()).part ?? 'cell';
}

/**
 * A metric before publication: its value, the number of schools it rests on, and the linked table
 * that decides it (default 'cell': the figures over all schools).
 */
export interface RawMetric { value: number | null; schools: number; part?: LinkedPart }

export function principleMetric(s: CellSums, principle: number): RawMetric {
  const n = s[principleCountColumn(principle)];
  return { value: implementationDegree(s[principleSumColumn(principle)], n), schools: Math.min(n, s.scanned_schools), part: 'scan' };
}

export function pillarMetric(s: CellSums, pillar: PillarId): RawMetric {
  return { value: implementationDegree(s[`${pillar}_sum`], s[`${pillar}_n`]), schools: s.scanned_schools, part: 'scan' };
}

function implementationMetric(s: CellSums): RawMetric {
  return { value: implementationDegree(s.score_sum, s.score_n), schools: s.scanned_schools, part: 'scan' };
}

/** The school-based metrics of the overview map and key figures. */
export const CELL_METRICS = {
  implementation: implementationMetric,
  'pillar:beleid': (s: CellSums) => pillarMetric(s, 'beleid'),
  'pillar:omgeving': (s: CellSums) => pillarMetric(s, 'omgeving'),
  'pillar:educatie': (s: CellSums) => pillarMetric(s, 'educatie'),
  'pillar:signaleren': (s: CellSums) => pillarMetric(s, 'signaleren'),
  /** % of register schools with a scan this school year. */
  scanCoverage: (s: CellSums): RawMetric => ({ value: share(s.scanned_schools, s.schools), schools: s.schools, part: 'scan' }),
  /** % of register schools holding at least one themacertificaat (the vignet) this school year. */
  vignetShare: (s: CellSums): RawMetric => ({ value: share(s.vignet_schools, s.schools), schools: s.schools }),
  /** % of schools with an implementation record that have a kartrekker (unknown is not "no"). */
  kartrekkerShare: (s: CellSums): RawMetric => ({ value: share(s.kartrekker_schools, s.recorded_schools), schools: s.recorded_schools }),
  /** % of schools meeting each implementation condition (IMPLEMENTATION_CONDITIONS), over the schools whose record states it. */
  enthusiasmShare: (s: CellSums): RawMetric => ({ value: share(s.enthusiastic_schools, s.recorded_schools), schools: s.recorded_schools }),
  parentSupportShare: (s: CellSums): RawMetric => ({ value: share(s.parent_support_schools, s.recorded_schools), schools: s.recorded_schools }),
  leadershipShare: (s: CellSums): RawMetric => ({ value: share(s.leadership_schools, s.leadership_known), schools: s.leadership_known }),
  schoolSupportShare: (s: CellSums): RawMetric => ({ value: share(s.school_support_schools, s.school_support_known), schools: s.school_support_known }),
  interventionsShare: (s: CellSums): RawMetric => ({ value: share(s.intervention_schools, s.recorded_schools), schools: s.recorded_schools }),
  ggdContactShare: (s: CellSums): RawMetric => ({ value: share(s.ggd_contact_schools, s.recorded_schools), schools: s.recorded_schools }),
  /** % of register schools that received any GGD support hours this school year. */
  supportedShare: (s: CellSums): RawMetric => ({ value: share(s.supported_schools, s.schools), schools: s.schools }),
  supportHoursPerSchool: (s: CellSums): RawMetric => ({ value: supportHoursPerSchool(s.support_hours, s.schools), schools: s.schools }),
  /** % of (school, relevant partner type) pairs with a structural agreement. */
  partnerCoverage: (s: CellSums): RawMetric => ({ value: share(s.partner_agreements, s.partner_pairs), schools: s.partner_schools, part: 'partner' }),
} as const satisfies Record<string, (s: CellSums) => RawMetric>;
export type CellMetricId = keyof typeof CELL_METRICS;

/** The number of register schools: the count beside the shares over all schools. */
export const schoolCount = (s: CellSums): RawMetric => ({ value: s.schools, schools: s.schools });

/** A table's figures by id, in the order given: the school count and cell metrics. */
export function figureMetrics<const Id extends CellMetricId | 'schools'>(ids: readonly Id[]): Record<Id, (s: CellSums) => RawMetric> {
  return Object.fromEntries(ids.map((id) => [id, id === 'schools' ? schoolCount : CELL_METRICS[id as CellMetricId]])) as Record<Id, (s: CellSums) => RawMetric>;
}

/** The share of schools meeting each implementation condition, by condition (all in the 'cell' table). */
export const CONDITION_METRICS = {
  kartrekker: 'kartrekkerShare',
  enthusiasm: 'enthusiasmShare',
  parentSupport: 'parentSupportShare',
  leadership: 'leadershipShare',
  schoolSupport: 'schoolSupportShare',
  interventions: 'interventionsShare',
  ggdContact: 'ggdContactShare',
} as const satisfies Record<ConditionId, CellMetricId>;

/** Publishes one metric over sibling cells; a hidden parent hides all its children. */
export function publishMetricAmong<K>(
  siblings: readonly { key: K; sums: CellSums }[],
  metric: (s: CellSums) => RawMetric,
  minSchools: number,
  parentHidden = false,
): Map<K, Published> {
  const result = new Map<K, Published>();
  for (const c of siblings) result.set(c.key, publishMetric(c.sums, metric, minSchools, parentHidden));
  return result;
}

/**
 * Publishes one metric of one group by its stored decision (see disclosure.ts). The small-cell rule
 * is applied once more as a safety net, e.g. when MIN_CELL_SCHOOLS was raised after the last rebuild.
 */
function publishMetric(sums: CellSums, metric: (s: CellSums) => RawMetric, minSchools: number, parentHidden = false): Published {
  const m = metric(sums);
  // A sum that was never decided on is never published.
  const decision = sums.disclosure?.[m.part ?? 'cell'];
  if (decision !== null) return publishByDecision(decision, { value: null, schools: 0 }, minSchools);
  if (parentHidden && m.schools > 0) return { value: null, schools: null, suppressed: 'complementary' };
  return publishByDecision(decision, m, minSchools);
}

export interface Siblings {
  /** The key of the scope itself among its siblings. */
  key: string;
  siblings: { key: string; sums: CellSums }[];
}

/** Just enough for the overall implementation degree (e.g. per band for equity gaps). */
export const IMPLEMENTATION_COLUMNS: readonly SumColumn[] = ['schools', 'scanned_schools', 'score_sum', 'score_n'];
export const ALL_COLUMNS: readonly SumColumn[] = SUM_COLUMNS;

/**
 * A scope together with the siblings it must be published among: the nation alone, a region among
 * the 25 regions, a municipality among the municipalities of its region.
 */
export async function scopeSiblings(
  db: Db,
  scope: { level: 'nation' | 'region' | 'municipality'; code: string | null; regionCode: string | null },
  filter: { schoolYear: string; sector: SectorFilter },
  columns: readonly SumColumn[] = SUMMARY_COLUMNS,
): Promise<Siblings> {
  if (scope.level === 'nation') {
    const [total] = await sumCells(db, filter, [], columns);
    return { key: NATION.code, siblings: [{ key: NATION.code, sums: total?.sums ?? emptySums() }] };
  }
  const dim = scope.level === 'region' ? 'region_code' : 'municipality_code';
  const groups = await sumCells(db, scope.level === 'region' ? filter : { ...filter, regionCode: scope.regionCode! }, [dim], columns);
  const siblings = groups.map((g) => ({ key: g.key[dim], sums: g.sums }));
  if (!siblings.some((s) => s.key === scope.code)) siblings.push({ key: scope.code!, sums: emptySums() });
  return { key: scope.code!, siblings };
}

export function publishScope(s: Siblings, metric: (sums: CellSums) => RawMetric, minSchools: number): Published {
  return publishMetricAmong(s.siblings, metric, minSchools).get(s.key)!;
}

