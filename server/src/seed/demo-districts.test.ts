import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtCodeSchema } from '@rd/shared';
import { loadBoundaries } from '../data/geography.repository.ts';
import { createSeededTestDb, testConfig, type TestDb } from '../test-support/fixture.ts';
import { testPrincipal } from '../test-support/principals.ts';
import { createTestCaller } from '../test-support/raw.ts';
import { partition } from './demo-districts.ts';

describe('partitioning a polygon into demo districts', () => {
  it('cuts a square with a hole into grid cells that together cover it', () => {
    const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]], [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]] };
    const cells = partition(square, 2, 1);
    /** Shoelace area of a MultiPolygon: outer rings minus holes. */
    const ringArea = (ring: number[][]) => Math.abs(ring.slice(1).reduce((a, p, i) => a + ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!, 0)) / 2;
    const area = (g: unknown) => (g as { coordinates: number[][][][] }).coordinates.reduce((a, [outer, ...holes]) => a + ringArea(outer!) - holes.reduce((h, r) => h + ringArea(r), 0), 0);
    expect(cells.map(area)).toEqual([3, 4]);
    expect(partition(square, 1, 1).map(area)).toEqual([7]);
    // A cell beside the polygon's only ring gets no boundary.
    const triangle = { type: 'Polygon' as const, coordinates: [[[0, 0], [2, 0], [0, 2], [0, 0]]] };
    expect(partition(triangle, 2, 2).map((g) => (g === null ? null : area(g)))).toEqual([0.5, null, 1, 0.5]);
  });
});

describe('demo districts in the seeded regions (Fryslân, Zaanstreek/Waterland)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSeededTestDb('rd-demo-districts-');
  }, 600_000);
  afterAll(() => t.cleanup());

  it('gives Leeuwarden, Zaanstad and Ameland synthetic, labelled districts inside their real polygon', async () => {
    const districts = await t.db.kysely.selectFrom('district').selectAll().orderBy('code').execute();
    expect([...new Set(districts.map((d) => d.municipality_code))].sort()).toEqual(['GM0060', 'GM0080', 'GM0479']);
    const municipalities = loadBoundaries('municipality')!;
    for (const d of districts) {
      expect(districtCodeSchema.safeParse(d.code).success).toBe(true);
      expect(d.code.slice(2, 6)).toBe(d.municipality_code.slice(2));
      expect(d.name).toMatch(/^Demowijk \d \(synthetisch\)$/);
      if (d.boundary === null) continue;
      const outline = municipalities.features.find((f) => f.properties.code === d.municipality_code)!.geometry;
      const bounds = JSON.stringify(outline).match(/-?\d+\.\d+/g)!.map(Number);
      const [lons, lats] = [bounds.filter((_, i) => i % 2 === 0), bounds.filter((_, i) => i % 2 === 1)];
      for (const [lon, lat] of (JSON.parse(d.boundary) as { coordinates: number[][][][] }).coordinates.flat(2) as [number, number][]) {
        expect(lon).toBeGreaterThanOrEqual(Math.min(...lons) - 1e-9);
        expect(lon).toBeLessThanOrEqual(Math.max(...lons) + 1e-9);
        expect(lat).toBeGreaterThanOrEqual(Math.min(...lats) - 1e-9);
        expect(lat).toBeLessThanOrEqual(Math.max(...lats) + 1e-9);
      }
    }
    expect(districts.filter((d) => d.boundary !== null).length).toBeGreaterThanOrEqual(8);
  });

  it('shows the usable case in Leeuwarden and the mostly suppressed one on Ameland', async () => {
    const caller = createTestCaller(t.db, testConfig(), testPrincipal('beleidsmedewerker', { municipalities: ['GM0080', 'GM0060'], benchmarkRegions: ['GG7206'] }));
    const year = '2024-2025';
    const leeuwarden = await caller.districts.list({ municipalityCode: 'GM0080', schoolYear: year, sector: 'all' });
    const ameland = await caller.districts.list({ municipalityCode: 'GM0060', schoolYear: year, sector: 'all' });
    const shown = (l: typeof leeuwarden) => l.districts.filter((d) => d.figures.schools.suppressed === null && (d.figures.schools.schools ?? 0) > 0).length;
    expect(shown(leeuwarden)).toBeGreaterThanOrEqual(1);
    expect(shown(ameland)).toBe(0);
    const total = leeuwarden.districts.reduce((n, d) => n + (d.figures.schools.value ?? 0), 0);
    const all = await t.db.kysely.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).where('municipality_code', '=', 'GM0080').executeTakeFirstOrThrow();
    expect(total).toBeLessThanOrEqual(Number(all.n));
  });
});
