// Frozen in time: imports no application code.
// The planning's readiness grid counts a region's schools by the number of implementation
// conditions each meets. Read from implementation_record, that is one lookup per school of the
// region (EXPLAIN QUERY PLAN: SEARCH ir per row of the region list index): at 10× national scale
// 30–60 ms per question on a loaded machine, also with a covering index on implementation_record.
// The fact row now carries the count (conditions_met, null without an implementation record that
// year), and the region list index carries it too, so the grid is counted from that index alone,
// as the plan's totals are.
// Existing fact rows lack the count: the stored publication decisions are dropped, which makes the
// next start rebuild the derived tables (main.ts), as migration 110 does.
import type { Kysely } from 'kysely';
// The index of migration 140, which this one extends (a frozen migration's columns, not application code).
import { CARRIED, RANK } from './2026_11_30_140_school_list_covering_index.ts';


export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('school_year_fact').addColumn('conditions_met', 'integer').execute();
  await db.schema.dropIndex('school_year_fact_region_list_idx').execute();
  await db.schema.createIndex('school_year_fact_region_list_idx').on('school_year_fact').columns([...RANK, ...CARRIED, 'conditions_met']).execute();
  await db.deleteFrom('disclosure_cell').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('school_year_fact_region_list_idx').execute();
  await db.schema.createIndex('school_year_fact_region_list_idx').on('school_year_fact').columns([...RANK, ...CARRIED]).execute();
  await db.schema.alterTable('school_year_fact').dropColumn('conditions_met').execute();
}
