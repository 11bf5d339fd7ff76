import type { Db } from '../db/connection.ts';

export async function readDatasetMeta(db: Db): Promise<Record<string, string>> {
  const rows = await db.kysely.selectFrom('dataset_meta').select(['key', 'value']).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function countSchools(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * True for a database that never held data: no schools, no capacity, no import run and no dataset
 * metadata (which a removed demo and the pseudonym key's fingerprint leave behind).
 */
export async function holdsNoData(db: Db): Promise<boolean> {
  for (const table of ['school', 'capacity', 'import_run', 'dataset_meta'] as const) {
    const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) return false;
  }
  return true;
}
