import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownDistrictCode } from '@rd/shared';
import { refreshRollups } from '../rollups/index.ts';
import { TEST_BACKENDS, type Backend } from '../test-support/databases.ts';
import { createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { testPrincipal } from '../test-support/principals.ts';
import { createTestCaller } from '../test-support/raw.ts';
import { createExportCaller } from '../export/caller.ts';
import { DEMO_NOTICE } from '../export/document.ts';
import { exportTable } from '../export/service.ts';
import { createInnerContext } from '../context.ts';

const MIN = 5;
const YEAR = '2024-2025';
const SUMMED = ['schools', 'scanned_schools', 'recorded_schools', 'kartrekker_schools', 'vignet_schools', 'supported_schools', 'support_hours', 'score_sum', 'score_n', 'p7_sum', 'p7_n'] as const;

/**
 * GM9004 (20 schools, published) gets wijken of 10, 7 and 3 schools and one without schools, every
 * school in a wijk: the small wijk is the only hidden child unless suppression is linked to the
 * municipality. GM9001 (20 schools) gets wijken of 10 and 6 schools; its 4 other schools have no wijk.
 */
async function addDistricts(t: TestDb): Promise<void> {
  const k = t.db.kysely;
  await k.insertInto('district').values([
    { code: 'WK900401', name: 'Centrum', municipality_code: 'GM9004', boundary: null },
    { code: 'WK900402', name: 'Haven', municipality_code: 'GM9004', boundary: null },
    { code: 'WK900403', name: 'Dijk', municipality_code: 'GM9004', boundary: null },
    { code: 'WK900404', name: 'Polder', municipality_code: 'GM9004', boundary: null },
    { code: 'WK900101', name: 'Oost', municipality_code: 'GM9001', boundary: null },
    { code: 'WK900102', name: 'West', municipality_code: 'GM9001', boundary: null },
  ]).execute();
  const assign = async (municipality: string, sizes: [string, number][]) => {
    const ids = (await k.selectFrom('school').select('id').where('municipality_code', '=', municipality).orderBy('id').execute()).map((s) => s.id);
    let i = 0;
    for (const [code, n] of sizes) {
      await k.updateTable('school').set({ district_code: code }).where('id', 'in', ids.slice(i, i + n)).execute();
      i += n;
    }
  };
  await assign('GM9004', [['WK900401', 10], ['WK900402', 7], ['WK900403', 3]]);
  await assign('GM9001', [['WK900101', 10], ['WK900102', 6]]);
  await refreshRollups(t.db, { minCellSchools: MIN });
}

describe.each(TEST_BACKENDS)('districts (%s)', (backend: Backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('rd-districts-', backend);
    await loadFixture(t.db, 42, { minCellSchools: MIN });
    await addDistricts(t);
  }, 120_000);
  afterAll(() => t.cleanup());

  it('districts, the remainder of schools without a wijk included, add up to their municipality in every cell', async () => {
    const k = t.db.kysely;
    for (const municipality of ['GM9001', 'GM9004']) {
      const cells = await k.selectFrom('rollup_cell').selectAll().where('municipality_code', '=', municipality).execute();
      const districts = await k.selectFrom('rollup_district').selectAll().where('municipality_code', '=', municipality).execute();
      expect(cells.length).toBeGreaterThan(0);
      for (const c of cells) {
        const children = districts.filter((d) => d.school_year === c.school_year && d.sector === c.sector && d.disadvantage_band === c.disadvantage_band);
        for (const column of SUMMED) expect(children.reduce((n, d) => n + Number(d[column]), 0), `${municipality} ${column}`).toBeCloseTo(Number(c[column]), 6);
      }
    }
    const remainder = await k.selectFrom('rollup_district').select((eb) => eb.fn.sum<number>('schools').as('n'))
      .where('district_code', '=', unknownDistrictCode('GM9001')).where('school_year', '=', YEAR).executeTakeFirstOrThrow();
    expect(Number(remainder.n)).toBe(4);
    // Municipalities without districts have no district rows.
    expect(await k.selectFrom('rollup_district').select('district_code').where('municipality_code', '=', 'GM9002').execute()).toEqual([]);
  });

  it('never publishes a municipality with exactly one hidden district, nor hidden districts on fewer than the threshold together', async () => {
    const k = t.db.kysely;
    const decisions = await k.selectFrom('disclosure_cell').selectAll().where('part', 'in', ['cell', 'scan']).execute();
    const decisionOf = new Map(decisions.map((d) => [`${d.school_year}|${d.part}|${d.sector}|${d.band}|${d.area_code}`, d.suppressed]));
    const districtRows = await k.selectFrom('rollup_district').selectAll().execute();
    let checked = 0;
    let smallSeen = 0;
    for (const [municipality, codes] of [['GM9004', ['WK900401', 'WK900402', 'WK900403', 'WK900404', 'GM9004-onbekend']], ['GM9001', ['WK900101', 'WK900102', 'GM9001-onbekend']]] as const) {
      for (const year of ['2023-2024', YEAR]) {
        for (const part of ['cell', 'scan'] as const) {
          for (const sector of ['all', 'po', 'vo', 'mbo']) {
            for (const band of ['all', '1', '2', '3', '4', '0']) {
              const parent = decisionOf.get(`${year}|${part}|${sector}|${band}|${municipality}`);
              expect(parent, `${municipality} ${year} ${part} ${sector} ${band}`).not.toBeUndefined();
              const schoolsOf = (code: string) => districtRows
                .filter((r) => r.district_code === code && r.school_year === year && (sector === 'all' || r.sector === sector) && (band === 'all' || String(r.disadvantage_band) === band))
                .reduce((n, r) => n + Number(part === 'scan' ? r.scanned_schools : r.schools), 0);
              const hidden = codes.filter((c) => {
                const d = decisionOf.get(`${year}|${part}|${sector}|${band}|${c}`);
                if (schoolsOf(c) > 0) expect(d, `${c} ${year} ${part} ${sector} ${band}`).not.toBeUndefined();
                if (d === 'small_cell') smallSeen++;
                return d !== null && schoolsOf(c) > 0;
              });
              // An empty municipality cell says nothing about its districts: only relations with schools count.
              if (parent !== null || codes.every((c) => schoolsOf(c) === 0)) continue;
              checked++;
              expect(hidden.length, `${municipality} ${year} ${part} ${sector} ${band}: ${hidden.join(',')}`).not.toBe(1);
              if (hidden.length > 0) expect(hidden.reduce((n, c) => n + schoolsOf(c), 0)).toBeGreaterThanOrEqual(MIN);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
    expect(smallSeen).toBeGreaterThan(0);
    // The wijk of 3 schools is hidden, and so is at least one of its siblings under the published municipality.
    expect(decisionOf.get(`${YEAR}|cell|all|all|GM9004`)).toBeNull();
    expect(decisionOf.get(`${YEAR}|cell|all|all|WK900403`)).toBe('small_cell');
    expect(['WK900401', 'WK900402'].some((c) => decisionOf.get(`${YEAR}|cell|all|all|${c}`) === 'complementary')).toBe(true);
  });

  it('lists and compares the districts of a policymaker\'s own municipality, with benchmarks, and publishes by the stored decisions', async () => {
    const beleid = createTestCaller(t.db, testConfig({ minCellSchools: MIN }), testPrincipal('beleidsmedewerker', { municipalities: ['GM9004'], benchmarkRegions: ['GG9002'] }));
    const list = await beleid.districts.list({ municipalityCode: 'GM9004', schoolYear: YEAR, sector: 'all' });
    expect(list.districts.map((d) => [d.code, d.unknown])).toEqual([['WK900401', false], ['WK900402', false], ['WK900403', false], ['WK900404', false], ['GM9004-onbekend', true]]);
    const dijk = list.districts.find((d) => d.code === 'WK900403')!;
    expect(Object.values(dijk.figures).every((f) => f.value === null && f.suppressed === 'small_cell')).toBe(true);
    // An empty wijk shows "geen gegevens" on 0 schools rather than a hidden figure.
    expect(list.districts.find((d) => d.code === 'WK900404')!.figures.schools).toEqual({ value: null, schools: 0, suppressed: null });
    const published = list.districts.filter((d) => d.figures.schools.suppressed === null && d.figures.schools.schools! > 0);
    for (const d of published) expect(d.figures.schools.value).toBe(d.code === 'WK900401' ? 10 : 7);

    const compare = await beleid.districts.compare({ municipalityCode: 'GM9004', codes: ['WK900401', 'WK900402', 'WK900403'], schoolYear: YEAR, sector: 'all' });
    expect(compare.columns.map((c) => [c.kind, c.code])).toEqual([
      ['district', 'WK900401'], ['district', 'WK900402'], ['district', 'WK900403'], ['municipality', 'GM9004'], ['region', 'GG9002'], ['nation', 'NL'],
    ]);
    expect(compare.columns[3]!.figures.schools.value).toBe(20);
    expect(compare.columns.slice(0, 3).map((c) => c.figures)).toEqual(['WK900401', 'WK900402', 'WK900403'].map((code) => list.districts.find((d) => d.code === code)!.figures));

    await expect(beleid.districts.compare({ municipalityCode: 'GM9004', codes: ['WK900401', 'WK900101'], schoolYear: YEAR, sector: 'all' })).rejects.toThrow('Wijk WK900101 is geen wijk van gemeente Zuidstad');
    await expect(beleid.districts.compare({ municipalityCode: 'GM9004', codes: ['WK900401'], schoolYear: YEAR, sector: 'all' })).rejects.toThrow('kies minstens 2 wijken');
    await expect(beleid.districts.list({ municipalityCode: 'GM9005', schoolYear: YEAR, sector: 'all' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const none = await beleid.districts.list({ municipalityCode: 'GM9004', schoolYear: '2010-2011', sector: 'all' });
    expect(none.districts.every((d) => d.figures.schools.value === null)).toBe(true);
  });

  it('exports the comparison as CSV with the same suppression as on screen, and the demo notice', async () => {
    const user = testPrincipal('beleidsmedewerker', { municipalities: ['GM9004'], benchmarkRegions: ['GG9002'] });
    const caller = createExportCaller(createInnerContext(t.db, testConfig({ minCellSchools: MIN }), { user }));
    const filters = { schoolYear: YEAR, sector: 'all' as const, scope: { level: 'municipality' as const, code: 'GM9004' }, level: 'region' as const, indicator: 'implementation' as const, municipalities: [], districts: ['WK900401', 'WK900403'] };
    const text = (await exportTable(caller, 'wijken', 'csv', filters)).body.toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFF?Code;Naam;Soort;Aantal scholen/);
    const dijk = lines.find((l) => l.startsWith('WK900403;'))!.split(';');
    expect(dijk.slice(0, 4)).toEqual(['WK900403', 'Dijk', 'Wijk', '.']);
    expect(lines.find((l) => l.startsWith('GM9004;'))!.split(';').slice(2, 4)).toEqual(['Gemeente', '20']);
    expect(text).toContain(DEMO_NOTICE);
    await expect(exportTable(caller, 'wijken', 'csv', { ...filters, districts: [] })).rejects.toThrow(/geef de parameters gemeente en wijken mee/);
  });

  // SQLite only: the attack takes minutes, and the collector asks the same procedures on either
  // backend (attacker.test.ts runs the coordinator's attack on PostgreSQL).
  it.runIf(backend === 'sqlite')('the attacker with every district figure beside every other figure narrows no hidden figure', async () => {
    // Differencing against the municipality total, the remainder district and the sector and band
    // relations at once, as GM9004's policymaker. (The national coordinator's attack with districts
    // takes over ten minutes on two cores: `npm run audit:disclosure` runs it against any database.)
    const { runAttack, describeFinding, formatReport } = await import('../test-support/attacker/audit.ts');
    for (const principal of [testPrincipal('beleidsmedewerker', { municipalities: ['GM9004'], benchmarkRegions: ['GG9002'] })]) {
      const report = await runAttack(t.db, testConfig({ minCellSchools: MIN }), principal, { years: [YEAR] });
      expect(report.modelErrors).toEqual([]);
      expect(report.figures, 'district figures were collected').toBeGreaterThan(0);
      expect(report.broken.length, [formatReport(report), ...report.broken.slice(0, 10).map(describeFinding)].join('\n')).toBe(0);
    }
  }, 900_000);
});
