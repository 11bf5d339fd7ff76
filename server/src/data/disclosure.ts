/**
 * The publication layer: which aggregates over schools may be published, decided once per school
 * year for the whole linked set of figures (see shared/src/metrics/linked-suppression.ts) and stored
 * in disclosure_cell. Readers never decide on their own: sumCells attaches the stored decision to
 * every group that is a cell of the hypercube, and publishMetricAmong publishes by it.
 *
 * The hypercube: area (nation, 25 regions, municipalities) × sector (all, po, so, vo, mbo) ×
 * disadvantage band (all, 1–4, 0 = unknown), with the relations nation = Σ regions,
 * region = Σ its municipalities, all sectors = Σ sectors, all bands = Σ bands. Every school-based
 * metric of the cell rollup takes part, so a cell is hidden for all of them at once: a scan count
 * published in one table can then never pin down the schools behind a hidden figure in another.
 */
import { SECTOR_IDS, suppressLinkedTable, type LinkedMetric, type SuppressionReason } from '@rd/shared';
import { PRINCIPLE_IDS } from '@rd/shared';
import type { Kysely } from 'kysely';
import type { Database, RollupCellTable } from '../db/schema.ts';
import { insertBatchSize } from '../db/dialect-sql.ts';
import { addSums, CELL_METRICS, emptySums, principleMetric, type CellSums, type RawMetric } from './analytics.repository.ts';
import type { RollupRefreshContext } from './rollups.ts';

export const NATION_AREA = 'NL';
export const ALL = 'all';
export const BAND_PARTS = ['1', '2', '3', '4', '0'] as const;

/** Percentages: an attacker's interval must stay at least ±15 percentage points wide. */
const PERCENT_PROTECTION = 15;
/** Hours per school have no upper bound per school: protect ±15 % of the value. */
const RELATIVE_PROTECTION = 0.15;

interface DisclosureMetric extends LinkedMetric {
  of: (s: CellSums) => RawMetric;
}

const percent = (of: (s: CellSums) => RawMetric): DisclosureMetric => ({ of, max: 100, protection: () => PERCENT_PROTECTION });

/**
 * Every school-based figure published from the cell rollup, each with its natural bounds. Built on
 * first use: the metric functions come from a module that is still loading when this one is.
 */
let metrics: readonly DisclosureMetric[] | undefined;
export function disclosureMetrics(): readonly DisclosureMetric[] {
  metrics ??= [
    percent(CELL_METRICS.implementation),
    percent(CELL_METRICS['pillar:beleid']),
    percent(CELL_METRICS['pillar:omgeving']),
    percent(CELL_METRICS['pillar:educatie']),
    percent(CELL_METRICS['pillar:signaleren']),
    percent(CELL_METRICS.scanCoverage),
    percent(CELL_METRICS.vignetShare),
    percent(CELL_METRICS.kartrekkerShare),
    percent(CELL_METRICS.supportedShare),
    percent(CELL_METRICS.partnerCoverage),
    { of: CELL_METRICS.supportHoursPerSchool, max: null, protection: (x: number) => RELATIVE_PROTECTION * x },
    ...PRINCIPLE_IDS.map((p) => percent((s) => principleMetric(s, p))),
  ];
  return metrics;
}

export function cellKey(area: string, sector: string, band: string): string {
  return `${area}|${sector}|${band}`;
}

/** The hypercube of one school year: summed cells and the additive relations between them. */
export function buildHypercube(rows: readonly Pick<RollupCellTable, 'municipality_code' | 'region_code' | 'sector' | 'disadvantage_band'>[] & readonly CellSums[], municipalities: readonly { code: string; regionCode: string }[]) {
  const sums = new Map<string, CellSums>();
  const add = (key: string, s: CellSums) => sums.set(key, addSums(sums.get(key) ?? emptySums(), s));
  for (const r of rows as readonly (CellSums & { municipality_code: string; region_code: string; sector: string; disadvantage_band: number })[]) {
    const band = String(r.disadvantage_band);
    for (const area of [r.municipality_code, r.region_code, NATION_AREA]) {
      for (const sector of [r.sector, ALL]) {
        for (const b of [band, ALL]) add(cellKey(area, sector, b), r);
      }
    }
  }
  const regions = [...new Set(municipalities.map((m) => m.regionCode))].sort();
  const areas = [NATION_AREA, ...regions, ...municipalities.map((m) => m.code)];
  const sectors = [ALL, ...SECTOR_IDS];
  const bands = [ALL, ...BAND_PARTS];
  for (const a of areas) for (const s of sectors) for (const b of bands) if (!sums.has(cellKey(a, s, b))) sums.set(cellKey(a, s, b), emptySums());

  const relations: { parent: string; children: string[] }[] = [];
  for (const s of sectors) {
    for (const b of bands) {
      relations.push({ parent: cellKey(NATION_AREA, s, b), children: regions.map((r) => cellKey(r, s, b)) });
      for (const r of regions) {
        relations.push({ parent: cellKey(r, s, b), children: municipalities.filter((m) => m.regionCode === r).map((m) => cellKey(m.code, s, b)) });
      }
    }
  }
  for (const a of areas) {
    for (const b of bands) relations.push({ parent: cellKey(a, ALL, b), children: SECTOR_IDS.map((s) => cellKey(a, s, b)) });
    for (const s of sectors) relations.push({ parent: cellKey(a, s, ALL), children: BAND_PARTS.map((b) => cellKey(a, s, b)) });
  }
  return { sums, relations };
}

