// Frozen in time: imports no application code.
// Score totals per cell: overall and per pillar, next to the 16 principle columns. Most questions
// need only the overall or pillar degree; summing 2–10 columns instead of 32 over ~2,300 cells per
// year made nationwide municipality maps several times faster (SQLite's cost grew steeply with the
// number of aggregated columns in our measurements).
import type { Kysely } from 'kysely';

const TOTALS = ['score', 'beleid', 'omgeving', 'educatie', 'signaleren'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['rollup_cell', 'rollup_region']) {
    for (const t of TOTALS) {
      await db.schema.alterTable(table).addColumn(`${t}_sum`, 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable(table).addColumn(`${t}_n`, 'integer', (c) => c.notNull().defaultTo(0)).execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['rollup_cell', 'rollup_region']) {
    for (const t of TOTALS) {
      await db.schema.alterTable(table).dropColumn(`${t}_sum`).execute();
      await db.schema.alterTable(table).dropColumn(`${t}_n`).execute();
    }
  }
}
