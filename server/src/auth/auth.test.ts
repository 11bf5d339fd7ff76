/**
 * Accounts and sessions end to end over real HTTP (the Express app on a temp SQLite): cookie flags,
 * CSRF, lockout, expiry, logout, password change, demo accounts, and error bodies without internals.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createApp } from '../app.ts';
import { createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { MAX_FAILED_LOGINS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, createSession, createUser, principalForToken } from './accounts.ts';
import { ROLE_LABELS } from '@rd/shared';
import { DEMO_ACCOUNTS, syncDemoAccounts } from './demo-accounts.ts';
import { RateLimiter, login } from './login.ts';
import { callTrpcOverHttp } from '../test-support/http.ts';

let t: TestDb;
let server: Server;
let base: string;
const PASSWORD = 'een-lang-wachtwoord';

beforeAll(async () => {
  t = await createTestDb('rd-auth-');
  await loadFixture(t.db);
  await createUser(t.db, { email: 'adviseur@test.nl', name: 'Adviseur', role: 'ggd-adviseur', scope: 'GG9001', password: PASSWORD });
  await createUser(t.db, { email: 'slot@test.nl', name: 'Slot', role: 'coordinator', scope: 'NL', password: PASSWORD });
  await createUser(t.db, { email: 'wissel@test.nl', name: 'Wissel', role: 'coordinator', scope: 'NL', password: PASSWORD });
  server = createApp(t.db, testConfig(), pino({ level: 'silent' })).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.cleanup();
});

function trpc(method: 'GET' | 'POST', path: string, opts: Parameters<typeof callTrpcOverHttp>[3] = {}) {
  return callTrpcOverHttp(base, method, path, opts);
}

async function loginAs(email: string, password = PASSWORD) {
  const { res, json } = await trpc('POST', 'auth.login', { input: { email, password }, csrf: 'inloggen' });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, json, setCookie, cookie: setCookie.split(';')[0]!, csrf: json.result?.data.csrfToken as string };
}

const YEAR_SCOPE = (code: string) => ({ scope: { level: 'region', code }, schoolYear: '2024-2025', sector: 'all' });

describe('login and sessions over HTTP', () => {
  it('without a session, data procedures answer UNAUTHORIZED; meta and the session probe are open', async () => {
    const data = await trpc('GET', 'overview.keyFigures', { input: YEAR_SCOPE('GG9001') });
    expect(data.res.status).toBe(401);
    expect(data.json.error!.data.code).toBe('UNAUTHORIZED');
    expect((await trpc('GET', 'meta.dataset')).res.status).toBe(200);
    expect((await trpc('GET', 'auth.session')).json.result!.data).toBeNull();
    expect((await fetch(`${base}/api/export/x.csv`)).status).toBe(401);
  });

  it('logs in with an httpOnly, SameSite=Lax cookie; the session sees its own region and not another', async () => {
    const login = await loginAs('adviseur@test.nl');
    expect(login.res.status).toBe(200);
    expect(login.setCookie).toMatch(/^rd_session=[\w-]{40,};/);
    expect(login.setCookie).toMatch(/HttpOnly/i);
    expect(login.setCookie).toMatch(/SameSite=Lax/i);
    expect(login.setCookie).not.toMatch(/Secure/i); // plain http here; COOKIE_SECURE or https adds it
    const session = await trpc('GET', 'auth.session', { cookie: login.cookie });
    expect(session.json.result!.data).toMatchObject({ email: 'adviseur@test.nl', role: 'ggd-adviseur', regions: ['GG9001'], canSeeSchools: true });
    expect((await trpc('GET', 'overview.keyFigures', { input: YEAR_SCOPE('GG9001'), cookie: login.cookie })).res.status).toBe(200);
    expect((await trpc('GET', 'overview.keyFigures', { input: YEAR_SCOPE('GG9002'), cookie: login.cookie })).res.status).toBe(403);
    // The database holds only a hash of the token.
    const token = decodeURIComponent(login.cookie.split('=')[1]!);
    const stored = await t.db.kysely.selectFrom('app_session').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
  });

  it('sets Secure session cookies over plain http when configured (COOKIE_SECURE=true)', async () => {
    const secureServer = createApp(t.db, testConfig({ cookieSecure: true }), pino({ level: 'silent' })).listen(0, '127.0.0.1');
    await new Promise((resolve) => secureServer.once('listening', resolve));
    try {
      const secureBase = `http://127.0.0.1:${(secureServer.address() as AddressInfo).port}`;
      const { res } = await callTrpcOverHttp(secureBase, 'POST', 'auth.login', { input: { email: 'adviseur@test.nl', password: PASSWORD }, csrf: 'inloggen' });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    } finally {
      await new Promise((resolve) => secureServer.close(resolve));
    }
  });

  it('mutations need the session’s CSRF token in x-csrf-token', async () => {
    const login = await loginAs('adviseur@test.nl');
    const input = { currentPassword: 'fout-wachtwoord', newPassword: 'nog-een-lang-wachtwoord' };
    expect((await trpc('POST', 'auth.changePassword', { input, cookie: login.cookie })).res.status).toBe(403);
    expect((await trpc('POST', 'auth.changePassword', { input, cookie: login.cookie, csrf: 'geraden' })).res.status).toBe(403);
    // With the right token the call passes the CSRF check and reaches the password check.
    const ok = await trpc('POST', 'auth.changePassword', { input, cookie: login.cookie, csrf: login.csrf });
    expect(ok.json.error!.message).toBe('Het huidige wachtwoord klopt niet');
    // Login itself needs the header too (no cross-site login forms).
    expect((await trpc('POST', 'auth.login', { input: { email: 'adviseur@test.nl', password: PASSWORD } })).res.status).toBe(403);
  });

  it('gives one message for unknown accounts and wrong passwords, and locks an account after repeated failures', async () => {
    const unknown = await loginAs('niemand@test.nl');
    const wrong = await loginAs('slot@test.nl', 'verkeerd-wachtwoord');
    expect(unknown.res.status).toBe(401);
    expect(wrong.json.error!.message).toBe(unknown.json.error!.message);
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await loginAs('slot@test.nl', 'verkeerd-wachtwoord');
    const locked = await loginAs('slot@test.nl'); // the right password, but locked now
    expect(locked.res.status).toBe(401);
    const user = await t.db.kysely.selectFrom('app_user').select('locked_until').where('email', '=', 'slot@test.nl').executeTakeFirstOrThrow();
    expect(Date.parse(user.locked_until!)).toBeGreaterThan(Date.now());
    const actions = (await t.db.kysely.selectFrom('audit_log').select('action').where('email', '=', 'slot@test.nl').execute()).map((a) => a.action);
    expect(actions).toContain('login_locked');
    expect(actions.filter((a) => a === 'login_failed').length).toBeGreaterThanOrEqual(MAX_FAILED_LOGINS - 1);
  });

  it('logout ends the session; a password change ends the other sessions', async () => {
    const a = await loginAs('wissel@test.nl');
    const b = await loginAs('wissel@test.nl');
    const change = await trpc('POST', 'auth.changePassword', { input: { currentPassword: PASSWORD, newPassword: 'een-nieuw-lang-wachtwoord' }, cookie: a.cookie, csrf: a.csrf });
    expect(change.res.status).toBe(200);
    expect((await trpc('GET', 'auth.session', { cookie: b.cookie })).json.result!.data).toBeNull();
    expect((await trpc('GET', 'auth.session', { cookie: a.cookie })).json.result!.data).not.toBeNull();
    const out = await trpc('POST', 'auth.logout', { cookie: a.cookie, csrf: a.csrf });
    expect(out.res.status, JSON.stringify(out.json)).toBe(200);
    expect((await trpc('GET', 'auth.session', { cookie: a.cookie })).json.result!.data).toBeNull();
    expect((await loginAs('wissel@test.nl', 'een-nieuw-lang-wachtwoord')).res.status).toBe(200);
  });

  it('sessions expire after idle time and after their absolute lifetime', async () => {
    const user = await t.db.kysely.selectFrom('app_user').select('id').where('email', '=', 'adviseur@test.nl').executeTakeFirstOrThrow();
    const start = new Date('2026-01-01T08:00:00Z');
    const idle = await createSession(t.db, user.id, start);
    expect(await principalForToken(t.db, idle.token, new Date(start.getTime() + SESSION_IDLE_MS - 1000))).not.toBeNull();
    expect(await principalForToken(t.db, idle.token, new Date(start.getTime() + 2 * SESSION_IDLE_MS))).toBeNull();
    // Kept alive by use, it still ends at the absolute limit.
    const busy = await createSession(t.db, user.id, start);
    let now = start.getTime();
    while (now + SESSION_IDLE_MS / 2 < start.getTime() + SESSION_ABSOLUTE_MS) {
      now += SESSION_IDLE_MS / 2;
      expect(await principalForToken(t.db, busy.token, new Date(now))).not.toBeNull();
    }
    expect(await principalForToken(t.db, busy.token, new Date(start.getTime() + SESSION_ABSOLUTE_MS + 1000))).toBeNull();
  });

  it('exports need a session, are scoped like the screen, and are written to the audit log', async () => {
    const login = await loginAs('adviseur@test.nl');
    const url = `${base}/api/export/kaart.csv?jaar=2024-2025&regio=GG9001&indicator=scanCoverage`;
    expect((await fetch(url)).status).toBe(401);
    const own = await fetch(url, { headers: { cookie: login.cookie } });
    expect(own.status).toBe(200);
    await own.arrayBuffer();
    expect((await fetch(url.replace('GG9001', 'GG9002'), { headers: { cookie: login.cookie } })).status).toBe(403);
    // One audit row per download (written before the file is sent); the refused one leaves none.
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'export').execute();
    expect(rows.map((r) => [r.email, r.detail])).toEqual([
      ['adviseur@test.nl', 'kaart.csv · gebied GG9001 · schooljaar 2024-2025 · sector all · /api/export/kaart.csv?jaar=2024-2025&regio=GG9001&indicator=scanCoverage'],
    ]);
  });

  it('refuses request bodies over the size limit', async () => {
    const res = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'inloggen' },
      body: JSON.stringify({ email: 'a@b.nl', password: 'x'.repeat(2_000_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('error bodies carry no stack traces or SQL', async () => {
    const login = await loginAs('adviseur@test.nl');
    const bad = await trpc('GET', 'overview.keyFigures', { input: { scope: { level: 'region', code: "GG9001' OR 1=1 --" } }, cookie: login.cookie });
    const garbage = await fetch(`${base}/trpc/overview.keyFigures?input=%7Bnot-json`, { headers: { cookie: login.cookie } });
    for (const text of [JSON.stringify(bad.json), await garbage.text()]) {
      expect(text).not.toMatch(/\n\s+at |\.ts:\d+|select |sqlite/i);
    }
  });
});

describe('per-address limit', () => {
  it('after the failures allowed per address, even a right password is refused until the window passes', async () => {
    const limiter = new RateLimiter(t.db, 3, 60_000);
    const now = new Date('2026-03-01T10:00:00Z');
    await createUser(t.db, { email: 'ip@test.nl', name: 'IP', role: 'coordinator', scope: 'NL', password: PASSWORD });
    for (const email of ['a@test.nl', 'b@test.nl', 'c@test.nl']) {
      expect(await login(t.db, limiter, { email, password: 'fout', ip: '10.0.0.9' }, now)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await login(t.db, limiter, { email: 'ip@test.nl', password: PASSWORD, ip: '10.0.0.9' }, now)).toEqual({ ok: false, reason: 'rate_limited' });
    // Another address is not affected, and the same address may try again after the window.
    expect((await login(t.db, limiter, { email: 'ip@test.nl', password: PASSWORD, ip: '10.0.0.10' }, now)).ok).toBe(true);
    expect((await login(t.db, limiter, { email: 'ip@test.nl', password: PASSWORD, ip: '10.0.0.9' }, new Date(now.getTime() + 61_000))).ok).toBe(true);
  });
});

describe('demo accounts', () => {
  it('exist only while the dataset is synthetic', async () => {
    await t.db.kysely.insertInto('dataset_meta').values({ key: 'synthetic', value: 'true' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'true' })).execute();
    expect(await syncDemoAccounts(t.db)).toBe('created');
    const demo = (await trpc('GET', 'auth.demoAccounts')).json.result!.data;
    expect(demo.accounts.map((a: { email: string }) => a.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    expect(new Set(demo.accounts.map((a: { role: string }) => a.role)).size).toBe(4);
    expect((await loginAs(DEMO_ACCOUNTS[0]!.email, demo.password)).res.status).toBe(200);

    // A demo account named by an older version ("Demo programmacoördinator", the role twice in the
    // header beside its role label) gets the current name; the header shows the role label once.
    await t.db.kysely.updateTable('app_user').set({ name: 'Demo programmacoördinator' }).where('email', '=', 'coordinator@demo.nl').execute();
    await syncDemoAccounts(t.db);
    const renamed = await t.db.kysely.selectFrom('app_user').select('name').where('email', '=', 'coordinator@demo.nl').executeTakeFirstOrThrow();
    expect(renamed.name).toBe(DEMO_ACCOUNTS.find((a) => a.email === 'coordinator@demo.nl')!.name);
    for (const account of DEMO_ACCOUNTS) expect(account.name.toLowerCase(), account.email).not.toContain(ROLE_LABELS[account.role].split(' ')[0]!.toLowerCase());

    await t.db.kysely.updateTable('dataset_meta').set({ value: 'false' }).where('key', '=', 'synthetic').execute();
    expect(await syncDemoAccounts(t.db)).toBe('removed');
    expect((await trpc('GET', 'auth.demoAccounts')).json.result!.data).toEqual({ password: null, accounts: [] });
    expect((await loginAs(DEMO_ACCOUNTS[0]!.email, demo.password)).res.status).toBe(401);
  });
});
