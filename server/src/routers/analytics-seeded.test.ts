/**
 * The analytics routers on the real demo seed for two GGD regions: every visible number is checked
 * against a per-school computation over the raw rows, and every sibling set against the small-cell
 * and complementary rules. (The fixture-based tests beside each router pin down specific layouts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPLES, type Published } from '@rd/shared';
import { createSeededTestDb, testConfig, SEEDED_REGIONS, type TestDb } from '../test-support/fixture.ts';
import { createTestCaller, degreeOf, rawSchools, scannedOf, type RawSchool } from '../test-support/raw.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { ALL_COLUMNS, CELL_METRICS, IMPLEMENTATION_COLUMNS, columnsOf, partOf, publishMetricAmong, sumCells } from '../data/analytics.repository.ts';
import { GAP_BANDS } from '../data/equity.repository.ts';

const MIN = 5;
let t: TestDb;
let caller: ReturnType<typeof createTestCaller>;
let year: string;
let raw: RawSchool[];


type Metric = 'implementation' | 'scanCoverage' | 'vignetShare' | 'kartrekkerShare' | 'partnerCoverage';
/** The metric computed school by school, with the number of schools it rests on. */
function expected(metric: Metric, schools: readonly RawSchool[]): { value: number | null; schools: number } {
  const pct = (part: number, whole: number) => (whole ? (part / whole) * 100 : null);
  switch (metric) {
    case 'implementation': return { value: degreeOf(schools), schools: scannedOf(schools).length };
    case 'scanCoverage': return { value: pct(scannedOf(schools).length, schools.length), schools: schools.length };
    case 'vignetShare': return { value: pct(schools.filter((s) => s.vignet).length, schools.length), schools: schools.length };
    case 'kartrekkerShare': {
      const recorded = schools.filter((s) => s.hasRecord);
      return { value: pct(recorded.filter((s) => s.kartrekker).length, recorded.length), schools: recorded.length };
    }
    case 'partnerCoverage': {
      const pairs = schools.flatMap((s) => [...s.partners.values()]);
      return { value: pct(pairs.filter(Boolean).length, pairs.length), schools: schools.filter((s) => s.partners.size > 0).length };
    }
  }
}

/** The privacy rule over one sibling set, given the true school count behind each cell. */
function expectSafeSiblings(cells: { published: Published; trueSchools: number }[]): void {
  for (const c of cells) {
    if (c.trueSchools > 0 && c.trueSchools < MIN) expect(c.published.suppressed).not.toBeNull();
    if (c.published.suppressed) expect(c.published.value).toBeNull();
  }
  const hidden = cells.filter((c) => c.published.suppressed !== null);
  const total = cells.reduce((a, c) => a + c.trueSchools, 0);
  if (hidden.length > 0 && total >= MIN) {
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(hidden.reduce((a, c) => a + c.trueSchools, 0)).toBeGreaterThanOrEqual(MIN);
  }
}

