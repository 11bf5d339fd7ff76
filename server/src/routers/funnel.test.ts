import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(async () => {
  t = await createTestDb('rd-funnel-');
  await loadFixture(t.db);
  // Certificates of different ages: awarded 2022-2023 expires after 2024-2025 (due for renewal in
  // 2025-2026); awarded 2021-2022 is no longer valid in 2024-2025 and must not count.
  const records = await t.db.kysely.selectFrom('implementation_record as ir').innerJoin('school as s', 's.id', 'ir.school_id')
    .where('ir.school_year', '=', YEAR).where('s.municipality_code', '=', 'GM9004').select('ir.school_id').orderBy('ir.school_id').execute();
  const extra = records.slice(0, 8).map((r, i) => ({
    school_id: r.school_id, school_year: YEAR, theme: i % 2 === 0 ? 'gehoor' : 'mediawijsheid', awarded_year: i < 6 ? '2022-2023' : '2021-2022',
  }));
  await t.db.kysely.insertInto('certificate').values(extra).execute();
  await refreshRollups(t.db, { schoolYears: [YEAR] });
  caller = createCaller(createInnerContext(t.db, testConfig({ minCellSchools: MIN }), { user: NATIONAL_COORDINATOR }));
});
afterAll(() => t.cleanup());

/** Independent computation from raw records and certificates for a set of municipalities. */
async function raw(municipalities: readonly string[]) {
  const records = await t.db.kysely.selectFrom('implementation_record as ir').innerJoin('school as s', 's.id', 'ir.school_id')
    .where('ir.school_year', '=', YEAR).where('s.municipality_code', 'in', municipalities).select(['ir.school_id', 'ir.phase']).execute();
  const certificates = await t.db.kysely.selectFrom('certificate as c').innerJoin('school as s', 's.id', 'c.school_id')
    .where('c.school_year', '=', YEAR).where('s.municipality_code', 'in', municipalities).select(['c.school_id', 'c.theme', 'c.awarded_year']).execute();
  const startOf = (y: string) => Number(y.slice(0, 4));
  const valid = certificates.filter((c) => startOf(c.awarded_year) + 3 > 2024 && startOf(c.awarded_year) <= 2024);
  return {
    recorded: records.length,
    phase: (p: string) => records.filter((r) => r.phase === p).length,
    holders: (theme: string) => new Set(valid.filter((c) => c.theme === theme).map((c) => c.school_id)).size,
    due: (theme: string) => valid.filter((c) => c.theme === theme && startOf(c.awarded_year) + 3 === 2025).length,
    vignet: new Set(valid.map((c) => c.school_id)).size,
  };
}

