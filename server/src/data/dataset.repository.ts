import type { Db } from '../db/connection.ts';

export async function readDatasetMeta(db: Db): Promise<Record<string, string>> {
  const rows = await db.kysely.selectFrom('dataset_meta').select(['key', 'value']).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function countSchools(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
