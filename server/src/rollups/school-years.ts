import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** School years that hold any school-year data. */
export async function schoolYearsWithData(db: Kysely<Database>): Promise<string[]> {
  const queries = [
    db.selectFrom('implementation_record').select('school_year').distinct(),
    db.selectFrom('scan_score').select('school_year').distinct(),
    db.selectFrom('partner_agreement').select('school_year').distinct(),
    db.selectFrom('outcome').select('school_year').distinct(),
    db.selectFrom('capacity').select('school_year').distinct(),
  ];
  const years = new Set<string>();
  for (const q of queries) for (const row of await q.execute()) years.add(row.school_year);
  return [...years].sort();
}
