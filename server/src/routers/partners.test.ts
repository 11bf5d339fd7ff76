import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_TYPES } from '@rd/shared';
import { createCallerFactory } from '../trpc.ts';
import { createInnerContext } from '../context.ts';
import { NATIONAL_COORDINATOR } from '../test-support/principals.ts';
import { appRouter } from './index.ts';
import { createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { refreshRollups } from '../rollups/index.ts';

const YEAR = '2024-2025';
const MIN = 5;
let t: TestDb;
const createCaller = createCallerFactory(appRouter);
let caller: ReturnType<typeof createCaller>;

/** The fixture with one partner type absent in GM9001, its decisions taken at `minCellSchools`. */
async function prepare(prefix: string, minCellSchools: number): Promise<TestDb> {
  const db = await createTestDb(prefix);
  await loadFixture(db.db, 42, { minCellSchools });
  // Make one partner type absent in one municipality, so "missing" has something to find.
  const gm9001 = db.db.kysely.selectFrom('school').select('id').where('municipality_code', '=', 'GM9001');
  await db.db.kysely.updateTable('partner_agreement').set({ has_agreement: 0 })
    .where('school_year', '=', YEAR).where('partner_type', '=', 'leerplicht').where('school_id', 'in', gm9001).execute();
  // The fixture also holds schuldhulp agreements at po schools: 'all sectors' must leave them out.
  await refreshRollups(db.db, { schoolYears: [YEAR], minCellSchools });
  return db;
}

/** Decisions taken at threshold 1 (nothing hidden): the arithmetic behind every figure. */
let plainDb: TestDb;
let plain: ReturnType<typeof createCaller>;

beforeAll(async () => {
  t = await prepare('rd-partners-', MIN);
  caller = createCaller(createInnerContext(t.db, testConfig({ minCellSchools: MIN }), { user: NATIONAL_COORDINATOR }));
  plainDb = await prepare('rd-partners-plain-', 1);
  plain = createCaller(createInnerContext(plainDb.db, testConfig({ minCellSchools: 1 }), { user: NATIONAL_COORDINATOR }));
});
afterAll(async () => {
  await t.cleanup();
  await plainDb.cleanup();
});

/** Independent computation from the raw partner rows: per municipality × type, relevant sectors only. */
async function rawCoverage(sector: 'all' | 'po') {
  const rows = await t.db.kysely.selectFrom('partner_agreement as pa')
    .innerJoin('school as s', 's.id', 'pa.school_id')
    .where('pa.school_year', '=', YEAR)
    .select(['s.municipality_code', 's.sector', 'pa.partner_type', 'pa.has_agreement'])
    .execute();
  const acc = new Map<string, { schools: number; agreements: number }>();
  for (const r of rows) {
    if (sector !== 'all' && r.sector !== sector) continue;
    const type = PARTNER_TYPES.find((p) => p.id === r.partner_type)!;
    if (!(type.sectors as readonly string[]).includes(r.sector)) continue;
    const key = `${r.municipality_code}|${r.partner_type}`;
    const a = acc.get(key) ?? { schools: 0, agreements: 0 };
    a.schools += 1;
    a.agreements += r.has_agreement;
    acc.set(key, a);
  }
  return acc;
}

describe('partners.coverage', () => {
  it('matches the raw rows for every visible municipality × partner type, and hides small cells', async () => {
    for (const [c, min] of [[caller, MIN], [plain, 1]] as const) {
      const result = await c.partners.coverage({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
      const raw = await rawCoverage('all');
      expect(result.municipalities.map((m) => m.code).sort()).toEqual(['GM9001', 'GM9002', 'GM9003']);
      let visible = 0;
      for (const m of result.municipalities) {
        for (const [type, published] of Object.entries(m.coverage)) {
          const expected = raw.get(`${m.code}|${type}`);
          if (!expected) {
            // E.g. schuldhulp without mbo: "no schools", or hidden where the group it belongs to is hidden.
            expect([{ value: null, schools: 0, suppressed: null }, { value: null, schools: null, suppressed: 'complementary' }]).toContainEqual(published);
          } else if (published!.suppressed === null) {
            visible++;
            expect(published!.schools).toBe(expected.schools);
            expect(published!.value).toBeCloseTo((100 * expected.agreements) / expected.schools, 10);
            expect(expected.schools).toBeGreaterThanOrEqual(min);
          } else {
            expect(published!.value).toBeNull();
            expect(published!.schools).toBeNull();
          }
        }
      }
      if (min === 1) expect(visible).toBeGreaterThan(0);
    }
    // Kleinwijk has 3 schools: hidden; the next-smallest sibling hides too, so 3 = total − others fails.
    const result = await caller.partners.coverage({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const byCode = new Map(result.municipalities.map((m) => [m.code, m]));
    expect(byCode.get('GM9003')!.coverage.jgz!.suppressed).toBe('small_cell');
    expect(byCode.get('GM9002')!.coverage.jgz!.suppressed).toBe('complementary');
  });

  it('gives the region total from all its schools, and lists schuldhulp only where mbo counts', async () => {
    const result = await plain.partners.coverage({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const raw = await rawCoverage('all');
    const jgz = ['GM9001', 'GM9002', 'GM9003'].map((m) => raw.get(`${m}|jgz`)!);
    const schools = jgz.reduce((s, a) => s + a.schools, 0);
    const agreements = jgz.reduce((s, a) => s + a.agreements, 0);
    const total = result.scopeTotals.find((x) => x.partnerType === 'jgz')!.coverage;
    expect(total.schools).toBe(schools);
    expect(total.value).toBeCloseTo((100 * agreements) / schools, 10);

    const po = await caller.partners.coverage({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'po' });
    expect(po.partnerTypes.map((p) => p.id)).not.toContain('schuldhulp');
    const all = await caller.partners.coverage({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'all' });
    expect(all.partnerTypes.map((p) => p.id)).toContain('schuldhulp');
    // Only GM9004 has mbo schools (3): below the threshold, and the region holds no other mbo school.
    const zuidstad = all.municipalities.find((m) => m.code === 'GM9004')!;
    expect(zuidstad.coverage.schuldhulp!.suppressed).toBe('small_cell');
    // GM9005 has no mbo school, but "no school" beside the hidden mbo schools of its region would
    // say where those are: it is hidden too.
    const zuiddorp = all.municipalities.find((m) => m.code === 'GM9005')!;
    expect(zuiddorp.coverage.schuldhulp).toEqual({ value: null, schools: null, suppressed: 'complementary' });
  });

  it('keeps a municipality hidden when asked for on its own (no differencing via separate calls)', async () => {
    const alone = await caller.partners.coverage({ scope: { level: 'municipality', code: 'GM9002' }, schoolYear: YEAR, sector: 'all' });
    expect(alone.municipalities.map((m) => m.code)).toEqual(['GM9002']);
    expect(alone.municipalities[0]!.coverage.jgz!.suppressed).toBe('complementary');
    expect(alone.scopeTotals.find((x) => x.partnerType === 'jgz')!.coverage.value).toBeNull();
  });

  it('rejects unknown areas with a Dutch NOT_FOUND', async () => {
    await expect(caller.partners.coverage({ scope: { level: 'region', code: 'GG9999' }, schoolYear: YEAR, sector: 'all' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende GGD-regio GG9999' });
  });
});

describe('partners.gaps', () => {
  it('lists a partner type nobody in the municipality works with as missing', async () => {
    const plainGaps = await plain.partners.gaps({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const noordstad = plainGaps.municipalities.find((m) => m.code === 'GM9001')!;
    expect(noordstad.missing.map((m) => m.partnerType)).toContain('leerplicht');
    // Hidden municipalities never reveal a zero.
    const gaps = await caller.partners.gaps({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const kleinwijk = gaps.municipalities.find((m) => m.code === 'GM9003')!;
    expect(kleinwijk.missing).toEqual([]);
    expect(kleinwijk.hiddenTypes).toBeGreaterThan(0);
  });

  it('counts weak Signaleren without JGZ and weak Omgeving without youth care like the raw scans say', async () => {
    const gaps = await caller.partners.gaps({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'all' });
    const scans = await t.db.kysely.selectFrom('scan_score').where('school_year', '=', YEAR).select(['school_id', 'principle_id', 'score']).execute();
    const partners = await t.db.kysely.selectFrom('partner_agreement').where('school_year', '=', YEAR).select(['school_id', 'partner_type', 'has_agreement']).execute();
    const schools = await t.db.kysely.selectFrom('school').select(['id', 'municipality_code']).execute();
    const mean = (id: string, from: number, to: number) => {
      const s = scans.filter((x) => x.school_id === id && x.principle_id >= from && x.principle_id <= to);
      return s.length === 0 ? null : (s.reduce((a, x) => a + x.score, 0) / s.length / 3) * 100;
    };
    const agreement = (id: string, type: string) => partners.find((p) => p.school_id === id && p.partner_type === type)?.has_agreement;
    for (const m of gaps.municipalities) {
      let base = 0, signaleren = 0, omgeving = 0;
      for (const s of schools.filter((x) => x.municipality_code === m.code)) {
        const sig = mean(s.id, 14, 16), omg = mean(s.id, 6, 10);
        const jgz = agreement(s.id, 'jgz'), youth = agreement(s.id, 'jeugdhulp');
        if (sig === null || omg === null || jgz === undefined || youth === undefined) continue;
        base++;
        if (sig < 50 && jgz === 0) signaleren++;
        if (omg < 50 && youth === 0) omgeving++;
      }
      const [sigSignal, omgSignal] = m.signals;
      expect(sigSignal!.id).toBe('signaleren_zonder_jgz');
      if (sigSignal!.share.suppressed === null && base > 0) {
        expect(sigSignal!.share.schools).toBe(base);
        expect(sigSignal!.share.value).toBeCloseTo((100 * signaleren) / base, 10);
        // Each signal is a cell of its own: it may be hidden to protect another cell where the other is not.
        if (omgSignal!.share.suppressed === null) expect(omgSignal!.share.value).toBeCloseTo((100 * omgeving) / base, 10);
        else expect(omgSignal!.share.suppressed).toBe('complementary');
        expect(sigSignal!.flagged).toBe((100 * signaleren) / base >= 25);
      } else if (base > 0) {
        expect(base < MIN || sigSignal!.share.suppressed === 'complementary').toBe(true);
      }
    }
    expect(gaps.signalDefinitions[0]!.explanation).toMatch(/jeugdgezondheidszorg/);
  });
});

describe('unknown areas', () => {
  it('answers NOT_FOUND in Dutch for an unknown region or municipality, on coverage, gaps and the funnel', async () => {
    const region = { scope: { level: 'region' as const, code: 'GG9999' }, schoolYear: YEAR, sector: 'all' as const };
    const municipality = { scope: { level: 'municipality' as const, code: 'GM9999' }, schoolYear: YEAR, sector: 'all' as const };
    for (const call of [caller.partners.coverage, caller.partners.gaps, caller.funnel.gezondeSchool]) {
      await expect(call(region)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende GGD-regio GG9999' });
      await expect(call(municipality)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende gemeente GM9999' });
    }
  });
});
