/**
 * API bench: seeds the national demo dataset and a 10× dataset into temp SQLite files, calls every
 * tRPC procedure many times with varied inputs (in-process, through createCaller: this measures
 * the procedure, not HTTP), and prints p50/p95 per procedure next to the same question asked ad hoc
 * of the raw rows with a plain SQL GROUP BY in the same run. The ratio shows what the rollups buy.
 *
 *   npm run bench:api -w server -- [--scales 1,10] [--iterations 100] [--keep DIR] [--only overview,equity]
 *
 * --keep DIR keeps (and reuses) the seeded databases in DIR, e.g. to rerun without reseeding.
 * Before timing, the stored publication decisions are read ahead, as the server does when it starts.
 * With BENCH_DATABASE_URL_PG=postgres://… every procedure also runs on PostgreSQL (one schema
 * `bench_scale_<n>` per scale in that database, prefix from BENCH_PG_SCHEMA_PREFIX, seeded through the same code) and the table shows
 * both backends side by side, one row each. With --keep the PostgreSQL schemas are kept and reused too.
 * Target: p95 ≤ 20 ms per procedure at national scale.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { openDb, type Db, type DialectName } from '../src/db/connection.ts';
import { withSearchPath } from '../src/db/dialect-sql.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { createInnerContext } from '../src/context.ts';
import { createCallerFactory } from '../src/trpc.ts';
import { appRouter } from '../src/routers/index.ts';
import { refreshRollups } from '../src/rollups/index.ts';
import { keepDecisionsWarm, publishedShares } from '../src/data/disclosure.ts';
import { testPrincipal } from '../src/test-support/principals.ts';

type Caller = ReturnType<typeof appRouter.createCaller>;
type Sector = 'po' | 'so' | 'vo' | 'mbo' | 'all';
type Scope = { level: 'nation' } | { level: 'region'; code: string } | { level: 'municipality'; code: string };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const SCALES = arg('scales', '1,10').split(',').map(Number);
const ITERATIONS = Number(arg('iterations', '100'));
const KEEP = process.argv.includes('--keep') ? arg('keep', '') : '';
const ONLY = arg('only', '').split(',').filter(Boolean);
const PG_URL = process.env.BENCH_DATABASE_URL_PG ?? '';
// Several benches can share one PostgreSQL database: each keeps its schemas apart under its own prefix.
const PG_SCHEMA_PREFIX = process.env.BENCH_PG_SCHEMA_PREFIX ?? 'bench_scale';
const BACKENDS: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

interface Fixture {
  years: string[];
  regions: string[];
  municipalities: { code: string; regionCode: string }[];
  /** Municipalities with districts, each with its district codes (the demo's Demowijken). */
  districts: { municipality: string; codes: string[] }[];
}

interface Case {
  name: string;
  call(c: Caller, f: Fixture, i: number): Promise<unknown>;
  /** The same question asked ad hoc of the raw rows; null when there is no meaningful equivalent. */
  adhoc: ((db: Db, f: Fixture, i: number) => Promise<unknown>) | null;
}

const SECTORS: Sector[] = ['all', 'po', 'vo', 'all', 'so', 'mbo'];
const pick = <T>(list: readonly T[], i: number, stride = 1): T => list[(i * stride) % list.length]!;
const year = (f: Fixture, i: number) => f.years[f.years.length - 1 - (i % Math.min(3, f.years.length))]!;
const sector = (i: number) => pick(SECTORS, i);
const scope = (f: Fixture, i: number): Scope =>
  i % 3 === 0 ? { level: 'nation' } : i % 3 === 1 ? { level: 'region', code: pick(f.regions, i, 7) } : { level: 'municipality', code: pick(f.municipalities, i, 13).code };

// ---- ad hoc SQL over raw rows -------------------------------------------------------------
const sectorWhere = (s: Sector): RawBuilder<unknown> => (s === 'all' ? sql`` : sql`and s.sector = ${s}`);
function scopeWhere(sc: Scope): RawBuilder<unknown> {
  if (sc.level === 'region') return sql`and m.region_code = ${sc.code}`;
  if (sc.level === 'municipality') return sql`and s.municipality_code = ${sc.code}`;
  return sql``;
}
const run = (db: Db, q: RawBuilder<unknown>) => q.execute(db.kysely);

