// Frozen in time: imports no application code.
// The seed's implementation conditions in full: school-leadership commitment and draagvlak in the
// school join the implementation record (optional: null = not recorded, so existing rows stay as
// they are), and the cells count the schools meeting each condition. Existing cells lack those
// counts: the stored publication decisions are dropped, which makes the next start rebuild the
// derived tables (main.ts) before anything is published again.
import { sql, type Kysely } from 'kysely';

const LIKERT = ['leadership_commitment', 'school_support'];
const CELL_COUNTS = [
  'enthusiastic_schools', 'parent_support_schools', 'leadership_schools', 'leadership_known',
  'school_support_schools', 'school_support_known', 'intervention_schools', 'ggd_contact_schools',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of LIKERT) {
    await db.schema.alterTable('implementation_record')
      .addColumn(column, 'integer', (c) => c.check(sql`${sql.ref(column)} between 1 and 5`)).execute();
  }
  for (const table of ['rollup_cell', 'rollup_region']) {
    for (const column of CELL_COUNTS) {
      await db.schema.alterTable(table).addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
    }
  }
  await db.deleteFrom('disclosure_cell').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rollup_cell', 'rollup_region']) {
    for (const column of CELL_COUNTS) await db.schema.alterTable(table).dropColumn(column).execute();
  }
  for (const column of LIKERT) await db.schema.alterTable('implementation_record').dropColumn(column).execute();
}
