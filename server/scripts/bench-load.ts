/**
 * npm run bench:load -- [--duration 60] [--connections 50] [--workers N] [--regions GG3406,GG0111] [--keep FILE] [--no-uncached]
 * Load test on loopback only: seeds the demo dataset into a temp SQLite file (default: national),
 * starts the real server (src/main.ts: --workers processes, default one per core) on 127.0.0.1,
 * logs in as a national coordinator and as a GGD advisor through auth.login (real sessions, real
 * access middleware), then runs autocannon for --duration seconds at --connections over the main
 * dashboard procedures: once with the answer cache (its hit rate from the processes' own counts)
 * and once without (RESPONSE_CACHE_MB=0), unless --no-uncached. Prints requests/s, latency
 * percentiles, errors and non-2xx answers (target: 0), and the machine's load before and after
 * each run (other work on the machine skews the figures). Bounded in time; stops by itself.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { freePort } from '../src/test-support/ports.ts';
import { tmpdir, cpus, loadavg, availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createUser } from '../src/auth/accounts.ts';
import { countSchools } from '../src/data/dataset.repository.ts';
import { DEFAULT_RESPONSE_CACHE_MB, REPO_ROOT } from '../src/config.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: String(availableParallelism()) },
    regions: { type: 'string' },
    keep: { type: 'string' },
    'no-uncached': { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const workers = Number(values.workers);
const PASSWORD = 'belasting-test-wachtwoord';

const dir = values.keep ? path.dirname(path.resolve(values.keep)) : mkdtempSync(path.join(tmpdir(), 'rd-load-'));
const file = values.keep ? path.resolve(values.keep) : path.join(dir, 'load.sqlite');
const reuse = existsSync(file);
const db = await openDb(file);
await migrateToLatest(db);
if (!reuse || (await countSchools(db)) === 0) {
  const { seedDemoData } = await import('../src/seed/demo-seed.ts');
  console.error('Demodata laden…');
  await seedDemoData(db, { regions: values.regions?.split(','), onProgress: (m) => console.error(`  ${m}`) });
}
const region = (await db.kysely.selectFrom('region').select('code').orderBy('code').execute()).map((r) => r.code).includes('GG3406')
  ? 'GG3406'
  : (await db.kysely.selectFrom('region').select('code').orderBy('code').executeTakeFirstOrThrow()).code;
const municipality = (await db.kysely.selectFrom('municipality').select('code').where('region_code', '=', region).orderBy('code').executeTakeFirstOrThrow()).code;
const year = (await db.kysely.selectFrom('implementation_record').select('school_year').orderBy('school_year', 'desc').executeTakeFirstOrThrow()).school_year;
for (const [email, role, scope] of [['last-coordinator@test.nl', 'coordinator', 'NL'], ['last-adviseur@test.nl', 'ggd-adviseur', region]] as const) {
  if (!(await db.kysely.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst())) {
    await createUser(db, { email, name: email, role, scope, password: PASSWORD });
  }
}
await db.close();

interface Server {
  base: string;
  /** Stops the server; resolves with its processes' cache counts. */
  stop(): Promise<{ hits: number; misses: number }>;
}

