// Frozen in time: imports no application code.
// The equity questions over a whole school year read every cell of it (3,144 rows at 10× national
// scale), and the band index of 2026_11_30_160 served only part of them (EXPLAIN QUERY PLAN, 10×):
// - the bands of the nation (equity.bands) read support hours and supported schools too, so each
//   cell cost a lookup in the table (SEARCH rollup_cell USING INDEX rollup_cell_band_idx): the band
//   index now carries those two counts as well and answers alone (COVERING INDEX);
// - the widest gaps of the nation group by municipality and band: the planner preferred the primary
//   key (a table lookup per cell, then a temporary B-tree to group by band). An index in that order
//   with the four counts of the implementation degree answers the municipalities' totals and their
//   bands from the index alone, in order, without sorting.
import type { Kysely } from 'kysely';

const GAP_COUNTS = ['schools', 'scanned_schools', 'score_sum', 'score_n'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rollup_cell_band_idx').execute();
  await db.schema.createIndex('rollup_cell_band_idx').on('rollup_cell')
    .columns(['school_year', 'disadvantage_band', 'region_code', 'sector', 'municipality_code', ...GAP_COUNTS, 'support_hours', 'supported_schools'])
    .execute();
  await db.schema.createIndex('rollup_cell_municipality_band_idx').on('rollup_cell')
    .columns(['school_year', 'municipality_code', 'disadvantage_band', 'sector', ...GAP_COUNTS])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rollup_cell_municipality_band_idx').execute();
  await db.schema.dropIndex('rollup_cell_band_idx').execute();
  await db.schema.createIndex('rollup_cell_band_idx').on('rollup_cell')
    .columns(['school_year', 'disadvantage_band', 'region_code', 'sector', 'municipality_code', ...GAP_COUNTS])
    .execute();
}
