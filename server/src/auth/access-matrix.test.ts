/**
 * Authorization matrix: every procedure of appRouter × every kind of user × inputs inside and
 * outside their scope, against an expectation table written out by hand (not derived from the
 * access code). A procedure missing from the table fails the test, so a new procedure needs a rule
 * and an expectation before it can land.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from '../routers/index.ts';
import { createCallerFactory } from '../trpc.ts';
import { createInnerContext } from '../context.ts';
import { createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { testPrincipal } from '../test-support/principals.ts';
import { createUser } from './accounts.ts';
import { RateLimiter } from './login.ts';
import type { Principal } from './roles.ts';

// Fixture: GG9001 = GM9001, GM9002, GM9003; GG9002 = GM9004, GM9005.
const USERS = {
  anoniem: null,
  beheerder: testPrincipal('beheerder', { national: true }),
  adviseur: testPrincipal('ggd-adviseur', { regions: ['GG9001'] }),
  beleid: testPrincipal('beleidsmedewerker', { municipalities: ['GM9001', 'GM9004'], benchmarkRegions: ['GG9001', 'GG9002'] }),
  coordRegio: testPrincipal('coordinator', { regions: ['GG9001'] }),
  coordLandelijk: testPrincipal('coordinator', { national: true }),
} satisfies Record<string, Principal | null>;
type UserName = keyof typeof USERS;
const ALL: UserName[] = ['anoniem', 'beheerder', 'adviseur', 'beleid', 'coordRegio', 'coordLandelijk'];
const LOGGED_IN: UserName[] = ALL.filter((u) => u !== 'anoniem');
const NATIONAL: UserName[] = ['beheerder', 'coordLandelijk'];

const Y = '2024-2025';
const S = { schoolYear: Y, sector: 'all' } as const;
const nation = { level: 'nation' } as const;
const region = (code: string) => ({ level: 'region', code }) as const;
const municipality = (code: string) => ({ level: 'municipality', code }) as const;

interface Case { input: unknown; allowed: UserName[]; note: string }

/** Aggregate of one scope: nation for all; a region for its users and (one figure) policymakers' regions. */
const aggregateCases = (extra: object = {}): Case[] => [
  { note: 'landelijk', input: { scope: nation, ...S, ...extra }, allowed: LOGGED_IN },
  { note: 'eigen regio', input: { scope: region('GG9001'), ...S, ...extra }, allowed: ['beheerder', 'adviseur', 'beleid', 'coordRegio', 'coordLandelijk'] },
  { note: 'andere regio', input: { scope: region('GG9002'), ...S, ...extra }, allowed: ['beheerder', 'beleid', 'coordLandelijk'] },
  { note: 'eigen gemeente', input: { scope: municipality('GM9001'), ...S, ...extra }, allowed: LOGGED_IN },
  { note: 'buurgemeente', input: { scope: municipality('GM9002'), ...S, ...extra }, allowed: ['beheerder', 'adviseur', 'coordRegio', 'coordLandelijk'] },
  { note: 'gemeente buiten scope', input: { scope: municipality('GM9005'), ...S, ...extra }, allowed: NATIONAL },
];
/** Per-municipality breakdowns: a region's municipalities only for that region's users; never for policymakers. */
const breakdownCases: Case[] = [
  { note: 'landelijk per gemeente', input: { scope: nation, ...S }, allowed: NATIONAL },
  { note: 'eigen regio per gemeente', input: { scope: region('GG9001'), ...S }, allowed: ['beheerder', 'adviseur', 'coordRegio', 'coordLandelijk'] },
  { note: 'andere regio per gemeente', input: { scope: region('GG9002'), ...S }, allowed: NATIONAL },
  { note: 'eigen gemeente', input: { scope: municipality('GM9004'), ...S }, allowed: ['beheerder', 'beleid', 'coordLandelijk'] },
];
const regionBreakdown = (extra: object): Case[] => [
  { note: 'eigen regio', input: { regionCode: 'GG9001', ...S, ...extra }, allowed: ['beheerder', 'adviseur', 'coordRegio', 'coordLandelijk'] },
  { note: 'andere regio', input: { regionCode: 'GG9002', ...S, ...extra }, allowed: NATIONAL },
];
/** The districts of one municipality: its policymakers, and everyone who may see that municipality broken down. */
const districtCases = (extra: object): Case[] => [
  { note: 'eigen gemeente', input: { municipalityCode: 'GM9001', ...extra }, allowed: ['beheerder', 'adviseur', 'beleid', 'coordRegio', 'coordLandelijk'] },
  { note: 'buurgemeente', input: { municipalityCode: 'GM9002', ...extra }, allowed: ['beheerder', 'adviseur', 'coordRegio', 'coordLandelijk'] },
  { note: 'eigen gemeente in andere regio', input: { municipalityCode: 'GM9004', ...extra }, allowed: ['beheerder', 'beleid', 'coordLandelijk'] },
  { note: 'gemeente buiten scope', input: { municipalityCode: 'GM9005', ...extra }, allowed: NATIONAL },
];
const schoolRowCases = (extra: object): Case[] => [
  { note: 'eigen regio', input: { regionCode: 'GG9001', schoolYear: Y, ...extra }, allowed: ['adviseur'] },
  { note: 'andere regio', input: { regionCode: 'GG9002', schoolYear: Y, ...extra }, allowed: [] },
];

