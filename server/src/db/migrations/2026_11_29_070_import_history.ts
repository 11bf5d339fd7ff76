// Frozen in time: imports no application code.
// Import history and undo. import_run gets who ran it, the result (failed runs are recorded too)
// and the counts. Every imported row carries the run that last changed it (import_run_id; no
// foreign key, so a bulk insert pays no lookup), and import_change keeps the previous values of
// every row a run updated, so a run can be undone exactly: rows still carrying its id without a
// change record were inserted by it. Runs from before this migration recorded nothing, so they
// cannot be undone (can_undo = 0).
import { type Kysely } from 'kysely';

const DATA_TABLES = ['school', 'scan_score', 'implementation_record', 'capacity', 'partner_agreement', 'outcome'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_run').addColumn('user_id', 'integer').execute();
  await db.schema.alterTable('import_run').addColumn('user_name', 'text').execute();
  await db.schema.alterTable('import_run').addColumn('user_email', 'text').execute();
  // 'geslaagd', 'mislukt' (nothing written) or 'ongedaan' (undone later).
  await db.schema.alterTable('import_run').addColumn('result', 'text', (c) => c.notNull().defaultTo('geslaagd')).execute();
  await db.schema.alterTable('import_run').addColumn('problem_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('import_run').addColumn('inserted', 'integer').execute();
  await db.schema.alterTable('import_run').addColumn('updated', 'integer').execute();
  await db.schema.alterTable('import_run').addColumn('unchanged', 'integer').execute();
  await db.schema.alterTable('import_run').addColumn('can_undo', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('import_run').addColumn('undone_at', 'text').execute();
  await db.schema.alterTable('import_run').addColumn('undone_by', 'text').execute();
  await db.schema.createIndex('import_run_started_idx').on('import_run').column('started_at').execute();

  for (const table of DATA_TABLES) await db.schema.alterTable(table).addColumn('import_run_id', 'integer').execute();

  await db.schema.createTable('import_change')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    // JSON array of the key column values, in the table's key order.
    .addColumn('row_key', 'text', (c) => c.notNull())
    // JSON object column -> value of the row before the run changed it.
    .addColumn('previous', 'text', (c) => c.notNull())
    .addColumn('previous_run_id', 'integer')
    .execute();
  await db.schema.createIndex('import_change_run_idx').on('import_change').column('run_id').execute();
  await db.schema.createIndex('import_change_previous_idx').on('import_change').column('previous_run_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_change').execute();
  for (const table of DATA_TABLES) await db.schema.alterTable(table).dropColumn('import_run_id').execute();
  await db.schema.dropIndex('import_run_started_idx').execute();
  for (const column of ['undone_by', 'undone_at', 'can_undo', 'unchanged', 'updated', 'inserted', 'problem_count', 'result', 'user_email', 'user_name', 'user_id']) {
    await db.schema.alterTable('import_run').dropColumn(column).execute();
  }
}
