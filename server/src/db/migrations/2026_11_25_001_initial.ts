// Frozen in time: imports no application code.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.createTable('province')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('region')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('municipality')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('province_code', 'text', (c) => c.notNull().references('province.code'))
    .execute();
  await db.schema.createIndex('municipality_region_idx').on('municipality').column('region_code').execute();

  await db.schema.createTable('school')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sector', 'text', (c) => c.notNull().check(sql`sector in ('po','so','vo','mbo')`))
    .addColumn('municipality_code', 'text', (c) => c.notNull().references('municipality.code'))
    .addColumn('district_code', 'text')
    .addColumn('size_band', 'text', (c) => c.notNull().check(sql`size_band in ('klein','middel','groot')`))
    .addColumn('disadvantage_band', 'integer', (c) => c.check(sql`disadvantage_band between 1 and 4`))
    .addColumn('low_income_share', 'real')
    .addColumn('poverty_area_share', 'real')
    .execute();
  await db.schema.createIndex('school_municipality_idx').on('school').columns(['municipality_code', 'sector']).execute();

  await db.schema.createTable('scan_score')
    .addColumn('school_id', 'text', (c) => c.notNull().references('school.id'))
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('principle_id', 'integer', (c) => c.notNull().check(sql`principle_id between 1 and 16`))
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 0 and 3`))
    .addPrimaryKeyConstraint('scan_score_pk', ['school_id', 'school_year', 'principle_id'])
    .execute();
  await db.schema.createIndex('scan_score_year_idx').on('scan_score').columns(['school_year', 'school_id']).execute();

  await db.schema.createTable('implementation_record')
    .addColumn('school_id', 'text', (c) => c.notNull().references('school.id'))
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('geen','voorbereiden','uitvoeren','evalueren')`))
    .addColumn('has_kartrekker', 'integer', (c) => c.notNull())
    .addColumn('team_enthusiasm', 'integer', (c) => c.notNull())
    .addColumn('parent_support', 'integer', (c) => c.notNull())
    .addColumn('recognised_interventions', 'integer', (c) => c.notNull())
    .addColumn('ggd_support_hours', 'real', (c) => c.notNull())
    .addColumn('ggd_contacts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('implementation_record_pk', ['school_id', 'school_year'])
    .execute();
  await db.schema.createIndex('implementation_record_year_idx').on('implementation_record').columns(['school_year', 'school_id']).execute();

  await db.schema.createTable('certificate')
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('awarded_year', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('certificate_pk', ['school_id', 'school_year', 'theme'])
    .addForeignKeyConstraint('certificate_record_fk', ['school_id', 'school_year'], 'implementation_record', ['school_id', 'school_year'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('certificate_year_idx').on('certificate').columns(['school_year', 'theme']).execute();

  await db.schema.createTable('capacity')
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('advisor_fte', 'real', (c) => c.notNull())
    .addColumn('hours_for_schools', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('capacity_pk', ['region_code', 'school_year'])
    .execute();

  await db.schema.createTable('partner_agreement')
    .addColumn('school_id', 'text', (c) => c.notNull().references('school.id'))
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('partner_type', 'text', (c) => c.notNull())
    .addColumn('has_agreement', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_agreement_pk', ['school_id', 'school_year', 'partner_type'])
    .execute();
  await db.schema.createIndex('partner_agreement_year_idx').on('partner_agreement').columns(['school_year', 'partner_type']).execute();

  await db.schema.createTable('outcome')
    .addColumn('school_id', 'text', (c) => c.notNull().references('school.id'))
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('value_pct', 'real', (c) => c.notNull())
    .addColumn('respondents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('outcome_pk', ['school_id', 'school_year', 'indicator'])
    .execute();
  await db.schema.createIndex('outcome_year_idx').on('outcome').columns(['school_year', 'indicator']).execute();

  await db.schema.createTable('dataset_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('import_run')
    .addColumn('id', isPostgres ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['import_run', 'dataset_meta', 'outcome', 'partner_agreement', 'capacity', 'certificate',
    'implementation_record', 'scan_score', 'school', 'municipality', 'region', 'province']) {
    await db.schema.dropTable(table).execute();
  }
}