const MATRIX: Record<string, Case[]> = {
  'meta.dataset': [{ note: 'openbaar', input: undefined, allowed: ALL }],
  'auth.session': [{ note: 'openbaar', input: undefined, allowed: ALL }],
  'auth.demoAccounts': [{ note: 'openbaar', input: undefined, allowed: ALL }],
  'auth.login': [{ note: 'openbaar', input: { email: 'matrix@test.nl', password: 'matrix-wachtwoord-1' }, allowed: ALL }],
  'auth.logout': [{ note: 'ingelogd', input: undefined, allowed: LOGGED_IN }],
  'auth.changePassword': [{ note: 'ingelogd', input: { currentPassword: 'fout', newPassword: 'x' }, allowed: LOGGED_IN }],
  'users.list': [{ note: 'beheer', input: undefined, allowed: ['beheerder'] }],
  'users.create': [{ note: 'beheer', input: { email: 'nieuw@test.nl', name: 'N', role: 'coordinator', scope: ['NL'], password: 'kort' }, allowed: ['beheerder'] }],
  'users.update': [{ note: 'beheer', input: { id: 999_999, disabled: true }, allowed: ['beheerder'] }],
  'users.audit': [{ note: 'beheer', input: {}, allowed: ['beheerder'] }],
  'imports.runs': [{ note: 'beheer', input: {}, allowed: ['beheerder'] }],
  'imports.undo': [{ note: 'beheer', input: { runId: 999_999 }, allowed: ['beheerder'] }],
  'geography.regions': [{ note: 'referentie', input: undefined, allowed: LOGGED_IN }],
  'geography.municipalities': [{ note: 'referentie', input: { regionCode: 'GG9002' }, allowed: LOGGED_IN }],
  'geography.boundaries': [{ note: 'referentie', input: { level: 'region' }, allowed: LOGGED_IN }],
  'geography.schoolYears': [{ note: 'referentie', input: undefined, allowed: LOGGED_IN }],
  'overview.keyFigures': aggregateCases(),
  'overview.map': [
    { note: 'regio’s landelijk', input: { level: 'region', ...S, metric: 'implementation' }, allowed: LOGGED_IN },
    { note: 'gemeenten landelijk', input: { level: 'municipality', ...S, metric: 'implementation' }, allowed: NATIONAL },
    ...regionBreakdown({ level: 'municipality', metric: 'implementation' }),
  ],
  'implementation.profile': aggregateCases(),
  'implementation.trend': aggregateCases().map((c) => ({ ...c, input: { scope: (c.input as { scope: unknown }).scope, sector: 'all' } })),
  'implementation.heatmap': regionBreakdown({}),
  // Region-by-region national comparisons are benchmarks for everyone: no out-of-scope input exists.
  'capacity.regions': [{ note: 'regio’s landelijk', input: S, allowed: LOGGED_IN }],
  'capacity.trend': [{ note: 'regio’s landelijk', input: { sector: 'all' }, allowed: LOGGED_IN }],
  'equity.bands': aggregateCases(),
  'equity.widestGaps': [{ note: 'gemeenten landelijk', input: S, allowed: NATIONAL }, ...regionBreakdown({})],
  'compare.municipalities': [
    { note: 'gemeenten van de beleidsmedewerker', input: { codes: ['GM9001', 'GM9004'], ...S }, allowed: ['beheerder', 'beleid', 'coordLandelijk'] },
    { note: 'gemeenten van één regio', input: { codes: ['GM9001', 'GM9002'], ...S }, allowed: ['beheerder', 'adviseur', 'coordRegio', 'coordLandelijk'] },
  ],
  'districts.list': districtCases(S),
  'districts.boundaries': districtCases({}),
  'districts.compare': districtCases({ ...S, codes: ['WK900101', 'WK900102'] }),
  'partners.coverage': breakdownCases,
  'partners.gaps': breakdownCases,
  'funnel.gezondeSchool': aggregateCases(),
  'schools.list': schoolRowCases({}),
  'planning.plan': schoolRowCases({ availableHours: 100 }),
  'planning.readiness': schoolRowCases({ availableHours: 100 }),
  'conditions.scope': aggregateCases(),
  'conditions.areas': [
    { note: 'regio’s landelijk', input: { level: 'region', ...S }, allowed: LOGGED_IN },
    { note: 'gemeenten landelijk', input: { level: 'municipality', ...S }, allowed: NATIONAL },
    ...regionBreakdown({ level: 'municipality' }),
  ],
};

