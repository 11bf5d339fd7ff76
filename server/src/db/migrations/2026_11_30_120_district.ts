// Frozen in time: imports no application code.
// Districts (CBS wijken) per municipality, the municipality's own areas that group them, and the
// district-level rollup. district.code is the CBS wijk code (WK + municipality number + 2 digits);
// boundary is an optional GeoJSON geometry (WGS84) as text. district_area lists, per area of a
// municipality (e.g. a stadsdeel), the wijken it groups. rollup_district has the columns of
// rollup_cell per district; a municipality with districts also has one remainder row per sector and
// band for its schools without a (known) wijk, so that its districts add up to the municipality.
import type { Kysely } from 'kysely';

const PRINCIPLES = Array.from({ length: 16 }, (_, i) => i + 1);
const COUNTS = [
  'schools', 'scanned_schools', 'recorded_schools', 'kartrekker_schools', 'vignet_schools', 'supported_schools',
  'partner_schools', 'partner_pairs', 'partner_agreements',
  'score_sum', 'score_n', 'beleid_sum', 'beleid_n', 'omgeving_sum', 'omgeving_n', 'educatie_sum', 'educatie_n', 'signaleren_sum', 'signaleren_n',
  'enthusiastic_schools', 'parent_support_schools', 'leadership_schools', 'leadership_known',
  'school_support_schools', 'school_support_known', 'intervention_schools', 'ggd_contact_schools',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('district')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('municipality.code'))
    .addColumn('boundary', 'text')
    .addColumn('import_run_id', 'integer')
    .execute();
  await db.schema.createIndex('district_municipality_idx').on('district').column('municipality_code').execute();

  await db.schema.createTable('district_area')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull().references('district.code'))
    .addColumn('area_name', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('municipality.code'))
    .addColumn('import_run_id', 'integer')
    .addPrimaryKeyConstraint('district_area_pk', ['area_code', 'district_code'])
    .execute();

  let cell = db.schema.createTable('rollup_district')
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('disadvantage_band', 'integer', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('support_hours', 'double precision', (c) => c.notNull());
  for (const column of COUNTS) cell = cell.addColumn(column, 'integer', (c) => c.notNull());
  for (const p of PRINCIPLES) cell = cell.addColumn(`p${p}_sum`, 'integer', (c) => c.notNull()).addColumn(`p${p}_n`, 'integer', (c) => c.notNull());
  await cell.addPrimaryKeyConstraint('rollup_district_pk', ['school_year', 'district_code', 'sector', 'disadvantage_band']).execute();
  await db.schema.createIndex('rollup_district_municipality_idx').on('rollup_district').columns(['school_year', 'municipality_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rollup_district', 'district_area', 'district']) await db.schema.dropTable(table).execute();
}