function adhocScores(db: Db, y: string, sc: Scope, s: Sector, groupBy: RawBuilder<unknown> | null) {
  const cols = groupBy ? sql`${groupBy},` : sql``;
  const gb = groupBy ? sql`group by ${groupBy}` : sql``;
  return run(db, sql`select ${cols} count(distinct ss.school_id) as scanned, avg(ss.score) / 3.0 * 100 as degree
    from scan_score ss join school s on s.id = ss.school_id join municipality m on m.code = s.municipality_code
    where ss.school_year = ${y} ${sectorWhere(s)} ${scopeWhere(sc)} ${gb}`);
}
function adhocRecords(db: Db, y: string, sc: Scope, s: Sector, groupBy: RawBuilder<unknown> | null) {
  const cols = groupBy ? sql`${groupBy},` : sql``;
  const gb = groupBy ? sql`group by ${groupBy}` : sql``;
  return run(db, sql`select ${cols} count(*) as n, sum(ir.has_kartrekker) as kartrekker, sum(ir.ggd_support_hours) as hours
    from implementation_record ir join school s on s.id = ir.school_id join municipality m on m.code = s.municipality_code
    where ir.school_year = ${y} ${sectorWhere(s)} ${scopeWhere(sc)} ${gb}`);
}
function adhocPartners(db: Db, y: string, sc: Scope, s: Sector, groupBy: RawBuilder<unknown>) {
  return run(db, sql`select ${groupBy}, pa.partner_type, count(*) as n, sum(pa.has_agreement) as agreements
    from partner_agreement pa join school s on s.id = pa.school_id join municipality m on m.code = s.municipality_code
    where pa.school_year = ${y} ${sectorWhere(s)} ${scopeWhere(sc)} group by ${groupBy}, pa.partner_type`);
}
const parentOf = (f: Fixture, sc: Scope): Scope =>
  sc.level === 'municipality' ? { level: 'region', code: f.municipalities.find((m) => m.code === sc.code)!.regionCode } : { level: 'nation' };