let t: TestDb;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDb('rd-matrix-');
  await loadFixture(t.db);
  await createUser(t.db, { email: 'matrix@test.nl', name: 'Matrix', role: 'coordinator', scope: 'NL', password: 'matrix-wachtwoord-1' });
});
afterAll(() => t.cleanup());

async function call(user: Principal | null, path: string, input: unknown): Promise<'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN'> {
  const caller = createCaller(createInnerContext(t.db, testConfig({ minCellSchools: 3 }), { user, loginLimiter: new RateLimiter(t.db, 1000, 60_000) })) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [area, name] = path.split('.') as [string, string];
  try {
    await caller[area]![name]!(input);
    return 'allowed';
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === 'UNAUTHORIZED' && path === 'auth.login') return 'allowed'; // wrong password is the procedure's own answer
    if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') return error.code;
    return 'allowed'; // past the access check: NOT_FOUND, BAD_REQUEST … are the procedure's own answers
  }
}

describe('authorization matrix', () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it('has an expectation for every procedure, and none for procedures that do not exist', () => {
    expect(procedures.filter((p) => !(p in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it('every procedure carries an access rule', () => {
    const withoutRule = procedures.filter((p) => !(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access?: unknown } } }>)[p]!._def.meta?.access);
    expect(withoutRule).toEqual([]);
  });

  for (const path of Object.keys(MATRIX)) {
    it(`${path}: allow/deny per role and scope`, async () => {
      const problems: string[] = [];
      for (const c of MATRIX[path]!) {
        for (const name of ALL) {
          const got = await call(USERS[name], path, c.input);
          const want = c.allowed.includes(name) ? 'allowed' : name === 'anoniem' ? 'UNAUTHORIZED' : 'FORBIDDEN';
          if (got !== want) problems.push(`${c.note} als ${name}: ${got}, verwacht ${want}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
