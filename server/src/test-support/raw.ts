/**
 * Independent reference computations for tests: plain per-school facts read straight from the raw
 * tables (no rollups), aggregated in plain JS. Deliberately written differently from the rollup path.
 */
import { afterAll, beforeAll } from 'vitest';
import { isPartnerTypeOffered, pillarOfPrinciple, type PillarId } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { createCallerFactory } from '../trpc.ts';
import { appRouter } from '../routers/index.ts';
import { createInnerContext } from '../context.ts';
import type { AppConfig } from '../config.ts';
import type { Principal } from '../auth/roles.ts';
import { NATIONAL_COORDINATOR, advisorOf } from './principals.ts';
import { createFixtureDb, createTestDb, loadFixture, testConfig, type TestDb } from './fixture.ts';
import type { Backend } from './databases.ts';

/** A caller acting as `user` (default: a national coordinator, who sees every aggregate). */
export function createTestCaller(db: Db, config: AppConfig, user: Principal = NATIONAL_COORDINATOR) {
  return createCallerFactory(appRouter)(createInnerContext(db, config, { user }));
}

export interface RawSchool {
  id: string;
  sector: string;
  municipality: string;
  region: string;
  band: number | null;
  scores: number[];
  byPrinciple: Map<number, number>;
  pillarScores: Record<PillarId, number[]>;
  hasRecord: boolean;
  kartrekker: boolean;
  hours: number;
  vignet: boolean;
  partners: Map<string, boolean>;
  outcomes: Map<string, { value: number; respondents: number }>;
}

export async function rawSchools(db: Db, schoolYear: string): Promise<RawSchool[]> {
  const k = db.kysely;
  const [schools, munis, scans, records, certs, partners, outcomes] = await Promise.all([
    k.selectFrom('school').selectAll().execute(),
    k.selectFrom('municipality').selectAll().execute(),
    k.selectFrom('scan_score').selectAll().where('school_year', '=', schoolYear).execute(),
    k.selectFrom('implementation_record').selectAll().where('school_year', '=', schoolYear).execute(),
    k.selectFrom('certificate').selectAll().where('school_year', '=', schoolYear).execute(),
    k.selectFrom('partner_agreement').selectAll().where('school_year', '=', schoolYear).execute(),
    k.selectFrom('outcome').selectAll().where('school_year', '=', schoolYear).execute(),
  ]);
  const regionOf = new Map(munis.map((m) => [m.code, m.region_code]));
  const byId = new Map<string, RawSchool>();
  for (const s of schools) {
    byId.set(s.id, {
      id: s.id, sector: s.sector, municipality: s.municipality_code, region: regionOf.get(s.municipality_code)!, band: s.disadvantage_band,
      scores: [], byPrinciple: new Map(), pillarScores: { beleid: [], omgeving: [], educatie: [], signaleren: [] },
      hasRecord: false, kartrekker: false, hours: 0, vignet: false, partners: new Map(), outcomes: new Map(),
    });
  }
  for (const r of scans) {
    const s = byId.get(r.school_id)!;
    s.scores.push(r.score);
    s.byPrinciple.set(r.principle_id, r.score);
    s.pillarScores[pillarOfPrinciple(r.principle_id)].push(r.score);
  }
  for (const r of records) {
    const s = byId.get(r.school_id)!;
    s.hasRecord = true;
    s.kartrekker = r.has_kartrekker === 1;
    s.hours = r.ggd_support_hours;
  }
  for (const r of certs) byId.get(r.school_id)!.vignet = true;
  for (const r of partners) {
    const s = byId.get(r.school_id)!;
    // By definition a partner type counts only where it is offered (schuldhulp: mbo).
    if (isPartnerTypeOffered(r.partner_type, s.sector)) s.partners.set(r.partner_type, r.has_agreement === 1);
  }
  for (const r of outcomes) byId.get(r.school_id)!.outcomes.set(r.indicator, { value: r.value_pct, respondents: r.respondents });
  return [...byId.values()];
}

/** Mean score / 3 × 100 over all scores of the schools, or null. */
export function degreeOf(schools: readonly RawSchool[], pick: (s: RawSchool) => number[] = (s) => s.scores): number | null {
  const all = schools.flatMap(pick);
  return all.length ? (all.reduce((a, b) => a + b, 0) / all.length / 3) * 100 : null;
}

export const scannedOf = (schools: readonly RawSchool[]) => schools.filter((s) => s.scores.length > 0);

export type TestCaller = ReturnType<typeof createTestCaller>;

/**
 * The fixture for one test file as an advisor of its regions sees it (the only role that sees
 * school rows), opened before its tests and removed after them. GG9999 (unknown) is in the
 * advisor's scope too, so the tests still reach a procedure's own NOT_FOUND check. Without a
 * `backend`, TEST_BACKEND chooses (see createTestDb).
 */
export function useAdvisorFixture(prefix: string, backend?: Backend) {
  const fx = {} as { t: TestDb; caller: TestCaller };
  beforeAll(async () => {
    fx.t = await createTestDb(prefix, backend);
    await loadFixture(fx.t.db);
    fx.caller = createTestCaller(fx.t.db, testConfig(), advisorOf('GG9001', 'GG9002', 'GG9999'));
  });
  afterAll(() => fx.t?.cleanup());
  return fx;
}

/**
 * The fixture for one test file, opened before its tests and removed after them: `caller` sees it
 * published at `minCellSchools`; `plain` (unless `withPlain` is false) a second copy published at
 * threshold 1, where nothing is hidden, for the arithmetic behind every figure. Read the fields
 * inside tests: they are set in `beforeAll`.
 */
export function useFixtureCallers(prefix: string, { minCellSchools = 5, withPlain = true } = {}) {
  const fx = {} as { t: TestDb; caller: TestCaller; plainDb: TestDb | null; plain: TestCaller };
  beforeAll(async () => {
    fx.t = await createFixtureDb(prefix, minCellSchools);
    fx.caller = createTestCaller(fx.t.db, testConfig({ minCellSchools }));
    fx.plainDb = withPlain ? await createFixtureDb(`${prefix}plain-`, 1) : null;
    if (fx.plainDb) fx.plain = createTestCaller(fx.plainDb.db, testConfig({ minCellSchools: 1 }));
  });
  afterAll(async () => {
    await fx.t?.cleanup();
    await fx.plainDb?.cleanup();
  });
  return fx;
}
