/**
 * The real server (src/main.ts) in two processes on one database, on every test backend: what the
 * processes must agree on is in the database, so the per-address login limit counts failures on
 * both, and an answer cached by a process retires when the data changes elsewhere.
 * Every request opens its own connection, so the cluster spreads them over both processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { freePort } from './test-support/ports.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';
import { createUser } from './auth/accounts.ts';
import { refreshRollups } from './rollups/index.ts';
import { createBackendTestDb, TEST_BACKENDS, type TestDb } from './test-support/databases.ts';
import { loadFixture } from './test-support/fixture.ts';

const PASSWORD = 'een-lang-wachtwoord';
const SERVER_DIR = path.join(REPO_ROOT, 'server');

/** One request on a new connection (no keep-alive), so that the cluster picks a process for each. */
function call(port: number, method: 'GET' | 'POST', url: string, opts: { body?: unknown; cookie?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; json: { result: { data: Record<string, unknown> } } }> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { 'x-csrf-token': 'inloggen' };
    if (body) headers['content-type'] = 'application/json';
    if (opts.cookie) headers.cookie = opts.cookie;
    const req = request({ host: '127.0.0.1', port, method, path: url, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(TEST_BACKENDS)('the server in two processes (%s)', (backend) => {
  let t: TestDb;
  let server: ChildProcess;
  let port: number;
  let output = '';

  beforeAll(async () => {
    t = await createBackendTestDb(backend, 'rd-cluster-');
    await loadFixture(t.db);
    await createUser(t.db, { email: 'coordinator@test.nl', name: 'Coördinator', role: 'coordinator', scope: 'NL', password: PASSWORD });
    port = await freePort();
    server = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: SERVER_DIR,
      env: { ...process.env, DATABASE_URL: t.file, PORT: String(port), HOST: '127.0.0.1', WORKERS: '2', SEED_DEMO: 'false', MIN_CELL_SCHOOLS: '1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    server.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const started = Date.now();
    while (!output.includes('(2 processen)')) {
      if (server.exitCode !== null || Date.now() - started > 90_000) throw new Error(`server niet gestart:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await t?.cleanup();
  }, 30_000);

  it('runs two serving processes besides the one that prepared the database', async () => {
    const pids = new Set(output.split('\n').filter((line) => line.includes('serverproces luistert')).map((line) => JSON.parse(line).pid));
    expect(pids.size).toBe(2);
    expect(pids.has(server.pid)).toBe(false);
    expect((await call(port, 'GET', '/healthz')).status).toBe(200);
  });

  it('serves a new answer from every process after a rebuild made elsewhere', async () => {
    const login = await call(port, 'POST', '/trpc/auth.login', { body: { email: 'coordinator@test.nl', password: PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = String((login.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const input = encodeURIComponent(JSON.stringify({ scope: { level: 'municipality', code: 'GM9003' }, schoolYear: '2024-2025', sector: 'all' }));
    const schools = async () => {
      const answers = [];
      // Enough requests for each process to answer, and to answer again from its cache.
      for (let n = 0; n < 6; n++) answers.push((await call(port, 'GET', `/trpc/overview.keyFigures?input=${input}`, { cookie })).json.result.data.schools);
      for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
      return answers[0];
    };
    // Decisions were taken at 5 schools; GM9003 has 3.
    expect(await schools()).toMatchObject({ value: null, suppressed: 'small_cell' });
    await refreshRollups(t.db, { minCellSchools: 1 });
    expect(await schools()).toMatchObject({ value: 3, suppressed: null });
  });

  it('holds the per-address login limit across processes', async () => {
    // 20 failures from this address, spread over both processes (10 each would stay under a per-process limit).
    for (let n = 0; n < 20; n++) {
      const failed = await call(port, 'POST', '/trpc/auth.login', { body: { email: `onbekend${n}@test.nl`, password: 'fout' } });
      expect(failed.status, `poging ${n + 1}`).toBe(401);
    }
    for (let n = 0; n < 4; n++) {
      const refused = await call(port, 'POST', '/trpc/auth.login', { body: { email: 'coordinator@test.nl', password: PASSWORD } });
      expect(refused.status).toBe(429);
    }
  }, 60_000);
});
