import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, loadFixture, testConfig, FIXTURE_YEARS, type TestDb } from '../test-support/fixture.ts';
import { createTestCaller, useFixtureCallers, degreeOf, rawSchools } from '../test-support/raw.ts';
import { refreshRollups } from '../rollups/index.ts';

const YEAR = '2024-2025';
const fx = useFixtureCallers('rd-capacity-', { withPlain: false });

/** Textbook Pearson r, written out independently of the shared statistics module. */
function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('capacity.regions', () => {
  it('gives every region its FTE per 100 schools, support hours per school and implementation', async () => {
    const raw = await rawSchools(fx.t.db, YEAR);
    const caps = await fx.t.db.kysely.selectFrom('capacity').selectAll().where('school_year', '=', YEAR).execute();
    const res = await fx.caller.capacity.regions({ schoolYear: YEAR, sector: 'all' });
    expect(res.rows).toHaveLength(2);
    for (const row of res.rows) {
      const of = raw.filter((s) => s.region === row.code);
      const cap = caps.find((c) => c.region_code === row.code)!;
      expect(row.advisorFte).toBe(cap.advisor_fte);
      expect(row.advisorFtePer100Schools).toBeCloseTo((cap.advisor_fte / of.length) * 100, 9);
      expect(row.supportHoursPerSchool.value).toBeCloseTo(of.reduce((a, s) => a + s.hours, 0) / of.length, 9);
      expect(row.implementation.value).toBeCloseTo(degreeOf(of)!, 9);
    }
    // Two regions are too few for a correlation: reported as unknown, not as a number.
    expect(res.correlations.ftePer100VsImplementation.r).toBeNull();
    expect(res.correlations.ftePer100VsImplementation.n).toBe(2);
  });

  it('gives each region last school year\'s position and the change in implementation since, from the scores of both years', async () => {
    const previousYear = '2023-2024';
    const [raw, rawBefore] = await Promise.all([rawSchools(fx.t.db, YEAR), rawSchools(fx.t.db, previousYear)]);
    const res = await fx.caller.capacity.regions({ schoolYear: YEAR, sector: 'all' });
    expect(res.previousYear).toBe(previousYear);
    for (const row of res.rows) {
      const now = degreeOf(raw.filter((s) => s.region === row.code))!;
      const before = degreeOf(rawBefore.filter((s) => s.region === row.code))!;
      expect(row.previous.implementation).toBeCloseTo(before, 9);
      expect(row.implementationChange).toBeCloseTo(now - before, 9);
    }
    // The first year with data has nothing to compare with.
    const first = await fx.caller.capacity.regions({ schoolYear: FIXTURE_YEARS[0], sector: 'all' });
    for (const row of first.rows) {
      expect(row.previous.implementation).toBeNull();
      expect(row.implementationChange).toBeNull();
    }
  });
});

describe('capacity.regions with a third region', () => {
  // This suite adds a region, so it works on a database of its own: the suite above sees the fixture as it is.
  let t3: TestDb;
  let caller3: ReturnType<typeof createTestCaller>;
  beforeAll(async () => {
    t3 = await createTestDb('rd-capacity3-');
    await loadFixture(t3.db);
    caller3 = createTestCaller(t3.db, testConfig({ minCellSchools: 5 }));
  });
  afterAll(async () => t3.cleanup());

  it('computes Pearson r across regions once there are enough of them', async () => {
    // Add a third region with one municipality of schools copied from GM9005 so r is defined.
    const k = t3.db.kysely;
    await k.insertInto('region').values({ code: 'GG9003', name: 'GGD West' }).execute();
    await k.insertInto('municipality').values({ code: 'GM9006', name: 'Weststad', region_code: 'GG9003', province_code: 'PV90' }).execute();
    const source = await k.selectFrom('school').selectAll().where('municipality_code', '=', 'GM9005').execute();
    for (const [i, s] of source.entries()) {
      const id = `SFF${i.toString(16).toUpperCase().padStart(14, '0')}`;
      await k.insertInto('school').values({ ...s, id, municipality_code: 'GM9006' }).execute();
      const scans = await k.selectFrom('scan_score').selectAll().where('school_id', '=', s.id).execute();
      if (scans.length) await k.insertInto('scan_score').values(scans.map((r) => ({ ...r, school_id: id, score: Math.min(3, r.score + 1) }))).execute();
    }
    for (const y of FIXTURE_YEARS) await k.insertInto('capacity').values({ region_code: 'GG9003', school_year: y, advisor_fte: 3, hours_for_schools: 2500 }).execute();
    await refreshRollups(t3.db);

    const res = await caller3.capacity.regions({ schoolYear: YEAR, sector: 'all' });
    const visible = res.rows.filter((r) => r.implementation.value !== null && r.advisorFtePer100Schools !== null);
    expect(visible.length).toBe(3);
    expect(res.correlations.ftePer100VsImplementation.r).toBeCloseTo(pearson(visible.map((r) => r.advisorFtePer100Schools!), visible.map((r) => r.implementation.value!)), 9);

    const trend = await caller3.capacity.trend({ sector: 'all' });
    expect(trend.years.map((y) => y.schoolYear)).toEqual([...FIXTURE_YEARS]);
    expect(trend.years.at(-1)!.correlation.r).toBeCloseTo(res.correlations.ftePer100VsImplementation.r!, 12);
  });
});
