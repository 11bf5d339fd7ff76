/**
 * Test support: throwaway migrated SQLite databases and a small deterministic fixture with the
 * shapes the analytics API needs (two regions, one municipality below the suppression threshold,
 * schools without a scan, an unknown disadvantage band, two school years).
 */
import { PARTNER_TYPES, OUTCOME_INDICATORS, PRINCIPLE_IDS, type SectorId } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { createBackendTestDb, type Backend, type TestDb } from './databases.ts';
import { loadConfig, type AppConfig } from '../config.ts';
import { refreshRollups } from '../rollups/index.ts';

export type { TestDb } from './databases.ts';

/**
 * A migrated database in a fresh temp directory (SQLite) or schema (PostgreSQL). Without an explicit
 * backend, TEST_BACKEND=postgres moves every fixture-based suite that does not parametrize itself onto
 * PostgreSQL (e.g. `TEST_BACKEND=postgres npx vitest run src/routers src/auth src/export`).
 */
export async function createTestDb(prefix = 'rd-test-', backend: Backend = defaultBackend()): Promise<TestDb> {
  return createBackendTestDb(backend, prefix);
}

function defaultBackend(): Backend {
  const chosen = process.env.TEST_BACKEND;
  if (chosen === undefined || chosen === '' || chosen === 'sqlite') return 'sqlite';
  if (chosen === 'postgres') return 'postgres';
  throw new Error(`TEST_BACKEND moet sqlite of postgres zijn, niet "${chosen}"`);
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({}), databaseUrl: ':memory:', ...overrides };
}

/** mulberry32: tiny deterministic PRNG so fixtures are identical on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIXTURE_YEARS = ['2023-2024', '2024-2025'] as const;

/** Municipalities of the fixture with their school counts per sector. GM9003 is deliberately tiny. */
export const FIXTURE_MUNICIPALITIES = [
  { code: 'GM9001', name: 'Noordstad', region: 'GG9001', schools: { po: 14, vo: 6 } },
  { code: 'GM9002', name: 'Noorddorp', region: 'GG9001', schools: { po: 9, so: 2 } },
  { code: 'GM9003', name: 'Kleinwijk', region: 'GG9001', schools: { po: 3 } },
  { code: 'GM9004', name: 'Zuidstad', region: 'GG9002', schools: { po: 12, vo: 5, mbo: 3 } },
  { code: 'GM9005', name: 'Zuiddorp', region: 'GG9002', schools: { po: 8 } },
] as const satisfies readonly { code: string; name: string; region: string; schools: Partial<Record<SectorId, number>> }[];

/** A layout of regions and municipalities with their school counts per sector (random layouts in property tests). */
export type FixtureLayout = readonly { code: string; name: string; region: string; schools: Partial<Record<SectorId, number>> }[];

/**
 * Loads the fixture and refreshes rollups. Not a model of reality: just varied enough that sums,
 * shares, bands and suppression are all exercised. Another `layout` keeps the same generating
 * rules over other regions, municipalities and school counts.
 */
