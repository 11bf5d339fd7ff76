// Frozen in time: imports no application code.
// The equity gap (band 1 against band 4) of a region or of the nation, which compare.municipalities,
// equity.widestGaps and the gap map ask, sums the scan counts of two bands over many municipalities.
// Through the (school_year, region_code, sector) index each cell of the year costs a lookup in the
// table (EXPLAIN QUERY PLAN: SEARCH rollup_cell USING INDEX rollup_cell_region_idx (school_year=?)):
// 3,320 rows for the nation in a school year at 10× national scale. This index leads with the band and
// carries the four counts the gap reads, so those questions are answered from the index alone
// (COVERING INDEX; measured 3–5 → 0.6–1.5 ms for the nation, 0.7 → 0.4 ms for four regions).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('rollup_cell_band_idx').on('rollup_cell')
    .columns(['school_year', 'disadvantage_band', 'region_code', 'sector', 'municipality_code', 'schools', 'scanned_schools', 'score_sum', 'score_n'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rollup_cell_band_idx').execute();
}
