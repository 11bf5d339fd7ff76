/**
 * The answer cache on a real database, over real HTTP, with two app instances (each with its own
 * connection and its own cache, as two processes would have) on every test backend: answers
 * retire with every import, undo and rebuild, whichever process or command made the change; a
 * cached answer is only ever served after the caller's own access check and within the caller's
 * own scope; and repeat GETs of unchanged data get 304.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { IMPORT_KINDS, type ImportKind } from '@rd/shared';
import { createApp } from './app.ts';
import { createUser } from './auth/accounts.ts';
import type { AppConfig } from './config.ts';
import { REPO_ROOT } from './config.ts';
import { createInnerContext } from './context.ts';
import { openDb, type Db } from './db/connection.ts';
import { refreshRollups } from './rollups/index.ts';
import { readDataVersion } from './data/data-version.ts';
import { ensureFixtureGeography } from './import/fixtures.ts';
import { importFile } from './import/import-file.ts';
import { undoImportRun } from './import/undo.ts';
import { ResponseCache } from './response-cache.ts';
import { appRouter } from './routers/index.ts';
import { createCallerFactory } from './trpc.ts';
import { createBackendTestDb, TEST_BACKENDS, type TestDb } from './test-support/databases.ts';
import { testConfig } from './test-support/fixture.ts';
import { callTrpcOverHttp } from './test-support/http.ts';
import { testPrincipal } from './test-support/principals.ts';

const PASSWORD = 'een-lang-wachtwoord';
const SECRET = 'test-secret-niet-geheim';
const EXAMPLES = path.join(REPO_ROOT, 'data', 'examples');
const BEHEERDER = { userId: 7, name: 'Bea Beheer', email: 'bea@ggd.nl' };
// Publication decisions are taken at the default threshold (5) on import; the app publishes at 1,
// so a rebuild at 1 (as after changing MIN_CELL_SCHOOLS) changes what it publishes.
const CONFIG: AppConfig = testConfig({ minCellSchools: 1 });

const REGION_FIGURES = { scope: { level: 'region', code: 'GG3406' }, schoolYear: '2024-2025', sector: 'all' };
const MUNICIPALITY_MAP = { level: 'municipality', regionCode: 'GG3406', schoolYear: '2024-2025', sector: 'all', metric: 'implementation' };
const SCHOOL_LIST = { regionCode: 'GG3406', schoolYear: '2024-2025' };

interface Instance {
  server: Server;
  base: string;
}

async function listen(db: Db): Promise<Instance> {
  const server = createApp(db, CONFIG, pino({ level: 'silent' }), { reports: null }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A GET as the browser sends it, with an optional If-None-Match. */
