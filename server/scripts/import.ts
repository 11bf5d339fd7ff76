/**
 * npm run import -- <soort> <bestand> [--user <naam of e-mail>]
 * npm run import -- --list [--limit N]
 * npm run import -- --undo <nummer> [--user <naam of e-mail>]
 * Imports one CSV or XLSX file (docs/import.md) into the database of DATABASE_URL, lists the import
 * history, or undoes one import. Exit code 0 on success, 1 when the file has problems (then nothing
 * is written), cannot be read, or the undo is refused; 2 on wrong arguments.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_KINDS, importKindSchema } from '@rd/shared';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';
import { formatProblem, importFile, type ImportProgress, type ImportResult } from '../src/import/import-file.ts';
import { ImportRefusedError, resolvePseudonymSecret } from '../src/import/import-guards.ts';
import { findUserByEmail } from '../src/auth/accounts.ts';
import type { Db } from '../src/db/connection.ts';
import { auditImport, auditRefusedImport, auditUndo, listRuns, osActor, type ImportActor } from '../src/import/runs.ts';
import { UndoRefusedError, undoImportRun } from '../src/import/undo.ts';

const USAGE = `Gebruik: npm run import -- <soort> <bestand> [--user <naam of e-mail>]
       npm run import -- --list [--limit N]
       npm run import -- --undo <nummer> [--user <naam of e-mail>]
  soort:   ${IMPORT_KINDS.join(', ')}
  bestand: CSV (; of ,) of XLSX, zie docs/import.md
  --user:  wie importeert (in de importgeschiedenis en de auditlog); standaard de gebruiker van het besturingssysteem
  --list:  de importgeschiedenis, nieuwste eerst (standaard de laatste 50)
  --undo:  maak een import uit de geschiedenis ongedaan`;

const nl = (n: number, digits = 0) => n.toLocaleString('nl-NL', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Options anywhere on the line; what remains are the positional arguments. */
function parseArgs(argv: string[]): { positional: string[]; options: Map<string, string | true> } | { error: string } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--list') options.set('list', true);
    else if (arg === '--user' || arg === '--undo' || arg === '--limit') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return { error: `${arg} verwacht een waarde` };
      options.set(arg.slice(2), value);
    } else if (arg.startsWith('--')) return { error: `Onbekende optie ${arg}` };
    else positional.push(arg);
  }
  return { positional, options };
}

/** --user names an account by its e-mail address, or is just a name; without it the OS user. */
async function actor(db: Db, user: string | true | undefined): Promise<ImportActor> {
  if (typeof user !== 'string') return osActor();
  const account = user.includes('@') ? await findUserByEmail(db, user.trim().toLowerCase()) : undefined;
  return account ? { userId: account.id, name: account.name, email: account.email } : { userId: null, name: user.trim(), email: null };
}

const RESULT_LABELS = { geslaagd: 'geslaagd', mislukt: 'mislukt', ongedaan: 'ongedaan gemaakt' } as const;

async function list(db: Db, limit: number): Promise<number> {
  const runs = await listRuns(db.kysely, { limit });
  if (runs.length === 0) {
    console.log('Er is nog niets geïmporteerd.');
    return 0;
  }
  const when = (iso: string) => new Date(iso).toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'short' });
  const rows = runs.map((r) => [
    String(r.id), when(r.startedAt), r.userName ?? 'onbekend', r.kind, r.fileName, nl(r.rows),
    r.result === 'mislukt' ? `mislukt (${nl(r.problemCount)} ${r.problemCount === 1 ? 'probleem' : 'problemen'})`
      : r.result === 'ongedaan' ? `ongedaan gemaakt${r.undoneBy ? ` door ${r.undoneBy}` : ''}`
      : `${RESULT_LABELS[r.result]}: ${nl(r.inserted ?? 0)} nieuw, ${nl(r.updated ?? 0)} gewijzigd, ${nl(r.unchanged ?? 0)} ongewijzigd${r.canUndo ? '' : ' (niet ongedaan te maken)'}`,
  ]);
  const header = ['nr', 'wanneer', 'wie', 'soort', 'bestand', 'rijen', 'resultaat'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const line of [header, ...rows]) console.log(line.map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
  return 0;
}

