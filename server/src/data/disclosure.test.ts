import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/connection.ts';
import { refreshRollups } from '../rollups/index.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { FIXTURE_MUNICIPALITIES, createTestDb, loadFixture, type TestDb } from '../test-support/fixture.ts';
import { CELL_PART, readPartDecisions } from './disclosure.ts';

const YEAR = '2024-2025';
const MIN = 5;
const MUNICIPALITIES = FIXTURE_MUNICIPALITIES.map((m) => m.code);

describe.each(TEST_BACKENDS)('stored decisions as the readers see them (%s)', (backend) => {
  let t: TestDb;
  /** A second instance on the same database, as another server process or a command-line rebuild. */
  let other: Db;
  const read = (db: Db) => readPartDecisions(db.kysely, { schoolYear: YEAR, part: CELL_PART, sector: 'all', areas: MUNICIPALITIES });

  beforeAll(async () => {
    t = await createTestDb('rd-decisions-', backend);
    await loadFixture(t.db, 42, { minCellSchools: MIN });
    other = await openDb(t.file);
  });
  afterAll(async () => {
    await other.close();
    await t.cleanup();
  });

  it('are the decisions of the last rebuild, also when another instance rebuilt', async () => {
    const before = await read(t.db);
    expect([...before.values()].filter((d) => d === null).length).toBeGreaterThan(0);

    // No municipality of the fixture has this many schools: every one of them is hidden now.
    await refreshRollups(other, { minCellSchools: 10_000 });
    const after = await read(t.db);
    expect([...after.values()]).toEqual(MUNICIPALITIES.map(() => 'small_cell'));

    await refreshRollups(t.db, { minCellSchools: MIN });
    expect(await read(other)).toEqual(before);
    expect(await read(t.db)).toEqual(before);
  });
});