export async function loadFixture(db: Db, seed = 42, options: { minCellSchools?: number; layout?: FixtureLayout } = {}): Promise<void> {
  const layout = options.layout ?? FIXTURE_MUNICIPALITIES;
  const rnd = prng(seed);
  const k = db.kysely;
  await k.insertInto('province').values([{ code: 'PV90', name: 'Testprovincie' }]).execute();
  const regionCodes = [...new Set(layout.map((m) => m.region))].sort();
  await k.insertInto('region').values(regionCodes.map((code, i) => ({ code, name: `GGD ${['Noord', 'Zuid', 'Oost', 'West'][i] ?? code}` }))).execute();
  await k.insertInto('municipality').values(layout.map((m) => ({ code: m.code, name: m.name, region_code: m.region, province_code: 'PV90' }))).execute();

  let n = 0;
  const schools: { id: string; sector: SectorId; band: number | null }[] = [];
  for (const m of layout) {
    for (const [sector, count] of Object.entries(m.schools) as [SectorId, number][]) {
      for (let i = 0; i < count; i++) {
        n++;
        const id = `S${n.toString(16).toUpperCase().padStart(16, '0')}`;
        const band = n % 11 === 0 ? null : 1 + Math.floor(rnd() * 4);
        schools.push({ id, sector, band });
        await k.insertInto('school').values({
          id, sector, municipality_code: m.code, district_code: null, size_band: (['klein', 'middel', 'groot'] as const)[n % 3]!,
          disadvantage_band: band, low_income_share: band === null ? null : band * 8, poverty_area_share: null,
        }).execute();
      }
    }
  }

  for (const [yi, year] of FIXTURE_YEARS.entries()) {
    await k.insertInto('capacity').values(regionCodes.map((code, ri) => (ri === 0
      ? { region_code: code, school_year: year, advisor_fte: 2 + yi * 0.5, hours_for_schools: 1800 + yi * 400 }
      : { region_code: code, school_year: year, advisor_fte: 1.2, hours_for_schools: 1000 }))).execute();
    for (const s of schools) {
      const band = s.band ?? 2;
      const supported = rnd() < 0.3;
      await k.insertInto('implementation_record').values({
        school_id: s.id, school_year: year, phase: (['geen', 'voorbereiden', 'uitvoeren', 'evalueren'] as const)[Math.floor(rnd() * 4)]!,
        has_kartrekker: rnd() < 0.5 ? 1 : 0, team_enthusiasm: 1 + Math.floor(rnd() * 5), parent_support: 1 + Math.floor(rnd() * 5),
        recognised_interventions: Math.floor(rnd() * 3), ggd_support_hours: supported ? 4 + Math.floor(rnd() * 12) : 0, ggd_contacts: supported ? 2 : 0,
        // The optional conditions, without drawing from rnd (the other fixture rows stay as they were);
        // every seventh school leaves them unrecorded.
        ...conditionsOf(Number.parseInt(s.id.slice(1), 16), yi),
      }).execute();
      if (rnd() < 0.25) {
        await k.insertInto('certificate').values({ school_id: s.id, school_year: year, theme: 'welbevinden', awarded_year: year }).execute();
        if (rnd() < 0.5) await k.insertInto('certificate').values({ school_id: s.id, school_year: year, theme: 'voeding', awarded_year: year }).execute();
      }
      if (rnd() < 0.8) {
        await k.insertInto('scan_score').values(PRINCIPLE_IDS.map((p) => ({
          school_id: s.id, school_year: year, principle_id: p,
          score: Math.max(0, Math.min(3, Math.round(rnd() * 2.5 + yi * 0.3 + (band <= 2 ? 0.5 : 0) - (p > 13 ? 0.5 : 0)))),
        }))).execute();
      }
      await k.insertInto('partner_agreement').values(PARTNER_TYPES.filter((t) => (t.sectors as readonly string[]).includes(s.sector)).map((t) => ({
        school_id: s.id, school_year: year, partner_type: t.id, has_agreement: rnd() < 0.6 ? 1 : 0,
      }))).execute();
      // An import may carry an agreement with a type the sector is not asked about (schuldhulp at a
      // po school): kept, but no coverage figure may count it.
      if (s.sector === 'po' && Number.parseInt(s.id.slice(1), 16) % 4 === 0) {
        await k.insertInto('partner_agreement').values({ school_id: s.id, school_year: year, partner_type: 'schuldhulp', has_agreement: 1 }).execute();
      }
      if (rnd() < 0.7) {
        await k.insertInto('outcome').values(OUTCOME_INDICATORS.map((o) => ({
          school_id: s.id, school_year: year, indicator: o.id, value_pct: Math.round(o.reference.po + (rnd() - 0.5) * 20 + band * 2), respondents: 20 + Math.floor(rnd() * 80),
        }))).execute();
      }
    }
  }
  await k.insertInto('dataset_meta').values([{ key: 'synthetic', value: 'true' }, { key: 'description', value: 'Testfixture' }]).execute();
  await refreshRollups(db, { minCellSchools: options.minCellSchools });
}

function conditionsOf(n: number, yearIndex: number): { leadership_commitment: number | null; school_support: number | null } {
  if (n % 7 === 0) return { leadership_commitment: null, school_support: null };
  return { leadership_commitment: 1 + ((n * 3 + yearIndex) % 5), school_support: 1 + ((n * 2 + yearIndex * 3) % 5) };
}

/**
 * The fixture with publication decisions taken at `minCellSchools`, and a caller with the same
 * threshold. At 1 nothing is suppressed: for tests of the arithmetic behind published figures.
 */
export async function createFixtureDb(prefix: string, minCellSchools: number): Promise<TestDb> {
  const t = await createTestDb(prefix);
  await loadFixture(t.db, 42, { minCellSchools });
  return t;
}

/** Two real GGD regions of the demo seed: Fryslân (with the Wadden islands: tiny cells) and Zaanstreek/Waterland. */
export const SEEDED_REGIONS = ['GG7206', 'GG7306'] as const;

/** A migrated temp database with the deterministic demo seed for SEEDED_REGIONS (rollups refreshed by the seed). */
export async function createSeededTestDb(prefix = 'rd-seeded-', backend: Backend = 'sqlite'): Promise<TestDb> {
  const t = await createTestDb(prefix, backend);
  const { seedDemoData } = await import('../seed/demo-seed.ts');
  // 'auto' writer: prepared statements on SQLite, the portable Kysely batches on PostgreSQL.
  await seedDemoData(t.db, { regions: [...SEEDED_REGIONS] });
  return t;
}
