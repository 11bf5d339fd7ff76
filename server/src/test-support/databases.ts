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
import { openDb, type Db, type DialectName } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { withSearchPath } from '../db/dialect-sql.ts';

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
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'test.sqlite');
  const db = await openDb(file);
  return {
    db, backend, file,
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