async function get(base: string, procedure: string, input: unknown, cookie: string, ifNoneMatch?: string) {
  const headers: Record<string, string> = { cookie };
  if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch;
  const res = await fetch(`${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), cacheControl: res.headers.get('cache-control'), text, json: text ? JSON.parse(text) : null };
}

describe.each(TEST_BACKENDS)('the answer cache (%s)', (backend) => {
  let t: TestDb;
  let secondDb: Db;
  let a: Instance;
  let b: Instance;
  let dir: string;
  const cookies: Record<string, string> = {};

  async function importExample(kind: ImportKind, content?: string): Promise<number> {
    const file = path.join(dir, `${kind}-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, content ?? readFileSync(path.join(EXAMPLES, `${kind}.csv`), 'utf8'));
    const result = await importFile(t.db, kind, { path: file }, { secret: SECRET, by: BEHEERDER });
    expect(result, kind).toMatchObject({ ok: true });
    return result.runId!;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-cache-'));
    t = await createBackendTestDb(backend, 'rd-cache-db-');
    await ensureFixtureGeography(t.db);
    for (const kind of IMPORT_KINDS) await importExample(kind);
    const users = [
      ['coordinator@test.nl', 'coordinator', 'NL'],
      ['adviseur@test.nl', 'ggd-adviseur', 'GG3406'],
      ['adviseur2@test.nl', 'ggd-adviseur', 'GG3406'],
      ['adviseur-groningen@test.nl', 'ggd-adviseur', 'GG0111'],
      ['beleid@test.nl', 'beleidsmedewerker', 'GM0363'],
    ] as const;
    for (const [email, role, scope] of users) await createUser(t.db, { email, name: email, role, scope, password: PASSWORD });
    // The second instance opens its own connection(s), as a separate process would.
    secondDb = await openDb(t.file);
    a = await listen(t.db);
    b = await listen(secondDb);
    for (const [email] of users) {
      const login = await callTrpcOverHttp(a.base, 'POST', 'auth.login', { input: { email, password: PASSWORD }, csrf: 'inloggen' });
      expect(login.res.status, email).toBe(200);
      cookies[email] = (login.res.headers.get('set-cookie') ?? '').split(';')[0]!;
    }
  }, 120_000);
  afterAll(async () => {
    for (const i of [a, b]) if (i) await new Promise((resolve) => i.server.close(resolve));
    await secondDb?.close();
    await t?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The figures both instances serve now (each answers the second call from its cache). */
  async function figuresOnBoth(): Promise<unknown> {
    const cookie = cookies['coordinator@test.nl']!;
    const answers = [];
    for (const i of [a, b]) {
      for (let n = 0; n < 2; n++) {
        const r = await get(i.base, 'overview.keyFigures', REGION_FIGURES, cookie);
        expect(r.status).toBe(200);
        answers.push(r.json.result.data);
      }
    }
    for (const other of answers.slice(1)) expect(other).toEqual(answers[0]);
    return answers[0];
  }

  it('serves a new answer on every instance after an import, an undo and a rebuild made elsewhere', async () => {
    const before = await figuresOnBoth() as { capacity: unknown; schools: unknown };

    // An import from the command line: neither instance took part.
    const run = await importExample('capacity', 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen\nGG3406;2024-2025;7,25;4810,5\n');
    const afterImport = await figuresOnBoth() as { capacity: unknown };
    expect(afterImport.capacity).not.toEqual(before.capacity);

    await undoImportRun(t.db, run, BEHEERDER);
    const afterUndo = await figuresOnBoth() as { capacity: unknown };
    expect(afterUndo.capacity).toEqual(before.capacity);

    // db:rebuild after lowering MIN_CELL_SCHOOLS to the app's threshold: the small cells are published now.
    expect(before.schools).toMatchObject({ value: null, suppressed: 'small_cell' });
    await refreshRollups(t.db, { minCellSchools: 1 });
    const afterRebuild = await figuresOnBoth() as { schools: unknown };
    expect(afterRebuild.schools).toMatchObject({ suppressed: null });
    expect((afterRebuild.schools as { value: number }).value).toBeGreaterThan(0);
  });

  it('checks access on every request: an advisor’s cached answer is never served to a policymaker or another region’s advisor', async () => {
    for (const [procedure, input] of [['overview.map', MUNICIPALITY_MAP], ['schools.list', SCHOOL_LIST]] as const) {
      for (const i of [a, b]) {
        const advisor = await get(i.base, procedure, input, cookies['adviseur@test.nl']!);
        expect(advisor.status, procedure).toBe(200);
        // The same question, now in the advisor's cache on this instance.
        for (const email of ['beleid@test.nl', 'adviseur-groningen@test.nl']) {
          const other = await get(i.base, procedure, input, cookies[email]!);
          expect(other.status, `${procedure} ${email}`).toBe(403);
          expect(other.text).not.toContain('"result"');
        }
      }
    }
  });

  it('answers a repeat GET from the stored JSON exactly as tRPC answered it, single and batched, and refuses a batch with one call out of scope', async () => {
    const cookie = cookies['adviseur@test.nl']!;
    const batchPath = `overview.keyFigures,overview.map,schools.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { ...REGION_FIGURES, sector: 'vo' }, 1: { ...MUNICIPALITY_MAP, sector: 'vo' }, 2: SCHOOL_LIST }))}`;
    const single = `overview.map?input=${encodeURIComponent(JSON.stringify({ ...MUNICIPALITY_MAP, metric: 'scanCoverage' }))}`;
    for (const i of [a, b]) {
      for (const path of [single, batchPath]) {
        const answers = [];
        // The first is computed by tRPC and stored, the others come from the store.
        for (let n = 0; n < 3; n++) {
          const res = await fetch(`${i.base}/trpc/${path}`, { headers: { cookie } });
          answers.push({ status: res.status, etag: res.headers.get('etag'), type: res.headers.get('content-type'), vary: res.headers.get('vary'), text: await res.text() });
        }
        expect(answers[0]).toMatchObject({ status: 200, type: 'application/json' });
        expect(answers[0]!.etag).toMatch(/^"[\w-]+"$/);
        expect(answers[1]).toEqual(answers[0]);
        expect(answers[2]).toEqual(answers[0]);
        if (path === batchPath) expect(JSON.parse(answers[0]!.text)).toHaveLength(3);
      }
      // The same batch from a policymaker: the school list is refused, so nothing of the advisor's is served.
      const refused = await fetch(`${i.base}/trpc/${batchPath}`, { headers: { cookie: cookies['beleid@test.nl']! } });
      const parts = await refused.json() as { result?: unknown; error?: { data: { code: string } } }[];
      expect(parts.map((p) => p.error?.data.code ?? 'geserveerd')).toEqual(['geserveerd', 'FORBIDDEN', 'FORBIDDEN']);
    }
  });

  it('keys answers on the caller’s resolved scope: shared by equal scopes, never across different ones', async () => {
    const cache = new ResponseCache(t.db, 10_000_000);
    const call = (user: ReturnType<typeof testPrincipal>) =>
      createCallerFactory(appRouter)(createInnerContext(t.db, CONFIG, { user, responseCache: cache })).overview.keyFigures(REGION_FIGURES as never);
    // Both may see the region as one figure: the advisor's own region, the policymaker's benchmark.
    const advisor = await call(testPrincipal('ggd-adviseur', { regions: ['GG3406'] }));
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1 });
    const policymaker = await call(testPrincipal('beleidsmedewerker', { municipalities: ['GM0363'], benchmarkRegions: ['GG3406'] }));
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 });
    expect(policymaker).toEqual(advisor);
    // Same role, another scope: its own entry.
    await call(testPrincipal('ggd-adviseur', { regions: ['GG3406', 'GG0111'] }));
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3 });
    // Another user with the same scope (another user id) shares the first entry.
    const colleague = await call({ ...testPrincipal('ggd-adviseur', { regions: ['GG3406'] }), userId: 99, email: 'collega@test.nl' });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3 });
    expect(colleague).toEqual(advisor);
    // Access is checked before the cache: out of scope is refused even though an answer is stored.
    await expect(call(testPrincipal('ggd-adviseur', { regions: ['GG0111'] })).then(() => 'geserveerd', (e: { code?: string }) => e.code)).resolves.toBe('FORBIDDEN');
  });

  it('answers a repeat GET of unchanged data with 304, on either instance, until the data changes', async () => {
    const cookie = cookies['adviseur@test.nl']!;
    const first = await get(a.base, 'overview.keyFigures', REGION_FIGURES, cookie);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    expect(first.cacheControl).toBe('private, no-cache');

    for (const i of [a, b]) {
      const again = await get(i.base, 'overview.keyFigures', REGION_FIGURES, cookie, first.etag!);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
    }
    // Another question, or another scope, does not match the ETag.
    expect((await get(a.base, 'overview.keyFigures', { ...REGION_FIGURES, sector: 'po' }, cookie, first.etag!)).status).toBe(200);
    expect((await get(a.base, 'overview.keyFigures', REGION_FIGURES, cookies['beleid@test.nl']!, first.etag!)).status).toBe(200);
    // Refused calls carry no ETag, whatever the client sends.
    const refused = await get(a.base, 'schools.list', SCHOOL_LIST, cookies['beleid@test.nl']!, first.etag!);
    expect(refused.status).toBe(403);
    expect(refused.etag).toBeNull();

    const version = await readDataVersion(t.db.kysely);
    await importExample('capacity', 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen\nGG3406;2024-2025;8;5000\n');
    expect(await readDataVersion(t.db.kysely)).toBeGreaterThan(version);
    const changed = await get(b.base, 'overview.keyFigures', REGION_FIGURES, cookie, first.etag!);
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.json.result.data.capacity).not.toEqual(first.json.result.data.capacity);
  });
});

