/**
 * Undoing an import run exactly: the rows it updated get their previous values back (from
 * import_change, written by the import in its own transaction), the rows it inserted (those still
 * carrying its id) are deleted, and the rollups of the affected school years and municipalities are
 * rebuilt, all in one transaction: the dashboard shows the figures of before or of after the undo,
 * never the old figures over restored rows. A run
 * whose rows a later run changed again is refused until that later run is undone: restoring
 * under it would silently throw the later change away.
 */
import { sql, type Transaction } from 'kysely';
import { importKindSchema, type ImportKind } from '@rd/shared';
import type { Db, DialectName } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { lockForRebuild } from '../db/dialect-sql.ts';
import { analyzeRollups, refreshRollupsIn, schoolYearsWithData, type RollupScope } from '../rollups/index.ts';
import { bumpDataVersion } from '../data/data-version.ts';
import { actorLabel, type ImportActor } from './runs.ts';
import { RUN_COLUMN, importTable, type ImportTable } from './writers.ts';

/** Undo is not possible; the message is Dutch and says what to do. */
export class UndoRefusedError extends Error {}

export interface UndoResult {
  runId: number;
  kind: ImportKind;
  fileName: string;
  /** Rows given their previous values back. */
  restored: number;
  /** Rows the run had inserted, now deleted. */
  deleted: number;
  /** Rollups rebuilt: these school years, or every year (a schools file). */
  schoolYears: string[] | 'alle';
}

/**
 * Where the run's rows may change figures, read before anything is restored: the municipalities of
 * the schools whose rows carry the run's id (for a schools file also where its updated schools were
 * before, as the restore puts them back there) and, but for a schools file, the rows' school years.
 * The same scope an import of those rows takes (import-commit.ts); capacity feeds no rollup itself.
 */
async function undoScope(trx: Transaction<Database>, kind: ImportKind, t: ImportTable, runId: number): Promise<RollupScope> {
  const municipalities = new Set<string>();
  if (kind === 'schools') {
    for (const s of await trx.selectFrom('school').select('municipality_code').distinct().where(RUN_COLUMN, '=', runId).execute()) municipalities.add(s.municipality_code);
    const changes = await trx.selectFrom('import_change').select('previous').where('run_id', '=', runId).where('table_name', '=', 'school').execute();
    for (const c of changes) municipalities.add((JSON.parse(c.previous) as { municipality_code: string }).municipality_code);
    return { municipalities: [...municipalities].sort() };
  }
  // The postcode table feeds no figure (schools took their wijk from it when they were imported).
  if (kind === 'postcodes') return { schoolYears: [], municipalities: [] };
  if (kind === 'districts' || kind === 'areas') {
    const table = kind === 'districts' ? 'district' : 'district_area';
    for (const d of await trx.selectFrom(table).select('municipality_code').distinct().where(RUN_COLUMN, '=', runId).execute()) municipalities.add(d.municipality_code);
    const changes = await trx.selectFrom('import_change').select('previous').where('run_id', '=', runId).where('table_name', '=', table).execute();
    for (const c of changes) municipalities.add((JSON.parse(c.previous) as { municipality_code: string }).municipality_code);
    return { municipalities: [...municipalities].sort() };
  }
  const rows = trx.selectFrom(t.table as 'scan_score').where(RUN_COLUMN, '=', runId);
  const schoolYears = (await rows.select('school_year').distinct().execute()).map((r) => r.school_year).sort();
  if (kind !== 'capacity') {
    const schools = rows.select('school_id');
    for (const s of await trx.selectFrom('school').select('municipality_code').distinct().where('id', 'in', schools).execute()) municipalities.add(s.municipality_code);
  }
  return { schoolYears, municipalities: [...municipalities].sort() };
}

/** Tables with rows per school, in which a school inserted by the run may since have gained rows. */
const SCHOOL_ROW_TABLES = ['scan_score', 'implementation_record', 'partner_agreement', 'outcome'] as const;

const KIND_LABELS: Record<(typeof SCHOOL_ROW_TABLES)[number], string> = {
  scan_score: 'scans',
  implementation_record: 'implementatiegegevens',
  partner_agreement: 'partnerafspraken',
  outcome: 'uitkomsten',
};

function runList(ids: readonly number[]): string {
  return ids.length === 1 ? `import ${ids[0]}` : `imports ${ids.slice(0, -1).join(', ')} en ${ids.at(-1)}`;
}

