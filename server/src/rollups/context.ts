/**
 * What a rollup refresher is given and how a rebuild is scoped. Types only, so that every module that
 * builds a rollup can describe itself without importing the module that runs them all.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

export interface RollupRefreshContext {
  /** A transaction: Kysely's, or a connection that is already inside the import's own transaction. */
  trx: Kysely<Database>;
  /** The school years to rebuild; a year may have no data left, then only its rows are deleted. */
  schoolYears: readonly string[];
  /**
   * null: every municipality. Otherwise only these: their rows are rebuilt, and the region-wide
   * rows of their GGD regions (`regions`) are summed again from all that region's municipality rows;
   * rows of other municipalities and regions stay as they are. Never set for a school year that
   * appears or disappears in this refresh (every municipality has cells for a year with data).
   */
  municipalities: readonly string[] | null;
  regions: readonly string[] | null;
  /** True when every year is rebuilt for every municipality: a refresher may then drop all its rows first. */
  fullRebuild: boolean;
  dialect: DialectName;
  /** The small-cell threshold the publication decisions are taken with (config MIN_CELL_SCHOOLS). */
  minCellSchools: number;
}

/** A refresher deletes and rebuilds its own rollup rows for ctx.schoolYears, inside ctx.trx. */
export type RollupRefresher = (ctx: RollupRefreshContext) => Promise<void>;

export interface RollupScope {
  /** Default: every school year with data (a full rebuild). */
  schoolYears?: string[];
  /**
   * Default: every municipality. Otherwise the municipalities whose figures may have changed
   * (where the file's schools are, and were); their regions' totals are summed again.
   */
  municipalities?: readonly string[];
  /** The small-cell threshold for the publication decisions; default the configuration's MIN_CELL_SCHOOLS. */
  minCellSchools?: number;
  /** The rollups to rebuild, in order; default every rollup (ROLLUPS in index.ts). Tests add probes here. */
  rollups?: readonly { name: string; refresh: RollupRefresher }[];
}

/** Reported before each refresher runs and once when all are done (done === total). */
export interface RollupProgress {
  done: number;
  total: number;
  /** The refresher about to run; absent when all are done. */
  name?: string;
}
