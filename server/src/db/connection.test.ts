import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackendTestDb, TEST_BACKENDS, type TestDb } from '../test-support/databases.ts';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

// Runs only where a PostgreSQL server is given (TEST_DATABASE_URL_PG; `npm run test:pg` and CI start one).
describe.runIf(TEST_BACKENDS.includes('postgres'))('PostgreSQL connection pool', () => {
  it('survives a pooled connection that the server ends (restart, failover): the next query gets a new one', async () => {
    t = await createBackendTestDb('postgres', 'rd-conn-');
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db.kysely);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL_PG });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    } finally {
      await admin.end();
    }
    // Give the idle client time to notice; without the pool's error listener the process would crash here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await sql<{ n: number }>`select count(*) as n from region`.execute(t.db.kysely);
    // count(*) is a bigint on PostgreSQL; connection.ts parses it to a number.
    expect(again.rows).toEqual([{ n: 0 }]);
  });
});

describe('SQLite statement cache', () => {
  it('reuses a compiled statement: after a stream of it that stopped early, and after a schema change', async () => {
    t = await createBackendTestDb('sqlite', 'rd-stmt-');
    const { kysely } = t.db;
    await kysely.insertInto('province').values([{ code: 'PV90', name: 'Proefland' }, { code: 'PV91', name: 'Testmark' }]).execute();
    const names = () => kysely.selectFrom('province').select('name').where('code', 'in', ['PV90', 'PV91']).orderBy('code');
    for await (const row of names().stream()) {
      expect(row.name).toBe('Proefland');
      break;
    }
    expect((await names().execute()).map((r) => r.name)).toEqual(['Proefland', 'Testmark']);
    // A kept statement sees a column added after it was compiled.
    const all = () => sql<Record<string, unknown>>`select * from province where code = 'PV90'`.execute(kysely);
    expect(Object.keys((await all()).rows[0]!)).toEqual(['code', 'name']);
    await sql`alter table province add column note text`.execute(kysely);
    expect(Object.keys((await all()).rows[0]!)).toEqual(['code', 'name', 'note']);
  });
});
