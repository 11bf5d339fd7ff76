import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationDegree, share, supportHoursPerSchool, unknownDistrictCode } from '@rd/shared';
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
  const assign = (municipality: string, sizes: [string, number][]) => assignDistricts(t, municipality, sizes);
  await assign('GM9004', [['WK900401', 10], ['WK900402', 7], ['WK900403', 3]]);
  await assign('GM9001', [['WK900101', 10], ['WK900102', 6]]);
  await refreshRollups(t.db, { minCellSchools: MIN });
}

/** The municipality's schools in id order, the first `n` of them in the first wijk, and so on; the rest keep no wijk. */
async function assignDistricts(t: TestDb, municipality: string, sizes: readonly [string, number][]): Promise<void> {
  const k = t.db.kysely;
  const ids = (await k.selectFrom('school').select('id').where('municipality_code', '=', municipality).orderBy('id').execute()).map((s) => s.id);
  let i = 0;
  for (const [code, n] of sizes) {
    await k.updateTable('school').set({ district_code: code }).where('id', 'in', ids.slice(i, i + n)).execute();
    i += n;
  }
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
    expect(checked).toBeGreaterThan(2);
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

/**
 * Equity per district needs wijken large enough for some band cells to be published: Grootstad
 * (180 primary schools: a wijk of one sector is not hidden with its other sectors) gets wijken of
 * 70, 60, 4 and 40 schools, and 6 schools without a wijk. Its neighbours (80 and 60 schools) are
 * large enough for most of their bands to be published too: where a neighbour's or the other
 * region's bands are small, the city's bands are their complements (the nation's band is published,
 * and a band with no room to move is checked like a total).
 */
const EQUITY_LAYOUT = [
  { code: 'GM9101', name: 'Grootstad', region: 'GG9101', schools: { po: 180 } },
  { code: 'GM9102', name: 'Kleindorp', region: 'GG9101', schools: { po: 80 } },
  { code: 'GM9201', name: 'Overstad', region: 'GG9102', schools: { po: 60 } },
] as const;
const GROOTSTAD = ['WK910101', 'WK910102', 'WK910103', 'WK910104', 'GM9101-onbekend'];
const BAND_KEYS = ['1', '2', '3', '4', '0'] as const;
/** Each figure per band: its linked table, the schools it rests on and its value from the summed rollup rows. */
const BAND_FIGURES = {
  schools: { part: 'cell', count: (r: Sums) => r.schools, value: (r: Sums) => r.schools },
  vignetShare: { part: 'cell', count: (r: Sums) => r.schools, value: (r: Sums) => share(r.vignet_schools, r.schools) },
  supportHoursPerSchool: { part: 'cell', count: (r: Sums) => r.schools, value: (r: Sums) => supportHoursPerSchool(r.support_hours, r.schools) },
  implementation: { part: 'scan', count: (r: Sums) => r.scanned_schools, value: (r: Sums) => implementationDegree(r.score_sum, r.score_n) },
} as const;
type Sums = Record<'schools' | 'scanned_schools' | 'vignet_schools' | 'support_hours' | 'score_sum' | 'score_n', number>;

describe.each(TEST_BACKENDS)('equity per district (%s)', (backend: Backend) => {
  let t: TestDb;
  const policymaker = testPrincipal('beleidsmedewerker', { municipalities: ['GM9101'], benchmarkRegions: ['GG9101'] });
  beforeAll(async () => {
    t = await createTestDb('rd-district-equity-', backend);
    await loadFixture(t.db, 7, { minCellSchools: MIN, layout: EQUITY_LAYOUT });
    await t.db.kysely.insertInto('district').values([
      { code: 'WK910101', name: 'Noord', municipality_code: 'GM9101', boundary: null },
      { code: 'WK910102', name: 'Zuid', municipality_code: 'GM9101', boundary: null },
      { code: 'WK910103', name: 'Haven', municipality_code: 'GM9101', boundary: null },
      { code: 'WK910104', name: 'Oost', municipality_code: 'GM9101', boundary: null },
    ]).execute();
    await assignDistricts(t, 'GM9101', [['WK910101', 70], ['WK910102', 60], ['WK910103', 4], ['WK910104', 40]]);
    await refreshRollups(t.db, { minCellSchools: MIN });
  }, 120_000);
  afterAll(() => t.cleanup());

  /** The true sums of a district per band (all sectors), from rollup_district. */
  async function bandSums(year: string): Promise<Map<string, Sums>> {
    const rows = await t.db.kysely.selectFrom('rollup_district').selectAll().where('school_year', '=', year).where('municipality_code', '=', 'GM9101').execute();
    const sums = new Map<string, Sums>();
    for (const r of rows) {
      const key = `${r.district_code}|${r.disadvantage_band}`;
      const s = sums.get(key) ?? { schools: 0, scanned_schools: 0, vignet_schools: 0, support_hours: 0, score_sum: 0, score_n: 0 };
      for (const c of Object.keys(s) as (keyof Sums)[]) s[c] += Number(r[c]);
      sums.set(key, s);
    }
    return sums;
  }
  const empty: Sums = { schools: 0, scanned_schools: 0, vignet_schools: 0, support_hours: 0, score_sum: 0, score_n: 0 };

  it('publishes every compared district per band by the stored decision of its band cell, and hides every hidden one', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }), policymaker);
    const decisions = await t.db.kysely.selectFrom('disclosure_cell').select(['part', 'band', 'area_code', 'suppressed'])
      .where('school_year', '=', YEAR).where('sector', '=', 'all').where('area_code', 'in', GROOTSTAD).execute();
    const decisionOf = new Map(decisions.map((d) => [`${d.part}|${d.area_code}|${d.band}`, d.suppressed]));
    const truth = await bandSums(YEAR);
    const compare = await caller.districts.compare({ municipalityCode: 'GM9101', codes: GROOTSTAD, schoolYear: YEAR, sector: 'all' });
    let published = 0;
    let hidden = 0;
    for (const column of compare.columns.filter((c) => c.kind === 'district')) {
      expect(column.equity.bands.map((b) => b.band)).toEqual([1, 2, 3, 4, 0]);
      for (const b of column.equity.bands) {
        const sums = truth.get(`${column.code}|${b.band}`) ?? empty;
        for (const [id, f] of Object.entries(BAND_FIGURES)) {
          const p = b.figures[id as keyof typeof BAND_FIGURES];
          const decision = decisionOf.get(`${f.part}|${column.code}|${b.band}`);
          const where = `${column.code} band ${b.band} ${id}`;
          if (p.suppressed !== null) {
            hidden++;
            expect(p, where).toMatchObject({ value: null, schools: null });
            continue;
          }
          // Published only by a stored decision to publish, with the true value; a band with schools only beside its published district.
          expect(decision, where).toBeNull();
          expect(p.schools, where).toBe(f.count(sums));
          if (p.schools! > 0) {
            published++;
            expect(column.figures[id as keyof typeof BAND_FIGURES].suppressed, where).toBeNull();
            expect(p.schools, where).toBeGreaterThanOrEqual(MIN);
            expect(p.value!, where).toBeCloseTo(f.value(sums)!, 9);
          }
        }
      }
    }
    expect(published, 'some district band figures are published').toBeGreaterThan(0);
    expect(hidden, 'some district band figures are hidden').toBeGreaterThan(0);
    // Haven (4 schools) is hidden as a whole, and so is each of its bands with schools.
    const haven = compare.columns.find((c) => c.code === 'WK910103')!;
    expect(haven.figures.schools.suppressed).toBe('small_cell');
    for (const b of haven.equity.bands) if ((truth.get(`WK910103|${b.band}`)?.schools ?? 0) > 0) expect(b.figures.schools.suppressed, `band ${b.band}`).not.toBeNull();
  });

  it('never makes a district the municipality minus the other districts, per band', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }), policymaker);
    let checked = 0;
    for (const year of ['2023-2024', YEAR]) {
      const truth = await bandSums(year);
      const compare = await caller.districts.compare({ municipalityCode: 'GM9101', codes: GROOTSTAD, schoolYear: year, sector: 'all' });
      const municipality = compare.columns.find((c) => c.kind === 'municipality')!;
      const districts = compare.columns.filter((c) => c.kind === 'district');
      for (const key of BAND_KEYS) {
        for (const [id, f] of Object.entries(BAND_FIGURES)) {
          const figure = (c: (typeof compare.columns)[number]) => c.equity.bands.find((b) => String(b.band) === key)!.figures[id as keyof typeof BAND_FIGURES];
          if (figure(municipality).suppressed !== null) continue;
          checked++;
          // Under a published municipality band, the hidden districts with schools are never one alone, and together rest on enough schools.
          const hiddenSchools = districts.filter((d) => figure(d).suppressed !== null).map((d) => f.count(truth.get(`${d.code}|${key}`) ?? empty)).filter((n) => n > 0);
          expect(hiddenSchools.length, `${year} band ${key} ${id}`).not.toBe(1);
          if (hiddenSchools.length > 0) expect(hiddenSchools.reduce((a, n) => a + n, 0), `${year} band ${key} ${id}`).toBeGreaterThanOrEqual(MIN);
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('puts the municipality, region and nation per band beside the districts as the equity page publishes them, and hides districts per sector', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }), policymaker);
    for (const sector of ['all', 'po', 'vo'] as const) {
      const compare = await caller.districts.compare({ municipalityCode: 'GM9101', codes: GROOTSTAD.slice(0, 2), schoolYear: YEAR, sector });
      for (const column of compare.columns.filter((c) => c.kind !== 'district')) {
        const scope = column.kind === 'nation' ? { level: 'nation' as const } : { level: column.kind, code: column.code };
        const equity = await caller.equity.bands({ scope, schoolYear: YEAR, sector });
        for (const b of column.equity.bands) {
          const same = equity.bands.find((x) => x.band === b.band)!;
          expect([b.figures.schools, b.figures.implementation, b.figures.supportHoursPerSchool], `${sector} ${column.code} band ${b.band}`)
            .toEqual([same.schools, same.implementation, same.supportHoursPerSchool]);
        }
        expect(column.equity.implementationGap).toEqual(equity.gap.implementation);
      }
      // Per sector a district's cells are a handful of schools: every band is hidden, empty ones too.
      const bands = compare.columns.filter((c) => c.kind === 'district').flatMap((c) => c.equity.bands.flatMap((b) => Object.values(b.figures)));
      if (sector === 'all') expect(bands.some((p) => p.suppressed === null && p.schools! > 0)).toBe(true);
      else expect(bands.every((p) => p.suppressed !== null)).toBe(true);
    }
  });

  // SQLite only, as the attack above: here district band cells are published, beside hidden ones.
  it.runIf(backend === 'sqlite')('the attacker with every district per band beside every other figure narrows no hidden figure', async () => {
    const { runAttack, describeFinding, formatReport } = await import('../test-support/attacker/audit.ts');
    const { collectFigures } = await import('../test-support/attacker/collect.ts');
    const config = testConfig({ minCellSchools: MIN });
    // The attacker sees the district band figures, published ones among them.
    const seen = (await collectFigures(t.db, config, policymaker, { years: [YEAR], sectors: ['all'] })).figures
      .filter((f) => f.source === 'districts.compare' && f.cell.band !== 'all' && GROOTSTAD.includes(f.cell.geo));
    expect(seen.some((f) => f.published.suppressed === null && f.published.schools! > 0)).toBe(true);
    expect(seen.some((f) => f.published.suppressed !== null)).toBe(true);
    const report = await runAttack(t.db, config, policymaker, { years: [YEAR] });
    expect(report.modelErrors).toEqual([]);
    expect(report.protected).toBeGreaterThan(0);
    expect(report.broken.length, [formatReport(report), ...report.broken.slice(0, 10).map(describeFinding)].join('\n')).toBe(0);
  }, 900_000);

  it('exports the districts per band beside the benchmarks, with the same suppression as on screen', async () => {
    const caller = createExportCaller(createInnerContext(t.db, testConfig({ minCellSchools: MIN }), { user: policymaker }));
    const filters = { schoolYear: YEAR, sector: 'all' as const, scope: { level: 'municipality' as const, code: 'GM9101' }, level: 'region' as const, indicator: 'implementation' as const, municipalities: [], districts: ['WK910101', 'WK910103'] };
    const lines = (await exportTable(caller, 'wijken', 'csv', filters)).body.toString('utf8').split('\r\n');
    const header = lines[0]!.split(';');
    const compare = await createTestCaller(t.db, testConfig({ minCellSchools: MIN }), policymaker).districts.compare({ municipalityCode: 'GM9101', codes: ['WK910101', 'WK910103'], schoolYear: YEAR, sector: 'all' });
    for (const column of compare.columns) {
      const cells = lines.find((l) => l.startsWith(`${column.code};`))!.split(';');
      for (const b of column.equity.bands) {
        const schools = cells[header.findIndex((h) => h.startsWith(`Aantal scholen, ${b.band === 0 ? 'band onbekend' : `band ${b.band}`}`))]!;
        const p = b.figures.schools;
        expect(schools, `${column.code} band ${b.band}`).toBe(p.suppressed !== null ? '.' : p.value === null ? '–' : String(p.value));
      }
    }
    expect(header.some((h) => h.startsWith('Implementatiegraad, band 4'))).toBe(true);
  });
});
