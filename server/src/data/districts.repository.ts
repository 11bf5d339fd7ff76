/**
 * Districts (CBS wijken) of a municipality and their figures from rollup_district, published by the
 * stored decisions of the school and scan tables (disclosure.ts: districts are the children of their
 * municipality there). Partner coverage is not decided per district and is therefore never published
 * for one.
 */
import { sql } from 'kysely';
import { UNKNOWN_DISTRICT_NAME, unknownDistrictCode, type SectorFilter } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { ALL_COLUMNS, emptySums, type CellSums } from './analytics.repository.ts';
import { CELL_PART, SCAN_PART, disclosureKey, readDisclosure } from './disclosure.ts';

export interface DistrictInfo {
  code: string;
  name: string;
  municipalityCode: string;
  /** The areas of the municipality this wijk belongs to. */
  areas: { code: string; name: string }[];
  hasBoundary: boolean;
  /** The remainder district: the municipality's schools without a known wijk. */
  unknown: boolean;
}

/** The districts of a municipality (empty when it has none), by code, with its remainder district last. */
export async function listDistricts(db: Db, municipalityCode: string): Promise<DistrictInfo[]> {
  const [rows, areas] = await Promise.all([
    db.kysely.selectFrom('district').select(['code', 'name', 'municipality_code', sql<number>`case when boundary is null then 0 else 1 end`.as('has_boundary')])
      .where('municipality_code', '=', municipalityCode).orderBy('code').execute(),
    db.kysely.selectFrom('district_area').select(['district_code', 'area_code', 'area_name'])
      .where('municipality_code', '=', municipalityCode).orderBy('area_code').execute(),
  ]);
  if (rows.length === 0) return [];
  const areasOf = new Map<string, { code: string; name: string }[]>();
  for (const a of areas) areasOf.set(a.district_code, [...(areasOf.get(a.district_code) ?? []), { code: a.area_code, name: a.area_name }]);
  const list: DistrictInfo[] = rows.map((r) => ({
    code: r.code, name: r.name, municipalityCode: r.municipality_code, areas: areasOf.get(r.code) ?? [], hasBoundary: Number(r.has_boundary) === 1, unknown: false,
  }));
  list.push({ code: unknownDistrictCode(municipalityCode), name: UNKNOWN_DISTRICT_NAME, municipalityCode, areas: [], hasBoundary: false, unknown: true });
  return list;
}

/** Boundaries (GeoJSON geometries) of the districts of a municipality that have one. */
export async function districtBoundaries(db: Db, municipalityCode: string): Promise<{ code: string; name: string; geometry: unknown }[]> {
  const rows = await db.kysely.selectFrom('district').select(['code', 'name', 'boundary'])
    .where('municipality_code', '=', municipalityCode).where('boundary', 'is not', null).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.boundary!) as unknown }));
}

/**
 * Sums per district of one municipality (all bands), with the stored decisions attached. Every
 * district of `codes` gets sums, empty ones too, so that each is published among its siblings.
 */
export async function districtSums(db: Db, filter: { schoolYear: string; sector: SectorFilter; municipalityCode: string }, codes: readonly string[]): Promise<Map<string, CellSums>> {
  let q = db.kysely.selectFrom('rollup_district')
    .select('district_code')
    .select(ALL_COLUMNS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)))
    .where('school_year', '=', filter.schoolYear).where('municipality_code', '=', filter.municipalityCode)
    .groupBy('district_code');
  if (filter.sector !== 'all') q = q.where('sector', '=', filter.sector);
  const rows = (await q.execute()) as Record<string, unknown>[];
  const keys = codes.flatMap((area) => [CELL_PART, SCAN_PART].map((part) => ({ schoolYear: filter.schoolYear, part, area, sector: filter.sector, band: 'all' })));
  const decisions = await readDisclosure(db.kysely, keys);
  const byCode = new Map(rows.map((r) => [String(r.district_code), r]));
  const result = new Map<string, CellSums>();
  for (const code of codes) {
    const row = byCode.get(code);
    const sums = row ? Object.fromEntries(ALL_COLUMNS.map((c) => [c, Number(row[c] ?? 0)])) : { ...emptySums() };
    const decided = (part: string) => decisions.get(disclosureKey({ schoolYear: filter.schoolYear, part, area: code, sector: filter.sector, band: 'all' }));
    // A district without schools in this sector is no cell of the linked tables; its zeros are published.
    const disclosure = row ? { cell: decided(CELL_PART), scan: decided(SCAN_PART), partner: undefined } : { cell: null, scan: null, partner: undefined };
    result.set(code, { ...(sums as unknown as CellSums), disclosure });
  }
  return result;
}
