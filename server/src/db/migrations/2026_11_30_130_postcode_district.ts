// Frozen in time: imports no application code.
// The wijk of each six-position postcode (PC6), imported as a reference table: a school without a
// wijk code gets its wijk from its postcode when the schools file is imported. No foreign key to
// district: the table may cover the whole country while wijken are imported per municipality.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('postcode_district')
    .addColumn('postcode', 'text', (c) => c.primaryKey())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('import_run_id', 'integer')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('postcode_district').execute();
}