async function startServer(cacheMb: number): Promise<Server> {
  const port = await freePort();
  const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: path.join(REPO_ROOT, 'server'),
    env: { ...process.env, DATABASE_URL: file, PORT: String(port), HOST: '127.0.0.1', WORKERS: String(workers), SEED_DEMO: 'false', LOG_LEVEL: 'info', RESPONSE_CACHE_MB: String(cacheMb) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const started = Date.now();
  while (!/draait op http/.test(output)) {
    if (child.exitCode !== null || Date.now() - started > 120_000) throw new Error(`server niet gestart:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      const counts = { hits: 0, misses: 0 };
      for (const line of output.split('\n')) {
        if (!line.includes('"antwoordcache"')) continue;
        const { responseCache } = JSON.parse(line) as { responseCache: { hits: number; misses: number } };
        counts.hits += responseCache.hits;
        counts.misses += responseCache.misses;
      }
      return counts;
    },
  };
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'inloggen' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`inloggen mislukt voor ${email}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const nl = (n: number, d = 0) => n.toLocaleString('nl-NL', { maximumFractionDigits: d, minimumFractionDigits: d });
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const q = (proc: string, input: unknown) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
const S = { schoolYear: year, sector: 'all' };

async function run(label: string, cacheMb: number): Promise<number> {
  const server = await startServer(cacheMb);
  const coordinator = await login(server.base, 'last-coordinator@test.nl');
  const advisor = await login(server.base, 'last-adviseur@test.nl');
  // What the Overzicht, Regio, Gelijke kansen, Partners and Planning pages ask for.
  const REQUESTS: { path: string; cookie: string }[] = [
    { path: q('overview.keyFigures', { scope: { level: 'nation' }, ...S }), cookie: coordinator },
    { path: q('overview.map', { level: 'region', ...S, metric: 'implementation' }), cookie: coordinator },
    { path: q('overview.map', { level: 'municipality', regionCode: region, ...S, metric: 'scanCoverage' }), cookie: coordinator },
    { path: q('overview.keyFigures', { scope: { level: 'region', code: region }, ...S }), cookie: advisor },
    { path: q('implementation.profile', { scope: { level: 'region', code: region }, ...S }), cookie: advisor },
    { path: q('implementation.heatmap', { regionCode: region, ...S }), cookie: advisor },
    { path: q('implementation.trend', { scope: { level: 'municipality', code: municipality }, sector: 'all' }), cookie: advisor },
    { path: q('equity.bands', { scope: { level: 'nation' }, ...S }), cookie: coordinator },
    { path: q('capacity.regions', S), cookie: coordinator },
    { path: q('partners.coverage', { scope: { level: 'region', code: region }, ...S }), cookie: advisor },
    { path: q('funnel.gezondeSchool', { scope: { level: 'region', code: region }, ...S }), cookie: advisor },
    { path: q('schools.list', { regionCode: region, schoolYear: year }), cookie: advisor },
  ];
  const loadBefore = load();
  console.error(`${label}: autocannon ${duration} s, ${connections} verbindingen, ${REQUESTS.length} verzoeken per ronde, ${server.base} (loopback)`);
  const result = await autocannon({
    url: server.base,
    connections,
    duration,
    requests: REQUESTS.map((r) => ({ method: 'GET', path: r.path, headers: { cookie: r.cookie } })),
  });
  const loadAfter = load();
  const cache = await server.stop();
  console.log(`Belastingtest ${label} (${nl(duration)} s, ${connections} verbindingen, ${workers} serverprocessen, ${cpus().length} cores; load ervoor ${loadBefore}, erna ${loadAfter})`);
  console.log(`  verzoeken/s: gemiddeld ${nl(result.requests.average)}, totaal ${nl(result.requests.total)}`);
  console.log(`  latentie ms: p50 ${nl(result.latency.p50)}, p90 ${nl(result.latency.p90)}, p99 ${nl(result.latency.p99)}, max ${nl(result.latency.max)}`);
  console.log(`  fouten: ${result.errors}, time-outs: ${result.timeouts}, niet-2xx: ${result.non2xx}`);
  const answered = cache.hits + cache.misses;
  if (cacheMb > 0) console.log(`  antwoordcache: ${nl(cache.hits)} uit de cache, ${nl(cache.misses)} berekend (trefkans ${answered ? nl((100 * cache.hits) / answered, 1) : '–'}%)`);
  return result.errors + result.timeouts + result.non2xx;
}

let failures = await run('met antwoordcache', DEFAULT_RESPONSE_CACHE_MB);
if (!values['no-uncached']) failures += await run('zonder antwoordcache', 0);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
process.exitCode = failures === 0 ? 0 : 1;
