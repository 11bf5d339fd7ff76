import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unknownDistrictCode, type ImportKind } from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { createBackendTestDb, TEST_BACKENDS, type Backend, type TestDb } from '../test-support/databases.ts';
import { ensureFixtureGeography } from './fixtures.ts';
import { importFile, type ImportResult } from './import-file.ts';

const SECRET = 'test-secret-niet-geheim';
const example = (kind: string) => readFileSync(path.join(REPO_ROOT, 'data', 'examples', `${kind}.csv`), 'utf8');

/** A square around (lon, lat) in Utrecht, as a GeoJSON polygon. */
const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]],
});

/** A wijk as the CBS wijk- en buurtkaart has it: current property names, with some of its statistics. */
const cbsFeature = (code: string, name: string, lon: number) => ({
  type: 'Feature',
  properties: { wijkcode: code, wijknaam: name, gemeentecode: 'GM0344', gemeentenaam: 'Utrecht', water: 'NEE', aantalInwoners: 12345 },
  geometry: square(lon, 52.08),
});

let dir: string;
let testDb: TestDb;
let db: Db;

function write(name: string, content: string | object): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const run = (kind: ImportKind, file: string): Promise<ImportResult> => importFile(db, kind, { path: file }, { secret: SECRET });
const districtRows = () => db.kysely.selectFrom('district').select(['code', 'name', 'municipality_code', 'boundary']).orderBy('code').execute();

describe.each(TEST_BACKENDS)('importing districts and areas (%s)', (backend: Backend) => {
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-districts-'));
    testDb = await createBackendTestDb(backend, 'rd-districts-db-');
    db = testDb.db;
    await ensureFixtureGeography(db);
  }, 60_000);
  afterEach(async () => {
    await testDb.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CBS wijk file as GeoJSON, with the current and the older property names, boundaries included', async () => {
    const current = { type: 'FeatureCollection', features: [cbsFeature('WK034401', 'Wijk 01 West', 5.08), cbsFeature('WK034402', 'Wijk 02 Noordwest', 5.1)] };
    expect(await run('districts', write('wijken.geojson', current))).toMatchObject({ ok: true, rows: 2 });
    const older = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { WK_CODE: 'WK034403', WK_NAAM: 'Wijk 03 Overvecht', GM_CODE: 'GM0344', GM_NAAM: 'Utrecht' }, geometry: square(5.12, 52.11) }],
    };
    expect(await run('districts', write('wijk_2019.json', older))).toMatchObject({ ok: true, rows: 1 });
    const rows = await districtRows();
    expect(rows.map((r) => [r.code, r.name, r.municipality_code])).toEqual([
      ['WK034401', 'Wijk 01 West', 'GM0344'], ['WK034402', 'Wijk 02 Noordwest', 'GM0344'], ['WK034403', 'Wijk 03 Overvecht', 'GM0344'],
    ]);
    expect(JSON.parse(rows[2]!.boundary!)).toEqual(square(5.12, 52.11));
  });

  it('refuses a whole file with a Dutch message per feature: RD coordinates, a wijk of another municipality, no code', async () => {
    const file = {
      type: 'FeatureCollection',
      features: [
        cbsFeature('WK034401', 'Wijk 01 West', 5.08),
        { ...cbsFeature('WK034402', 'Wijk 02', 5.1), geometry: { type: 'Polygon', coordinates: [[[136000, 455000], [137000, 455000], [137000, 456000], [136000, 455000]]] } },
        cbsFeature('WK036300', 'Burgwallen', 5.1),
        { type: 'Feature', properties: { wijknaam: 'Zonder code', gemeentecode: 'GM0344' }, geometry: null },
      ],
    };
    const result = await run('districts', write('fout.geojson', file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([[3, 'grens'], [4, 'wijk_code'], [5, 'wijk_code']]);
    expect(result.problems[0]!.message).toMatch(/RD \(EPSG:28992\)/);
    expect(result.problems[1]!.message).toBe('wijk WK036300 ligt niet in gemeente GM0344: de cijfers 3 t/m 6 van de wijkcode zijn het gemeentenummer');
    expect(await districtRows()).toEqual([]);
  });

  it('refuses GeoJSON for other kinds and a JSON file that is not a FeatureCollection', async () => {
    await expect(run('schools', write('scholen.geojson', { type: 'FeatureCollection', features: [] }))).resolves.toMatchObject({ ok: false });
    const notGeo = await run('districts', write('topo.json', { type: 'Topology', objects: {} }));
    expect(notGeo.ok).toBe(false);
    if (!notGeo.ok) expect(notGeo.problems[0]!.message).toMatch(/FeatureCollection/);
  });

  it('groups wijken into areas, refuses unknown wijken, and gives schools without a known wijk the remainder district', async () => {
    expect(await run('schools', write('schools.csv', example('schools')))).toMatchObject({ ok: true });
    expect(await run('implementation', write('implementation.csv', example('implementation')))).toMatchObject({ ok: true });
    expect(await run('districts', write('districts.csv', example('districts')))).toMatchObject({ ok: true, rows: 3 });
    const unknown = await run('areas', write('fout.csv', 'gebied_code;gebied_naam;gemeente_code;wijk_code\noost;Oost;GM0344;WK034409\nwest;West;GM0363;WK034401\n'));
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.problems.map((p) => [p.row, p.column, p.message])).toEqual([
        [2, 'wijk_code', 'onbekende wijk WK034409: importeer de wijken van de gemeente eerst met een wijkenbestand'],
        [3, 'wijk_code', 'wijk WK034401 ligt niet in gemeente GM0363 maar in GM0344'],
      ]);
    }
    expect(await run('areas', write('areas.csv', example('areas')))).toMatchObject({ ok: true, rows: 2 });
    expect(await db.kysely.selectFrom('district_area').select(['area_code', 'district_code']).orderBy('area_code').execute())
      .toEqual([{ area_code: 'centrum', district_code: 'WK036300' }, { area_code: 'west', district_code: 'WK034401' }]);
    // Rotterdam has no districts: no district rows. Amsterdam's school without a wijk is its remainder.
    const rollup = await db.kysely.selectFrom('rollup_district').select(['municipality_code', 'district_code', 'schools']).where('sector', '=', 'po').execute();
    const amsterdam = rollup.filter((r) => r.municipality_code === 'GM0363').map((r) => [r.district_code, Number(r.schools)]).sort();
    expect(amsterdam).toEqual([['GM0363-onbekend', 1], ['WK036300', 1]]);
    expect(unknownDistrictCode('GM0363')).toBe('GM0363-onbekend');
    expect(rollup.some((r) => r.municipality_code === 'GM0599')).toBe(false);
  });
});
