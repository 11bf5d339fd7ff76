/**
 * npm run bench:load -- [--duration 60] [--connections 50] [--regions GG3406,GG0111] [--keep FILE]
 * Load test on loopback only: seeds the demo dataset into a temp SQLite file (default: national),
 * starts the real Express app on 127.0.0.1, logs in as a national coordinator and as a GGD advisor
 * through auth.login (real sessions, real access middleware), then runs autocannon for --duration
 * seconds at --connections over the main dashboard procedures. Prints requests/s, latency
 * percentiles, errors and non-2xx answers (target: 0). Bounded in time; stops by itself.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pino from 'pino';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { createUser } from '../src/auth/accounts.ts';
import { countSchools } from '../src/data/dataset.repository.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '50' }, regions: { type: 'string' }, keep: { type: 'string' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
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

const server = createApp(db, { ...loadConfig({}), databaseUrl: file }, pino({ level: 'warn' })).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function login(email: string): Promise<string> {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'inloggen' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`inloggen mislukt voor ${email}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const coordinator = await login('last-coordinator@test.nl');
const advisor = await login('last-adviseur@test.nl');

const q = (proc: string, input: unknown) => `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
const S = { schoolYear: year, sector: 'all' };
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

console.error(`autocannon: ${duration} s, ${connections} verbindingen, ${REQUESTS.length} verzoeken per ronde, ${base} (loopback)`);
const result = await autocannon({
  url: base,
  connections,
  duration,
  requests: REQUESTS.map((r) => ({ method: 'GET', path: r.path, headers: { cookie: r.cookie } })),
});
server.close();
await db.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });

const nl = (n: number, d = 0) => n.toLocaleString('nl-NL', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`Belastingtest (${nl(duration)} s, ${connections} verbindingen, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)})`);
console.log(`  verzoeken/s: gemiddeld ${nl(result.requests.average)}, totaal ${nl(result.requests.total)}`);
console.log(`  latentie ms: p50 ${nl(result.latency.p50)}, p90 ${nl(result.latency.p90)}, p99 ${nl(result.latency.p99)}, max ${nl(result.latency.max)}`);
console.log(`  fouten: ${result.errors}, time-outs: ${result.timeouts}, niet-2xx: ${result.non2xx}`);
process.exitCode = result.errors + result.timeouts + result.non2xx === 0 ? 0 : 1;