const CASES: Case[] = [
  { name: 'geography.regions', call: (c) => c.geography.regions(), adhoc: (db) => run(db, sql`select r.code, r.name, count(m.code) from region r left join municipality m on m.region_code = r.code group by r.code, r.name`) },
  { name: 'geography.municipalities', call: (c, f, i) => c.geography.municipalities({ regionCode: pick(f.regions, i) }), adhoc: null },
  { name: 'geography.boundaries', call: (c, _f, i) => c.geography.boundaries({ level: pick(['region', 'municipality', 'province'] as const, i) }), adhoc: null },
  { name: 'geography.schoolYears', call: (c) => c.geography.schoolYears(), adhoc: (db) => run(db, sql`select distinct school_year from implementation_record order by 1`) },
  {
    name: 'overview.keyFigures',
    call: (c, f, i) => c.overview.keyFigures({ scope: scope(f, i), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => Promise.all([adhocScores(db, year(f, i), scope(f, i), sector(i), null), adhocRecords(db, year(f, i), scope(f, i), sector(i), null)]),
  },
  {
    name: 'overview.map',
    // Capacity is a regional fact (refused per municipality): the municipal maps ask support hours instead.
    call: (c, f, i) => c.overview.map({ level: i % 2 ? 'municipality' : 'region', regionCode: i % 4 === 1 ? pick(f.regions, i) : undefined, schoolYear: year(f, i), sector: sector(i), metric: pick(['implementation', 'scanCoverage', 'equityGap', 'partnerCoverage', 'pillar:signaleren', i % 2 ? 'supportHoursPerSchool' : 'capacityFtePer100', 'vignetShare'] as const, i) }),
    adhoc: (db, f, i) => adhocScores(db, year(f, i), i % 4 === 1 ? { level: 'region', code: pick(f.regions, i) } : { level: 'nation' }, sector(i), i % 2 ? sql`s.municipality_code` : sql`m.region_code`),
  },
  {
    name: 'implementation.profile',
    call: (c, f, i) => c.implementation.profile({ scope: scope(f, i), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => Promise.all([scope(f, i), parentOf(f, scope(f, i)), { level: 'nation' } as Scope].map((sc) => adhocScores(db, year(f, i), sc, sector(i), sql`ss.principle_id`))),
  },
  {
    name: 'implementation.trend',
    call: (c, f, i) => c.implementation.trend({ scope: scope(f, i), sector: sector(i) }),
    adhoc: (db, f, i) => run(db, sql`select ss.school_year, avg(ss.score) from scan_score ss join school s on s.id = ss.school_id join municipality m on m.code = s.municipality_code where 1 = 1 ${sectorWhere(sector(i))} ${scopeWhere(scope(f, i))} group by ss.school_year`),
  },
  {
    name: 'implementation.heatmap',
    call: (c, f, i) => c.implementation.heatmap({ regionCode: pick(f.regions, i, 3), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: (db, f, i) => adhocScores(db, year(f, i), { level: 'region', code: pick(f.regions, i, 3) }, sector(i), sql`s.municipality_code, ss.principle_id`),
  },
  {
    name: 'capacity.regions',
    call: (c, f, i) => c.capacity.regions({ schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => Promise.all([adhocScores(db, year(f, i), { level: 'nation' }, sector(i), sql`m.region_code`), adhocRecords(db, year(f, i), { level: 'nation' }, sector(i), sql`m.region_code`), run(db, sql`select * from capacity where school_year = ${year(f, i)}`)]),
  },
  {
    name: 'capacity.trend',
    call: (c, _f, i) => c.capacity.trend({ sector: sector(i) }),
    adhoc: (db, _f, i) => run(db, sql`select ss.school_year, m.region_code, avg(ss.score) from scan_score ss join school s on s.id = ss.school_id join municipality m on m.code = s.municipality_code where 1 = 1 ${sectorWhere(sector(i))} group by ss.school_year, m.region_code`),
  },
  {
    name: 'equity.bands',
    call: (c, f, i) => c.equity.bands({ scope: scope(f, i), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => Promise.all([
      adhocScores(db, year(f, i), scope(f, i), sector(i), sql`s.disadvantage_band`),
      adhocRecords(db, year(f, i), scope(f, i), sector(i), sql`s.disadvantage_band`),
      run(db, sql`select s.disadvantage_band, o.indicator, sum(o.value_pct * o.respondents) / sum(o.respondents) from outcome o join school s on s.id = o.school_id join municipality m on m.code = s.municipality_code where o.school_year = ${year(f, i)} ${sectorWhere(sector(i))} ${scopeWhere(scope(f, i))} group by s.disadvantage_band, o.indicator`),
    ]),
  },
  {
    name: 'equity.widestGaps',
    call: (c, f, i) => c.equity.widestGaps({ regionCode: i % 2 ? pick(f.regions, i) : undefined, schoolYear: year(f, i), sector: sector(i), limit: 10 }),
    adhoc: (db, f, i) => adhocScores(db, year(f, i), i % 2 ? { level: 'region', code: pick(f.regions, i) } : { level: 'nation' }, sector(i), sql`s.municipality_code, s.disadvantage_band`),
  },
  {
    name: 'compare.municipalities',
    call: (c, f, i) => c.compare.municipalities({ codes: [0, 1, 2, 3].map((k) => pick(f.municipalities, i * 5 + k * 37).code).filter((v, k, a) => a.indexOf(v) === k), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => {
      const codes = [0, 1, 2, 3].map((k) => pick(f.municipalities, i * 5 + k * 37).code);
      const inCodes = sql`and s.municipality_code in (${sql.join(codes)})`;
      return Promise.all([
        run(db, sql`select s.municipality_code, count(distinct ss.school_id), avg(ss.score) from scan_score ss join school s on s.id = ss.school_id where ss.school_year = ${year(f, i)} ${sectorWhere(sector(i))} ${inCodes} group by s.municipality_code`),
        run(db, sql`select s.municipality_code, pa.partner_type, avg(pa.has_agreement) from partner_agreement pa join school s on s.id = pa.school_id where pa.school_year = ${year(f, i)} ${sectorWhere(sector(i))} ${inCodes} group by s.municipality_code, pa.partner_type`),
      ]);
    },
  },
  {
    name: 'districts.list',
    call: (c, f, i) => c.districts.list({ municipalityCode: pick(f.districts, i).municipality, schoolYear: year(f, i), sector: sector(i) }),
    adhoc: (db, f, i) => run(db, sql`select s.district_code, count(distinct ss.school_id), avg(ss.score) from scan_score ss join school s on s.id = ss.school_id
      where ss.school_year = ${year(f, i)} ${sectorWhere(sector(i))} and s.municipality_code = ${pick(f.districts, i).municipality} group by s.district_code`),
  },
  {
    name: 'districts.compare',
    call: (c, f, i) => {
      const d = pick(f.districts, i);
      return c.districts.compare({ municipalityCode: d.municipality, codes: [0, 1, 2].map((k) => pick(d.codes, i + k)).filter((v, k, a) => a.indexOf(v) === k), schoolYear: year(f, i), sector: sector(i) });
    },
    adhoc: null,
  },
  {
    name: 'partners.coverage',
    call: (c, f, i) => c.partners.coverage({ scope: scope(f, i), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: (db, f, i) => adhocPartners(db, year(f, i), scope(f, i), sector(i), sql`s.municipality_code`),
  },
  {
    name: 'partners.gaps',
    call: (c, f, i) => c.partners.gaps({ scope: scope(f, i), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => Promise.all([adhocPartners(db, year(f, i), scope(f, i), sector(i), sql`s.municipality_code`), adhocScores(db, year(f, i), scope(f, i), sector(i), sql`s.municipality_code`)]),
  },
  {
    name: 'funnel.gezondeSchool',
    call: (c, f, i) => c.funnel.gezondeSchool({ scope: scope(f, i), schoolYear: year(f, i), sector: sector(i) }),
    adhoc: async (db, f, i) => Promise.all([
      run(db, sql`select ir.phase, count(*) from implementation_record ir join school s on s.id = ir.school_id join municipality m on m.code = s.municipality_code where ir.school_year = ${year(f, i)} ${sectorWhere(sector(i))} ${scopeWhere(scope(f, i))} group by ir.phase`),
      run(db, sql`select c.theme, count(*) from certificate c join school s on s.id = c.school_id join municipality m on m.code = s.municipality_code where c.school_year = ${year(f, i)} ${sectorWhere(sector(i))} ${scopeWhere(scope(f, i))} group by c.theme`),
    ]),
  },
  {
    name: 'schools.list',
    call: (c, f, i) => c.schools.list({ regionCode: pick(f.regions, i), schoolYear: year(f, i), sort: { column: pick(['priority', 'implementation', 'schoolId'] as const, i), direction: i % 2 ? 'asc' : 'desc' }, page: 1 + (i % 3), pageSize: 25 }),
    adhoc: (db, f, i) => run(db, sql`select ss.school_id, avg(ss.score) as degree from scan_score ss join school s on s.id = ss.school_id join municipality m on m.code = s.municipality_code where ss.school_year = ${year(f, i)} and m.region_code = ${pick(f.regions, i)} group by ss.school_id order by degree desc limit 25 offset ${25 * (i % 3)}`),
  },
  {
    name: 'planning.plan',
    call: (c, f, i) => c.planning.plan({ regionCode: pick(f.regions, i), schoolYear: year(f, i), fteDelta: (i % 5) - 2 }),
    adhoc: (db, f, i) => run(db, sql`select ss.school_id, avg(ss.score) as degree from scan_score ss join school s on s.id = ss.school_id join municipality m on m.code = s.municipality_code where ss.school_year = ${year(f, i)} and m.region_code = ${pick(f.regions, i)} group by ss.school_id order by degree`),
  },
  {
    name: 'planning.readiness',
    call: (c, f, i) => c.planning.readiness({ regionCode: pick(f.regions, i), schoolYear: year(f, i), fteDelta: (i % 5) - 2 }),
    adhoc: (db, f, i) => run(db, sql`select s.disadvantage_band, ir.has_kartrekker, count(*) from school s join municipality m on m.code = s.municipality_code left join implementation_record ir on ir.school_id = s.id and ir.school_year = ${year(f, i)} where m.region_code = ${pick(f.regions, i)} group by s.disadvantage_band, ir.has_kartrekker`),
  },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

async function time(iterations: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(5, iterations); i++) await fn(i); // warm-up: statement cache, boundary cache
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

/** A PostgreSQL schema per scale in BENCH_DATABASE_URL_PG; true when it already held a seeded set to reuse. */
async function postgresSchema(scale: number): Promise<{ url: string; reuse: boolean }> {
  const schema = `${PG_SCHEMA_PREFIX}_${String(scale).replace(/\W/g, '_')}`;
  const admin = await openDb(PG_URL);
  try {
    const exists = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = ${schema} and table_name = 'rollup_region'`.execute(admin.kysely);
    const reuse = Boolean(KEEP) && Number(exists.rows[0]?.n) > 0
      && Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(`${schema}.rollup_region`)}`.execute(admin.kysely)).rows[0]?.n) > 0;
    if (!reuse) {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.kysely);
      await sql`create schema ${sql.id(schema)}`.execute(admin.kysely);
    }
    return { url: withSearchPath(PG_URL, schema), reuse };
  } finally {
    await admin.close();
  }
}

async function dropPostgresSchema(scale: number): Promise<void> {
  const admin = await openDb(PG_URL);
  try {
    await sql`drop schema if exists ${sql.id(`${PG_SCHEMA_PREFIX}_${String(scale).replace(/\W/g, '_')}`)} cascade`.execute(admin.kysely);
  } finally {
    await admin.close();
  }
}

async function seeded(scale: number, dir: string, backend: DialectName): Promise<Db> {
  const file = path.join(dir, `bench-scale-${scale}.sqlite`);
  const pg = backend === 'postgres' ? await postgresSchema(scale) : null;
  const reuse = pg ? pg.reuse : existsSync(file);
  const db = await openDb(pg ? pg.url : file);
  await migrateToLatest(db);
  if (!reuse) {
    const { seedDemoData } = await import('../src/seed/demo-seed.ts');
    const t0 = performance.now();
    const summary = await seedDemoData(db, { scale, onProgress: () => {} });
    const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    // Reads through a large un-checkpointed WAL are slower than from the main file; a long-running server checkpoints anyway.
    db.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    console.log(`${backend}, schaal ${scale}: ${rows.toLocaleString('nl-NL')} rijen gezaaid in ${((performance.now() - t0) / 1000).toFixed(1)} s (${summary.rows.school.toLocaleString('nl-NL')} scholen)`);
  } else {
    console.log(`${backend}, schaal ${scale}: bestaande database hergebruikt (${pg ? 'PostgreSQL-schema' : file})`);
    const region = await db.kysely.selectFrom('rollup_region').select('school_year').limit(1).execute();
    const decided = await db.kysely.selectFrom('disclosure_cell').select('school_year').limit(1).execute();
    // Kept from before a rollup or disclosure migration: without stored decisions nothing is published, and nothing to time.
    if (region.length === 0 || decided.length === 0) {
      await refreshRollups(db);
      db.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    }
  }
  // Planner statistics for the raw tables too (the app analyses only its rollups; PostgreSQL's
  // autovacuum would do it later): the ad hoc baseline gets its best plans, so the ratio is fair.
  await sql`analyze`.execute(db.kysely);
  // As the server does on start (in the background there): the bench times a server that is up.
  const t0 = performance.now();
  await keepDecisionsWarm(db.kysely, (error) => console.error('publicatiebeslissingen niet vooraf gelezen', error));
  console.log(`${backend}, schaal ${scale}: publicatiebeslissingen vooraf gelezen in ${Math.round(performance.now() - t0)} ms`);
  return db;
}

async function fixtureOf(db: Db): Promise<Fixture> {
  const years = (await db.kysely.selectFrom('rollup_cell').select('school_year').distinct().orderBy('school_year').execute()).map((r) => r.school_year);
  const regions = (await db.kysely.selectFrom('region').select('code').orderBy('code').execute()).map((r) => r.code);
  const municipalities = (await db.kysely.selectFrom('municipality').select(['code', 'region_code as regionCode']).orderBy('code').execute());
  const districtRows = await db.kysely.selectFrom('district').select(['code', 'municipality_code']).orderBy('code').execute();
  const byMunicipality = new Map<string, string[]>();
  for (const d of districtRows) byMunicipality.set(d.municipality_code, [...(byMunicipality.get(d.municipality_code) ?? []), d.code]);
  const districts = [...byMunicipality].map(([municipality, codes]) => ({ municipality, codes }));
  return { years, regions, municipalities, districts };
}

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 1).padStart(8);

/** What the publication layer hides in the latest school year: the price of disclosure control. */
async function printInformationLoss(db: Db, f: Fixture): Promise<void> {
  const latest = f.years[f.years.length - 1]!;
  const shares = await publishedShares(db.kysely, latest);
  const pct = (s: { cells: number; published: number }) => `${((100 * s.published) / Math.max(1, s.cells)).toFixed(1).replace('.', ',')}%`;
  console.log(`\nGepubliceerde cellen ${latest} (informatieverlies door afscherming; lege cellen tellen als gepubliceerd):`);
  const order = ['cell', 'scan', 'outcome', 'partner', 'partner:<type>', 'signal:<id>'];
  for (const s of shares.filter((x) => x.level !== 'nation').sort((a, b) => order.indexOf(a.part) - order.indexOf(b.part) || a.level.localeCompare(b.level) || a.sector.localeCompare(b.sector) || a.band.localeCompare(b.band))) {
    console.log(`  ${s.part.padEnd(16)}${s.level.padEnd(14)}${s.sector.padEnd(5)}${s.band.padEnd(10)}${String(s.cells).padStart(6)}  ${pct(s).padStart(7)}`);
  }
  for (const [part, label] of [['cell', 'cijfers over alle scholen'], ['scan', 'scancijfers']] as const) {
    const headline = shares.find((s) => s.part === part && s.level === 'municipality' && s.sector === 'all' && s.band === 'all');
    // The small cells are hidden whatever the complements: the most any layer could publish.
    if (headline) console.log(`  Gemeente × alle sectoren (${label}): ${pct(headline)} gepubliceerd (doel ≥ 95%; hoogstens ${pct({ cells: headline.cells, published: headline.cells - headline.small })} haalbaar: ${headline.small} gemeenten met een cijfer over minder dan de drempel)`);
  }
}

async function main(): Promise<void> {
  const dir = KEEP || mkdtempSync(path.join(tmpdir(), 'rd-bench-'));
  mkdirSync(dir, { recursive: true });
  process.env.LOG_LEVEL ??= 'warn';
  const config = { ...loadConfig({}), databaseUrl: dir };
  try {
    for (const scale of SCALES) {
      const dbs = new Map<DialectName, Db>();
      for (const backend of BACKENDS) dbs.set(backend, await seeded(scale, dir, backend));
      const f = await fixtureOf(dbs.get('sqlite')!);
      // An advisor of every region with national sight: passes every access rule (aggregates and school rows),
      // so the bench includes the access middleware's cost as a real request would.
      const user = testPrincipal('ggd-adviseur', { national: true, regions: f.regions });
      const callers = new Map([...dbs].map(([backend, db]) => [backend, createCallerFactory(appRouter)(createInnerContext(db, config, { user }))]));
      const iterations = scale > 1 ? Math.max(10, Math.round(ITERATIONS / 3)) : ITERATIONS;
      console.log(`\nSchaal ${scale}× — ${iterations} aanroepen per procedure, gevarieerde invoer; tijden in ms; ${cpus().length} cpu's, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      console.log(`${'procedure'.padEnd(28)}${'backend'.padEnd(10)}${'p50'.padStart(8)}${'p95'.padStart(8)} │${'adhoc p50'.padStart(10)}${'adhoc p95'.padStart(10)} │${'ratio p50'.padStart(10)}${'ratio p95'.padStart(10)}  doel p95≤20`);
      const cases = CASES.filter((c) => (!ONLY.length || ONLY.some((o) => c.name.startsWith(o)))
        // Regions without demo districts (--regions): nothing to ask the district procedures.
        && !(c.name.startsWith('districts.') && f.districts.length === 0));
      // Every procedure first, then the ad-hoc queries: these build large results whose garbage would
      // otherwise be collected during the next procedure's calls, in its timings.
      const apis = new Map<string, { p50: number; p95: number }>();
      for (const c of cases) for (const backend of dbs.keys()) apis.set(`${c.name}|${backend}`, await time(iterations, (i) => c.call(callers.get(backend)!, f, i)));
      for (const c of cases) {
        // The same inputs on every backend, one row each, so the numbers sit side by side.
        for (const [backend, db] of dbs) {
          const api = apis.get(`${c.name}|${backend}`)!;
          const adhoc = c.adhoc ? await time(Math.max(5, Math.round(iterations / 4)), (i) => c.adhoc!(db, f, i)) : null;
          const ratio = (a: number, b: number) => (adhoc ? `${(a / b).toFixed(1)}×` : '—');
          console.log(`${c.name.padEnd(28)}${backend.padEnd(10)}${fmt(api.p50)}${fmt(api.p95)} │${adhoc ? fmt(adhoc.p50) + '  ' + fmt(adhoc.p95) : '         —         —'} │${ratio(adhoc?.p50 ?? 0, api.p50).padStart(10)}${ratio(adhoc?.p95 ?? 0, api.p95).padStart(10)}  ${api.p95 <= 20 ? 'ja' : 'NEE'}`);
        }
      }
      await printInformationLoss(dbs.get('sqlite')!, f);
      for (const db of dbs.values()) await db.close();
      if (!KEEP && dbs.has('postgres')) await dropPostgresSchema(scale);
    }
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
