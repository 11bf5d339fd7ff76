import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureDb, createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { refreshRollups } from '../rollups/index.ts';
import { createTestCaller, degreeOf, rawSchools, scannedOf, type RawSchool } from '../test-support/raw.ts';

let t: TestDb;
let caller: ReturnType<typeof createTestCaller>;
/** Decisions taken at threshold 1 (nothing hidden): the arithmetic behind every figure. */
let plainDb: TestDb;
let plain: ReturnType<typeof createTestCaller>;
const YEAR = '2024-2025';
const config = testConfig({ minCellSchools: 5 });

beforeAll(async () => {
  t = await createTestDb('rd-overview-');
  await loadFixture(t.db);
  caller = createTestCaller(t.db, config);
  plainDb = await createFixtureDb('rd-overview-plain-', 1);
  plain = createTestCaller(plainDb.db, testConfig({ minCellSchools: 1 }));
});
afterAll(async () => {
  await t.cleanup();
  await plainDb.cleanup();
});

const pct = (part: number, whole: number) => (whole ? (part / whole) * 100 : null);

describe('overview.keyFigures', () => {
  it('matches a per-school computation for a region', async () => {
    const raw = (await rawSchools(t.db, YEAR)).filter((s) => s.region === 'GG9001');
    const k = await caller.overview.keyFigures({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    expect(k.scope.name).toBe('GGD Noord');
    expect(k.schools).toEqual({ value: raw.length, schools: raw.length, suppressed: null });
    expect(k.scanCoverage.value).toBeCloseTo(pct(scannedOf(raw).length, raw.length)!, 9);
    expect(k.implementation.value).toBeCloseTo(degreeOf(raw)!, 9);
    expect(k.implementation.schools).toBe(scannedOf(raw).length);
    expect(k.pillars.signaleren.value).toBeCloseTo(degreeOf(raw, (s) => s.pillarScores.signaleren)!, 9);
    expect(k.vignetShare.value).toBeCloseTo(pct(raw.filter((s) => s.vignet).length, raw.length)!, 9);
    const recorded = raw.filter((s) => s.hasRecord);
    expect(k.kartrekkerShare.value).toBeCloseTo(pct(recorded.filter((s) => s.kartrekker).length, recorded.length)!, 9);
    expect(k.supportHoursPerSchool.value).toBeCloseTo(raw.reduce((a, s) => a + s.hours, 0) / raw.length, 9);
    const pairs = raw.flatMap((s) => [...s.partners.values()]);
    expect(k.partnerCoverage.value).toBeCloseTo(pct(pairs.filter(Boolean).length, pairs.length)!, 9);
    const cap = await t.db.kysely.selectFrom('capacity').selectAll().where('region_code', '=', 'GG9001').where('school_year', '=', YEAR).executeTakeFirstOrThrow();
    expect(k.capacity.advisorFte).toBe(cap.advisor_fte);
    expect(k.capacity.advisorFtePer100Schools).toBeCloseTo((cap.advisor_fte / raw.length) * 100, 9);
  });

  it('sums the nation over all regions, capacity included', async () => {
    const raw = await rawSchools(t.db, YEAR);
    const po = raw.filter((s) => s.sector === 'po');
    const k = await plain.overview.keyFigures({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'po' });
    expect(k.schools.value).toBe(po.length);
    expect(k.implementation.value).toBeCloseTo(degreeOf(po)!, 9);
    const caps = await t.db.kysely.selectFrom('capacity').selectAll().where('school_year', '=', YEAR).execute();
    expect(k.capacity.advisorFte).toBeCloseTo(caps.reduce((a, c) => a + c.advisor_fte, 0), 9);
    expect(k.capacity.regions).toBe(2);
  });

  it('hides a municipality below the threshold, and a sibling so it cannot be recovered from the region', async () => {
    const small = await caller.overview.keyFigures({ scope: { level: 'municipality', code: 'GM9003' }, schoolYear: YEAR, sector: 'all' });
    expect(small.schools).toEqual({ value: null, schools: null, suppressed: 'small_cell' });
    expect(small.implementation.value).toBeNull();
    expect(small.implementation.suppressed).not.toBeNull();
    // GM9002 (11 schools) is the smallest visible sibling of GM9003 (3 schools) in GG9001: hidden too.
    const sibling = await caller.overview.keyFigures({ scope: { level: 'municipality', code: 'GM9002' }, schoolYear: YEAR, sector: 'all' });
    expect(sibling.schools.suppressed).toBe('complementary');
    expect(sibling.schools.value).toBeNull();
    // GM9001 is published or hidden exactly as the stored decision says; published means the raw value.
    const big = await caller.overview.keyFigures({ scope: { level: 'municipality', code: 'GM9001' }, schoolYear: YEAR, sector: 'all' });
    const stored = await t.db.kysely.selectFrom('disclosure_cell').select('suppressed')
      .where('school_year', '=', YEAR).where('area_code', '=', 'GM9001').where('sector', '=', 'all').where('band', '=', 'all').executeTakeFirstOrThrow();
    expect(big.schools.suppressed).toBe(stored.suppressed);
    if (stored.suppressed === null) expect(big.schools.value).toBe(20);
  });

  it('answers an unknown region with a Dutch NOT_FOUND', async () => {
    await expect(caller.overview.keyFigures({ scope: { level: 'region', code: 'GG9999' }, schoolYear: YEAR, sector: 'all' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende GGD-regio GG9999' });
    await expect(caller.overview.keyFigures({ scope: { level: 'region', code: 'XX' } as never, schoolYear: YEAR, sector: 'all' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('overview.map', () => {
  it('gives every municipality of a region its value, with siblings suppressed together', async () => {
    const raw = await rawSchools(t.db, YEAR);
    const m = await plain.overview.map({ level: 'municipality', regionCode: 'GG9002', schoolYear: YEAR, sector: 'all', metric: 'vignetShare' });
    expect(m.rows.map((r) => r.code).sort()).toEqual(['GM9004', 'GM9005']);
    for (const row of m.rows) {
      const of = raw.filter((s) => s.municipality === row.code);
      expect(row.value.value).toBeCloseTo(pct(of.filter((s) => s.vignet).length, of.length)!, 9);
    }
    const all = await caller.overview.map({ level: 'municipality', schoolYear: YEAR, sector: 'all', metric: 'implementation' });
    const byCode = new Map(all.rows.map((r) => [r.code, r.value]));
    expect(byCode.get('GM9003')!.suppressed).toBe('small_cell');
    expect(byCode.get('GM9002')!.suppressed).toBe('complementary');
    const plainMap = await plain.overview.map({ level: 'municipality', schoolYear: YEAR, sector: 'all', metric: 'implementation' });
    expect(plainMap.rows.find((r) => r.code === 'GM9001')!.value.value).toBeCloseTo(degreeOf(scannedOf(raw.filter((s) => s.municipality === 'GM9001')))!, 9);
  });

  it('publishes regions, capacity per 100 schools, and an equity gap only where both bands are visible', async () => {
    const raw = await rawSchools(t.db, YEAR);
    const regions = await caller.overview.map({ level: 'region', schoolYear: YEAR, sector: 'all', metric: 'capacityFtePer100' });
    const cap = await t.db.kysely.selectFrom('capacity').selectAll().where('school_year', '=', YEAR).execute();
    for (const row of regions.rows) {
      const fte = cap.find((c) => c.region_code === row.code)!.advisor_fte;
      expect(row.value.value).toBeCloseTo((fte / raw.filter((s) => s.region === row.code).length) * 100, 9);
    }
    // Capacity is a regional fact: per municipality it would repeat the region's figure, so it is refused there.
    await expect(caller.overview.map({ level: 'municipality', regionCode: 'GG9001', schoolYear: YEAR, sector: 'all', metric: 'capacityFtePer100' }))
      .rejects.toThrow(/alleen per GGD-regio/);
    const gaps = await caller.overview.map({ level: 'region', schoolYear: YEAR, sector: 'all', metric: 'equityGap' });
    for (const row of gaps.rows) {
      const of = scannedOf(raw.filter((s) => s.region === row.code));
      const b = (band: number) => of.filter((s: RawSchool) => s.band === band);
      if (row.value.value !== null) {
        expect(b(1).length).toBeGreaterThanOrEqual(config.minCellSchools);
        expect(row.value.value).toBeCloseTo(degreeOf(b(1))! - degreeOf(b(4))!, 9);
      }
    }
  });
});

describe('overview.map support hours per school', () => {
  it('is a figure of each municipality itself, over its own schools', async () => {
    const raw = await rawSchools(plainDb.db, YEAR);
    const map = await plain.overview.map({ level: 'municipality', regionCode: 'GG9001', schoolYear: YEAR, sector: 'all', metric: 'supportHoursPerSchool' });
    expect(map.rows.length).toBeGreaterThan(1);
    for (const row of map.rows) {
      const of = raw.filter((s) => s.municipality === row.code);
      expect(row.value.schools).toBe(of.length);
      if (of.length) expect(row.value.value).toBeCloseTo(of.reduce((a, s) => a + s.hours, 0) / of.length, 9);
    }
    expect(new Set(map.rows.map((r) => r.value.value)).size).toBeGreaterThan(1);
  });
});

describe('linked publication (sector differencing)', () => {
  it('never leaves a hidden sector cell recoverable as all sectors minus the visible sectors', async () => {
    // The attack: five map calls (all sectors and each sector) per metric; for a municipality whose
    // total is published, a single hidden sector with schools is its total minus the others.
    const sectors = ['po', 'so', 'vo', 'mbo'] as const;
    for (const metric of ['implementation', 'vignetShare', 'scanCoverage'] as const) {
      const total = await caller.overview.map({ level: 'municipality', schoolYear: YEAR, sector: 'all', metric });
      const bySector = await Promise.all(sectors.map((sector) => caller.overview.map({ level: 'municipality', schoolYear: YEAR, sector, metric })));
      const raw = await rawSchools(t.db, YEAR);
      for (const row of total.rows) {
        if (row.value.suppressed !== null) continue;
        const hiddenWithSchools = sectors.filter((sector, i) =>
          bySector[i]!.rows.find((r) => r.code === row.code)!.value.suppressed !== null
          && raw.some((s) => s.municipality === row.code && s.sector === sector));
        expect(hiddenWithSchools.length, `${metric} ${row.code}`).not.toBe(1);
      }
    }
  });
});

describe('linked publication (voluntary scan)', () => {
  it('hides the scan figures of a cell with too few scans, and still publishes its figures over all schools', async () => {
    // Zuiddorp has 8 po schools; leave 3 of them scanned. The scan figures rest on 3 schools and
    // must be hidden with the scanned count; vignet, kartrekker and support rest on all 8.
    const own = await createTestDb('rd-overview-scan-');
    try {
      await loadFixture(own.db);
      const k = own.db.kysely;
      const schools = await k.selectFrom('school').select('id').where('municipality_code', '=', 'GM9005').where('sector', '=', 'po').orderBy('id').execute();
      const scanned = await k.selectFrom('scan_score').select('school_id').distinct().where('school_year', '=', YEAR)
        .where('school_id', 'in', schools.map((s) => s.id)).orderBy('school_id').execute();
      expect(scanned.length).toBeGreaterThan(3);
      await k.deleteFrom('scan_score').where('school_year', '=', YEAR).where('school_id', 'in', scanned.slice(3).map((s) => s.school_id)).execute();
      await refreshRollups(own.db, { minCellSchools: 5 });
      const kf = await createTestCaller(own.db, config).overview.keyFigures({ scope: { level: 'municipality', code: 'GM9005' }, schoolYear: YEAR, sector: 'po' });
      for (const hidden of [kf.implementation, kf.scanCoverage, kf.scannedSchools, kf.pillars.beleid]) {
        expect(hidden).toMatchObject({ value: null, schools: null });
        expect(hidden.suppressed).not.toBeNull();
      }
      expect(kf.schools).toEqual({ value: 8, schools: 8, suppressed: null });
      for (const shown of [kf.vignetShare, kf.kartrekkerShare, kf.supportedShare, kf.supportHoursPerSchool]) {
        expect(shown.suppressed).toBeNull();
        expect(shown.value).not.toBeNull();
      }
    } finally {
      await own.cleanup();
    }
  });
});
