// Frozen in time: imports no application code.
// Accounts, server-side sessions (only a hash of the token is stored) and the audit log.
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Generated ids: SQLite's `integer primary key autoincrement`, PostgreSQL's `serial`.
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const autoId = isPostgres ? 'serial' : 'integer';
  const generated = <C extends { autoIncrement(): C }>(c: C): C => (isPostgres ? c : c.autoIncrement());
  await db.schema.createTable('app_user')
    .addColumn('id', autoId, (c) => generated(c.primaryKey()))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // Comma-separated region (GGxxxx) or municipality (GMxxxx) codes, or 'NL' for national.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('app_session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_session_user_idx').on('app_session').column('user_id').execute();
  await db.schema.createTable('audit_log')
    .addColumn('id', autoId, (c) => generated(c.primaryKey()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('app_session').execute();
  await db.schema.dropTable('app_user').execute();
}
