/**
 * Roles, scopes and the principal a request acts as. Pure: no database, so the access rules can be
 * reasoned about (and tested) on their own.
 */
import { NATION } from '@rd/shared';

export const ROLES = ['beheerder', 'ggd-adviseur', 'beleidsmedewerker', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

const REGION_CODE = /^GG\d{4}$/;
const MUNICIPALITY_CODE = /^GM\d{4}$/;

/** Who is calling, as the access middleware sees it. */
export interface Principal {
  userId: number;
  email: string;
  name: string;
  role: Role;
  /** Sees every area (instance admin, national coordinator). */
  national: boolean;
  /** GGD regions in scope (advisors, regional coordinators). */
  regions: readonly string[];
  /** Municipalities in scope (policymakers). */
  municipalities: readonly string[];
  /** Regions of a policymaker's municipalities: only their aggregated figure, as a benchmark. */
  benchmarkRegions: readonly string[];
  /** Per-session secret the client echoes in x-csrf-token on state-changing calls. */
  csrfToken: string;
  sessionId: string | null;
}

/**
 * Validates a scope for a role; returns the normalised list or a Dutch problem.
 * beheerder: always national. ggd-adviseur: regions. beleidsmedewerker: municipalities.
 * coordinator: regions or NL.
 */
export function parseScope(role: Role, raw: string | readonly string[]): { codes: string[] } | { error: string } {
  const codes = [...new Set((typeof raw === 'string' ? raw.split(',') : raw).map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  if (role === 'beheerder') return { codes: [NATION.code] };
  if (codes.length === 0) return { error: 'geef minstens één gebied op' };
  if (role === 'ggd-adviseur') {
    const bad = codes.find((c) => !REGION_CODE.test(c));
    return bad ? { error: `een GGD-adviseur heeft GGD-regio's (GGxxxx), niet ${bad}` } : { codes };
  }
  if (role === 'beleidsmedewerker') {
    const bad = codes.find((c) => !MUNICIPALITY_CODE.test(c));
    return bad ? { error: `een beleidsmedewerker heeft gemeenten (GMxxxx), niet ${bad}` } : { codes };
  }
  if (codes.includes(NATION.code)) return codes.length === 1 ? { codes } : { error: 'landelijk (NL) kan niet samen met regio’s' };
  const bad = codes.find((c) => !REGION_CODE.test(c));
  return bad ? { error: `een programmacoördinator heeft GGD-regio's (GGxxxx) of NL, niet ${bad}` } : { codes };
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** An area an input asks about, and whether it asks for a breakdown into smaller units. */
export interface AreaRef {
  level: 'nation' | 'region' | 'municipality';
  code?: string;
  /** 'aggregate': one figure for the area; 'regions'/'municipalities'/'districts': a row per unit inside it. */
  detail: 'aggregate' | 'regions' | 'municipalities' | 'districts';
}

/**
 * Whether a principal may see aggregates of an area. Aggregates are always published under the
 * small-cell rule; this decides whose area it is.
 * - national users: everything;
 * - everyone: the nation as one figure and per region (the benchmarks of every page);
 * - advisors and regional coordinators: their regions, broken down to municipalities too;
 * - policymakers: their municipalities, also per district, and their municipalities' regions as one
 *   figure only (never their neighbour municipalities one by one).
 */
export function canSeeArea(p: Principal, area: AreaRef, regionOfMunicipality: string | null): boolean {
  if (p.national) return true;
  if (area.level === 'nation') return area.detail !== 'municipalities';
  if (area.level === 'region') {
    if (p.regions.includes(area.code!)) return true;
    return area.detail === 'aggregate' && p.benchmarkRegions.includes(area.code!);
  }
  if (p.municipalities.includes(area.code!)) return area.detail === 'aggregate' || area.detail === 'districts';
  return regionOfMunicipality !== null && p.regions.includes(regionOfMunicipality);
}