describe('ResponseCache', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createBackendTestDb('sqlite', 'rd-cache-unit-');
  });
  afterAll(() => t?.cleanup());

  it('drops the least recently used answers beyond its size, and every answer of an older version', () => {
    const cache = new ResponseCache(t.db, 8_000);
    const answer = (n: number) => ({ n, text: 'x'.repeat(900) });
    for (let n = 0; n < 6; n++) cache.set(3, `k${n}`, answer(n));
    expect(cache.get(3, 'k0')).toEqual(answer(0));
    for (let n = 6; n < 9; n++) cache.set(3, `k${n}`, answer(n));
    // k0 was used recently, k1 and k2 were not.
    expect(cache.get(3, 'k0')).toEqual(answer(0));
    expect(cache.get(3, 'k1')).toBeUndefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(8_000);

    // An answer computed before a newer version was seen is not stored; the newer version starts empty.
    expect(cache.get(4, 'k0')).toBeUndefined();
    cache.set(3, 'k0', answer(0));
    expect(cache.get(4, 'k0')).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
  });

  it('stores answers frozen, so that no caller changes what the next one is served', () => {
    const cache = new ResponseCache(t.db, 1_000_000);
    cache.set(1, 'k', { rows: [{ id: 'a' }, { id: 'b' }] });
    const served = cache.get(1, 'k') as { rows: { id: string }[] };
    expect(() => served.rows.reverse()).toThrow(TypeError);
    expect(() => { served.rows[0]!.id = 'z'; }).toThrow(TypeError);
    expect(cache.get(1, 'k')).toEqual({ rows: [{ id: 'a' }, { id: 'b' }] });
  });

  it('reads the data version anew for requests that arrive while a read is in flight', async () => {
    const cache = new ResponseCache(t.db, 1_000_000);
    const start = await readDataVersion(t.db.kysely);
    const first = cache.currentVersion();
    await refreshRollups(t.db);
    const second = cache.currentVersion();
    expect(await first).toBeGreaterThanOrEqual(start);
    expect(await second).toBe(start + 1);
  });
});
