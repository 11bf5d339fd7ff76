// Frozen in time: imports no application code.
// The school list's default order and the support plan both rank a region's schools by priority,
// highest first, then by school id. An index in exactly that order lets both read the first rows of
// the ranking and stop (EXPLAIN QUERY PLAN: no temp b-tree for the school id); it replaces the
// (school_year, region_code, priority_score) index, of which it is an extension.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('school_year_fact_region_rank_idx').on('school_year_fact')
    .columns(['school_year', 'region_code', 'priority_score desc', 'school_id']).execute();
  await db.schema.dropIndex('school_year_fact_region_priority_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('school_year_fact_region_priority_idx').on('school_year_fact')
    .columns(['school_year', 'region_code', 'priority_score']).execute();
  await db.schema.dropIndex('school_year_fact_region_rank_idx').execute();
}
