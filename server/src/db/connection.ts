/**
 * The dialect seam: the only place that knows whether we run on SQLite or PostgreSQL.
 * DATABASE_URL=postgres://… selects PostgreSQL; anything else is a SQLite file path.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Database } from './schema.ts';
import { logger } from '../logger.ts';
import { DEFAULT_SQLITE_CACHE_MB } from '../config.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The raw better-sqlite3 handle (SQLite only), for bulk paths that need prepared statements. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDb(databaseUrl: string, options: { sqliteCacheMb?: number } = {}): Promise<Db> {
  if (isPostgresUrl(databaseUrl)) {
    const pg = await import('pg');
    // NUMERIC/BIGINT come back as strings by default; our counts fit in doubles.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    pg.default.types.setTypeParser(1700, (v: string) => Number(v));
    // Idle connections are kept for five minutes, not pg's ten seconds: the first request after a quiet
    // spell waited 100–400 ms for a new one (authentication, session start). They do not keep a script
    // that has finished from exiting (allowExitOnIdle).
    const pool = new pg.default.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 300_000, allowExitOnIdle: true });
    // An idle pooled connection that breaks (database restart, failover) emits 'error' on the pool;
    // unhandled, that would crash the instance. Log it: the pool replaces the connection, and the
    // next query fails or succeeds on its own (health check: /healthz).
    pool.on('error', (error: Error & { code?: string }) => logger.error({ code: error.code, message: error.message }, 'PostgreSQL-verbinding in de pool verbroken'));
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', sqlite: null, close: () => kysely.destroy() };
  }
  const file = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${Math.round((options.sqliteCacheMb ?? DEFAULT_SQLITE_CACHE_MB) * 1024)}`);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', sqlite, close: () => kysely.destroy() };
}

/** Compiled statements kept per process; the app asks a few hundred query shapes over and over. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and better-sqlite3 compiles it each time (0.15–0.2 ms for a
 * rollup sum: a sixth of a comparison that asks 20 queries). Statements are kept by their SQL text,
 * least recently used out first; one still being iterated (a stream) is not handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string) {
      const kept = statements.get(text);
      if (kept && !kept.busy) {
        statements.delete(text);
        statements.set(text, kept);
        return kept;
      }
      const statement = sqlite.prepare(text);
      statements.set(text, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}
