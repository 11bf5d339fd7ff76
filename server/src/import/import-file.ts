/**
 * Import of real data files (docs/import.md). One streaming pass validates every row and, while
 * no problem has been found, upserts it inside a single transaction; at the end the transaction
 * commits only if the whole file was valid. So either every row is in, or the database is exactly
 * as it was, and the file is never held in memory.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ImportKind } from '@rd/shared';
import { loadImportSchoolYears, type SchoolYearWindow } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { analyzeRollups, type RollupProgress } from '../rollups/index.ts';
import { assertImportAllowed } from './import-guards.ts';
import { importCommitSteps, type ImportCommitSteps } from './import-commit.ts';
import { KIND_FORMATS, districtReference, type CellProblem, type KindFormat, type ParseContext, type ReferenceSets } from './formats.ts';
import { checkHeader, createFastCheck, parseRow } from './parse-row.ts';
import { createPlausibility, kyselyScanPrinciples, sqliteScanPrinciples, type ExistingScanPrinciples } from './plausibility.ts';
import { createPseudonymiser } from './pseudonym.ts';
import { UnreadableFileError, openImportFile, type ImportSource, type OpenedFile } from './read-rows.ts';
import { createPostgresWriter, createSqliteWriter, type ImportWriter, type WriteCounts } from './writers.ts';
import { finishRunKysely, finishRunSqlite, osActor, recordFailedRun, startRunKysely, startRunSqlite, type ImportActor } from './runs.ts';

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportProgress {
  rowsRead: number;
  bytesRead?: number;
  totalBytes?: number;
  /**
   * valideren: reading and checking rows (written provisionally); schrijven: the rows are complete;
   * samenvatten: refreshing the dashboard's rollups, committed together with the rows.
   */
  phase: 'valideren' | 'schrijven' | 'samenvatten';
  /** During samenvatten: how many of the rollup refreshers are done. */
  rollups?: RollupProgress;
}

export interface ImportOptions {
  /**
   * The pseudonym key, or how to get it (resolvePseudonymSecret): a key refused there is then
   * recorded in the import history like any other refused import.
   */
  secret: string | (() => Promise<string>);
  onProgress?: (p: ImportProgress) => void;
  /** Default true; the benchmark switches it off to time the import alone. */
  refreshRollups?: boolean;
  /** School years the file may contain; default from the environment (see config.ts). */
  schoolYears?: SchoolYearWindow;
  /** Recorded in the import history; default the operating-system user. */
  by?: ImportActor;
  /** Every problem, also beyond MAX_LISTED_PROBLEMS (for a complete list to download). */
  onProblem?: (p: ImportProblem) => void;
}

/**
 * Warnings are unusual values that were imported all the same (docs/import.md, "Controles");
 * a failed import lists them too, so the file can be checked in one go. runId: the run in the
 * import history (import_run), failed runs included.
 */
export type ImportResult =
  | { ok: true; rows: number; inserted: number; updated: number; unchanged: number; warnings: ImportProblem[]; warningCount: number; runId?: number }
  | { ok: false; problems: ImportProblem[]; problemCount: number; warnings: ImportProblem[]; warningCount: number; runId?: number };

/** Enough to fix a file in one go without flooding the terminal or the browser. */
export const MAX_LISTED_PROBLEMS = 1000;
const PROGRESS_EVERY_ROWS = 5000;

export function formatProblem(p: ImportProblem): string {
  return p.column ? `rij ${p.row}, kolom ${p.column}: ${p.message}` : `rij ${p.row}: ${p.message}`;
}

class ProblemList {
  readonly listed: ImportProblem[] = [];
  count = 0;
  constructor(private readonly sink?: (p: ImportProblem) => void) {}
  add(row: number, p: CellProblem): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push({ row, column: p.column, message: p.message });
    this.sink?.({ row, column: p.column, message: p.message });
  }
  failure(warnings: ProblemList): ImportResult {
    return { ok: false, problems: this.listed, problemCount: this.count, warnings: warnings.listed, warningCount: warnings.count };
  }
}

/**
 * Duplicate natural keys within one file. Key parts are interned to small integers; the second
 * and third part (school year, principle, ...: few distinct values) pick a bitset indexed by the
 * first part's number, so a million scan keys cost a few small bitsets rather than a set of
 * strings or numbers (a set insert per row was a visible share of the import). Consecutive rows
 * mostly repeat the previous row's parts, which skips the interning lookup. Keys outside the
 * bitsets' bounds (more combinations or first parts than any real file has) go to a set of strings.
 */
