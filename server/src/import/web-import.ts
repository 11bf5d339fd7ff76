/**
 * What the web upload needs around importFile: one import or undo at a time per app process, and
 * the complete problem list of a failed upload as a CSV file on disk (the screen shows the first
 * MAX_LISTED_PROBLEMS; the download has them all, written as they are found, never held in memory).
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { csvField } from '../export/writers.ts';
import type { ImportProblem } from './import-file.ts';

/** Another import or undo is running in this process. */
export class ImportBusyError extends Error {
  constructor() {
    super('Er loopt al een import of het ongedaan maken van een import. Wacht tot die klaar is en probeer het dan opnieuw.');
  }
}

let busy = false;

/**
 * Runs `work` unless another import or undo is running. On SQLite a second writer in the same
 * process would wait for the first inside a blocking busy timeout and stall the event loop the
 * first one needs to finish; on PostgreSQL the advisory lock would order them anyway.
 */
export async function exclusively<T>(work: () => Promise<T>): Promise<T> {
  if (busy) throw new ImportBusyError();
  busy = true;
  try {
    return await work();
  } finally {
    busy = false;
  }
}

const PROBLEMS_DIR = path.join(tmpdir(), 'rd-import-problems');
/** Problem files are for fixing the file at hand, not an archive. */
const KEEP_MS = 7 * 24 * 3600_000;

/**
 * A run is named by its number and start time: run numbers repeat across databases on one machine
 * (tests, a reset database, several instances), and one database's problem list must never be
 * served for another's run.
 */
export interface RunRef { id: number; startedAt: string }

export function problemFilePath(run: RunRef): string {
  const stamp = createHash('sha256').update(run.startedAt).digest('hex').slice(0, 16);
  return path.join(PROBLEMS_DIR, `import-${run.id}-${stamp}.csv`);
}

/** Spreadsheet programs run a cell that starts with = + - @ as a formula; a file's own text must never be. */
function safeCell(text: string): string {
  return csvField(/^[=+\-@]/.test(text) ? `'${text}` : text);
}

/**
 * Writes problems to a CSV for Dutch Excel (BOM, ';', CRLF) as they come, in 64 KB blocks with
 * synchronous writes, so a file with millions of problems costs no memory.
 */
export class ProblemFileWriter {
  private readonly file: string;
  private fd: number;
  private buffer = '\uFEFFrij;kolom;melding\r\n';

  constructor() {
    mkdirSync(PROBLEMS_DIR, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(PROBLEMS_DIR)) {
      const old = path.join(PROBLEMS_DIR, name);
      try {
        if (Date.now() - statSync(old).mtimeMs > KEEP_MS) rmSync(old, { force: true });
      } catch {
        // Removed by another process meanwhile.
      }
    }
    this.file = path.join(PROBLEMS_DIR, `bezig-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.csv`);
    this.fd = openSync(this.file, 'w', 0o600);
  }

  add(p: ImportProblem): void {
    this.buffer += `${p.row};${safeCell(p.column)};${safeCell(p.message)}\r\n`;
    if (this.buffer.length > 64 * 1024) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  /** Keeps the file under the run's number, or removes it (a successful run has no problems). */
  finish(run: RunRef | undefined): void {
    this.flush();
    closeSync(this.fd);
    if (run === undefined) rmSync(this.file, { force: true });
    else renameSync(this.file, problemFilePath(run));
  }

  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    rmSync(this.file, { force: true });
  }
}

export function hasProblemFile(run: RunRef): boolean {
  return existsSync(problemFilePath(run));
}
