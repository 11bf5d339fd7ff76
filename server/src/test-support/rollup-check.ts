/**
 * Test support: the rollups are derived data, so after any import they must be exactly what a
 * full rebuild from the stored rows gives.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { listTables } from '../db/dialect-sql.ts';
import type { Database } from '../db/schema.ts';
import { refreshRollups } from '../rollups/index.ts';

/** Every row of every table, hashed per table, on either backend (sorted in JS: same order on both). */
export async function dumpTables(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await listTables(db.kysely, db.dialect)) {
    const rows = (await db.kysely.selectFrom(t as never).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    out[t] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  }
  return out;
}

export const ROLLUP_TABLES = ['rollup_cell', 'rollup_region', 'rollup_outcome', 'rollup_partner',
  'school_year_fact', 'partner_signal_rollup', 'funnel_rollup', 'partner_coverage_rollup', 'disclosure_cell'] as const satisfies readonly (keyof Database)[];

/** The rollup tables that differ from a full rebuild (which this runs, so the database ends up rebuilt). */
export async function staleRollupTables(db: Db): Promise<string[]> {
  const stored = await dumpTables(db);
  await refreshRollups(db);
  const rebuilt = await dumpTables(db);
  return ROLLUP_TABLES.filter((t) => stored[t] !== rebuilt[t]);
}
