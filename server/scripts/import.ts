/**
 * npm run import -- <soort> <bestand>
 * Imports one CSV or XLSX file (docs/import.md) into the database of DATABASE_URL. Exit code 0 on
 * success, 1 when the file has problems (then nothing is written) or cannot be read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_KINDS, importKindSchema } from '@rd/shared';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';
import { formatProblem, importFile, type ImportProgress } from '../src/import/import-file.ts';
import { ImportRefusedError, resolvePseudonymSecret } from '../src/import/import-guards.ts';
import { audit } from '../src/auth/audit.ts';

const USAGE = `Gebruik: npm run import -- <soort> <bestand>
  soort:   ${IMPORT_KINDS.join(', ')}
  bestand: CSV (; of ,) of XLSX, zie docs/import.md`;

const nl = (n: number, digits = 0) => n.toLocaleString('nl-NL', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<number> {
  const [kindArg, fileArg] = process.argv.slice(2);
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
    let result;
    try {
      // Every refresh step is shown: it is the part of a small file that takes the longest.
      const secret = await resolvePseudonymSecret(db);
      result = await importFile(db, kind.data, { path: file }, {
        secret,
        schoolYears: config.importSchoolYears,
        onProgress: (p) => show(p, p.phase === 'samenvatten'),
      });
    } catch (err) {
      if (!(err instanceof ImportRefusedError)) throw err;
      if (tty && lastShown > 0) process.stderr.write('\n');
      console.error(err.message);
      return 1;
    }
    if (tty && lastShown > 0) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    if (result.warningCount > 0) {
      for (const w of result.warnings) console.error(`waarschuwing: ${formatProblem(w)}`);
      const rest = result.warningCount - result.warnings.length;
      if (rest > 0) console.error(`… en nog ${nl(rest)} waarschuwingen (alleen de eerste ${nl(result.warnings.length)} zijn getoond).`);
      console.error(`${nl(result.warningCount)} ${result.warningCount === 1 ? 'waarschuwing' : 'waarschuwingen'}: ongebruikelijke waarden die ${result.ok ? 'wel zijn geïmporteerd' : 'bij een geslaagde import wel worden geïmporteerd'}; controleer ze.\n`);
    }
    if (result.ok) {
      await audit(db, { action: 'import', email: 'opdrachtregel', detail: `${kind.data} ${path.basename(file)}: ${result.rows} rijen` });
      console.log(`Import ${kind.data} geslaagd: ${nl(result.rows)} rijen in ${nl(seconds, 1)} s ` +
        `(${nl(result.inserted)} nieuw, ${nl(result.updated)} gewijzigd, ${nl(result.unchanged)} ongewijzigd).`);
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
