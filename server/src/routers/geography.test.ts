import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, loadFixture, testConfig, FIXTURE_MUNICIPALITIES, FIXTURE_YEARS, type TestDb } from '../test-support/fixture.ts';
import { createTestCaller } from '../test-support/raw.ts';
import { boundaryFile } from '../data/geography.repository.ts';

let t: TestDb;
let caller: ReturnType<typeof createTestCaller>;

beforeAll(async () => {
  t = await createTestDb('rd-geo-');
  await loadFixture(t.db);
  caller = createTestCaller(t.db, testConfig());
});
afterAll(async () => t.cleanup());

describe('geography', () => {
  it('lists regions and municipalities with region and province', async () => {
    const regions = await caller.geography.regions();
    expect(regions).toEqual([
      { code: 'GG9001', name: 'GGD Noord', municipalities: 3 },
      { code: 'GG9002', name: 'GGD Zuid', municipalities: 2 },
    ]);
    const all = await caller.geography.municipalities();
    expect(all).toHaveLength(FIXTURE_MUNICIPALITIES.length);
    const zuid = await caller.geography.municipalities({ regionCode: 'GG9002' });
    expect(zuid.map((m) => m.code).sort()).toEqual(['GM9004', 'GM9005']);
    expect(zuid[0]).toMatchObject({ regionName: 'GGD Zuid', provinceCode: 'PV90', provinceName: 'Testprovincie' });
    await expect(caller.geography.municipalities({ regionCode: 'GG9999' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende GGD-regio GG9999' });
  });

  it('lists the school years with data', async () => {
    expect(await caller.geography.schoolYears()).toEqual({ years: [...FIXTURE_YEARS], latest: FIXTURE_YEARS.at(-1), defaultYear: FIXTURE_YEARS.at(-1) });
  });

  // The boundary files are copied into data/geo by the reference-data task; without them the
  // procedure must answer NOT_FOUND in Dutch rather than crash.
  it('converts the TopoJSON boundaries to GeoJSON with {code, name}, once per process', async () => {
    if (!existsSync(boundaryFile('region'))) {
      await expect(caller.geography.boundaries({ level: 'region' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      return;
    }
    const regions = await caller.geography.boundaries({ level: 'region' });
    expect(regions.type).toBe('FeatureCollection');
    expect(regions.features).toHaveLength(25);
    expect(regions.features.every((f) => /^GG\d{4}$/.test(f.properties.code) && f.properties.name.length > 0)).toBe(true);
    const municipalities = await caller.geography.boundaries({ level: 'municipality' });
    expect(municipalities.features).toHaveLength(342);
    expect(municipalities.features.find((f) => f.properties.code === 'GM0363')?.properties.name).toBe('Amsterdam');
    expect((await caller.geography.boundaries({ level: 'province' })).features).toHaveLength(12);
    // Cached: the same object comes back.
    expect(await caller.geography.boundaries({ level: 'region' })).toBe(regions);
  });
});
