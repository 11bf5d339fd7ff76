// Frozen in time: imports no application code.
// One publication decision per cell of the linked tables (school year × table part × sector × band
// × area): every reader publishes or hides a figure by this stored decision instead of deciding on
// its own. part names the linked table ('cell': the school figures; 'outcome'; 'partner' and
// 'partner:<type>'; 'signal:<id>'); area_code is a municipality (GM…), a region (GG…) or the nation
// ('NL'); sector and band hold 'all' for the total over that dimension. suppressed is null
// (published), 'small_cell' or 'complementary'. Filled by the rollup refresh; an existing database gets it on its next rebuild
// (the server rebuilds it on start when it is empty but rollups exist).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('disclosure_cell')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('suppressed', 'text')
    .addPrimaryKeyConstraint('disclosure_cell_pk', ['school_year', 'part', 'sector', 'band', 'area_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disclosure_cell').execute();
}
