/**
 * Batch PDF (or XLSX) reports from the command line, for coordinators who need every report of a region:
 *   npm run report -- --region GG3406 --year 2024-2025 --out rapport.pdf
 *   npm run report -- --municipality GM0363 [--sector po] --out amsterdam.pdf
 *   npm run report -- --all-municipalities-of GG3406 --year 2024-2025 --out-dir rapporten [--format xlsx]
 * Reads DATABASE_URL like the server. Starts nothing public: the print pages are served on a random
 * loopback port inside this process. Needs the built client (npm run build). Paths are relative to
 * where npm was run (INIT_CWD).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { logger } from '../src/logger.ts';
import { createReportRenderer } from '../src/report/renderer.ts';
import { startReportServer, systemCaller } from '../src/report/report-server.ts';
import { exportReportWorkbook, parseExportFilters, fileSlug } from '../src/export/service.ts';
import { recordExport } from '../src/export/record-export.ts';

const cwd = process.env.INIT_CWD ?? process.cwd();
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const { values } = parseArgs({
  options: {
    region: { type: 'string' },
    municipality: { type: 'string' },
    'all-municipalities-of': { type: 'string' },
    year: { type: 'string' },
    sector: { type: 'string', default: 'all' },
    out: { type: 'string' },
    'out-dir': { type: 'string' },
    format: { type: 'string' },
  },
  allowPositionals: false,
});

const chosen = [values.region, values.municipality, values['all-municipalities-of']].filter(Boolean).length;
if (chosen !== 1) fail('Kies precies één van --region GGxxxx, --municipality GMxxxx of --all-municipalities-of GGxxxx.');
const batch = values['all-municipalities-of'];
if (batch && !values['out-dir']) fail('Met --all-municipalities-of hoort --out-dir <map>.');
if (!batch && !values.out) fail('Geef --out <bestand.pdf> op.');
const format = (values.format ?? (values.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'pdf')) as 'pdf' | 'xlsx';
if (format !== 'pdf' && format !== 'xlsx') fail(`Onbekend formaat "${values.format}": kies pdf of xlsx.`);

const config = loadConfig();
const db = await openDb(config.databaseUrl);
const caller = systemCaller(db, config);
const renderer = format === 'pdf' ? createReportRenderer(logger, config.chromiumPath) : null;
const server = format === 'pdf' ? await startReportServer(db, config, logger).catch((e: Error) => fail(e.message)) : null;
let exitCode = 0;

try {
  const jobs: { kind: 'region' | 'municipality'; code: string; out: string | null }[] = [];
  if (batch) {
    const municipalities = await caller.geography.municipalities({ regionCode: batch });
    for (const m of municipalities) jobs.push({ kind: 'municipality', code: m.code, out: null });
    jobs.unshift({ kind: 'region', code: batch, out: null });
  } else if (values.region) jobs.push({ kind: 'region', code: values.region, out: path.resolve(cwd, values.out!) });
  else jobs.push({ kind: 'municipality', code: values.municipality!, out: path.resolve(cwd, values.out!) });

  const outDir = batch ? path.resolve(cwd, values['out-dir']!) : null;
  if (outDir) mkdirSync(outDir, { recursive: true });
  let n = 0;
  for (const job of jobs) {
    n++;
    const started = Date.now();
    const filters = await parseExportFilters(caller, { jaar: values.year, sector: values.sector, [job.kind === 'region' ? 'regio' : 'gemeente']: job.code });
    // Unknown codes fail here with a Dutch message, before a browser is involved.
    const key = await caller.overview.keyFigures({ scope: filters.scope, schoolYear: filters.schoolYear, sector: filters.sector });
    const file = format === 'xlsx'
      ? await exportReportWorkbook(caller, filters)
      : await renderer!.render(job.kind, job.code, filters, { baseUrl: server!.baseUrl, cookie: null });
    const out = job.out ?? path.join(outDir!, `${fileSlug(job.code, key.scope.name, filters.schoolYear, filters.sector)}.${format}`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, file.body);
    await recordExport(db, { user: { userId: null, email: 'opdrachtregel' }, ip: null, table: `rapport-${job.kind}`, scope: job.code, format, schoolYear: filters.schoolYear, sector: filters.sector, url: 'npm run report' });
    console.error(`[${n}/${jobs.length}] ${key.scope.name}: ${path.relative(cwd, out)} (${(file.body.length / 1024).toFixed(0)} kB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
} catch (error) {
  console.error(`Rapport maken mislukt: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await renderer?.close();
  await server?.close();
  await db.close();
}
process.exit(exitCode);