class DuplicateKeys {
  private static readonly MAX_BITSETS = 4096;
  private static readonly MAX_FIRST = 2 ** 24;
  private readonly interned = [new Map<string | number, number>(), new Map<string | number, number>(), new Map<string | number, number>()];
  private readonly lastPart: (string | number | undefined)[] = [undefined, undefined, undefined];
  private readonly lastIndex = [0, 0, 0];
  /** Per second+third part: bit n set when the first part numbered n was seen; null = overflow. */
  private readonly bitsets = new Map<number, Uint8Array | null>();
  private readonly overflow = new Set<string>();

  private index(i: number, part: string | number | undefined): number {
    if (part === undefined) return 0;
    if (part === this.lastPart[i]) return this.lastIndex[i]!;
    const map = this.interned[i]!;
    let n = map.get(part);
    if (n === undefined) map.set(part, (n = map.size));
    this.lastPart[i] = part;
    this.lastIndex[i] = n;
    return n;
  }

  /** True when this key was seen before. */
  add(parts: readonly (string | number | undefined)[]): boolean {
    const first = this.index(0, parts[0]);
    const second = this.index(1, parts[1]);
    const third = this.index(2, parts[2]);
    let bits: Uint8Array | null | undefined = null;
    if (first < DuplicateKeys.MAX_FIRST && second < 2 ** 14 && third < 2 ** 14) {
      const rest = second * 2 ** 14 + third;
      bits = this.bitsets.get(rest);
      if (bits === undefined) {
        // Decided once per combination, so a key always lands in the same place.
        bits = this.bitsets.size < DuplicateKeys.MAX_BITSETS ? new Uint8Array(1024) : null;
        this.bitsets.set(rest, bits);
      }
      if (bits !== null && first >> 3 >= bits.length) {
        const grown = new Uint8Array(Math.max(bits.length * 2, (first >> 3) + 1));
        grown.set(bits);
        this.bitsets.set(rest, (bits = grown));
      }
    }
    if (bits !== null) {
      const byte = first >> 3;
      const bit = 1 << (first & 7);
      if ((bits[byte]! & bit) !== 0) return true;
      bits[byte] = bits[byte]! | bit;
      return false;
    }
    const key = parts.join('\u0000');
    if (this.overflow.has(key)) return true;
    this.overflow.add(key);
    return false;
  }
}

interface ImportTransaction {
  refs: ReferenceSets;
  writer: ImportWriter<unknown>;
  existingScanPrinciples: ExistingScanPrinciples;
}


class Rollback {
  constructor(readonly result: ImportResult) {}
}

/** Which lookups a file needs; the postcode table (the whole country: some 450,000 rows) only for schools with postcodes. */
function neededRefs(kind: ImportKind, header: readonly string[]) {
  return {
    schoolIds: kind !== 'schools' && kind !== 'capacity' && kind !== 'districts' && kind !== 'areas' && kind !== 'postcodes',
    municipalityCodes: kind === 'schools' || kind === 'districts' || kind === 'postcodes',
    districts: kind === 'areas' || kind === 'schools',
    postcodes: kind === 'schools' && header.includes('postcode'),
  };
}

async function loadRefsSqlite(conn: SQLite.Database, kind: ImportKind, header: readonly string[]): Promise<ReferenceSets> {
  const column = (q: string) => new Set(conn.prepare(q).pluck().all() as string[]);
  const needs = neededRefs(kind, header);
  return {
    schoolIds: needs.schoolIds ? column('SELECT id FROM school') : new Set(),
    municipalityCodes: needs.municipalityCodes ? column('SELECT code FROM municipality') : new Set(),
    regionCodes: kind === 'capacity' ? column('SELECT code FROM region') : new Set(),
    ...districtReference(needs.districts ? conn.prepare('SELECT code, municipality_code FROM district').raw().all() as [string, string][] : []),
    postcodes: new Map(needs.postcodes ? conn.prepare('SELECT postcode, district_code FROM postcode_district').raw().all() as [string, string][] : []),
  };
}

/**
 * Runs the pass inside one transaction. On SQLite a file database gets its own connection for
 * the import, so the app's readers keep seeing the last committed data (WAL) and never end up
 * inside the import's long-running transaction; an in-memory database has only the one handle.
 */
