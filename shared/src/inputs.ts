/**
 * The filters every analytics question is asked with: a scope (the nation, a GGD region or a
 * municipality), a school year and a sector. Shared by the API's inputs, the data layer, the access
 * rules and the client. Messages are Dutch because validation errors reach users.
 */
import { z } from 'zod';
import { SECTOR_IDS } from './catalogue.ts';
import { municipalityCodeSchema, regionCodeSchema, schoolYearSchema } from './schemas.ts';

export const scopeInput = z.discriminatedUnion(
  'level',
  [
    z.object({ level: z.literal('nation') }),
    z.object({ level: z.literal('region'), code: regionCodeSchema }),
    z.object({ level: z.literal('municipality'), code: municipalityCodeSchema }),
  ],
  { message: 'verwacht een gebied: landelijk, een GGD-regio of een gemeente' },
);
export type ScopeInput = z.infer<typeof scopeInput>;

/** 'all' = every sector together. */
export const SECTOR_FILTER_IDS = [...SECTOR_IDS, 'all'] as const;
export const sectorInput = z.enum(SECTOR_FILTER_IDS, { message: 'verwacht po, so, vo, mbo of all' });
export type SectorFilter = z.infer<typeof sectorInput>;

/** The sectors a sector filter selects. */
export function sectorsOf(sector: SectorFilter): string[] {
  return sector === 'all' ? [...SECTOR_IDS] : [sector];
}

/** The most common combination: one scope, one school year, one sector. */
export const scopeYearSectorInput = z.object({ scope: scopeInput, schoolYear: schoolYearSchema, sector: sectorInput });
export type ScopeYearSectorInput = z.infer<typeof scopeYearSectorInput>;

/** The areas of a map, each region (nationally) or each municipality of one region, in one school year and sector. */
export const mapAreasInput = z.object({
  level: z.enum(['region', 'municipality'], { message: 'verwacht region of municipality' }),
  regionCode: regionCodeSchema.optional(),
  schoolYear: schoolYearSchema,
  sector: sectorInput,
});
