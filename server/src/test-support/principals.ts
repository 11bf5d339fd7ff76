/** Test support: principals as the access middleware sees them, without a login round trip. */
import type { Principal, Role } from '../auth/roles.ts';

export function testPrincipal(role: Role, scope: { national?: boolean; regions?: string[]; municipalities?: string[]; benchmarkRegions?: string[] } = {}): Principal {
  return {
    userId: 1,
    email: `${role}@test.nl`,
    name: `Test ${role}`,
    role,
    national: scope.national ?? false,
    regions: scope.regions ?? [],
    municipalities: scope.municipalities ?? [],
    benchmarkRegions: scope.benchmarkRegions ?? [],
    csrfToken: 'test-csrf',
    sessionId: null,
  };
}

/** A national coordinator: sees every aggregate (the analytics tests' default caller). */
export const NATIONAL_COORDINATOR = testPrincipal('coordinator', { national: true });

/** An advisor of the given regions: the only role that sees school rows. */
export function advisorOf(...regions: string[]): Principal {
  return testPrincipal('ggd-adviseur', { regions });
}
