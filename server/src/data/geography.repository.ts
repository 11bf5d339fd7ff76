/** Reading geography for the API: regions, municipalities, provinces, boundaries (TopoJSON → GeoJSON). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';
import { REPO_ROOT } from '../config.ts';
import type { Db } from '../db/connection.ts';

export interface RegionRow { code: string; name: string; municipalities: number }
export interface MunicipalityInfo {
  code: string; name: string; regionCode: string; regionName: string; provinceCode: string; provinceName: string;
}

export async function listRegions(db: Db): Promise<RegionRow[]> {
  const rows = await db.kysely.selectFrom('region as r')
    .leftJoin('municipality as m', 'm.region_code', 'r.code')
    .select(['r.code', 'r.name', (eb) => eb.fn.count<number>('m.code').as('municipalities')])
    .groupBy(['r.code', 'r.name'])
    .orderBy('r.name')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, municipalities: Number(r.municipalities) }));
}

export async function listMunicipalities(
  db: Db,
  filter: {
    regionCode?: string;
    regionCodes?: readonly string[];
    codes?: readonly string[];
    /** Every municipality of the regions these municipalities belong to. */
    inRegionsOf?: readonly string[];
  } = {},
): Promise<MunicipalityInfo[]> {
  let q = db.kysely.selectFrom('municipality as m')
    .innerJoin('region as r', 'r.code', 'm.region_code')
    .innerJoin('province as p', 'p.code', 'm.province_code')
    .select(['m.code', 'm.name', 'm.region_code as regionCode', 'r.name as regionName', 'm.province_code as provinceCode', 'p.name as provinceName'])
    .orderBy('m.name');
  if (filter.regionCode) q = q.where('m.region_code', '=', filter.regionCode);
  if (filter.regionCodes) q = q.where('m.region_code', 'in', filter.regionCodes.length ? [...filter.regionCodes] : ['']);
  if (filter.codes) q = q.where('m.code', 'in', filter.codes.length ? [...filter.codes] : ['']);
  if (filter.inRegionsOf) {
    const codes = filter.inRegionsOf.length ? [...filter.inRegionsOf] : [''];
    q = q.where('m.region_code', 'in', (eb) => eb.selectFrom('municipality as c').select('c.region_code').where('c.code', 'in', codes));
  }
  return q.execute();
}

export async function findRegion(db: Db, code: string): Promise<{ code: string; name: string } | undefined> {
  return db.kysely.selectFrom('region').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function findMunicipality(db: Db, code: string): Promise<MunicipalityInfo | undefined> {
  const rows = await listMunicipalities(db, { codes: [code] });
  return rows[0];
}

/** School years that have rolled-up data, oldest first. */
export async function listSchoolYears(db: Db): Promise<string[]> {
  const rows = await db.kysely.selectFrom('rollup_region').select('school_year').distinct().orderBy('school_year').execute();
  return rows.map((r) => r.school_year);
}

export type BoundaryLevel = 'region' | 'municipality' | 'province';
const BOUNDARY_FILES: Record<BoundaryLevel, string> = {
  region: 'ggdregio_2025',
  municipality: 'gemeente_2025',
  province: 'provincie_2025',
};

export type Boundaries = FeatureCollection<Geometry, { code: string; name: string }>;
const boundaryCache = new Map<BoundaryLevel, Boundaries>();

export function boundaryFile(level: BoundaryLevel, geoDir = path.join(REPO_ROOT, 'data', 'geo')): string {
  return path.join(geoDir, `${BOUNDARY_FILES[level]}.topojson`);
}

/**
 * GeoJSON for a map level, converted from the CBS/PDOK TopoJSON once per process and cached
 * (the conversion takes tens of milliseconds; the files never change while the server runs).
 * Returns null when the file is missing.
 */
export function loadBoundaries(level: BoundaryLevel, file = boundaryFile(level)): Boundaries | null {
  const cached = boundaryCache.get(level);
  if (cached) return cached;
  if (!existsSync(file)) return null;
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  const object = topology.objects[BOUNDARY_FILES[level]] as GeometryCollection<{ statcode: string; statnaam: string }>;
  const collection = feature(topology, object) as FeatureCollection<Geometry, { statcode: string; statnaam: string }>;
  const result: Boundaries = {
    type: 'FeatureCollection',
    features: collection.features.map((f) => ({
      type: 'Feature',
      id: f.properties.statcode,
      geometry: f.geometry,
      properties: { code: f.properties.statcode, name: f.properties.statnaam },
    })),
  };
  boundaryCache.set(level, result);
  return result;
}
