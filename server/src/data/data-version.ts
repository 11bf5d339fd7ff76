/**
 * The data version: a counter in the database, raised inside the transaction of every change to
 * the figures, so that it commits (or rolls back) together with them. Cached answers are valid for
 * one version; every process reads the counter, so a change made by one process (or a command-line
 * import) retires the cached answers of all of them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function readDataVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** Call inside the transaction that changes the figures. */
export async function bumpDataVersion(trx: Kysely<Database>): Promise<void> {
  await trx.updateTable('data_version').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
}
