/**
 * Access rules: every tRPC procedure declares one (see the named procedures in trpc.ts), and the
 * one middleware there enforces it. Area extractors read the areas an input asks about with the
 * same zod field schemas as the procedures, so what is checked is what the procedure will use.
 */
import { z } from 'zod';
import { municipalityCodeSchema, regionCodeSchema, scopeInput } from '@rd/shared';
import type { AreaRef, Role } from './roles.ts';

export type AreaExtractor = (input: unknown) => AreaRef[];

export type Access =
  /** No login needed (meta, login, the session probe). */
  | { kind: 'public' }
  /** Any logged-in user; the procedure reads no area data (reference geography, own account). */
  | { kind: 'authenticated' }
  /** Instance administration: beheerder only. */
  | { kind: 'admin' }
  /** Published aggregates: any role, every area in the input must be in the user's scope. */
  | { kind: 'aggregate'; areas: AreaExtractor }
  /** School rows (pseudonymous): GGD advisors of that region only. */
  | { kind: 'schoolRows'; region: (input: unknown) => string };

export const SCHOOL_ROW_ROLES: readonly Role[] = ['ggd-adviseur'];

/** Thrown when an input cannot be read; the middleware turns it into BAD_REQUEST with the Dutch message. */
export class AreaInputError extends Error {}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new AreaInputError(r.error.issues[0]?.message ?? 'ongeldige invoer');
  return r.data;
}

// Built once: zod compiles each object schema on its first parses, and these run on every request.
const SCOPE_FIELD = z.object({ scope: scopeInput });
const OPTIONAL_REGION_FIELD = z.object({ regionCode: regionCodeSchema.optional() });
const MAP_LEVEL_FIELD = z.object({ level: z.enum(['region', 'municipality']) });
const MUNICIPALITY_CODES_FIELD = z.object({ codes: z.array(municipalityCodeSchema).max(6) });
const MUNICIPALITY_FIELD = z.object({ municipalityCode: municipalityCodeSchema });
const REGION_FIELD = z.object({ regionCode: regionCodeSchema });

/** Procedures on `{ scope }`: the scope itself, broken down per municipality when `breakdown`. */
export function scopeAreas(opts: { breakdown?: boolean } = {}): AreaExtractor {
  return (input) => {
    const { scope } = parse(SCOPE_FIELD, input);
    if (scope.level === 'municipality') return [{ level: 'municipality', code: scope.code, detail: 'aggregate' }];
    const detail = opts.breakdown ? 'municipalities' : 'aggregate';
    return scope.level === 'nation' ? [{ level: 'nation', detail }] : [{ level: 'region', code: scope.code, detail }];
  };
}

/** Procedures listing municipalities of `regionCode` (optional: then of the whole country). */
export function municipalitiesOfRegion(input: unknown): AreaRef[] {
  const { regionCode } = parse(OPTIONAL_REGION_FIELD, input);
  return [regionCode ? { level: 'region', code: regionCode, detail: 'municipalities' } : { level: 'nation', detail: 'municipalities' }];
}

/** A row per GGD region across the country (capacity comparisons, the national map). */
export const regionsOfNation: AreaExtractor = () => [{ level: 'nation', detail: 'regions' }];

/** The choropleth: per region nationally, or per municipality (of one region or nationally). */
export function mapAreas(input: unknown): AreaRef[] {
  const { level } = parse(MAP_LEVEL_FIELD, input);
  return level === 'region' ? regionsOfNation(input) : municipalitiesOfRegion(input);
}

/** Side-by-side municipalities: each one must be in scope (their regions follow as benchmarks). */
export function comparedMunicipalities(input: unknown): AreaRef[] {
  const { codes } = parse(MUNICIPALITY_CODES_FIELD, input);
  return codes.map((code) => ({ level: 'municipality', code, detail: 'aggregate' }));
}

/** The districts of one municipality (listed, compared or mapped): a row per district inside it. */
export function districtsOfMunicipality(input: unknown): AreaRef[] {
  const { municipalityCode } = parse(MUNICIPALITY_FIELD, input);
  return [{ level: 'municipality', code: municipalityCode, detail: 'districts' }];
}

export function regionCodeOf(input: unknown): string {
  return parse(REGION_FIELD, input).regionCode;
}
