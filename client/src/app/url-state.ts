import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DEMO_SCHOOL_YEARS, isSchoolYear } from '@rd/shared/catalogue';

/**
 * All view state lives in the URL (Dutch parameter names, so shared links read well):
 * jaar, sector, indicator, regio, gemeente, gemeenten, ... Back/forward and shared links
 * therefore restore exactly what the sender saw.
 */
export type SectorFilter = 'all' | 'po' | 'so' | 'vo' | 'mbo';
export const SECTOR_FILTERS: readonly SectorFilter[] = ['all', 'po', 'so', 'vo', 'mbo'];
export const LATEST_DEMO_YEAR = DEMO_SCHOOL_YEARS[DEMO_SCHOOL_YEARS.length - 1]!;

export type Scope =
  | { level: 'nation' }
  | { level: 'region'; code: string }
  | { level: 'municipality'; code: string };

/** Parameters that carry over when the user moves to another page. */
export const CARRIED_PARAMS = ['jaar', 'sector'] as const;

export function parseSector(raw: string | null): SectorFilter {
  return SECTOR_FILTERS.includes(raw as SectorFilter) ? (raw as SectorFilter) : 'all';
}

export function parseYear(raw: string | null, fallback: string = LATEST_DEMO_YEAR): string {
  return raw && isSchoolYear(raw) ? raw : fallback;
}

export function parseRegionCode(raw: string | null): string | null {
  return raw && /^GG\d{4}$/.test(raw) ? raw : null;
}

export function parseMunicipalityCodes(raw: string | null): string[] {
  if (!raw) return [];
  const codes = raw.split(',').filter((c) => /^GM\d{4}$/.test(c));
  return [...new Set(codes)].slice(0, 6);
}

export function scopeFromParams(params: URLSearchParams): Scope {
  const gm = params.get('gemeente');
  if (gm && /^GM\d{4}$/.test(gm)) return { level: 'municipality', code: gm };
  const gg = parseRegionCode(params.get('regio'));
  if (gg) return { level: 'region', code: gg };
  return { level: 'nation' };
}

export type ParamPatch = Record<string, string | null | undefined>;

export function applyPatch(prev: URLSearchParams, patch: ParamPatch): URLSearchParams {
  const next = new URLSearchParams(prev);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const schoolYear = parseYear(params.get('jaar'));
  const sector = parseSector(params.get('sector'));
  const scope = useMemo(() => scopeFromParams(params), [params]);
  const update = useCallback(
    (patch: ParamPatch, options?: { replace?: boolean }) => {
      setParams((prev) => applyPatch(prev, patch), { replace: options?.replace ?? false });
    },
    [setParams],
  );
  return { params, schoolYear, sector, scope, update };
}

/** Search string with only the carried filters, for navigation links between pages. */
export function carriedSearch(params: URLSearchParams): string {
  const next = new URLSearchParams();
  for (const key of CARRIED_PARAMS) {
    const v = params.get(key);
    if (v) next.set(key, v);
  }
  const s = next.toString();
  return s ? `?${s}` : '';
}
