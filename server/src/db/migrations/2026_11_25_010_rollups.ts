// Frozen in time: imports no application code.
// Pre-aggregated cells for the analytics API. One row per (school year, municipality, sector,
// disadvantage band); band 0 stands for "unknown" so that the key can be a primary key on both
// SQLite and PostgreSQL (no NULLs in primary keys). Regions and the nation are sums of cells.
import type { Kysely } from 'kysely';

const PRINCIPLES = Array.from({ length: 16 }, (_, i) => i + 1);

export async function up(db: Kysely<any>): Promise<void> {
  let cell = db.schema.createTable('rollup_cell')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('disadvantage_band', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
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
    cell = cell
      .addColumn(`p${p}_sum`, 'integer', (c) => c.notNull())
      .addColumn(`p${p}_n`, 'integer', (c) => c.notNull());
  }
  await cell
    .addPrimaryKeyConstraint('rollup_cell_pk', ['school_year', 'municipality_code', 'sector', 'disadvantage_band'])
    .execute();
  // Region and nation questions filter on (school_year, region_code[, sector]); municipality
  // questions use the primary key prefix.
  await db.schema.createIndex('rollup_cell_region_idx').on('rollup_cell').columns(['school_year', 'region_code', 'sector']).execute();

  await db.schema.createTable('rollup_outcome')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('disadvantage_band', 'integer', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('schools', 'integer', (c) => c.notNull())
    .addColumn('respondents', 'integer', (c) => c.notNull())
    .addColumn('weighted_sum', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_outcome_pk', ['school_year', 'municipality_code', 'sector', 'disadvantage_band', 'indicator'])
    .execute();
  await db.schema.createIndex('rollup_outcome_region_idx').on('rollup_outcome').columns(['school_year', 'region_code', 'sector']).execute();

  await db.schema.createTable('rollup_partner')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('disadvantage_band', 'integer', (c) => c.notNull())
    .addColumn('partner_type', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('schools', 'integer', (c) => c.notNull())
    .addColumn('agreements', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_partner_pk', ['school_year', 'municipality_code', 'sector', 'disadvantage_band', 'partner_type'])
    .execute();
  await db.schema.createIndex('rollup_partner_region_idx').on('rollup_partner').columns(['school_year', 'region_code', 'sector']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rollup_partner', 'rollup_outcome', 'rollup_cell']) await db.schema.dropTable(table).execute();
}
