/**
 * The import history: every import, successful or not, is a run in import_run with who started
 * it, the file, the rows and the result. A successful run is written inside the import's own
 * transaction (its id marks every row it writes, see writers.ts); a failed one wrote nothing and is
 * recorded afterwards on its own.
 */
import { userInfo } from 'node:os';
import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { ImportKind } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import type { Database, ImportRunResult } from '../db/schema.ts';
import type { WriteCounts } from './writers.ts';
import type { ImportResult } from './import-file.ts';
import { audit } from '../auth/audit.ts';
import { osUserFromEnv } from '../config.ts';

/** Who imports: an account, or on the command line the operating-system user. */
export interface ImportActor {
  userId: number | null;
  name: string;
  email: string | null;
}

/** The operating-system user running this process (the command line without --user). */
export function osActor(): ImportActor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = osUserFromEnv() ?? 'onbekend';
  }
  return { userId: null, name, email: null };
}

export interface RunStart {
  kind: ImportKind;
  fileName: string;
  startedAt: string;
  by: ImportActor;
}

const START_COLUMNS = '(kind, file_name, rows, started_at, finished_at, user_id, user_name, user_email, result, can_undo)';

/** Starts a run inside the SQLite import transaction; the id marks every row the run writes. */
export function startRunSqlite(conn: SQLite.Database, run: RunStart): number {
  const info = conn.prepare(`INSERT INTO import_run ${START_COLUMNS} VALUES (?, ?, 0, ?, ?, ?, ?, ?, 'geslaagd', 1)`)
    .run(run.kind, run.fileName, run.startedAt, run.startedAt, run.by.userId, run.by.name, run.by.email);
  return Number(info.lastInsertRowid);
}

export function finishRunSqlite(conn: SQLite.Database, runId: number, rows: number, counts: WriteCounts): void {
  conn.prepare('UPDATE import_run SET rows = ?, inserted = ?, updated = ?, unchanged = ?, finished_at = ? WHERE id = ?')
    .run(rows, counts.inserted, counts.updated, counts.unchanged, new Date().toISOString(), runId);
}

/**
 * The same inside a PostgreSQL transaction. The import already holds the lock that imports and
 * undos share (import-commit.ts), so runs on several app instances follow each other and each sees
 * the row markers of the one before.
 */
export async function startRunKysely(trx: Transaction<Database>, run: RunStart): Promise<number> {
  const row = await trx.insertInto('import_run').values({
    kind: run.kind, file_name: run.fileName, rows: 0, started_at: run.startedAt, finished_at: run.startedAt,
    user_id: run.by.userId, user_name: run.by.name, user_email: run.by.email, inserted: null, updated: null, unchanged: null,
    result: 'geslaagd', can_undo: 1, undone_at: null, undone_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRunKysely(trx: Transaction<Database>, runId: number, rows: number, counts: WriteCounts): Promise<void> {
  await trx.updateTable('import_run')
    .set({ rows, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, finished_at: new Date().toISOString() })
    .where('id', '=', runId).execute();
}

/** A run that wrote nothing: recorded after its transaction was rolled back. */
export async function recordFailedRun(db: Db, run: RunStart & { rows: number; problemCount: number }): Promise<number> {
  const row = await db.kysely.insertInto('import_run').values({
    kind: run.kind, file_name: run.fileName, rows: run.rows, started_at: run.startedAt, finished_at: new Date().toISOString(),
    user_id: run.by.userId, user_name: run.by.name, user_email: run.by.email, inserted: null, updated: null, unchanged: null,
    result: 'mislukt', problem_count: run.problemCount, can_undo: 0, undone_at: null, undone_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface ImportRunRow {
  id: number;
  kind: string;
  fileName: string;
  rows: number;
  startedAt: string;
  finishedAt: string;
  userName: string | null;
  userEmail: string | null;
  result: ImportRunResult;
  problemCount: number;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
  canUndo: boolean;
  undoneAt: string | null;
  undoneBy: string | null;
}

/** Newest first. */
export async function listRuns(db: Kysely<Database>, opts: { limit: number; before?: number }): Promise<ImportRunRow[]> {
  let q = db.selectFrom('import_run').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before !== undefined) q = q.where('id', '<', opts.before);
  return (await q.execute()).map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    rows: r.rows,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    userName: r.user_name,
    userEmail: r.user_email,
    result: r.result,
    problemCount: r.problem_count,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    canUndo: r.result === 'geslaagd' && r.can_undo === 1,
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
  }));
}

/** Name and address as the history and the audit log show them. */
export function actorLabel(by: ImportActor): string {
  return by.email ? `${by.name} (${by.email})` : by.name;
}

/** One audit line per import, successful or not, naming who ran it. */
export async function auditImport(db: Db, by: ImportActor, ip: string | null, kind: ImportKind, fileName: string, result: ImportResult): Promise<void> {
  const run = result.runId !== undefined ? `import ${result.runId}, ` : '';
  await audit(db, result.ok
    ? { action: 'import', userId: by.userId, email: by.email, ip, detail: `${kind} ${fileName}: ${result.rows} rijen (${run}${result.inserted} nieuw, ${result.updated} gewijzigd) door ${actorLabel(by)}` }
    : { action: 'import_failed', userId: by.userId, email: by.email, ip, detail: `${kind} ${fileName}: ${result.problemCount} problemen (${run}niets geschreven) door ${actorLabel(by)}` });
}

/** An import refused before reading the file (import-guards.ts): demo database, wrong or missing key. */
export async function auditRefusedImport(db: Db, by: ImportActor, ip: string | null, kind: ImportKind, fileName: string, refusal: Error): Promise<void> {
  await audit(db, { action: 'import_failed', userId: by.userId, email: by.email, ip, detail: `${kind} ${fileName}: geweigerd (niets geschreven) door ${actorLabel(by)}: ${refusal.message}` });
}

export async function auditUndo(db: Db, by: ImportActor, ip: string | null, undone: { runId: number; kind: string; fileName: string; restored: number; deleted: number }): Promise<void> {
  await audit(db, {
    action: 'import_undone', userId: by.userId, email: by.email, ip,
    detail: `import ${undone.runId} (${undone.kind} ${undone.fileName}) ongedaan gemaakt door ${actorLabel(by)}: ${undone.deleted} rijen verwijderd, ${undone.restored} hersteld`,
  });
}
