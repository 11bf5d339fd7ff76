// Frozen in time: imports no application code.
// partner_coverage_rollup gets one row per sector *filter*: besides po/so/vo/mbo also 'all', the sum
// over the sectors each partner type is offered to. A national 'all sectors' question then reads
// ~2.5k rows instead of ~6.5k and sums nothing (measured: p95 35 ms). The
// covering index answers (year, sector filter[, region]) without visiting the table.
// The backfill below freezes the catalogue of this date (schuldhulp is offered to mbo only); every
// later rebuild takes the relevance from the catalogue (refreshPartnerCoverage).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('partner_coverage_rollup_region_idx').execute();
  await db.schema.createIndex('partner_coverage_rollup_filter_idx').on('partner_coverage_rollup')
    .columns(['school_year', 'sector', 'region_code', 'municipality_code', 'partner_type', 'schools', 'agreements'])
    .execute();
  await sql`insert into partner_coverage_rollup
      (school_year, municipality_code, region_code, sector, partner_type, schools, agreements)
    select school_year, municipality_code, region_code, 'all', partner_type, sum(schools), sum(agreements)
    from partner_coverage_rollup
    where sector <> 'all' and (partner_type <> 'schuldhulp' or sector = 'mbo')
    group by school_year, municipality_code, region_code, partner_type`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('partner_coverage_rollup').where('sector', '=', 'all').execute();
  await db.schema.dropIndex('partner_coverage_rollup_filter_idx').execute();
  await db.schema.createIndex('partner_coverage_rollup_region_idx').on('partner_coverage_rollup')
    .columns(['school_year', 'region_code']).execute();
}