describe.each(TEST_BACKENDS)('analytics on the seeded demo data (2 regions, %s)', (backend) => {
  beforeAll(async () => {
    t = await createSeededTestDb('rd-seeded-api-', backend);
    caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }));
    year = (await caller.geography.schoolYears()).latest!;
    raw = await rawSchools(t.db, year);
  }, 180_000);
  afterAll(async () => t.cleanup());

  it('has the two regions, six school years and plenty of schools', async () => {
    expect((await caller.geography.regions()).map((r) => r.code).sort()).toEqual([...SEEDED_REGIONS]);
    expect((await caller.geography.schoolYears()).years).toHaveLength(6);
    expect(raw.length).toBeGreaterThan(400);
  });

  for (const sector of ['all', 'vo', 'po'] as const) {
    for (const metric of ['implementation', 'scanCoverage', 'vignetShare', 'kartrekkerShare', 'partnerCoverage'] as const) {
      it(`overview.map municipality ${metric} (${sector}) matches raw rows and is safe per region`, async () => {
        const map = await caller.overview.map({ level: 'municipality', schoolYear: year, sector, metric });
        const municipalities = await caller.geography.municipalities();
        const inSector = raw.filter((s) => sector === 'all' || s.sector === sector);
        for (const region of SEEDED_REGIONS) {
          const cells = map.rows.filter((r) => municipalities.find((m) => m.code === r.code)!.regionCode === region).map((r) => {
            const exp = expected(metric, inSector.filter((s) => s.municipality === r.code));
            if (r.value.suppressed === null && exp.schools > 0) {
              expect(r.value.schools).toBe(exp.schools);
              expect(r.value.value).toBeCloseTo(exp.value!, 9);
            }
            return { published: r.value, trueSchools: exp.schools };
          });
          expectSafeSiblings(cells);
        }
      });
    }
  }

  it('hides a municipality with fewer than the minimum schools in a sector', async () => {
    const counts = new Map<string, number>();
    for (const s of raw.filter((x) => x.sector === 'vo')) counts.set(s.municipality, (counts.get(s.municipality) ?? 0) + 1);
    const small = [...counts].find(([, n]) => n > 0 && n < MIN);
    expect(small).toBeDefined();
    const k = await caller.overview.keyFigures({ scope: { level: 'municipality', code: small![0] }, schoolYear: year, sector: 'vo' });
    expect(k.schools).toEqual({ value: null, schools: null, suppressed: 'small_cell' });
    expect(k.implementation.value).toBeNull();
  });

  it('overview.keyFigures and implementation.profile for a region match raw rows', async () => {
    const region = raw.filter((s) => s.region === 'GG7206');
    const k = await caller.overview.keyFigures({ scope: { level: 'region', code: 'GG7206' }, schoolYear: year, sector: 'all' });
    expect(k.schools.value).toBe(region.length);
    expect(k.implementation.value).toBeCloseTo(degreeOf(region)!, 9);
    expect(k.supportHoursPerSchool.value).toBeCloseTo(region.reduce((a, s) => a + s.hours, 0) / region.length, 9);
    const p = await caller.implementation.profile({ scope: { level: 'region', code: 'GG7206' }, schoolYear: year, sector: 'all' });
    for (const principle of PRINCIPLES) {
      const scores = await t.db.kysely.selectFrom('scan_score').select('score').where('school_year', '=', year).where('principle_id', '=', principle.id)
        .where('school_id', 'in', region.map((s) => s.id)).execute();
      const row = p.principles.find((x) => x.id === principle.id)!;
      expect(row.scope.value).toBeCloseTo((scores.reduce((a, r) => a + r.score, 0) / scores.length / 3) * 100, 9);
    }
    expect(p.overall.nation.value).toBeCloseTo(degreeOf(raw)!, 9);
  });

  it('implementation.heatmap cells match raw rows and every principle column is safe', async () => {
    const h = await caller.implementation.heatmap({ regionCode: 'GG7206', schoolYear: year, sector: 'vo' });
    const vo = raw.filter((s) => s.sector === 'vo' && s.region === 'GG7206');
    for (const [i, principle] of PRINCIPLES.entries()) {
      const cells = h.rows.map((r) => {
        const of = scannedOf(vo.filter((s) => s.municipality === r.code));
        const cell = r.principles[i]!;
        if (cell.suppressed === null && of.length > 0) {
          expect(cell.value).toBeCloseTo(degreeOf(of, (s) => (s.byPrinciple.has(principle.id) ? [s.byPrinciple.get(principle.id)!] : []))!, 9);
        }
        return { published: cell, trueSchools: of.length };
      });
      expectSafeSiblings(cells);
    }
  });

  it('equity.bands for a region matches raw rows per band and is safe', async () => {
    const res = await caller.equity.bands({ scope: { level: 'region', code: 'GG7206' }, schoolYear: year, sector: 'po' });
    const po = raw.filter((s) => s.sector === 'po' && s.region === 'GG7206');
    const cells = res.bands.map((b) => {
      const of = po.filter((s) => (s.band ?? 0) === b.band);
      if (b.implementation.suppressed === null && scannedOf(of).length > 0) expect(b.implementation.value).toBeCloseTo(degreeOf(of)!, 9);
      return { published: b.implementation, trueSchools: scannedOf(of).length };
    });
    expectSafeSiblings(cells);
    const [b1, , , b4] = res.bands;
    if (b1!.implementation.value !== null && b4!.implementation.value !== null) {
      expect(res.gap.implementation.value).toBeCloseTo(b1!.implementation.value - b4!.implementation.value, 12);
    }
  });

  it('capacity.regions gives both regions with FTE per 100 schools from the raw capacity rows', async () => {
    const res = await caller.capacity.regions({ schoolYear: year, sector: 'all' });
    const caps = await t.db.kysely.selectFrom('capacity').selectAll().where('school_year', '=', year).execute();
    expect(res.rows).toHaveLength(2);
    for (const row of res.rows) {
      const n = raw.filter((s) => s.region === row.code).length;
      expect(row.advisorFtePer100Schools).toBeCloseTo((caps.find((c) => c.region_code === row.code)!.advisor_fte / n) * 100, 9);
    }
  });
  it('reading only the sums and decisions a figure needs publishes exactly what reading all of them does', async () => {
    const filter = { schoolYear: year, sector: 'all' as const, regionCode: SEEDED_REGIONS[0] };
    const full = await sumCells(t.db, filter, ['municipality_code'], ALL_COLUMNS);
    const siblingsOf = (groups: typeof full) => groups.map((g) => ({ key: g.key.municipality_code, sums: g.sums }));
    for (const metric of Object.values(CELL_METRICS)) {
      const narrow = await sumCells(t.db, filter, ['municipality_code'], columnsOf(metric), [partOf(metric)]);
      expect(publishMetricAmong(siblingsOf(narrow), metric, MIN)).toEqual(publishMetricAmong(siblingsOf(full), metric, MIN));
    }
    // The bands of an equity gap read alone carry the decisions they carry among all five bands.
    const allBands = await sumCells(t.db, filter, ['municipality_code', 'disadvantage_band'], IMPLEMENTATION_COLUMNS);
    const gapBands = await sumCells(t.db, { ...filter, bands: GAP_BANDS }, ['municipality_code', 'disadvantage_band'], IMPLEMENTATION_COLUMNS, ['scan']);
    expect(gapBands.length).toBeGreaterThan(0);
    for (const g of gapBands) {
      const same = allBands.find((a) => a.key.municipality_code === g.key.municipality_code && a.key.disadvantage_band === g.key.disadvantage_band)!;
      expect(GAP_BANDS).toContain(g.key.disadvantage_band);
      expect(g.sums.disclosure?.scan).toBe(same.sums.disclosure?.scan);
      expect(CELL_METRICS.implementation(g.sums)).toEqual(CELL_METRICS.implementation(same.sums));
    }
    // A sum over two of the bands is no cell of the linked tables: never published.
    const [twoBands] = await sumCells(t.db, { ...filter, bands: GAP_BANDS }, [], IMPLEMENTATION_COLUMNS);
    expect(twoBands!.sums.disclosure).toBeUndefined();
    expect(publishMetricAmong([{ key: 'x', sums: twoBands!.sums }], CELL_METRICS.implementation, MIN).get('x')!.value).toBeNull();
  });
});
