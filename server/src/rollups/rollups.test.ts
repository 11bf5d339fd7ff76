import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, loadFixture, type TestDb } from '../test-support/fixture.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { ROLLUPS, principleCountColumn, principleSumColumn, refreshRollups, type RollupRefreshContext } from './index.ts';

let t: TestDb;

/** Independent per-school walk over raw rows, the way a spreadsheet user would count. */
async function rawTotals(year: string, municipality: string) {
  const k = t.db.kysely;
  const schools = await k.selectFrom('school').selectAll().where('municipality_code', '=', municipality).execute();
  const ids = new Set(schools.map((s) => s.id));
  const scans = (await k.selectFrom('scan_score').selectAll().where('school_year', '=', year).execute()).filter((r) => ids.has(r.school_id));
  const records = (await k.selectFrom('implementation_record').selectAll().where('school_year', '=', year).execute()).filter((r) => ids.has(r.school_id));
  const certs = (await k.selectFrom('certificate').selectAll().where('school_year', '=', year).execute()).filter((r) => ids.has(r.school_id));
  const p3 = scans.filter((r) => r.principle_id === 3);
  return {
    schools: schools.length,
    scanned: new Set(scans.map((r) => r.school_id)).size,
    p3Sum: p3.reduce((a, r) => a + r.score, 0),
    p3Count: p3.length,
    kartrekker: records.filter((r) => r.has_kartrekker === 1).length,
    hours: records.reduce((a, r) => a + r.ggd_support_hours, 0),
    vignet: new Set(certs.map((r) => r.school_id)).size,
  };
}

async function rollupTotals(year: string, municipality: string) {
  const rows = await t.db.kysely.selectFrom('rollup_cell').selectAll().where('school_year', '=', year).where('municipality_code', '=', municipality).execute();
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    schools: sum((r) => r.schools),
    scanned: sum((r) => r.scanned_schools),
    p3Sum: sum((r) => r[principleSumColumn(3)]),
    p3Count: sum((r) => r[principleCountColumn(3)]),
    kartrekker: sum((r) => r.kartrekker_schools),
    hours: sum((r) => r.support_hours),
    vignet: sum((r) => r.vignet_schools),
  };
}

