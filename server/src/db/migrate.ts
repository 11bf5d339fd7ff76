import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db } from './connection.ts';
import { migrationTableSchema } from './dialect-sql.ts';
import { migrations } from './migrations/index.ts';
import { ensureReferenceGeography } from './reference-geography.ts';

async function migratorFor(db: Db): Promise<Migrator> {
  const schema = await migrationTableSchema(db.kysely, db.dialect);
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

function orThrow(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

/** Applies all pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  return orThrow(await (await migratorFor(db)).migrateToLatest());
}

/** Migrates up or down to the named migration (a rollback undoes every later one, newest first). */
export async function migrateTo(db: Db, migrationName: string): Promise<MigrationResultSet> {
  if (!(migrationName in migrations)) throw new Error(`Onbekende migratie ${migrationName}`);
  return orThrow(await (await migratorFor(db)).migrateTo(migrationName));
}

/**
 * What every entry point (server start, import, seed, rebuild, db:migrate) runs before using a
 * database: the migrations, then the reference geography, so that even an empty database without
 * demo data can take an import.
 */
export async function prepareDatabase(db: Db): Promise<MigrationResultSet> {
  const result = await migrateToLatest(db);
  await ensureReferenceGeography(db.kysely);
  return result;
}
