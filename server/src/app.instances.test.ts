/**
 * The app is stateless: sessions, users and the audit log live in the database, so several
 * instances behind a load balancer serve the same answers to the same session. Two createApp
 * instances, each with its own connection (pool) to one database, on every test backend.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createApp } from './app.ts';
import { createUser } from './auth/accounts.ts';
import { openDb, type Db } from './db/connection.ts';
import { createBackendTestDb, TEST_BACKENDS, type TestDb } from './test-support/databases.ts';
import { loadFixture, testConfig } from './test-support/fixture.ts';
import { callTrpcOverHttp } from './test-support/http.ts';

const PASSWORD = 'een-lang-wachtwoord';

async function listen(db: Db): Promise<{ server: Server; base: string }> {
  const server = createApp(db, testConfig(), pino({ level: 'silent' })).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const trpc = callTrpcOverHttp;

describe.each(TEST_BACKENDS)('two app instances on one database (%s)', (backend) => {
  let t: TestDb;
  let secondDb: Db;
  let a: { server: Server; base: string };
  let b: { server: Server; base: string };

  beforeAll(async () => {
    t = await createBackendTestDb(backend, 'rd-instances-');
    await loadFixture(t.db);
    await createUser(t.db, { email: 'coordinator@test.nl', name: 'Coördinator', role: 'coordinator', scope: 'NL', password: PASSWORD });
    // The second instance opens its own connection(s), as a separate process would.
    secondDb = await openDb(t.file);
    a = await listen(t.db);
    b = await listen(secondDb);
  }, 60_000);
  afterAll(async () => {
    for (const i of [a, b]) if (i) await new Promise((resolve) => i.server.close(resolve));
    await secondDb?.close();
    await t?.cleanup();
  });

  it('honours a session created on one instance on the other, with the same answers, until logout on either', async () => {
    const login = await trpc(a.base, 'POST', 'auth.login', { input: { email: 'coordinator@test.nl', password: PASSWORD }, csrf: 'inloggen' });
    expect(login.res.status).toBe(200);
    const cookie = (login.res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = login.json.result!.data.csrfToken as string;

    const sessionOnB = await trpc(b.base, 'GET', 'auth.session', { cookie });
    expect(sessionOnB.json.result!.data).toMatchObject({ email: 'coordinator@test.nl', role: 'coordinator' });

    for (const [procedure, input] of [
      ['overview.keyFigures', { scope: { level: 'nation' }, schoolYear: '2024-2025', sector: 'all' }],
      ['overview.keyFigures', { scope: { level: 'region', code: 'GG9001' }, schoolYear: '2024-2025', sector: 'po' }],
      ['geography.schoolYears', undefined],
    ] as const) {
      const fromA = await trpc(a.base, 'GET', procedure, { input, cookie });
      const fromB = await trpc(b.base, 'GET', procedure, { input, cookie });
      expect(fromA.res.status, procedure).toBe(200);
      expect(fromB.json, procedure).toEqual(fromA.json);
    }

    // Logging out on B ends the session on A too: nothing about it is held in instance memory.
    expect((await trpc(b.base, 'POST', 'auth.logout', { cookie, csrf })).res.status).toBe(200);
    expect((await trpc(a.base, 'GET', 'auth.session', { cookie })).json.result!.data).toBeNull();
    const afterLogout = await trpc(a.base, 'GET', 'overview.keyFigures', { input: { scope: { level: 'nation' }, schoolYear: '2024-2025', sector: 'all' }, cookie });
    expect(afterLogout.res.status).toBe(401);

    // Both instances wrote to the one audit log.
    const actions = await t.db.kysely.selectFrom('audit_log').select('action').where('email', '=', 'coordinator@test.nl').orderBy('id').execute();
    expect(actions.map((r) => r.action)).toEqual(expect.arrayContaining(['login', 'logout']));
  }, 60_000);
});
