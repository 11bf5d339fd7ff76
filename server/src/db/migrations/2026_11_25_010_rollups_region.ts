// Frozen in time: imports no application code.
// Region-level rollup: rollup_cell summed over municipalities and disadvantage bands, one row per
// (school year, region, sector). Nation and region questions without a municipality or band
// breakdown read ~100 rows per year here instead of ~2,300 cells (measured: 5.7 ms → < 1 ms for a
// by-region sum on the national set; the by-year trend scan went from 33 ms to ~1 ms).
import type { Kysely } from 'kysely';

const PRINCIPLES = Array.from({ length: 16 }, (_, i) => i + 1);

export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema.createTable('rollup_region')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('schools', 'integer', (c) => c.notNull())
    .addColumn('scanned_schools', 'integer', (c) => c.notNull())
    .addColumn('recorded_schools', 'integer', (c) => c.notNull())
    .addColumn('kartrekker_schools', 'integer', (c) => c.notNull())
    .addColumn('vignet_schools', 'integer', (c) => c.notNull())
    .addColumn('supported_schools', 'integer', (c) => c.notNull())
    .addColumn('support_hours', 'real', (c) => c.notNull())
    .addColumn('partner_schools', 'integer', (c) => c.notNull())
    .addColumn('partner_pairs', 'integer', (c) => c.notNull())
    .addColumn('partner_agreements', 'integer', (c) => c.notNull());
  for (const p of PRINCIPLES) {
    table = table
      .addColumn(`p${p}_sum`, 'integer', (c) => c.notNull())
      .addColumn(`p${p}_n`, 'integer', (c) => c.notNull());
  }
  await table.addPrimaryKeyConstraint('rollup_region_pk', ['school_year', 'region_code', 'sector']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup_region').execute();
}
