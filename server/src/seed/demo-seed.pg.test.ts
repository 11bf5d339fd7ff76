/**
 * The demo seed on PostgreSQL: the portable Kysely writer must produce exactly the rows the
 * prepared-statement writer produces on SQLite (demo-seed.test.ts checks the model itself on SQLite),
 * and clearing + reseeding must work there too. Skipped with the visible message from
 * test-support/databases.ts when no PostgreSQL is reachable (and failing instead in CI).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connection.ts';
import { createBackendTestDb, TEST_BACKENDS, type TestDb } from '../test-support/databases.ts';
import { SEEDED_REGIONS } from '../test-support/fixture.ts';
import { SEED_TABLES } from './demo-model.ts';
import { clearData, countDataRows, seedDemoData } from './demo-seed.ts';

/** A checksum per seeded table over every row, independent of physical row order and backend. */
async function tableChecksums(db: Db): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of [...SEED_TABLES, 'dataset_meta'] as const) {
    const rows = (await db.kysely.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    result[table] = `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`;
  }
  return result;
}

// Runs only where a PostgreSQL server is given (TEST_DATABASE_URL_PG; `npm run test:pg` and CI start one).
describe.runIf(TEST_BACKENDS.includes('postgres'))('demo seed on PostgreSQL (2 regions)', () => {
  let sqlite: TestDb;
  let postgres: TestDb;

  beforeAll(async () => {
    sqlite = await createBackendTestDb('sqlite', 'rd-seed-pg-');
    postgres = await createBackendTestDb('postgres');
    await seedDemoData(sqlite.db, { regions: [...SEEDED_REGIONS] });
  }, 180_000);
  afterAll(async () => {
    await sqlite?.cleanup();
    await postgres?.cleanup();
  });

  it('writes through Kysely batches the same rows as the prepared statements on SQLite', async () => {
    const summary = await seedDemoData(postgres.db, { regions: [...SEEDED_REGIONS] });
    expect(summary.rows.scan_score).toBeGreaterThan(10_000);
    expect(await tableChecksums(postgres.db)).toEqual(await tableChecksums(sqlite.db));
    // The rollups were rebuilt inside the seed on both backends, to the same cells.
    const cells = async (db: Db) => (await db.kysely.selectFrom('rollup_cell').selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    expect(await cells(postgres.db)).toEqual(await cells(sqlite.db));
  }, 180_000);

  it('clears every data table in one go so that a forced reseed starts empty', async () => {
    await clearData(postgres.db);
    expect(Object.values(await countDataRows(postgres.db)).every((n) => n === 0)).toBe(true);
    await seedDemoData(postgres.db, { regions: [SEEDED_REGIONS[1]] });
    expect((await countDataRows(postgres.db)).school).toBeGreaterThan(0);
  }, 180_000);
});
