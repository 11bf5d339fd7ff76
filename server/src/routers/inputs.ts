/**
 * Common inputs of the analytics API (shared by every router area): scope, school year, sector,
 * and their resolution against the database (unknown codes → NOT_FOUND).
 * Messages are Dutch because validation errors reach users.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { NATION, municipalityCodeSchema, regionCodeSchema, schoolYearSchema, type ScopeInput } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { findMunicipality, findRegion, type MunicipalityInfo } from '../data/geography.repository.ts';

// The filters themselves live in @rd/shared (the data layer and the access rules use them too);
// the routers take them from here with the API's other inputs.
export { SECTOR_FILTER_IDS, mapAreasInput, scopeInput, scopeYearSectorInput, sectorInput, type ScopeInput, type ScopeYearSectorInput, type SectorFilter } from '@rd/shared';

export const schoolYearInput = schoolYearSchema;
export const regionCodeInput = regionCodeSchema;
export const municipalityCodeInput = municipalityCodeSchema;

export const MAX_PAGE_SIZE = 200;

/** Which page of a list of school rows the server reads (pages start at 1). */
export const pageInput = {
  page: z.number().int('verwacht een geheel paginanummer').min(1, 'pagina begint bij 1').default(1),
  pageSize: z.number().int('verwacht een geheel getal').min(1, 'minstens 1 rij per pagina').max(MAX_PAGE_SIZE, `hoogstens ${MAX_PAGE_SIZE} rijen per pagina`).default(25),
};

/** A scope checked against the database, with names for display. */
export interface ResolvedScope {
  level: 'nation' | 'region' | 'municipality';
  code: string | null;
  name: string;
  /** The region a municipality belongs to (region scope: itself). */
  regionCode: string | null;
  regionName: string | null;
}

export const NATION_SCOPE: ResolvedScope = { level: 'nation', code: null, name: NATION.name, regionCode: null, regionName: null };

export async function resolveRegion(db: Db, code: string): Promise<{ code: string; name: string }> {
  const region = await findRegion(db, code);
  if (!region) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende GGD-regio ${code}` });
  return region;
}

async function resolveMunicipality(db: Db, code: string): Promise<MunicipalityInfo> {
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende gemeente ${code}` });
  return municipality;
}

/** Checks that the region or municipality exists; throws NOT_FOUND with a Dutch message if not. */
export async function resolveScope(db: Db, scope: ScopeInput): Promise<ResolvedScope> {
  if (scope.level === 'nation') return NATION_SCOPE;
  if (scope.level === 'region') {
    const r = await resolveRegion(db, scope.code);
    return { level: 'region', code: r.code, name: r.name, regionCode: r.code, regionName: r.name };
  }
  const m = await resolveMunicipality(db, scope.code);
  return { level: 'municipality', code: m.code, name: m.name, regionCode: m.regionCode, regionName: m.regionName };
}

/** The scope one level up: municipality → its region, region → nation, nation → none. */
export function parentScope(scope: ResolvedScope): ResolvedScope | null {
  if (scope.level === 'municipality') {
    return { level: 'region', code: scope.regionCode, name: scope.regionName ?? '', regionCode: scope.regionCode, regionName: scope.regionName };
  }
  if (scope.level === 'region') return NATION_SCOPE;
  return null;
}
