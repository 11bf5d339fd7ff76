// Frozen in time: imports no application code.
// State that several app processes on one database must share instead of holding in memory.
// data_version: one row, a counter raised in the transaction of every change to the figures
// (import, undo, rebuild, demo removal), so every process knows when its cached answers are old.
// login_limit: failed logins per client address in the current window (the per-address brake).
import { type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, version: 1 }).execute();

  await db.schema.createTable('login_limit')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    // ISO timestamp: when the address's window ends.
    .addColumn('window_ends_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_limit_window_idx').on('login_limit').column('window_ends_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_limit').execute();
  await db.schema.dropTable('data_version').execute();
}
