/** User management by the beheerder: create, change rights, disable; every change audited, sessions ended. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from './index.ts';
import { createCallerFactory } from '../trpc.ts';
import { createInnerContext } from '../context.ts';
import { createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { createSession, createUser, principalForToken, principalOf } from '../auth/accounts.ts';
import { RateLimiter } from '../auth/login.ts';

let t: TestDb;
const createCaller = createCallerFactory(appRouter);
let admin: ReturnType<typeof createCaller>;
let adminId: number;

beforeAll(async () => {
  t = await createTestDb('rd-users-');
  await loadFixture(t.db);
  adminId = await createUser(t.db, { email: 'beheer@test.nl', name: 'Beheer', role: 'beheerder', scope: 'NL', password: 'beheer-wachtwoord-1' });
  const user = await principalOf(t.db, { id: adminId, email: 'beheer@test.nl', name: 'Beheer', role: 'beheerder', scope: 'NL' }, 'csrf', null);
  admin = createCaller(createInnerContext(t.db, testConfig(), { user, loginLimiter: new RateLimiter(t.db, 100, 60_000) }));
});
afterAll(() => t.cleanup());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));

describe('users router', () => {
  it('creates an account with a normalised scope, refuses bad scopes, weak passwords and duplicates', async () => {
    const { id } = await admin.users.create({ email: 'Beleid@Gemeente.nl', name: 'Beleid', role: 'beleidsmedewerker', scope: ['gm9004', 'GM9001'], password: 'een-goed-wachtwoord' });
    const listed = (await admin.users.list()).find((u) => u.id === id)!;
    expect(listed).toMatchObject({ email: 'beleid@gemeente.nl', role: 'beleidsmedewerker', roleLabel: 'beleidsmedewerker', scope: ['GM9001', 'GM9004'], disabled: false });
    expect(await code(admin.users.create({ email: 'x@test.nl', name: 'X', role: 'beleidsmedewerker', scope: ['GG3406'], password: 'een-goed-wachtwoord' }))).toBe('BAD_REQUEST');
    expect(await code(admin.users.create({ email: 'y@test.nl', name: 'Y', role: 'coordinator', scope: ['NL'], password: 'kort' }))).toBe('BAD_REQUEST');
    expect(await code(admin.users.create({ email: 'beleid@gemeente.nl', name: 'B', role: 'coordinator', scope: ['NL'], password: 'een-goed-wachtwoord' }))).toBe('CONFLICT');
    // A policymaker's benchmark regions are those of their municipalities.
    const row = (await t.db.kysely.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    const p = await principalOf(t.db, { ...row, role: 'beleidsmedewerker' }, 'c', null);
    expect([...p.benchmarkRegions].sort()).toEqual(['GG9001', 'GG9002']);
  });

  it('disabling ends the user’s sessions; rights changes are audited; an admin cannot demote themself', async () => {
    const id = await createUser(t.db, { email: 'adviseur@test.nl', name: 'A', role: 'ggd-adviseur', scope: 'GG9001', password: 'een-goed-wachtwoord' });
    const session = await createSession(t.db, id);
    expect(await principalForToken(t.db, session.token)).not.toBeNull();
    await admin.users.update({ id, disabled: true });
    expect(await principalForToken(t.db, session.token)).toBeNull();
    expect((await admin.users.list()).find((u) => u.id === id)!.disabled).toBe(true);
    await admin.users.update({ id, disabled: false, scope: ['GG9001', 'GG9002'] });
    expect(await code(admin.users.update({ id: adminId, role: 'coordinator' }))).toBe('BAD_REQUEST');
    expect(await code(admin.users.update({ id: adminId, disabled: true }))).toBe('BAD_REQUEST');
    const audit = await admin.users.audit({ limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user_created', 'user_disabled', 'user_enabled']));
    expect(audit.find((a) => a.action === 'user_enabled')!.detail).toBe('adviseur@test.nl (ggd-adviseur: GG9001,GG9002)');
  });
});
