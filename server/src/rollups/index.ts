/**
 * Rollups: pre-aggregated tables that every analytics question is answered from, so that a national
 * question sums a few thousand rows instead of a million scan scores.
 *
 * Grain: (school year, municipality, sector, disadvantage band). Band 0 = unknown band. Regions and
 * the nation are sums of cells; every count needed for a share travels with its numerator, so any
 * scope can be summed first and divided last.
 *
 * Rebuilt per affected school year in one transaction (imports pass the years they touched; the
 * seed rebuilds everything). Portable SQL: the Kysely query builder, one `sql` fragment for CASE.
 */
import { sql, type Kysely } from 'kysely';
import type { Db, DialectName } from '../db/connection.ts';
import { lockForRebuild } from '../db/dialect-sql.ts';
import type { Database } from '../db/schema.ts';
import { loadConfig } from '../config.ts';
import { logger } from '../logger.ts';
import { refreshDisclosure } from '../data/disclosure.ts';
import { bumpDataVersion } from '../data/data-version.ts';
import { SCHOOL_FACT_ROLLUP_TABLES, refreshSchoolFactRollups } from './school-facts.ts';
import { CELL_ROLLUP_TABLES, refreshCellRollups } from './cells.ts';
import type { RollupProgress, RollupRefresher, RollupScope } from './context.ts';
import { schoolYearsWithData } from './school-years.ts';

export type { RollupProgress, RollupRefreshContext, RollupRefresher, RollupScope } from './context.ts';
export { schoolYearsWithData } from './school-years.ts';
export { principleCountColumn, principleSumColumn } from './cells.ts';

/** One derived table group: how it is rebuilt and which tables it writes. */
export interface Rollup {
  name: string;
  refresh: RollupRefresher;
  /** The tables the refresher writes: their planner statistics are renewed after every rebuild. */
  tables: readonly (keyof Database)[];
}

/**
 * Every rollup, in the order they are built. A new derived table adds its module in this folder
 * and one line here; the modules import only types from context.ts, so nothing registers itself
 * at import time and no module imports this one back.
 */
export const ROLLUPS: readonly Rollup[] = [
  { name: 'cells', refresh: refreshCellRollups, tables: CELL_ROLLUP_TABLES },
  { name: 'school-facts', refresh: refreshSchoolFactRollups, tables: SCHOOL_FACT_ROLLUP_TABLES },
  // After the cells: the publication decisions are taken on the freshly built rollup_cell.
  { name: 'disclosure', refresh: refreshDisclosure, tables: ['disclosure_cell'] },
];


/**
 * Rebuilds all rollups for the scope inside `trx`, a transaction the caller commits: an import
 * commits its rows and the figures derived from them together, so an interruption at any moment
 * leaves the old data with the old figures or the new data with the new ones. Raises the data
 * version in the same transaction.
 */
export async function refreshRollupsIn(trx: Kysely<Database>, dialect: DialectName, scope?: RollupScope, onProgress?: (p: RollupProgress) => void): Promise<void> {
  // Several app instances may import at once (PostgreSQL): rebuild one after the other.
  await lockForRebuild(trx, dialect, 'rollups');
  // Every change to the figures comes through here: cached answers of the old data retire with
  // this transaction's commit.
  await bumpDataVersion(trx);
  const schoolYears = scope?.schoolYears ? [...new Set(scope.schoolYears)] : await schoolYearsWithData(trx);
  const area = scope?.municipalities ? await areaOf(trx, scope.municipalities, schoolYears) : null;
  const fullRebuild = !scope?.schoolYears && area === null;
  const minCellSchools = scope?.minCellSchools ?? loadConfig().minCellSchools;
  const rollups = scope?.rollups ?? ROLLUPS;
  const total = rollups.length;
  let done = 0;
  for (const { name, refresh } of rollups) {
    onProgress?.({ done, total, name });
    const t0 = performance.now();
    await refresh({ trx, schoolYears, municipalities: area?.municipalities ?? null, regions: area?.regions ?? null, fullRebuild, dialect, minCellSchools });
    logger.debug({ rollup: name, ms: Math.round(performance.now() - t0) }, 'rollup refreshed');
    done++;
  }
  onProgress?.({ done, total });
}

/**
 * `municipalities` with their GGD regions, or null (every municipality) when that is all of them
 * or when one of the years appears or disappears: a new year needs cells everywhere, a year
 * without data none anywhere.
 */
async function areaOf(trx: Kysely<Database>, municipalities: readonly string[], schoolYears: readonly string[]): Promise<{ municipalities: string[]; regions: string[] } | null> {
  if (schoolYears.length > 0) {
    const withData = new Set(await schoolYearsWithData(trx));
    const withRows = new Set((await trx.selectFrom('rollup_region').select('school_year').distinct()
      .where('school_year', 'in', [...schoolYears]).execute()).map((r) => r.school_year));
    if (schoolYears.some((y) => withData.has(y) !== withRows.has(y))) return null;
  }
  const regions = municipalities.length === 0 ? [] : (await trx.selectFrom('municipality').select('region_code').distinct()
    .where('code', 'in', [...municipalities]).execute()).map((r) => r.region_code).sort();
  const all = await trx.selectFrom('municipality').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const unique = [...new Set(municipalities)].sort();
  return unique.length >= Number(all.n) ? null : { municipalities: unique, regions };
}

/**
 * Rebuilds all rollups for the given school years (default: every year with data), in one
 * transaction, so readers never see a half-built year.
 */
export async function refreshRollups(db: Db, scope?: RollupScope, onProgress?: (p: RollupProgress) => void): Promise<void> {
  const started = performance.now();
  await db.kysely.transaction().execute((trx) => refreshRollupsIn(trx, db.dialect, scope, onProgress));
  await analyzeRollups(db);
  logger.info({ schoolYears: scope?.schoolYears ?? 'alle', ms: Math.round(performance.now() - started) }, 'rollups bijgewerkt');
}

/**
 * Fresh statistics let the planner pick (school_year, region_code) for municipality-in-region
 * questions instead of scanning a whole year by primary key (measured 2.1 ms → 0.3 ms nationally).
 * ANALYZE <table> is valid on SQLite and PostgreSQL alike; the rollup tables are small.
 */
export async function analyzeRollups(db: Db): Promise<void> {
  const tables = new Set(ROLLUPS.flatMap((r) => r.tables));
  for (const table of tables) {
    await sql`analyze ${sql.table(table)}`.execute(db.kysely);
  }
}
