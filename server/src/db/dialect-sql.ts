/**
 * The few SQL differences between SQLite and PostgreSQL that Kysely's query builder does not hide.
 * Everything else (upserts via onConflict, `insert … on conflict do nothing`, coalesce, count/sum,
 * `nulls last`, ANALYZE) is written once with the builder and runs unchanged on both.
 *
 * Checked on both backends by the integration tests that run over TEST_BACKENDS:
 * - counts and sums: PostgreSQL returns bigint/numeric as strings; connection.ts parses them to numbers.
 * - 'real' is float4 on PostgreSQL: migration 040 widens those columns to double precision.
 * - generated ids: `serial` on PostgreSQL, `integer primary key autoincrement` on SQLite (migrations).
 * - integer division truncates on both; the repositories sum numerators and denominators in SQL and
 *   divide in JS, so no query depends on it.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connection.ts';
import type { Database } from './schema.ts';

/**
 * Bound parameters allowed in one statement: PostgreSQL's wire protocol has a 16-bit count
 * (65,535), SQLite ≥ 3.32 allows 32,766. Kept a little below both.
 */
function maxBindParameters(dialect: DialectName): number {
  return dialect === 'postgres' ? 60_000 : 30_000;
}

/** Rows per multi-row INSERT for a table of `columns` columns. */
export function insertBatchSize(dialect: DialectName, columns: number): number {
  return Math.max(1, Math.floor(maxBindParameters(dialect) / Math.max(1, columns)));
}

/** Inserts `rows` in multi-row statements that stay under the dialect's bound-parameter limit. */
export async function insertInChunks<T extends keyof Database & string>(
  trx: Kysely<Database>, dialect: DialectName, table: T, rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = insertBatchSize(dialect, Object.keys(rows[0]!).length);
  for (let i = 0; i < rows.length; i += size) await trx.insertInto(table).values(rows.slice(i, i + size) as never).execute();
}

/**
 * Serialises rebuilds of derived data (rollups) across app instances. Call first inside the
 * rebuild's transaction. PostgreSQL: a transaction-scoped advisory lock, so two instances that
 * import at the same time rebuild one after the other instead of colliding on primary keys
 * (READ COMMITTED would let both delete the old rows and then both insert). SQLite: the write
 * transaction itself already excludes other writers, nothing to do.
 */
export async function lockForRebuild(db: Kysely<any>, dialect: DialectName, name: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`rd:${name}`}))`.execute(db);
}

/** The application's tables (migration bookkeeping excluded), for dumps and checks. */
export async function listTables(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  const query = dialect === 'postgres'
    ? sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`
    : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`;
  const { rows } = await query.execute(db);
  return rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_')).sort();
}

/**
 * `url` with `search_path` set to `schema` for every connection of the pool: lets tests and the
 * bench keep several databases side by side in one PostgreSQL database, one schema each.
 */
export function withSearchPath(url: string, schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Ongeldige schemanaam: ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * The schema Kysely's migrator must keep its bookkeeping tables in. PostgreSQL: the connection's
 * current schema, named explicitly, because without it the migrator looks for `kysely_migration`
 * in every schema of the database and, finding another schema's copy (a second deployment, a test
 * or bench schema), skips creating its own and fails. SQLite has no schemas.
 */
export async function migrationTableSchema(db: Kysely<any>, dialect: DialectName): Promise<string | undefined> {
  if (dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}