async function withImportTransaction(
  db: Db,
  kind: ImportKind,
  header: readonly string[],
  run: { fileName: string; startedAt: string; by: ImportActor },
  steps: ImportCommitSteps,
  body: (tx: ImportTransaction) => Promise<ImportResult>,
): Promise<ImportResult> {
  if (db.dialect === 'sqlite') {
    const main = db.sqlite!;
    const conn = main.memory ? main : new SQLite(main.name, { fileMustExist: true });
    try {
      if (conn !== main) {
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
        // The same page cache as the app's connection (SQLITE_CACHE_MB): a bulk upsert into a large
        // key index re-reads its pages otherwise.
        conn.pragma(`cache_size = ${Number(main.pragma('cache_size', { simple: true }))}`);
      }
      conn.exec('BEGIN IMMEDIATE');
      // Kysely on the same connection, for the steps that run inside this transaction.
      const trx = conn === main ? db.kysely : new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
      try {
        await steps.before(trx);
        const refs = await loadRefsSqlite(conn, kind, header);
        const runId = startRunSqlite(conn, { kind, ...run });
        const result = await body({ refs, writer: steps.observe(createSqliteWriter(conn, kind, runId)), existingScanPrinciples: sqliteScanPrinciples(conn) });
        if (!result.ok) {
          conn.exec('ROLLBACK');
          return result;
        }
        finishRunSqlite(conn, runId, result.rows, result);
        await steps.after(trx);
        conn.exec('COMMIT');
        return { ...result, runId };
      } catch (err) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
        throw err;
      }
    } finally {
      if (conn !== main) conn.close();
    }
  }
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      await steps.before(trx);
      const column = async (table: 'school' | 'municipality' | 'region', col: 'id' | 'code') =>
        new Set((await trx.selectFrom(table).select(col as never).execute()).map((r) => (r as Record<string, string>)[col]!));
      const needs = neededRefs(kind, header);
      const refs: ReferenceSets = {
        schoolIds: needs.schoolIds ? await column('school', 'id') : new Set(),
        municipalityCodes: needs.municipalityCodes ? await column('municipality', 'code') : new Set(),
        regionCodes: kind === 'capacity' ? await column('region', 'code') : new Set(),
        ...districtReference(needs.districts
          ? (await trx.selectFrom('district').select(['code', 'municipality_code']).execute()).map((d) => [d.code, d.municipality_code] as const)
          : []),
        postcodes: new Map(needs.postcodes
          ? (await trx.selectFrom('postcode_district').select(['postcode', 'district_code']).execute()).map((p) => [p.postcode, p.district_code] as const)
          : []),
      };
      const runId = await startRunKysely(trx, { kind, ...run });
      const result = await body({ refs, writer: steps.observe(createPostgresWriter(trx, kind, runId)), existingScanPrinciples: kyselyScanPrinciples(trx) });
      if (!result.ok) throw new Rollback(result);
      await finishRunKysely(trx, runId, result.rows, result);
      await steps.after(trx);
      return { ...result, runId };
    });
  } catch (err) {
    if (err instanceof Rollback) return err.result;
    throw err;
  }
}

async function validateAndWrite(
  format: KindFormat<unknown>,
  file: OpenedFile,
  tx: ImportTransaction,
  secret: string,
  schoolYears: SchoolYearWindow,
  years: Set<string>,
  progress: (rowsRead: number) => void,
  onProblem?: (p: ImportProblem) => void,
): Promise<ImportResult> {
  const problems = new ProblemList(onProblem);
  const warnings = new ProblemList();
  const plausibility = createPlausibility(format.kind, schoolYears);
  const ctx: ParseContext = { pseudonymise: createPseudonymiser(secret), refs: tx.refs };
  const duplicates = new DuplicateKeys();
  const fast = createFastCheck(format.schema);
  const keyColumn = format.columns[0]!.name;
  let rowsRead = 0;
  let lastRow = file.headerRow;
  try {
    for await (const batch of file.rows) {
      for (const row of batch) {
        rowsRead++;
        lastRow = row.rowNumber;
        if (rowsRead % PROGRESS_EVERY_ROWS === 0) progress(rowsRead);
        const parsed = parseRow(format, row, ctx, fast);
        if (parsed.warnings !== undefined) for (const w of parsed.warnings) warnings.add(row.rowNumber, w);
        if ('problems' in parsed) {
          for (const p of parsed.problems) problems.add(row.rowNumber, p);
          continue;
        }
        const record = parsed.record;
        if (duplicates.add(format.key(record))) {
          problems.add(row.rowNumber, { column: keyColumn, message: `dubbele rij: deze combinatie van ${format.keyColumns} staat al eerder in het bestand` });
          continue;
        }
        const findings = plausibility.row(record, row.rowNumber);
        if (findings !== null) {
          for (const f of findings) (f.warning ? warnings : problems).add(row.rowNumber, f);
          if (findings.some((f) => !f.warning)) continue;
        }
        const year = format.schoolYear(record);
        if (year !== null) years.add(year);
        // After the first problem nothing will be committed, so writing on would only cost time.
        if (problems.count > 0) continue;
        try {
          const pending = tx.writer.write(record);
          if (pending) await pending;
        } catch (err) {
          problems.add(row.rowNumber, { column: '', message: `de database weigert deze rij (${(err as Error).message})` });
        }
      }
    }
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    problems.add(err.row, { column: '', message: `${err.message}; het bestand is niet verder gelezen` });
  }
  progress(rowsRead);
  for (const f of await plausibility.finish(tx.existingScanPrinciples)) (f.warning ? warnings : problems).add(f.row, f);
  if (rowsRead === 0 && problems.count === 0) {
    problems.add(lastRow + 1, { column: '', message: 'het bestand bevat alleen een kopregel en geen gegevensrijen' });
  }
  if (problems.count > 0) return problems.failure(warnings);
  let counts: WriteCounts;
  try {
    counts = await tx.writer.finish();
  } catch (err) {
    problems.add(lastRow, { column: '', message: `de database weigert de laatste rijen (${(err as Error).message})` });
    return problems.failure(warnings);
  }
  return { ok: true, rows: rowsRead, ...counts, warnings: warnings.listed, warningCount: warnings.count };
}

