/**
 * Districts (CBS wijken) of a municipality and their figures from rollup_district, over all bands or
 * per disadvantage band, published by the stored decisions of the school and scan tables
 * (disclosure.ts: districts are the children of their municipality there, and split by band like
 * every area). Partner coverage is not decided per district and is therefore never published for one.
 */
import { sql } from 'kysely';
import { UNKNOWN_DISTRICT_NAME, unknownDistrictCode, type SectorFilter } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { ALL_COLUMNS, emptySums, type CellSums, type SumColumn } from './analytics.repository.ts';
import { ALL, CELL_PART, SCAN_PART, disclosureKey, readDisclosure } from './disclosure.ts';
import { BAND_KEYS, type BandKey } from './equity.repository.ts';

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
export async function districtSums(db: Db, filter: DistrictFilter, codes: readonly string[]): Promise<Map<string, CellSums>> {
  const cells = await districtCells(db, filter, codes, false);
  return new Map(codes.map((code) => [code, cells.get(cellOf(code, ALL))!]));
}

/**
 * Sums per district and disadvantage band (all five bands of every district of `codes`), with the
 * stored decisions attached; `columns`: the sums to read (the others are NaN).
 */
export async function districtBandSums(db: Db, filter: DistrictFilter, codes: readonly string[], columns: readonly SumColumn[] = ALL_COLUMNS): Promise<Map<string, { key: BandKey; sums: CellSums }[]>> {
  const cells = await districtCells(db, filter, codes, true, columns);
  return new Map(codes.map((code) => [code, BAND_KEYS.map((band) => ({ key: band, sums: cells.get(cellOf(code, band))! }))]));
}

type DistrictFilter = { schoolYear: string; sector: SectorFilter; municipalityCode: string };
const cellOf = (code: string, band: string) => `${code}|${band}`;

/** The cells (district × band, or district over all bands) of `codes`, keyed by cellOf. */
async function districtCells(db: Db, filter: DistrictFilter, codes: readonly string[], byBand: boolean, columns: readonly SumColumn[] = ALL_COLUMNS): Promise<Map<string, CellSums>> {
  let q = db.kysely.selectFrom('rollup_district')
    .select('district_code')
    .select(columns.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)))
    .where('school_year', '=', filter.schoolYear).where('municipality_code', '=', filter.municipalityCode)
    .groupBy('district_code');
  if (byBand) q = q.select('disadvantage_band').groupBy('disadvantage_band');
  if (filter.sector !== 'all') q = q.where('sector', '=', filter.sector);
  const rows = (await q.execute()) as Record<string, unknown>[];
  const bands = byBand ? BAND_KEYS : [ALL];
  const keys = codes.flatMap((area) => bands.flatMap((band) => [CELL_PART, SCAN_PART].map((part) => ({ schoolYear: filter.schoolYear, part, area, sector: filter.sector, band }))));
  const decisions = await readDisclosure(db.kysely, keys);
  const byCell = new Map(rows.map((r) => [cellOf(String(r.district_code), byBand ? String(r.disadvantage_band) : ALL), r]));
  const withSchools = new Set(rows.map((r) => String(r.district_code)));
  const result = new Map<string, CellSums>();
  for (const code of codes) {
    for (const band of bands) {
      const row = byCell.get(cellOf(code, band));
      const sums = row ? Object.fromEntries(columns.map((c) => [c, Number(row[c] ?? 0)])) : { ...emptySums() };
      const decided = (part: string) => decisions.get(disclosureKey({ schoolYear: filter.schoolYear, part, area: code, sector: filter.sector, band }));
      // A district without schools in this sector is no cell of the linked tables; its zeros are
      // published. A district with schools publishes each band, empty ones too, by its decision.
      const disclosure = withSchools.has(code) ? { cell: decided(CELL_PART), scan: decided(SCAN_PART), partner: undefined } : { cell: null, scan: null, partner: undefined };
      result.set(cellOf(code, band), { ...(sums as unknown as CellSums), disclosure });
    }
  }
  return result;
}