describe('funnel.gezondeSchool', () => {
  it('counts phases, valid certificates and renewals due like the raw rows, for a region', async () => {
    const funnel = await caller.funnel.gezondeSchool({ scope: { level: 'region', code: 'GG9002' }, schoolYear: YEAR, sector: 'all' });
    const expected = await raw(['GM9004', 'GM9005']);
    expect(funnel.nextSchoolYear).toBe('2025-2026');
    expect(funnel.schools).toEqual({ value: expected.recorded, schools: expected.recorded, suppressed: null });
    for (const p of funnel.phases) {
      expect(p.count.value).toBe(expected.phase(p.phase));
      expect(p.share.value).toBeCloseTo((100 * expected.phase(p.phase)) / expected.recorded, 10);
    }
    expect(funnel.phases.reduce((s, p) => s + p.count.value!, 0)).toBe(expected.recorded);
    expect(funnel.vignet.count.value).toBe(expected.vignet);
    for (const theme of funnel.themes) {
      expect(theme.holders.value, theme.theme).toBe(expected.holders(theme.theme));
      expect(theme.renewalDue.value, theme.theme).toBe(expected.due(theme.theme));
    }
    // The fixture data were built so that both cases occur.
    expect(funnel.themes.find((x) => x.theme === 'gehoor')!.renewalDue.value).toBeGreaterThan(0);
    expect(funnel.themes.find((x) => x.theme === 'mediawijsheid')!.holders.value).toBe(expected.holders('mediawijsheid'));
  });

  it('bases a sector-specific theme on the schools of the sectors it is offered to', async () => {
    const funnel = await caller.funnel.gezondeSchool({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'vo' });
    expect(funnel.themes.map((x) => x.theme)).not.toContain('milieu_natuur');
    expect(funnel.themes.map((x) => x.theme)).toContain('roken_alcohol_drugs');
    const all = await caller.funnel.gezondeSchool({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'all' });
    const poSo = await t.db.kysely.selectFrom('implementation_record as ir').innerJoin('school as s', 's.id', 'ir.school_id')
      .where('ir.school_year', '=', YEAR).where('s.sector', 'in', ['po', 'so']).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(all.themes.find((x) => x.theme === 'milieu_natuur')!.holders.schools).toBe(Number(poSo.n));
  });

  it('hides a small municipality, and its smallest sibling, even when each is asked for alone', async () => {
    const small = await caller.funnel.gezondeSchool({ scope: { level: 'municipality', code: 'GM9003' }, schoolYear: YEAR, sector: 'all' });
    expect(small.schools).toEqual({ value: null, schools: null, suppressed: 'small_cell' });
    expect(small.phases.every((p) => p.count.value === null && p.share.suppressed === 'small_cell')).toBe(true);
    const sibling = await caller.funnel.gezondeSchool({ scope: { level: 'municipality', code: 'GM9002' }, schoolYear: YEAR, sector: 'all' });
    expect(sibling.schools.suppressed).toBe('complementary');
    expect(sibling.themes.every((x) => x.holders.value === null)).toBe(true);
    // GM9001 follows the stored decision of its funnel cell, which hides at least what its cell of
    // the figures over all schools hides.
    const big = await caller.funnel.gezondeSchool({ scope: { level: 'municipality', code: 'GM9001' }, schoolYear: YEAR, sector: 'all' });
    const storedOf = (part: string) => t.db.kysely.selectFrom('disclosure_cell').select('suppressed').where('part', '=', part)
      .where('school_year', '=', YEAR).where('area_code', '=', 'GM9001').where('sector', '=', 'all').where('band', '=', 'all').executeTakeFirstOrThrow();
    const stored = await storedOf('funnel');
    expect(big.schools.suppressed).toBe(stored.suppressed);
    if ((await storedOf('cell')).suppressed !== null) expect(stored.suppressed).not.toBeNull();
    if (stored.suppressed === null) expect(big.schools.value).toBe((await raw(['GM9001'])).recorded);
    const region = await caller.funnel.gezondeSchool({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    expect(region.schools.value).toBe((await raw(['GM9001', 'GM9002', 'GM9003'])).recorded);
  });

  it('publishes certificates and renewals per theme over all sectors only, by their own stored decision', async () => {
    // Per sector they are rare counts: "the region's one mbo certificate is due" and "the municipality
    // has no renewals" together said that its one mbo school has no certificate.
    const scope = { level: 'nation' as const };
    for (const sector of ['po', 'so', 'vo', 'mbo'] as const) {
      const one = await caller.funnel.gezondeSchool({ scope, schoolYear: YEAR, sector });
      expect(one.themes.length, sector).toBeGreaterThan(0);
      for (const theme of one.themes) {
        for (const figure of [theme.holders, theme.share, theme.renewalDue]) expect(figure, `${sector} ${theme.theme}`).toEqual({ value: null, schools: null, suppressed: 'complementary' });
      }
    }
    // Each theme by the stored decision of its own cell, on the schools of the sectors it is offered to.
    const storedTheme = (area: string, theme: string) => t.db.kysely.selectFrom('disclosure_cell').select('suppressed').where('part', '=', `funnel_theme:${theme}`)
      .where('school_year', '=', YEAR).where('area_code', '=', area).where('sector', '=', 'all').where('band', '=', 'all').executeTakeFirstOrThrow();
    let published = 0;
    for (const code of ['GM9001', 'GM9004', 'GM9005']) {
      const funnel = await caller.funnel.gezondeSchool({ scope: { level: 'municipality', code }, schoolYear: YEAR, sector: 'all' });
      for (const theme of funnel.themes) {
        const stored = await storedTheme(code, theme.theme);
        expect(theme.holders.suppressed, `${code} ${theme.theme}`).toBe(stored.suppressed ?? funnel.schools.suppressed);
        if (theme.holders.suppressed === null) published++;
      }
    }
    expect(published).toBeGreaterThan(0);
  });

  it('never leaves a phase count of one sector as the total minus the published sectors', async () => {
    // Sector differencing on the funnel: a sector with few recorded schools (but enough register
    // schools for its other figures) hidden alone under a published total would be all − the rest.
    const scopes = [{ level: 'nation' as const }, ...['GG9001', 'GG9002'].map((code) => ({ level: 'region' as const, code })), ...['GM9001', 'GM9002', 'GM9003', 'GM9004', 'GM9005'].map((code) => ({ level: 'municipality' as const, code }))];
    let published = 0;
    for (const schoolYear of ['2023-2024', YEAR]) {
      for (const scope of scopes) {
        const all = await caller.funnel.gezondeSchool({ scope, schoolYear, sector: 'all' });
        if (all.schools.suppressed !== null) continue;
        published++;
        const hidden: string[] = [];
        for (const sector of ['po', 'so', 'vo', 'mbo'] as const) {
          const one = await caller.funnel.gezondeSchool({ scope, schoolYear, sector });
          if (one.schools.suppressed !== null) hidden.push(sector);
          else expect(one.phases.every((p) => p.count.suppressed === null), `${schoolYear} ${JSON.stringify(scope)} ${sector}`).toBe(true);
        }
        expect(hidden.length, `${schoolYear} ${JSON.stringify(scope)}: hidden sectors ${hidden.join(', ')}`).not.toBe(1);
      }
    }
    expect(published).toBeGreaterThan(3);
  });
});
