/**
 * The steps that run inside an import's transaction around the rows themselves: the guards first,
 * then, after the last row, the key's fingerprint and the rollup refresh. Because the refresh
 * commits together with the rows, the dashboard shows either the old data with the old figures or
 * the new data with the new figures, whenever the import returns or is interrupted.
 */
import type { Kysely } from 'kysely';
import type { ImportKind } from '@rd/shared';
import type { DialectName } from '../db/connection.ts';
import { lockForRebuild } from '../db/dialect-sql.ts';
import type { Database } from '../db/schema.ts';
import { refreshRollupsIn, type RollupProgress } from '../data/rollups.ts';
import { assertImportAllowed, recordPseudonymKey } from './import-guards.ts';

export interface ImportCommitSteps {
  /** First thing in the transaction. */
  before(trx: Kysely<Database>): Promise<void>;
  /** Last thing before the commit of a valid file. */
  after(trx: Kysely<Database>): Promise<void>;
}

export function importCommitSteps(dialect: DialectName, kind: ImportKind, options: {
  secret: string;
  /** The school years the file touched; filled while the rows are read. */
  schoolYears: ReadonlySet<string>;
  refreshRollups: boolean;
  onProgress?: (p: RollupProgress) => void;
}): ImportCommitSteps {
  return {
    async before(trx) {
      // PostgreSQL: imports on several instances run one after the other, taken before any row is
      // written so that two imports never wait on each other's rows (SQLite: BEGIN IMMEDIATE does this).
      await lockForRebuild(trx, dialect, 'rollups');
      await assertImportAllowed(trx, options.secret);
    },
    async after(trx) {
      await recordPseudonymKey(trx, options.secret);
      if (!options.refreshRollups) return;
      // School attributes (municipality, band) shape every year's cells; other kinds only their own years.
      const scope = kind === 'schools' ? undefined : { schoolYears: [...options.schoolYears].sort() };
      await refreshRollupsIn(trx, dialect, scope, options.onProgress);
    },
  };
}
