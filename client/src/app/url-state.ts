import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { isSchoolYear } from '@rd/shared/catalogue';
import { useTRPC } from './trpc.ts';

/**
 * All view state lives in the URL (Dutch parameter names, so shared links read well):
 * jaar, sector, indicator, regio, gemeente, gemeenten, ... Back/forward and shared links
 * therefore restore exactly what the sender saw.
 */
export type SectorFilter = 'all' | 'po' | 'so' | 'vo' | 'mbo';
export const SECTOR_FILTERS: readonly SectorFilter[] = ['all', 'po', 'so', 'vo', 'mbo'];

export type Scope =
  | { level: 'nation' }
  | { level: 'region'; code: string }
  | { level: 'municipality'; code: string };

/** Parameters that carry over when the user moves to another page. */
const CARRIED_PARAMS = ['jaar', 'sector'] as const;

export function parseSector(raw: string | null): SectorFilter {
  return SECTOR_FILTERS.includes(raw as SectorFilter) ? (raw as SectorFilter) : 'all';
}

export function parseYear(raw: string | null, fallback: string): string {
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

/**
 * The school year a page shows when the URL names none: the server's (the latest with data, as in
 * the exports). The layout shows its placeholder until this is known, so no page asks for another year first.
 */
export function useDefaultYear(): string | undefined {
  const trpc = useTRPC();
  return useQuery(trpc.geography.schoolYears.queryOptions()).data?.defaultYear;
}

export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const defaultYear = useDefaultYear();
  // Only before the layout has the default year (the login page, which shows no figures).
  const schoolYear = parseYear(params.get('jaar'), defaultYear ?? '');
  const sector = parseSector(params.get('sector'));
  // The same object while the area is the same, so a change of another filter does not re-render what depends on the area only.
  const gemeente = params.get('gemeente');
  const regio = params.get('regio');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the scope reads only these two parameters of `params`
  const scope = useMemo(() => scopeFromParams(params), [gemeente, regio]);
  // The same function for the page's lifetime: React Router's setter is new at every change of the
  // address, and what is built on `update` (a table's columns, a map's click handler) would be too.
  const setParamsNow = useRef(setParams);
  setParamsNow.current = setParams;
  const update = useCallback((patch: ParamPatch, options?: { replace?: boolean }) => {
    setParamsNow.current((prev) => applyPatch(prev, patch), { replace: options?.replace ?? false });
  }, []);
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
