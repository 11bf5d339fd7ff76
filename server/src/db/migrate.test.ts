import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyTestDb, TEST_BACKENDS, type TestDb } from '../test-support/databases.ts';
import { openDb, type Db } from './connection.ts';
import { loadConfig } from '../config.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';
import { loadFixture } from '../test-support/fixture.ts';
import { refreshRollups } from '../rollups/index.ts';
import { migrations } from './migrations/index.ts';

let t: TestDb | undefined;

afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe.each(TEST_BACKENDS)('migrations (%s)', (backend) => {
  async function freshDb(): Promise<Db> {
    t = await createEmptyTestDb(backend, 'rd-migrate-');
    return t.db;
  }

  it('apply every migration in order on an empty database, and are idempotent', async () => {
    const db = await freshDb();
    const first = await migrateToLatest(db);
    expect(first.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations).sort());
    const second = await migrateToLatest(db);
    expect(second.results).toEqual([]);
  });

  // Schemas exist only on PostgreSQL (a deployment may share one database between schemas).
  it.runIf(backend === 'postgres')('keep their bookkeeping per schema: a second schema in the same database migrates too', async () => {
    const first = await freshDb();
    await migrateToLatest(first);
    const other = await createEmptyTestDb(backend, 'rd-migrate-other-');
    try {
      const result = await migrateToLatest(other.db);
      expect(result.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations).sort());
    } finally {
      await other.cleanup();
    }
  });

  // Pragmas exist only on SQLite.
  it.runIf(backend === 'sqlite')('turn on foreign keys, WAL and a 64 MB page cache on SQLite', async () => {
    const db = await freshDb();
    expect(db.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    // Negative cache_size is in KiB.
    expect(db.sqlite!.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
    const small = await openDb(':memory:', { sqliteCacheMb: 8 });
    expect(small.sqlite!.pragma('cache_size', { simple: true })).toBe(-8 * 1024);
    await small.close();
    expect(loadConfig({ SQLITE_CACHE_MB: '256' }).sqliteCacheMb).toBe(256);
    expect(() => loadConfig({ SQLITE_CACHE_MB: 'veel' })).toThrow('SQLITE_CACHE_MB moet een positief geheel getal zijn');
  });

  it('store fractional numbers as doubles, not 4-byte floats', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    const k = db.kysely;
    await k.insertInto('region').values({ code: 'GG3406', name: 'GGD Amsterdam' }).execute();
    await k.insertInto('capacity').values({ region_code: 'GG3406', school_year: '2024-2025', advisor_fte: 12.3, hours_for_schools: 0.1 }).execute();
    // Widening in SQL exposes a float4 (12.300000190734863); PostgreSQL's float4 text output alone would hide it.
    const row = await k.selectFrom('capacity')
      .select([sql<number>`cast(advisor_fte as double precision)`.as('fte'), sql<number>`hours_for_schools * 3`.as('hours')])
      .executeTakeFirstOrThrow();
    expect(row.fte).toBe(12.3);
    expect(row.hours).toBe(0.1 * 3);
  });

  it('enforce the domain constraints in the schema itself', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    const k = db.kysely;
    await k.insertInto('province').values({ code: 'PV27', name: 'Noord-Holland' }).execute();
    await k.insertInto('region').values({ code: 'GG3406', name: 'GGD Amsterdam' }).execute();
    await k.insertInto('municipality').values({ code: 'GM0363', name: 'Amsterdam', region_code: 'GG3406', province_code: 'PV27' }).execute();
    const school = { id: 'S0123456789ABCDEF', sector: 'po', municipality_code: 'GM0363', district_code: null, size_band: 'klein', disadvantage_band: 2, low_income_share: null, poverty_area_share: null };
    await k.insertInto('school').values(school).execute();
    // A school in an unknown municipality is refused by the foreign key (SQLite: "FOREIGN KEY
    // constraint failed"; PostgreSQL: "violates foreign key constraint").
    await expect(k.insertInto('school').values({ ...school, id: 'S0000000000000001', municipality_code: 'GM9999' }).execute()).rejects.toThrow(/FOREIGN KEY/i);
    // Scores outside the 0–3 implementation scale are refused.
    await expect(k.insertInto('scan_score').values({ school_id: school.id, school_year: '2024-2025', principle_id: 1, score: 4 }).execute()).rejects.toThrow(/CHECK/i);
    await expect(k.insertInto('scan_score').values({ school_id: school.id, school_year: '2024-2025', principle_id: 17, score: 1 }).execute()).rejects.toThrow(/CHECK/i);
  });

  it('050 backfills the all-sectors partner coverage exactly as the rollup refresh builds it', async () => {
    const db = await freshDb();
    await migrateToLatest(db);
    await loadFixture(db);
    // Agreements with a partner type not offered to the sector (schuldhulp at po) must stay out of 'all'.
    const po = await db.kysely.selectFrom('school').select('id').where('sector', '=', 'po').limit(6).execute();
    await db.kysely.insertInto('partner_agreement')
      .values(po.map((s) => ({ school_id: s.id, school_year: '2024-2025', partner_type: 'schuldhulp', has_agreement: 1 })))
      .onConflict((oc) => oc.doNothing()).execute();
    await refreshRollups(db);
    const allSectors = () => db.kysely.selectFrom('partner_coverage_rollup').selectAll().where('sector', '=', 'all')
      .orderBy('school_year').orderBy('municipality_code').orderBy('partner_type').execute()
      .then((rows) => rows.map((r) => ({ ...r, schools: Number(r.schools), agreements: Number(r.agreements) })));
    const refreshed = await allSectors();
    expect(refreshed.length).toBeGreaterThan(0);

    await migrateTo(db, '2026_11_25_040_postgres_double_precision');
    expect(await allSectors()).toEqual([]);
    await migrateToLatest(db);
    expect(await allSectors()).toEqual(refreshed);
  });

  it('100 keeps existing implementation records (the new conditions unrecorded) and drops the stored decisions so they are taken again', async () => {
    const db = await freshDb();
    await migrateTo(db, '2026_11_30_090_school_rank_index');
    const k = db.kysely;
    await k.insertInto('province').values({ code: 'PV90', name: 'Testprovincie' }).execute();
    await k.insertInto('region').values({ code: 'GG9001', name: 'GGD Noord' }).execute();
    await k.insertInto('municipality').values({ code: 'GM9001', name: 'Noordstad', region_code: 'GG9001', province_code: 'PV90' }).execute();
    await k.insertInto('school').values({ id: 'S1', sector: 'po', municipality_code: 'GM9001', district_code: null, size_band: 'klein', disadvantage_band: 2, low_income_share: null, poverty_area_share: null }).execute();
    const record = { school_id: 'S1', school_year: '2024-2025', phase: 'uitvoeren', has_kartrekker: 1, team_enthusiasm: 4, parent_support: 3, recognised_interventions: 2, ggd_support_hours: 10.5, ggd_contacts: 3 };
    await k.insertInto('implementation_record').values(record).execute();
    await k.insertInto('disclosure_cell').values({ school_year: '2024-2025', part: 'cell', sector: 'all', band: 'all', area_code: 'NL', suppressed: null }).execute();

    await migrateToLatest(db);
    const after = await k.selectFrom('implementation_record').selectAll().executeTakeFirstOrThrow();
    expect({ ...after, ggd_support_hours: Number(after.ggd_support_hours) }).toMatchObject({ ...record, leadership_commitment: null, school_support: null });
    expect(await k.selectFrom('disclosure_cell').selectAll().execute()).toEqual([]);
    await expect(k.updateTable('implementation_record').set({ leadership_commitment: 6 }).execute()).rejects.toThrow();
    await k.updateTable('implementation_record').set({ leadership_commitment: 5, school_support: 1 }).execute();
  });
});
