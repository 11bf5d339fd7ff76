/**
 * The web upload over real HTTP: session and CSRF as the browser sends them, the file as the raw
 * body, the NDJSON answer, the problems download, the size limit, the history and undo, the audit.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createApp } from '../app.ts';
import { createUser } from '../auth/accounts.ts';
import { createBackendTestDb, TEST_BACKENDS, type TestDb } from '../test-support/databases.ts';
import { testConfig } from '../test-support/fixture.ts';
import { callTrpcOverHttp as trpc } from '../test-support/http.ts';
import { ensureFixtureGeography } from './fixtures.ts';
import type { ImportStreamLine } from './routes.ts';

const PASSWORD = 'een-lang-wachtwoord';
const HEADER = 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen';

describe.each(TEST_BACKENDS)('web upload of import files (%s)', (backend) => {
  let t: TestDb;
  let server: Server;
  let base: string;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  beforeAll(async () => {
    process.env.PSEUDONYM_SECRET = 'test-secret-upload';
    t = await createBackendTestDb(backend, 'rd-upload-');
    await ensureFixtureGeography(t.db);
    await createUser(t.db, { email: 'beheer@test.nl', name: 'Bea Beheer', role: 'beheerder', scope: 'NL', password: PASSWORD });
    await createUser(t.db, { email: 'coord@test.nl', name: 'Coco', role: 'coordinator', scope: 'NL', password: PASSWORD });
    server = createApp(t.db, testConfig({ importMaxMb: 1 }), pino({ level: 'silent' }), { reports: null }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const email of ['beheer@test.nl', 'coord@test.nl']) {
      const login = await trpc(base, 'POST', 'auth.login', { input: { email, password: PASSWORD }, csrf: 'inloggen' });
      sessions[email] = { cookie: (login.res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: login.json.result!.data.csrfToken as string };
    }
  }, 60_000);
  afterAll(async () => {
    delete process.env.PSEUDONYM_SECRET;
    if (server) await new Promise((resolve) => server.close(resolve));
    await t?.cleanup();
  });

  async function upload(body: string | Buffer | ReadableStream, opts: { as?: string; csrf?: string; kind?: string; name?: string } = {}) {
    const session = sessions[opts.as ?? 'beheer@test.nl']!;
    const res = await fetch(`${base}/api/import/${opts.kind ?? 'capacity'}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': opts.csrf ?? session.csrf, 'content-type': 'application/octet-stream', 'x-bestandsnaam': encodeURIComponent(opts.name ?? 'capaciteit.csv') },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await res.text();
    const lines = res.status === 200 ? text.trimEnd().split('\n').map((l) => JSON.parse(l) as ImportStreamLine) : [];
    return { res, text, lines, result: lines.at(-1) as Extract<ImportStreamLine, { type: 'resultaat' }> | undefined };
  }

  const fte = async () => (await t.db.kysely.selectFrom('capacity').select('advisor_fte').where('region_code', '=', 'GG3406').where('school_year', '=', '2024-2025').executeTakeFirst())?.advisor_fte;

  it('imports a valid file with progress lines, and undoes it through imports.undo; both in the audit log with the name', async () => {
    const { res, lines, result } = await upload(`${HEADER}\nGG3406;2024-2025;6,4;4800\nGG0111;2024-2025;2;1000\n`, { name: '../../etc/capaciteit 2025.csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect(lines.filter((l) => l.type === 'voortgang').length).toBeGreaterThan(0);
    expect(result).toMatchObject({ type: 'resultaat', ok: true, rows: 2, inserted: 2, fileName: 'capaciteit 2025.csv', problemsUrl: null });
    expect(await fte()).toBe(6.4);

    const beheer = sessions['beheer@test.nl']!;
    const runs = await trpc(base, 'GET', 'imports.runs', { input: {}, cookie: beheer.cookie });
    expect(runs.json.result!.data.maxUploadMb).toBe(1);
    expect(runs.json.result!.data.runs[0]).toMatchObject({ id: result!.runId, fileName: 'capaciteit 2025.csv', userName: 'Bea Beheer', userEmail: 'beheer@test.nl', result: 'geslaagd', canUndo: true });

    expect((await trpc(base, 'POST', 'imports.undo', { input: { runId: result!.runId }, cookie: beheer.cookie, csrf: 'geraden' })).res.status).toBe(403);
    const undone = await trpc(base, 'POST', 'imports.undo', { input: { runId: result!.runId }, cookie: beheer.cookie, csrf: beheer.csrf });
    expect(undone.json.result!.data).toMatchObject({ runId: result!.runId, deleted: 2, restored: 0 });
    expect(await fte()).toBeUndefined();
    const again = await trpc(base, 'POST', 'imports.undo', { input: { runId: result!.runId }, cookie: beheer.cookie, csrf: beheer.csrf });
    expect(again.json.error).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    expect(again.json.error!.message).toMatch(/^Import \d+ is al ongedaan gemaakt/);

    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'user_id', 'email', 'detail']).where('action', 'like', 'import%').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.email])).toEqual([['import', 'beheer@test.nl'], ['import_undone', 'beheer@test.nl']]);
    expect(audit[0]!.detail).toContain('door Bea Beheer (beheer@test.nl)');
    expect(audit[1]!.detail).toContain(`import ${result!.runId} (capacity capaciteit 2025.csv) ongedaan gemaakt door Bea Beheer`);
  });

  it('answers a file with problems with the first 1,000 and offers all of them as a CSV, writing nothing', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `GG3406;${2000 + (i % 100)}-${2001 + (i % 100)};=fout${i};4800`);
    const { result } = await upload(`${HEADER}\n${rows.join('\n')}\n`, { name: 'fout.csv' });
    expect(result).toMatchObject({ ok: false, problemCount: 1500, fileName: 'fout.csv' });
    if (result!.ok) throw new Error('verwacht problemen');
    expect(result!.problems).toHaveLength(1000);
    expect(result!.problems[0]).toMatchObject({ row: 2, column: 'adviseur_fte' });
    expect(await fte()).toBeUndefined();

    const beheer = sessions['beheer@test.nl']!;
    expect(result!.problemsUrl).toBe(`/api/import/${result!.runId}/problemen.csv`);
    const csv = await fetch(`${base}${result!.problemsUrl}`, { headers: { cookie: beheer.cookie } });
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads UTF-8
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('rij;kolom;melding');
    expect(lines[1]).toContain('=fout0');
    expect(lines).toHaveLength(1501);
    expect(lines[1]!.startsWith('2;adviseur_fte;')).toBe(true);
    expect(lines.at(-1)!.startsWith('1501;adviseur_fte;')).toBe(true);
    const coord = sessions['coord@test.nl']!;
    expect((await fetch(`${base}${result!.problemsUrl}`, { headers: { cookie: coord.cookie } })).status).toBe(403);

    const runs = await trpc(base, 'GET', 'imports.runs', { input: {}, cookie: beheer.cookie });
    expect(runs.json.result!.data.runs[0]).toMatchObject({ id: result!.runId, result: 'mislukt', problemCount: 1500, rows: 1500, canUndo: false, problemsUrl: result!.problemsUrl });
  });

  it('refuses a file over the size limit with a Dutch message, whether or not its length is announced', async () => {
    const runsBefore = await t.db.kysely.selectFrom('import_run').select('id').execute();
    const big = Buffer.alloc(1_200_000, 'a');
    const announced = await upload(big);
    expect(announced.res.status).toBe(413);
    expect(JSON.parse(announced.text).error).toMatch(/^Het bestand is te groot: de grens voor uploaden is 1 MB\./);

    const chunks = Array.from({ length: 20 }, () => new Uint8Array(100_000).fill(97));
    const stream = new ReadableStream({ pull(c) { const next = chunks.pop(); if (next) c.enqueue(next); else c.close(); } });
    const streamed = await upload(stream).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    // The server may close the connection before the client has sent everything.
    if (!(streamed instanceof Error)) {
      expect(streamed.res.status).toBe(413);
      expect(JSON.parse(streamed.text).error).toMatch(/te groot/);
    }
    expect(await t.db.kysely.selectFrom('import_run').select('id').execute()).toEqual(runsBefore);
  });

  it('is for the beheerder only, with the session’s CSRF token, and a known kind', async () => {
    const file = `${HEADER}\nGG3406;2024-2025;6,4;4800\n`;
    expect((await upload(file, { as: 'coord@test.nl' })).res.status).toBe(403);
    expect((await upload(file, { csrf: 'geraden' })).res.status).toBe(403);
    const unknown = await upload(file, { kind: 'leerlingen' });
    expect(unknown.res.status).toBe(400);
    expect(JSON.parse(unknown.text).error).toBe('Onbekende soort "leerlingen"');
    const anonymous = await fetch(`${base}/api/import/capacity`, { method: 'POST', body: file });
    expect(anonymous.status).toBe(401);
    expect(await fte()).toBeUndefined();
  });

  it('refuses an upload into the demo database, and one without the key once there are schools, in Dutch; both in the history and the audit log', async () => {
    const beheer = sessions['beheer@test.nl']!;
    const lastRefusal = async () => (await t.db.kysely.selectFrom('audit_log').select('detail').where('action', '=', 'import_failed').orderBy('id', 'desc').executeTakeFirstOrThrow()).detail;
    await t.db.kysely.insertInto('dataset_meta').values({ key: 'synthetic', value: 'true' }).execute();
    try {
      const demo = await upload(`${HEADER}\nGG3406;2024-2025;6,4;4800\n`, { name: 'echt.csv' });
      expect(demo.res.status).toBe(200);
      const refusal = demo.lines.at(-1) as Extract<ImportStreamLine, { type: 'geweigerd' }>;
      expect(refusal).toMatchObject({ type: 'geweigerd', fileName: 'echt.csv' });
      expect(refusal.message).toContain('synthetische demodata');
      expect(refusal.message).toContain('npm run db:remove-demo');
      const runs = await trpc(base, 'GET', 'imports.runs', { input: {}, cookie: beheer.cookie });
      expect(runs.json.result!.data.runs[0]).toMatchObject({ fileName: 'echt.csv', result: 'mislukt', userName: 'Bea Beheer', canUndo: false });
      expect(await lastRefusal()).toContain('capacity echt.csv: geweigerd (niets geschreven) door Bea Beheer (beheer@test.nl)');
      expect(await fte()).toBeUndefined();
    } finally {
      await t.db.kysely.deleteFrom('dataset_meta').where('key', '=', 'synthetic').execute();
    }

    const schools = await upload('brin_vestiging;sector;gemeente_code;wijk_code;grootte;achterstand_band;aandeel_laag_inkomen;aandeel_armoedeprobleemgebied\n99XX00;po;GM0363;WK036300;middel;3;18,5;22,0\n', { kind: 'schools', name: 'scholen.csv' });
    expect(schools.result).toMatchObject({ ok: true, inserted: 1 });
    const secret = process.env.PSEUDONYM_SECRET;
    const secretFile = process.env.PSEUDONYM_SECRET_FILE;
    delete process.env.PSEUDONYM_SECRET;
    process.env.PSEUDONYM_SECRET_FILE = `/nonexistent/rd-upload-${backend}/pseudonym.secret`;
    try {
      const missing = await upload(`${HEADER}\nGG3406;2024-2025;6,4;4800\n`, { name: 'zonder-geheim.csv' });
      expect(missing.lines.at(-1)).toMatchObject({ type: 'geweigerd', message: expect.stringContaining('Het geheim voor de pseudoniemen ontbreekt') });
      expect(await lastRefusal()).toContain('capacity zonder-geheim.csv: geweigerd');
      const runs = await trpc(base, 'GET', 'imports.runs', { input: {}, cookie: beheer.cookie });
      expect(runs.json.result!.data.runs[0]).toMatchObject({ fileName: 'zonder-geheim.csv', result: 'mislukt' });
    } finally {
      process.env.PSEUDONYM_SECRET = secret;
      if (secretFile === undefined) delete process.env.PSEUDONYM_SECRET_FILE;
      else process.env.PSEUDONYM_SECRET_FILE = secretFile;
    }
    expect(await fte()).toBeUndefined();
  });
});