/**
 * Writes the previous values of every row the run updated back in one statement. The two
 * dialects read the stored JSON differently: SQLite with json_extract (which gives back the
 * stored SQL types), PostgreSQL by turning it into a row of the table's own type.
 */
async function restorePreviousRows(trx: Transaction<Database>, dialect: DialectName, t: ImportTable, runId: number): Promise<number> {
  const nonKey = t.columns.filter((c) => !t.key.includes(c));
  // Table and column names come from the writers' constant map, never from input.
  const statement = dialect === 'sqlite'
    ? sql.raw(`UPDATE ${t.table} SET ${nonKey.map((c) => `${c} = json_extract(c.previous, '$.${c}')`).join(', ')}, ${RUN_COLUMN} = c.previous_run_id
        FROM import_change c
        WHERE c.run_id = ${runId} AND c.table_name = '${t.table}'
          AND ${t.key.map((k) => `${t.table}.${k} = json_extract(c.previous, '$.${k}')`).join(' AND ')}`)
    : sql.raw(`UPDATE ${t.table} AS t SET ${nonKey.map((c) => `${c} = p.${c}`).join(', ')}, ${RUN_COLUMN} = c.previous_run_id
        FROM import_change c, jsonb_populate_record(null::${t.table}, c.previous::jsonb) p
        WHERE c.run_id = ${runId} AND c.table_name = '${t.table}'
          AND ${t.key.map((k) => `t.${k} = p.${k}`).join(' AND ')}`);
  const result = await statement.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** Certificates belong to their implementation record: the file stated the whole set, so the old set comes back. */
async function restoreCertificates(trx: Transaction<Database>, runId: number): Promise<void> {
  const changes = await trx.selectFrom('import_change').select('previous')
    .where('run_id', '=', runId).where('table_name', '=', 'implementation_record').execute();
  for (const change of changes) {
    const previous = JSON.parse(change.previous) as { school_id: string; school_year: string; certificates: { theme: string; awardedYear: string }[] };
    await trx.deleteFrom('certificate').where('school_id', '=', previous.school_id).where('school_year', '=', previous.school_year).execute();
    if (previous.certificates.length > 0) {
      await trx.insertInto('certificate')
        .values(previous.certificates.map((c) => ({ school_id: previous.school_id, school_year: previous.school_year, theme: c.theme, awarded_year: c.awardedYear })))
        .execute();
    }
  }
}

/** Schools the run inserted that have rows of their own by now cannot go: those rows would lose their school. */
async function refuseWhenSchoolsInUse(trx: Transaction<Database>, runId: number): Promise<void> {
  const inserted = trx.selectFrom('school').select('id').where(RUN_COLUMN, '=', runId);
  for (const table of SCHOOL_ROW_TABLES) {
    const users = await trx.selectFrom(table).select(RUN_COLUMN).distinct()
      .where('school_id', 'in', inserted).orderBy(RUN_COLUMN).execute();
    if (users.length === 0) continue;
    const runs = users.map((u) => u.import_run_id).filter((id): id is number => id !== null && id !== undefined);
    throw new UndoRefusedError(
      `Import ${runId} kan niet ongedaan worden gemaakt: scholen die deze import heeft toegevoegd hebben inmiddels ${KIND_LABELS[table]}` +
      (runs.length > 0 ? ` (uit ${runList(runs)}). Maak ${runs.length === 1 ? 'die import' : 'die imports'} eerst ongedaan.` : '.'),
    );
  }
}

/**
 * Wijken the run inserted that a later areas import groups cannot go: the areas would lose their
 * wijken. Run after the restore, so that what still carries the run's id is what it inserted.
 */
async function refuseWhenDistrictsInUse(trx: Transaction<Database>, runId: number): Promise<void> {
  const inserted = trx.selectFrom('district').select('code').where(RUN_COLUMN, '=', runId);
  const users = await trx.selectFrom('district_area').select(RUN_COLUMN).distinct()
    .where('district_code', 'in', inserted).orderBy(RUN_COLUMN).execute();
  if (users.length === 0) return;
  const runs = users.map((u) => u.import_run_id).filter((id): id is number => id !== null && id !== undefined);
  throw new UndoRefusedError(
    `Import ${runId} kan niet ongedaan worden gemaakt: wijken die deze import heeft toegevoegd zijn inmiddels ingedeeld in gebieden` +
    (runs.length > 0 ? ` (uit ${runList(runs)}). Maak ${runs.length === 1 ? 'die import' : 'die imports'} eerst ongedaan.` : '.'),
  );
}

/**
 * Undoes run `runId` and rebuilds the rollups it touched, in one transaction.
 * Throws UndoRefusedError (Dutch) when the run does not exist, failed, was already undone, predates
 * the import history, or a later run changed its rows.
 */
export async function undoImportRun(db: Db, runId: number, by: ImportActor, options: Pick<RollupScope, 'rollups'> = {}): Promise<UndoResult> {
  const outcome = await db.kysely.transaction().execute(async (trx) => {
    // The lock an import takes first (import-commit.ts), so imports and undos on several instances
    // follow each other and each sees the row markers of the one before.
    await lockForRebuild(trx, db.dialect, 'rollups');
    const run = await trx.selectFrom('import_run').selectAll().where('id', '=', runId).executeTakeFirst();
    if (!run) throw new UndoRefusedError(`Import ${runId} bestaat niet.`);
    if (run.result === 'mislukt') throw new UndoRefusedError(`Import ${runId} is mislukt en heeft niets geschreven; er is niets ongedaan te maken.`);
    if (run.result === 'ongedaan') throw new UndoRefusedError(`Import ${runId} is al ongedaan gemaakt (${run.undone_at ?? ''}${run.undone_by ? ` door ${run.undone_by}` : ''}).`);
    if (run.can_undo !== 1) throw new UndoRefusedError(`Import ${runId} kan niet ongedaan worden gemaakt: wat hij veranderde is niet (meer) vastgelegd. Hij is van vóór de importgeschiedenis, of de gegevens zijn daarna allemaal gewist.`);
    const kind = importKindSchema.parse(run.kind);

    const later = await trx.selectFrom('import_change as c').innerJoin('import_run as r', 'r.id', 'c.run_id')
      .select('c.run_id').distinct()
      .where('c.previous_run_id', '=', runId).where('r.result', '=', 'geslaagd').orderBy('c.run_id').execute();
    if (later.length > 0) {
      const ids = later.map((l) => l.run_id);
      throw new UndoRefusedError(
        `Import ${runId} kan niet ongedaan worden gemaakt: ${runList(ids)} ${ids.length === 1 ? 'heeft' : 'hebben'} daarna dezelfde rijen gewijzigd. ` +
        `Maak eerst ${runList(ids)} ongedaan (nieuwste eerst).`,
      );
    }

    const t = importTable(kind);
    const scope = await undoScope(trx, kind, t, runId);
    const restored = await restorePreviousRows(trx, db.dialect, t, runId);
    if (kind === 'implementation') await restoreCertificates(trx, runId);
    if (kind === 'schools') await refuseWhenSchoolsInUse(trx, runId);
    if (kind === 'districts') await refuseWhenDistrictsInUse(trx, runId);
    // What still carries the run's id was inserted by it (certificates go with their record).
    const deleted = Number((await trx.deleteFrom(t.table as 'scan_score').where(RUN_COLUMN, '=', runId).executeTakeFirst()).numDeletedRows);
    await trx.deleteFrom('import_change').where('run_id', '=', runId).execute();
    await trx.updateTable('import_run')
      .set({ result: 'ongedaan', undone_at: new Date().toISOString(), undone_by: actorLabel(by) })
      .where('id', '=', runId).execute();
    // A school year the undo emptied has no figures left anywhere: a full rebuild drops them (the
    // scoped refreshers rebuild the years they are given, data or not).
    const remaining = new Set(await schoolYearsWithData(trx));
    if (scope.schoolYears?.some((y) => !remaining.has(y))) await refreshRollupsIn(trx, db.dialect, { rollups: options.rollups });
    else if (scope.schoolYears?.length !== 0) await refreshRollupsIn(trx, db.dialect, { ...scope, rollups: options.rollups });
    // Without a rebuild the rows still changed (capacity feeds its figures directly).
    else await bumpDataVersion(trx);
    return { runId, kind, fileName: run.file_name, restored, deleted, schoolYears: scope.schoolYears ?? 'alle' as const };
  });
  // Planner statistics only, as after an import.
  await analyzeRollups(db);
  return outcome;
}
