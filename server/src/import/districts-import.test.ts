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

  it('imports wijk boundaries from TopoJSON: quantised, with shared arcs, the wijken picked out of several objects', async () => {
    // Two wijken side by side sharing one edge (arc 0), on a grid of 0.0001 degree from (5.08, 52.08).
    const topology = {
      type: 'Topology',
      transform: { scale: [0.0001, 0.0001], translate: [5.08, 52.08] },
      arcs: [
        [[100, 0], [0, 100]],
        [[100, 100], [-100, 0], [0, -100], [100, 0]],
        [[100, 0], [100, 0], [0, 100], [-100, 0]],
      ],
      objects: {
        gemeente: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[1, 2]], properties: { GM_CODE: 'GM0344' } }] },
        wijk_2019: {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Polygon', arcs: [[0, 1]], properties: { WK_CODE: 'WK034401', WK_NAAM: 'Wijk 01 West', GM_CODE: 'GM0344' } },
            { type: 'Polygon', arcs: [[2, -1]], properties: { wijkcode: 'WK034402', wijknaam: 'Wijk 02 Noordwest', gemeentecode: 'GM0344' } },
          ],
        },
      },
    };
    expect(await run('districts', write('wijken.topojson', topology))).toMatchObject({ ok: true, rows: 2 });
    const rows = await districtRows();
    expect(rows.map((r) => [r.code, r.name, r.municipality_code])).toEqual([['WK034401', 'Wijk 01 West', 'GM0344'], ['WK034402', 'Wijk 02 Noordwest', 'GM0344']]);
    const ring = (code: string) => (JSON.parse(rows.find((r) => r.code === code)!.boundary!) as { type: string; coordinates: number[][][] }).coordinates[0]!;
    const expected = {
      WK034401: [[5.09, 52.08], [5.09, 52.09], [5.08, 52.09], [5.08, 52.08], [5.09, 52.08]],
      WK034402: [[5.09, 52.08], [5.1, 52.08], [5.1, 52.09], [5.09, 52.09], [5.09, 52.08]],
    };
    for (const [code, points] of Object.entries(expected)) {
      expect(ring(code)).toHaveLength(points.length);
      ring(code).forEach(([lon, lat], i) => {
        expect(lon).toBeCloseTo(points[i]![0]!, 9);
        expect(lat).toBeCloseTo(points[i]![1]!, 9);
      });
    }

    const ambiguous = await run('districts', write('twee.topojson', { ...topology, objects: { gemeente: topology.objects.gemeente, buurten: topology.objects.wijk_2019 } }));
    expect(ambiguous).toMatchObject({ ok: false, problems: [{ row: 1, column: '', message: 'het TopoJSON-bestand heeft 2 objecten (gemeente, buurten); verwacht er één, of één waarvan de naam "wijk" bevat' }] });
    const broken = await run('districts', write('kapot.topojson', { ...topology, arcs: [] }));
    expect(broken).toMatchObject({ ok: false, problems: [{ row: 1, message: expect.stringContaining('kan niet naar GeoJSON worden omgezet') }] });
    expect(await districtRows()).toEqual(rows);
  });

  it('refuses GeoJSON for other kinds and a JSON file that is not a FeatureCollection', async () => {
    await expect(run('schools', write('scholen.geojson', { type: 'FeatureCollection', features: [] }))).resolves.toMatchObject({ ok: false });
    const notGeo = await run('districts', write('geen.json', { type: 'Feature', properties: {} }));
    expect(notGeo.ok).toBe(false);
    if (!notGeo.ok) expect(notGeo.problems[0]!.message).toMatch(/FeatureCollection/);
  });

  it('checks a school\'s wijk against the wijkindeling: a warning while its municipality has no wijken, an error for a wijk its wijken lack', async () => {
    const header = 'brin_vestiging;sector;gemeente_code;wijk_code;grootte\n';
    const beforeDistricts = await run('schools', write('scholen.csv', `${header}99XX00;po;GM0363;WK036300;middel\n99XX01;po;GM0363;WK036301;klein\n`));
    expect(beforeDistricts).toMatchObject({ ok: true, rows: 2, warningCount: 2 });
    if (!beforeDistricts.ok) return;
    expect(beforeDistricts.warnings[1]).toEqual({
      row: 3, column: 'wijk_code',
      message: 'wijk WK036301 staat nog niet in de wijkindeling: van gemeente GM0363 zijn nog geen wijken geïmporteerd; de school is ingelezen en telt in de wijkcijfers mee zodra u een wijkenbestand (soort districts) met deze wijk importeert',
    });

    expect(await run('districts', write('districts.csv', example('districts')))).toMatchObject({ ok: true });
    const schoolsBefore = await db.kysely.selectFrom('school').select(['id', 'district_code']).orderBy('id').execute();
    const after = await run('schools', write('scholen-2.csv', `${header}99XX00;po;GM0363;WK036300;middel\n99XX01;po;GM0363;WK036301;klein\n99XX02;po;GM0363;WK034401;klein\n99XX03;po;GM0599;WK059901;klein\n`));
    expect(after.ok).toBe(false);
    if (after.ok) return;
    expect(after.problems).toEqual([
      { row: 3, column: 'wijk_code', message: 'onbekende wijk WK036301: de wijkindeling van gemeente GM0363 heeft deze wijk niet; controleer de wijkcode, of importeer eerst een wijkenbestand (soort districts) met deze wijk' },
      { row: 4, column: 'wijk_code', message: 'wijk WK034401 ligt niet in gemeente GM0363: de cijfers 3 t/m 6 van de wijkcode zijn het gemeentenummer; controleer wijk_code en gemeente_code' },
    ]);
    // Rotterdam has no wijken yet: a warning, listed with the failed file too.
    expect(after.warnings.map((w) => [w.row, w.column])).toEqual([[5, 'wijk_code']]);
    expect(await db.kysely.selectFrom('school').select(['id', 'district_code']).orderBy('id').execute()).toEqual(schoolsBefore);
  });

  it('imports a postcode table and gives schools without a wijk code the wijk of their postcode, without storing the postcode', async () => {
    const refused = await run('postcodes', write('fout.csv', 'postcode;wijk_code\n3511 ab;WK034401\n3511AB;WK034402\n351AB;WK034401\n3512AB;WK999901\n'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.problems).toEqual([
        { row: 3, column: 'postcode', message: 'dubbele rij: deze combinatie van postcode staat al eerder in het bestand' },
        { row: 4, column: 'postcode', message: 'verwacht een postcode van 4 cijfers en 2 letters, zoals 3511 AB, gevonden "351AB"' },
        { row: 5, column: 'wijk_code', message: 'wijk WK999901 hoort bij gemeente GM9999 (de cijfers 3 t/m 6 van de wijkcode), die niet bestaat in de CBS-indeling van 2025; controleer de wijkcode' },
      ]);
    }
    expect(await db.kysely.selectFrom('postcode_district').selectAll().execute()).toEqual([]);

    expect(await run('districts', write('districts.csv', example('districts')))).toMatchObject({ ok: true });
    // A national table: wijken of municipalities without imported wijken are fine here.
    expect(await run('postcodes', write('postcodes.csv', 'postcode;wijk_code\n3511 ab;WK034401\n3512AB;WK034409\n1012ab;WK036300\n3011AB;WK059901\n'))).toMatchObject({ ok: true, rows: 4, warningCount: 0 });
    expect(await db.kysely.selectFrom('postcode_district').select(['postcode', 'district_code']).orderBy('postcode').execute()).toEqual([
      { postcode: '1012AB', district_code: 'WK036300' }, { postcode: '3011AB', district_code: 'WK059901' },
      { postcode: '3511AB', district_code: 'WK034401' }, { postcode: '3512AB', district_code: 'WK034409' },
    ]);

    const header = 'brin_vestiging;sector;gemeente_code;wijk_code;grootte;postcode\n';
    const bad = await run('schools', write('scholen-fout.csv', `${header}99XY00;po;GM0344;;middel;3512 AB\n99XX00;po;GM0363;;middel;3511AB\n`));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems).toEqual([
        { row: 2, column: 'postcode', message: 'postcode 3512AB hoort volgens de postcodetabel bij wijk WK034409: onbekende wijk WK034409: de wijkindeling van gemeente GM0344 heeft deze wijk niet; controleer de wijkcode, of importeer eerst een wijkenbestand (soort districts) met deze wijk' },
        { row: 3, column: 'postcode', message: 'postcode 3511AB hoort volgens de postcodetabel bij wijk WK034401: wijk WK034401 ligt niet in gemeente GM0363: de cijfers 3 t/m 6 van de wijkcode zijn het gemeentenummer; controleer postcode en gemeente_code, of vul wijk_code in' },
      ]);
    }

    const result = await run('schools', write('scholen.csv', [
      `${header}99XY00;po;GM0344;;middel;3511 AB`,
      '99XX00;po;GM0363;WK036300;middel;3511AB',
      '99XX01;po;GM0363;;klein;1012AB',
      '99XZ00;so;GM0599;;klein;3011AB',
      '99XZ01;po;GM0344;;klein;3584CS',
      '99XZ02;po;GM0344;;klein;',
    ].join('\n')));
    expect(result).toMatchObject({ ok: true, rows: 6, warningCount: 2 });
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      { row: 5, column: 'postcode', message: 'postcode 3011AB hoort volgens de postcodetabel bij wijk WK059901: wijk WK059901 staat nog niet in de wijkindeling: van gemeente GM0599 zijn nog geen wijken geïmporteerd; de school is ingelezen en telt in de wijkcijfers mee zodra u een wijkenbestand (soort districts) met deze wijk importeert' },
      { row: 6, column: 'postcode', message: 'postcode 3584CS staat niet in de postcodetabel: de school is ingelezen zonder wijk en telt in de wijkcijfers onder "wijk onbekend"; vul wijk_code in, of importeer een postcodetabel (soort postcodes) met deze postcode en daarna dit bestand opnieuw' },
    ]);
    const schools = await db.kysely.selectFrom('school').selectAll().execute();
    // The file's wijk code wins over the postcode; the postcode itself is stored nowhere.
    expect(schools.map((s) => s.district_code).sort()).toEqual(['WK034401', 'WK036300', 'WK036300', 'WK059901', null, null].sort());
    expect(JSON.stringify(schools)).not.toMatch(/3511|1012|3011|3584/);
    expect(await run('implementation', write('implementation.csv', example('implementation')))).toMatchObject({ ok: true });
    const utrecht = await db.kysely.selectFrom('rollup_district').select(['district_code', 'schools']).where('municipality_code', '=', 'GM0344').where('sector', '=', 'po').execute();
    expect(utrecht.map((r) => [r.district_code, Number(r.schools)]).sort()).toEqual([['GM0344-onbekend', 2], ['WK034401', 1]]);
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
