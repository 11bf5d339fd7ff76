/**
 * The database backends the integration tests run against: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL_PG points at a reachable server (`server/scripts/ci-postgres.sh` prints it).
 * Every PostgreSQL test database is a fresh schema (`t_<random>`) selected through the connection's
 * search_path and dropped afterwards, so parallel test files never see each other's rows.
 *
 * Locally, a missing PostgreSQL skips its tests with a visible message; in CI (CI=true) it fails,
 * so a broken PostgreSQL set-up can never pass silently.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openDb, type Db, type DialectName } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { listTables, withSearchPath } from '../db/dialect-sql.ts';

export type Backend = DialectName;

export interface TestDb {
  db: Db;
  backend: Backend;
  /** The SQLite file, or the PostgreSQL URL (with its search_path) of this test database. */
  file: string;
  cleanup(): Promise<void>;
}

export const SKIP_MESSAGE = 'PostgreSQL niet bereikbaar: PostgreSQL-tests overgeslagen';

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function detectBackends(): Promise<Backend[]> {
  const url = process.env.TEST_DATABASE_URL_PG;
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const problem = url ? await reachable(url) : 'TEST_DATABASE_URL_PG is niet gezet';
  if (problem === null) return ['sqlite', 'postgres'];
  if (ci) throw new Error(`CI vereist PostgreSQL voor de integratietests (${problem}); zie server/scripts/ci-postgres.sh`);
  // Once per worker is enough to be seen in the test output.
  console.warn(`${SKIP_MESSAGE} (${problem})`);
  return ['sqlite'];
}

/** The backends to parametrize integration suites with: `describe.each(TEST_BACKENDS)(...)`. */
export const TEST_BACKENDS: readonly Backend[] = await detectBackends();

/** A fresh, empty PostgreSQL schema (not migrated) and the URL that selects it. */
export async function createPostgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL_PG;
  if (!base) throw new Error('TEST_DATABASE_URL_PG is niet gezet');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    url: withSearchPath(base, schema),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

/** An empty database on `backend` (not migrated); cleanup closes it and removes its file/schema. */
export async function createEmptyTestDb(backend: Backend, prefix = 'rd-test-'): Promise<TestDb> {
  if (backend === 'postgres') {
    const schema = await createPostgresSchema();
    const db = await openDb(schema.url);
    return {
      db, backend, file: schema.url,
      async cleanup() {
        await db.close();
        await schema.drop();
      },
    };
  }
  return openSqliteTestDb(prefix);
}

/** A SQLite test database in a fresh temp directory; `fill` writes its file before it is opened. */
async function openSqliteTestDb(prefix: string, fill?: (file: string) => Promise<unknown>): Promise<TestDb> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'test.sqlite');
  await fill?.(file);
  const db = await openDb(file);
  return {
    db, backend: 'sqlite', file,
    async cleanup() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated database on `backend` in a fresh temp directory or schema. */
export async function createBackendTestDb(backend: Backend, prefix = 'rd-test-'): Promise<TestDb> {
  const t = await createEmptyTestDb(backend, prefix);
  try {
    await migrateToLatest(t.db);
  } catch (error) {
    await t.cleanup();
    throw error;
  }
  return t;
}

/**
 * A copy of the migrated test database `source` as a new test database on the same backend, for a
 * starting state that takes long to build (an import refreshes the figures of the whole country):
 * built once, copied for each test, each copy on its own. SQLite copies the file page by page
 * (the online backup); PostgreSQL migrates a fresh schema and copies every table's rows, parents
 * before children, and the position of every id sequence.
 */
export async function copyTestDb(source: TestDb, prefix = 'rd-test-'): Promise<TestDb> {
  if (source.backend === 'sqlite') return openSqliteTestDb(prefix, (file) => source.db.sqlite!.backup(file));
  const from = new URL(source.file).searchParams.get('options')?.match(/search_path=([a-z0-9_]+)$/)?.[1];
  if (!from) throw new Error(`Geen schema in ${source.file}`);
  const t = await createBackendTestDb('postgres', prefix);
  try {
    await t.db.kysely.transaction().execute(async (trx) => {
      const tables = await listTables(trx, 'postgres');
      const { rows: links } = await sql<{ child: string; parent: string }>`
        select cc.relname as child, pc.relname as parent from pg_constraint c
        join pg_class cc on cc.oid = c.conrelid join pg_class pc on pc.oid = c.confrelid
        join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = current_schema()`.execute(trx);
      const parentsFirst: string[] = [];
      while (parentsFirst.length < tables.length) {
        const ready = tables.filter((table) => !parentsFirst.includes(table) && links.every((l) => l.child !== table || l.parent === table || parentsFirst.includes(l.parent)));
        if (ready.length === 0) throw new Error('Kringverwijzing tussen tabellen: kan niet kopiëren');
        parentsFirst.push(...ready);
      }
      // The migrations write rows of their own (e.g. the data version): the source's rows replace them.
      for (const table of [...parentsFirst].reverse()) await sql`delete from ${sql.table(table)}`.execute(trx);
      for (const table of parentsFirst) await sql`insert into ${sql.table(table)} select * from ${sql.table(`${from}.${table}`)}`.execute(trx);
      const { rows: serials } = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and column_default like 'nextval(%'`.execute(trx);
      for (const { table_name: table, column_name: column } of serials) {
        const { rows: [names] } = await sql<{ own: string; theirs: string }>`
          select pg_get_serial_sequence(${table}, ${column}) as own, pg_get_serial_sequence(${`${from}.${table}`}, ${column}) as theirs`.execute(trx);
        await sql`select setval(${names!.own}, last_value, is_called) from ${sql.raw(names!.theirs)}`.execute(trx);
      }
    });
  } catch (error) {
    await t.cleanup();
    throw error;
  }
  return t;
}
