import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db } from './connection.ts';
import { migrationTableSchema } from './dialect-sql.ts';
import { migrations } from './migrations/index.ts';

/** Applies all pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const schema = await migrationTableSchema(db.kysely, db.dialect);
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