/** The decisions for one school year's hypercube. */
export function decideDisclosure(sums: ReadonlyMap<string, CellSums>, relations: readonly { parent: string; children: readonly string[] }[], minSchools: number): Map<string, SuppressionReason | null> {
  const cells = [...sums].map(([key, s]) => {
    const raw = disclosureMetrics().map((m) => m.of(s));
    return { key, schools: raw.map((r) => r.schools), values: raw.map((r) => r.value) };
  });
  return suppressLinkedTable({ cells, relations, metrics: disclosureMetrics(), minSchools });
}

/** Rollup refresher: rebuilds disclosure_cell for the refreshed school years from rollup_cell. */
export async function refreshDisclosure({ trx, schoolYears, fullRebuild, dialect, minCellSchools }: RollupRefreshContext): Promise<void> {
  if (fullRebuild) await trx.deleteFrom('disclosure_cell').execute();
  else if (schoolYears.length > 0) await trx.deleteFrom('disclosure_cell').where('school_year', 'in', schoolYears).execute();
  const municipalities = (await trx.selectFrom('municipality').select(['code', 'region_code']).orderBy('code').execute())
    .map((m) => ({ code: m.code, regionCode: m.region_code }));
  for (const year of schoolYears) {
    const rows = await trx.selectFrom('rollup_cell').selectAll().where('school_year', '=', year).execute();
    if (rows.length === 0) continue;
    const { sums, relations } = buildHypercube(rows as never, municipalities);
    const decisions = decideDisclosure(sums, relations, minCellSchools);
    const out = [...decisions].map(([key, suppressed]) => {
      const [area_code, sector, band] = key.split('|') as [string, string, string];
      return { school_year: year, area_code, sector, band, suppressed };
    });
    const size = insertBatchSize(dialect, 5);
    for (let i = 0; i < out.length; i += size) await trx.insertInto('disclosure_cell').values(out.slice(i, i + size)).execute();
  }
}

export interface DisclosureKey { schoolYear: string; area: string; sector: string; band: string }

/**
 * Stored decisions for the given cells. A key without a stored row is not a cell of the hypercube
 * (or its year has no data) and comes back undefined: readers must then not publish it.
 */
export async function readDisclosure(db: Kysely<Database>, keys: readonly DisclosureKey[]): Promise<Map<string, SuppressionReason | null>> {
  const result = new Map<string, SuppressionReason | null>();
  if (keys.length === 0) return result;
  const years = [...new Set(keys.map((k) => k.schoolYear))];
  const sectors = [...new Set(keys.map((k) => k.sector))];
  const bands = [...new Set(keys.map((k) => k.band))];
  const areas = [...new Set(keys.map((k) => k.area))];
  let q = db.selectFrom('disclosure_cell').select(['school_year', 'area_code', 'sector', 'band', 'suppressed'])
    .where('school_year', 'in', years).where('sector', 'in', sectors).where('band', 'in', bands);
  // A short list of areas narrows the read; a national map reads the year's cells of the sector.
  if (areas.length <= 50) q = q.where('area_code', 'in', areas);
  for (const r of await q.execute()) {
    result.set(disclosureKey({ schoolYear: r.school_year, area: r.area_code, sector: r.sector, band: r.band }), r.suppressed as SuppressionReason | null);
  }
  return result;
}

export function disclosureKey(k: DisclosureKey): string {
  return `${k.schoolYear}|${k.area}|${k.sector}|${k.band}`;
}
