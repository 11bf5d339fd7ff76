/**
 * Common zod inputs of the analytics API (shared by every router area): scope, school year, sector,
 * and their resolution against the database (unknown codes → NOT_FOUND).
 * Messages are Dutch because validation errors reach users.
 */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { municipalityCodeSchema, regionCodeSchema, schoolYearSchema, SECTOR_IDS } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { findMunicipality, findRegion, type MunicipalityInfo } from '../data/geography.repository.ts';

export const scopeInput = z.discriminatedUnion('level', [
  z.object({ level: z.literal('nation') }),
  z.object({ level: z.literal('region'), code: regionCodeSchema }),
  z.object({ level: z.literal('municipality'), code: municipalityCodeSchema }),
], { message: 'verwacht een gebied: landelijk, een GGD-regio of een gemeente' });
export type ScopeInput = z.infer<typeof scopeInput>;

export const schoolYearInput = schoolYearSchema;

/** 'all' = every sector together. */
export const SECTOR_FILTER_IDS = [...SECTOR_IDS, 'all'] as const;
export const sectorInput = z.enum(SECTOR_FILTER_IDS, { message: 'verwacht po, so, vo, mbo of all' });
export type SectorFilter = z.infer<typeof sectorInput>;

export const regionCodeInput = regionCodeSchema;
export const municipalityCodeInput = municipalityCodeSchema;

/** The most common combination: one scope, one school year, one sector. */
export const scopeYearSectorInput = z.object({ scope: scopeInput, schoolYear: schoolYearInput, sector: sectorInput });
export type ScopeYearSectorInput = z.infer<typeof scopeYearSectorInput>;

/** A scope checked against the database, with names for display. */
export interface ResolvedScope {
  level: 'nation' | 'region' | 'municipality';
  code: string | null;
  name: string;
  /** The region a municipality belongs to (region scope: itself). */
  regionCode: string | null;
  regionName: string | null;
}

export const NATION: ResolvedScope = { level: 'nation', code: null, name: 'Nederland', regionCode: null, regionName: null };

export async function resolveRegion(db: Db, code: string): Promise<{ code: string; name: string }> {
  const region = await findRegion(db, code);
  if (!region) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende GGD-regio ${code}` });
  return region;
}

export async function resolveMunicipality(db: Db, code: string): Promise<MunicipalityInfo> {
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende gemeente ${code}` });
  return municipality;
}

/** Checks that the region or municipality exists; throws NOT_FOUND with a Dutch message if not. */
export async function resolveScope(db: Db, scope: ScopeInput): Promise<ResolvedScope> {
  if (scope.level === 'nation') return NATION;
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
  if (scope.level === 'region') return NATION;
  return null;
}