/**
 * Imports one file of the given kind. Returns every problem (capped at MAX_LISTED_PROBLEMS, with
 * the full count) and writes nothing if there is any; otherwise upserts all rows, records the run
 * in import_run and refreshes the rollups of the school years the file touched, all in one
 * transaction. A failed run is recorded in import_run too. Throws ImportRefusedError, before
 * reading the file, when the database may not take real data with this key (import-guards.ts);
 * that refusal is recorded as a failed run as well.
 */
export async function importFile(db: Db, kind: ImportKind, input: ImportSource, options: ImportOptions): Promise<ImportResult> {
  const startedAt = new Date().toISOString();
  const by = options.by ?? osActor();
  let rowsRead = 0;
  let problemsSent = 0;
  const onProblem = options.onProblem && ((p: ImportProblem) => {
    problemsSent++;
    options.onProblem!(p);
  });
  const recordFailure = (problemCount: number) => recordFailedRun(db, {
    kind, fileName: path.basename('path' in input ? input.path : input.fileName), startedAt, by, rows: rowsRead, problemCount,
  });
  let result: ImportResult;
  try {
    result = await importWithinRun(db, kind, input, {
      ...options, by, onProblem,
      onProgress: (p) => {
        rowsRead = p.rowsRead;
        options.onProgress?.(p);
      },
    }, startedAt);
  } catch (err) {
    await recordFailure(1).catch(() => undefined);
    throw err;
  }
  if (result.ok) return result;
  // Problems found before any row was read (unreadable file, header) come only with the result.
  if (problemsSent === 0) result.problems.forEach((p) => options.onProblem?.(p));
  return { ...result, runId: await recordFailure(result.problemCount) };
}

async function importWithinRun(db: Db, kind: ImportKind, input: ImportSource, options: ImportOptions & { by: ImportActor }, startedAt: string): Promise<ImportResult> {
  const format = KIND_FORMATS[kind] as KindFormat<unknown>;
  const schoolYears = options.schoolYears ?? loadImportSchoolYears();
  const secret = typeof options.secret === 'string' ? options.secret : await options.secret();
  // Checked again inside the transaction; here so that a refused database is told before any file problem.
  await assertImportAllowed(db.kysely, secret);
  let file: OpenedFile;
  try {
    file = await openImportFile(input, kind);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    return { ok: false, problems: [{ row: err.row, column: '', message: err.message }], problemCount: 1, warnings: [], warningCount: 0 };
  }
  try {
    const header = checkHeader(format, file.header, file.headerRow, MAX_LISTED_PROBLEMS);
    if (header.count > 0) return { ok: false, problems: header.problems, problemCount: header.count, warnings: [], warningCount: 0 };

    const report = (rowsRead: number, phase: ImportProgress['phase']) =>
      options.onProgress?.({ rowsRead, bytesRead: file.bytesRead(), totalBytes: file.totalBytes, phase });
    const years = new Set<string>();
    const fileName = path.basename(file.fileName);
    let rowsRead = 0;
    const steps = importCommitSteps(db.dialect, kind, {
      secret,
      schoolYears: years,
      refreshRollups: options.refreshRollups !== false,
      onProgress: (rollups) => options.onProgress?.({ rowsRead, bytesRead: file.bytesRead(), totalBytes: file.totalBytes, phase: 'samenvatten', rollups }),
    });
    const result = await withImportTransaction(db, kind, file.header, { fileName, startedAt, by: options.by }, steps, async (tx) => {
      const r = await validateAndWrite(format, file, tx, secret, schoolYears, years, (n) => report(n, 'valideren'), options.onProblem);
      if (r.ok) report((rowsRead = r.rows), 'schrijven');
      return r;
    });
    // Planner statistics only: no reader's answer depends on them, so they need not be in the transaction.
    if (result.ok && options.refreshRollups !== false) await analyzeRollups(db);
    return result;
  } finally {
    file.close();
  }
}
