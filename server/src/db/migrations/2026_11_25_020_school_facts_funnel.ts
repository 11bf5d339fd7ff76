// Frozen in time: imports no application code.
// Rollups for the partners (coverage itself comes from rollup_partner, migration 010), Gezonde School funnel, school list and planning questions. All are
// derived data: rebuilt per school year by the refresher in server/src/data/ (never edited by hand).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per school per school year with everything the advisor's school list and the planner
  // show, so that sorting and paging are a single indexed query on a few hundred rows per region.
  await db.schema.createTable('school_year_fact')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('size_band', 'text', (c) => c.notNull())
    .addColumn('disadvantage_band', 'integer')
    .addColumn('degree_overall', 'real')
    .addColumn('degree_beleid', 'real')
    .addColumn('degree_omgeving', 'real')
    .addColumn('degree_educatie', 'real')
    .addColumn('degree_signaleren', 'real')
    .addColumn('phase', 'text')
    .addColumn('has_kartrekker', 'integer')
    .addColumn('parent_support', 'integer')
    .addColumn('support_hours', 'real')
    .addColumn('support_hours_prev', 'real')
    .addColumn('has_jgz', 'integer')
    .addColumn('has_youth_care', 'integer')
    .addColumn('priority_score', 'real', (c) => c.notNull())
    .addColumn('priority_need', 'real', (c) => c.notNull())
    .addColumn('priority_gap', 'real', (c) => c.notNull())
    .addColumn('priority_no_kartrekker', 'real', (c) => c.notNull())
    .addColumn('priority_little_support', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('school_year_fact_pk', ['school_year', 'school_id'])
    .execute();
  // EXPLAIN QUERY PLAN: the list and the planner filter on (school_year, region_code[, municipality_code]);
  // the default sort (priority) is served by the same index without a temp b-tree.
  await db.schema.createIndex('school_year_fact_region_priority_idx').on('school_year_fact')
    .columns(['school_year', 'region_code', 'priority_score']).execute();
  await db.schema.createIndex('school_year_fact_municipality_idx').on('school_year_fact')
    .columns(['school_year', 'municipality_code']).execute();

  // Telling combinations of a weak pillar and a missing partner, counted over scanned schools that
  // reported partners, per (school year, municipality, sector).
  await db.schema.createTable('partner_signal_rollup')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('schools', 'integer', (c) => c.notNull())
    .addColumn('weak_signaleren', 'integer', (c) => c.notNull())
    .addColumn('weak_signaleren_no_jgz', 'integer', (c) => c.notNull())
    .addColumn('weak_omgeving', 'integer', (c) => c.notNull())
    .addColumn('weak_omgeving_no_youth_care', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_signal_rollup_pk', ['school_year', 'municipality_code', 'sector'])
    .execute();

  // Gezonde School funnel counts per (school year, area, sector, measure, key), stored for every
  // municipality, every region and the nation ('NL') so that any scope reads a few dozen rows.
  // measure 'recorded' (key ''), 'phase' (key phase id), 'certificate' and 'renewal_due' (key
  // theme), 'vignet' (key '': at least one valid certificate).
  await db.schema.createTable('funnel_rollup')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('schools', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('funnel_rollup_pk', ['school_year', 'area_code', 'sector', 'measure', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['funnel_rollup', 'partner_signal_rollup', 'school_year_fact']) {
    await db.schema.dropTable(table).execute();
  }
}