describe.each(TEST_BACKENDS)('refreshRollups (%s)', (backend) => {
  beforeAll(async () => {
    t = await createTestDb('rd-rollups-', backend);
    await loadFixture(t.db);
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('matches a per-school count over the raw rows for every municipality and year', async () => {
    for (const year of ['2023-2024', '2024-2025']) {
      for (const m of ['GM9001', 'GM9002', 'GM9003', 'GM9004', 'GM9005']) {
        expect(await rollupTotals(year, m)).toEqual(await rawTotals(year, m));
      }
    }
  });

  it('leaves planner statistics for every rollup table, the registered ones included', async () => {
    const analysed = backend === 'sqlite'
      ? (await sql<{ name: string }>`select distinct tbl as name from sqlite_stat1`.execute(t.db.kysely)).rows
      : (await sql<{ name: string }>`select relname as name from pg_stat_user_tables
          where schemaname = current_schema() and last_analyze is not null`.execute(t.db.kysely)).rows;
    const names = analysed.map((r) => r.name);
    for (const table of ['rollup_cell', 'rollup_region', 'school_year_fact', 'partner_coverage_rollup', 'partner_signal_rollup', 'funnel_rollup']) {
      expect(names, table).toContain(table);
    }
  });

  it('keeps overall and pillar score totals equal to the sum of their principle columns', async () => {
    const cells = await t.db.kysely.selectFrom('rollup_cell').selectAll().execute();
    for (const c of cells) {
      const sum = (ps: number[]) => ps.reduce((a, p) => a + c[principleSumColumn(p)], 0);
      expect(c.score_sum).toBe(sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]));
      expect(c.beleid_sum).toBe(sum([1, 2, 3, 4, 5]));
      expect(c.signaleren_n).toBe([14, 15, 16].reduce((a, p) => a + c[principleCountColumn(p)], 0));
    }
  });

  it('keeps the region-level rollup equal to the sum of its cells', async () => {
    const k = t.db.kysely;
    const regions = await k.selectFrom('rollup_region').selectAll().execute();
    const cells = await k.selectFrom('rollup_cell').selectAll().execute();
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) {
      const of = cells.filter((c) => c.school_year === r.school_year && c.region_code === r.region_code && c.sector === r.sector);
      expect(r.schools).toBe(of.reduce((a, c) => a + c.schools, 0));
      expect(r.p7_sum).toBe(of.reduce((a, c) => a + c.p7_sum, 0));
      expect(r.support_hours).toBeCloseTo(of.reduce((a, c) => a + c.support_hours, 0), 9);
    }
  });

  it('rebuilds only the requested school year and picks up changed raw data', async () => {
    const k = t.db.kysely;
    const before = await rollupTotals('2023-2024', 'GM9001');
    const school = await k.selectFrom('school').select('id').where('municipality_code', '=', 'GM9004').orderBy('id').executeTakeFirstOrThrow();
    await k.updateTable('implementation_record').set({ ggd_support_hours: 99 }).where('school_id', '=', school.id).execute();
    await refreshRollups(t.db, { schoolYears: ['2024-2025'] });
    expect(await rollupTotals('2024-2025', 'GM9004')).toEqual(await rawTotals('2024-2025', 'GM9004'));
    // 2023-2024 was not rebuilt, so its rollup still has the old hours (stale until its own refresh).
    expect((await rollupTotals('2023-2024', 'GM9004')).hours).not.toBe((await rawTotals('2023-2024', 'GM9004')).hours);
    await refreshRollups(t.db, { schoolYears: ['2023-2024'] });
    expect(await rollupTotals('2023-2024', 'GM9004')).toEqual(await rawTotals('2023-2024', 'GM9004'));
    expect(await rollupTotals('2023-2024', 'GM9001')).toEqual(before);
  });

  it('drops the rows of a requested year that has no data left', async () => {
    const { db } = t;
    await db.kysely.insertInto('capacity').values({ region_code: 'GG9001', school_year: '2030-2031', advisor_fte: 1, hours_for_schools: 100 }).execute();
    await refreshRollups(db, { schoolYears: ['2030-2031'] });
    expect((await db.kysely.selectFrom('rollup_cell').select('school_year').where('school_year', '=', '2030-2031').execute()).length).toBeGreaterThan(0);
    await db.kysely.deleteFrom('capacity').where('school_year', '=', '2030-2031').execute();
    await refreshRollups(db, { schoolYears: ['2030-2031'] });
    expect(await db.kysely.selectFrom('rollup_cell').select('school_year').where('school_year', '=', '2030-2031').execute()).toEqual([]);
  });

  it('runs every rollup, and a given list in order, inside one transaction with the affected years', async () => {
    expect(ROLLUPS.map((r) => r.name)).toEqual(['cells', 'school-facts', 'disclosure']);
    const seen: string[][] = [];
    const probe = { name: 'test-probe', refresh: async ({ schoolYears }: RollupRefreshContext) => { seen.push([...schoolYears]); } };
    await refreshRollups(t.db, { schoolYears: ['2024-2025'], rollups: [...ROLLUPS, probe] });
    expect(seen).toEqual([['2024-2025']]);
    // Empties a table the refresh already rebuilt, then fails: the whole refresh must roll back.
    const failing = { name: 'test-failing', refresh: async ({ trx }: RollupRefreshContext) => { await trx.deleteFrom('rollup_cell').execute(); throw new Error('kapot'); } };
    const cellsBefore = await t.db.kysely.selectFrom('rollup_cell').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(refreshRollups(t.db, { rollups: [...ROLLUPS, failing] })).rejects.toThrow('kapot');
    const cellsAfter = await t.db.kysely.selectFrom('rollup_cell').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // The failed refresh rolled back: the old rollups are still there.
    expect(cellsAfter.n).toBe(cellsBefore.n);
    expect(cellsAfter.n).toBeGreaterThan(0);
  });
});