async function undo(db: Db, runArg: string, by: ImportActor): Promise<number> {
  if (!/^\d+$/.test(runArg)) {
    console.error(`--undo verwacht het nummer van een import (zie npm run import -- --list), niet "${runArg}".`);
    return 2;
  }
  try {
    const undone = await undoImportRun(db, Number(runArg), by);
    await auditUndo(db, by, null, undone);
    console.log(`Import ${undone.runId} (${undone.kind} ${undone.fileName}) is ongedaan gemaakt: ${nl(undone.deleted)} rijen verwijderd, ` +
      `${nl(undone.restored)} rijen teruggezet; het dashboard is bijgewerkt.`);
    return 0;
  } catch (error) {
    if (!(error instanceof UndoRefusedError)) throw error;
    console.error(error.message);
    return 1;
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ('error' in args) {
    console.error(`${args.error}.\n${USAGE}`);
    return 2;
  }
  const { options } = args;
  if (options.has('list') || options.has('undo')) {
    if (args.positional.length > 0 || (options.has('list') && options.has('undo'))) {
      console.error(USAGE);
      return 2;
    }
    const limit = Number(options.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1) {
      console.error('--limit verwacht een positief geheel getal.');
      return 2;
    }
    const db = await openDb(loadConfig().databaseUrl);
    try {
      await prepareDatabase(db);
      return options.has('list') ? await list(db, limit) : await undo(db, String(options.get('undo')), await actor(db, options.get('user')));
    } finally {
      await db.close();
    }
  }
  const [kindArg, fileArg] = args.positional;
  const kind = importKindSchema.safeParse(kindArg);
  if (!kind.success || !fileArg) {
    console.error(kindArg && !kind.success ? `Onbekende soort "${kindArg}".\n${USAGE}` : USAGE);
    return 2;
  }
  // npm runs workspace scripts in server/; INIT_CWD is where the user typed the command.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), fileArg);
  if (!existsSync(file)) {
    console.error(`Bestand niet gevonden: ${file}`);
    return 1;
  }
  const config = loadConfig();
  const db = await openDb(config.databaseUrl);
  try {
    await prepareDatabase(db);
    const by = await actor(db, options.get('user'));
    const started = performance.now();
    let lastShown = 0;
    const tty = process.stderr.isTTY;
    const show = (p: ImportProgress, force = false) => {
      const now = performance.now();
      // A few times per second on a terminal, every few seconds in a log.
      if (!force && now - lastShown < (tty ? 250 : 3000)) return;
      lastShown = now;
      const seconds = (now - started) / 1000;
      const pct = p.totalBytes && p.bytesRead !== undefined ? ` (${nl((100 * p.bytesRead) / p.totalBytes)}%)` : '';
      const rate = seconds > 0 ? `, ${nl(p.rowsRead / seconds)} rijen/s` : '';
      const line = p.phase === 'samenvatten' && p.rollups
        ? `dashboardcijfers bijwerken: ${p.rollups.name ? `stap ${p.rollups.done + 1} van ${p.rollups.total}` : 'klaar'}, ${nl(seconds, 1)} s`
        : `${p.phase}: ${nl(p.rowsRead)} rijen${pct}${rate}`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    };
    let result: ImportResult;
    try {
      // Every refresh step is shown: it is the part of a small file that takes the longest.
      result = await importFile(db, kind.data, { path: file }, {
        secret: () => resolvePseudonymSecret(db),
        schoolYears: config.importSchoolYears,
        by,
        onProgress: (p) => show(p, p.phase === 'samenvatten'),
      });
    } catch (err) {
      if (!(err instanceof ImportRefusedError)) throw err;
      if (tty && lastShown > 0) process.stderr.write('\n');
      await auditRefusedImport(db, by, null, kind.data, path.basename(file), err);
      console.error(err.message);
      return 1;
    }
    await auditImport(db, by, null, kind.data, path.basename(file), result);
    if (tty && lastShown > 0) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    if (result.warningCount > 0) {
      for (const w of result.warnings) console.error(`waarschuwing: ${formatProblem(w)}`);
      const rest = result.warningCount - result.warnings.length;
      if (rest > 0) console.error(`… en nog ${nl(rest)} waarschuwingen (alleen de eerste ${nl(result.warnings.length)} zijn getoond).`);
      console.error(`${nl(result.warningCount)} ${result.warningCount === 1 ? 'waarschuwing' : 'waarschuwingen'}: ongebruikelijke waarden die ${result.ok ? 'wel zijn geïmporteerd' : 'bij een geslaagde import wel worden geïmporteerd'}; controleer ze.\n`);
    }
    if (result.ok) {
      console.log(`Import ${result.runId} (${kind.data}) geslaagd: ${nl(result.rows)} rijen in ${nl(seconds, 1)} s ` +
        `(${nl(result.inserted)} nieuw, ${nl(result.updated)} gewijzigd, ${nl(result.unchanged)} ongewijzigd). ` +
        `Ongedaan maken: npm run import -- --undo ${result.runId}`);
      return 0;
    }
    for (const p of result.problems) console.error(formatProblem(p));
    const rest = result.problemCount - result.problems.length;
    if (rest > 0) console.error(`… en nog ${nl(rest)} problemen (alleen de eerste ${nl(result.problems.length)} zijn getoond).`);
    console.error(`\n${nl(result.problemCount)} ${result.problemCount === 1 ? 'probleem' : 'problemen'} in ${path.basename(file)}. ` +
      'Er is niets geschreven: de database is ongewijzigd.\n' +
      'Herstel de genoemde rijen en kolommen (zie docs/import.md voor het formaat) en importeer het hele bestand opnieuw.');
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
