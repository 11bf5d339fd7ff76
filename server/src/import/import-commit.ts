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
import { bumpDataVersion } from '../data/data-version.ts';
import { refreshRollupsIn, type RollupProgress, type RollupScope } from '../rollups/index.ts';
import { assertImportAllowed, recordPseudonymKey } from './import-guards.ts';
import type { ImportWriter } from './writers.ts';

export interface ImportCommitSteps {
  /** First thing in the transaction. */
  before(trx: Kysely<Database>): Promise<void>;
  /** Last thing before the commit of a valid file. */
  after(trx: Kysely<Database>): Promise<void>;
  /** The writer, noting the municipalities whose figures each record can change. */
  observe<R>(writer: ImportWriter<R>): ImportWriter<R>;
}

export function importCommitSteps(dialect: DialectName, kind: ImportKind, options: {
  secret: string;
  /** The school years the file touched; filled while the rows are read. */
  schoolYears: ReadonlySet<string>;
  refreshRollups: boolean;
  onProgress?: (p: RollupProgress) => void;
}): ImportCommitSteps {
  /** Each school's municipality before the import. */
  let municipalityOf = new Map<string, string>();
  const touched = new Set<string>();
  let lastSchool: string | undefined;
  return {
    async before(trx) {
      // PostgreSQL: imports on several instances run one after the other, taken before any row is
      // written so that two imports never wait on each other's rows (SQLite: BEGIN IMMEDIATE does this).
      await lockForRebuild(trx, dialect, 'rollups');
      await assertImportAllowed(trx, options.secret);
      if (options.refreshRollups && kind !== 'capacity' && kind !== 'postcodes') {
        municipalityOf = new Map((await trx.selectFrom('school').select(['id', 'municipality_code']).execute()).map((s) => [s.id, s.municipality_code]));
      }
    },
    observe(writer) {
      if (!options.refreshRollups || kind === 'capacity' || kind === 'postcodes') return writer;
      return {
        write(record) {
          const r = record as { id?: string; schoolId?: string; municipalityCode?: string };
          // Wijken and areas reshape their municipality's district figures in every year.
          if (kind === 'districts' || kind === 'areas') {
            touched.add(r.municipalityCode!);
            return writer.write(record);
          }
          const school = kind === 'schools' ? r.id! : r.schoolId!;
          // Files list a school's rows together (16 scores per scan): look it up once per run of rows.
          if (school !== lastSchool) {
            lastSchool = school;
            const before = municipalityOf.get(school);
            if (before !== undefined) touched.add(before);
            if (kind === 'schools') touched.add(r.municipalityCode!);
          }
          return writer.write(record);
        },
        finish: () => writer.finish(),
      };
    },
    async after(trx) {
      await recordPseudonymKey(trx, options.secret);
      if (!options.refreshRollups) return;
      // The postcode table feeds no figure: a school takes its wijk from it when the school is imported.
      if (kind === 'postcodes') return bumpDataVersion(trx);
      // School attributes (municipality, band) shape every year's cells, other kinds only their own
      // years; either only where the file's schools are (and, for schools, were). Capacity feeds no
      // rollup: only a year it adds or removes does (refreshRollupsIn widens that to everywhere).
      const scope: RollupScope = { municipalities: [...touched].sort() };
      if (kind !== 'schools' && kind !== 'districts' && kind !== 'areas') scope.schoolYears = [...options.schoolYears].sort();
      await refreshRollupsIn(trx, dialect, scope, options.onProgress);
    },
  };
}
