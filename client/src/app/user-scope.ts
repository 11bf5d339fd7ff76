import { useQuery } from '@tanstack/react-query';
import { COMPARE_MUNICIPALITIES } from '@rd/shared/catalogue';
import { useSession } from './session.ts';
import { useTRPC } from './trpc.ts';
import type { ParamPatch } from './url-state.ts';

/**
 * What the signed-in user may open, for the default scope of each page and for the area selects.
 * The server checks every request anyway; this only keeps the screens from offering (or opening
 * by default) an area that would answer "U hebt geen toegang tot dit gebied".
 */
export interface UserScope {
  /** Sees every area (national coordinator, administrator). */
  national: boolean;
  /** Regions with their municipalities one by one (advisors, regional coordinators). */
  regions: readonly string[];
  /** Municipalities as one figure each (policymakers). */
  municipalities: readonly string[];
}

/** Pages whose default view depends on the area: they get the user's own area when the URL names none. */
const SCOPED_PAGES = ['/', '/gelijke-kansen', '/partners', '/planning', '/rapporten'];

/**
 * The URL change that opens a page on the user's own area, or null when the URL already names an area,
 * the user sees everything, or the page has no area. A region for regional users (their first), otherwise
 * a policymaker's first municipality (with its region on the report page, whose municipality list is per region).
 */
export function defaultScopePatch(path: string, params: URLSearchParams, user: UserScope, regionOf: (municipality: string) => string | undefined): ParamPatch | null {
  if (user.national || !SCOPED_PAGES.includes(path)) return null;
  if (params.get('regio') || params.get('gemeente')) return null;
  const region = user.regions[0];
  if (region) return { regio: region };
  if (path === '/planning') return null; // school rows: advisors only, the page says so itself
  const municipality = user.municipalities[0];
  if (!municipality) return null;
  if (path !== '/rapporten') return { gemeente: municipality };
  const ofMunicipality = regionOf(municipality);
  return ofMunicipality ? { regio: ofMunicipality, gemeente: municipality } : null;
}

/**
 * The comparison the compare page offers when nothing is chosen yet: a policymaker's own
 * municipalities (at most the maximum), or null when they have too few or see regions instead.
 * Offered, not applied: clearing the selection must not bring them back by itself.
 */
export function suggestedComparison(user: UserScope | null): string[] | null {
  if (!user || user.national || user.regions.length > 0) return null;
  if (user.municipalities.length < COMPARE_MUNICIPALITIES.min) return null;
  return user.municipalities.slice(0, COMPARE_MUNICIPALITIES.max);
}

/** The regions a select may offer: all for national users, otherwise the user's own (and, where given, `also`). */
export function selectableRegions<T extends { code: string }>(all: readonly T[], user: UserScope | null, also: readonly string[] = []): T[] {
  if (!user || user.national) return [...all];
  return all.filter((r) => user.regions.includes(r.code) || also.includes(r.code));
}

/** Whether the user sees this region broken down per municipality (not just as one benchmark figure). */
export function seesRegionDetail(user: UserScope | null, regionCode: string): boolean {
  return !!user && (user.national || user.regions.includes(regionCode));
}

export function useUserScope(): UserScope | null {
  const session = useSession();
  return session.data ?? null;
}

/** The regions of a policymaker's municipalities (their benchmarks), from the reference geography. */
export function useMunicipalityRegions(user: UserScope | null): Map<string, string> {
  const trpc = useTRPC();
  const needed = !!user && !user.national && user.municipalities.length > 0;
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions(undefined, { enabled: needed, staleTime: Infinity }));
  return new Map((municipalities.data ?? []).map((m) => [m.code, m.regionCode]));
}
