/**
 * Report bench: time to produce a GGD-region PDF at national scale (target ≤ 3 s).
 * Seeds the national demo dataset into a temp SQLite file (or uses --database FILE), builds the
 * client when dist/client is missing, starts the private loopback report server and renders the
 * region report: once cold (browser start included) and --runs times warm; prints each and the median.
 *
 *   npm run bench:report -- [--region GG3406] [--year 2024-2025] [--runs 5] [--database FILE]
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { logger } from '../src/logger.ts';
import { seedDemoData } from '../src/seed/demo-seed.ts';
import { countSchools } from '../src/data/dataset.repository.ts';
import { createReportRenderer } from '../src/report/renderer.ts';
import { CLIENT_DIR, startReportServer, systemCaller } from '../src/report/report-server.ts';
import { parseExportFilters } from '../src/export/service.ts';

const { values } = parseArgs({
  options: {
    region: { type: 'string', default: 'GG3406' },
    year: { type: 'string' },
    runs: { type: 'string', default: '5' },
    database: { type: 'string' },
  },
});
const runs = Math.max(1, Number(values.runs));

if (!existsSync(path.join(CLIENT_DIR, 'index.html'))) {
  console.error('Client bouwen (dist/client ontbreekt)…');
  execSync('npx vite build --logLevel warn', { cwd: REPO_ROOT, stdio: 'inherit' });
}

const tempDir = values.database ? null : mkdtempSync(path.join(tmpdir(), 'rd-bench-report-'));
const file = values.database ?? path.join(tempDir!, 'bench.sqlite');
const config = loadConfig({ ...process.env, DATABASE_URL: file });
const db = await openDb(file);
await migrateToLatest(db);
if ((await countSchools(db)) === 0) {
  const t = Date.now();
  const summary = await seedDemoData(db);
  console.error(`Landelijke demodata geladen in ${((Date.now() - t) / 1000).toFixed(1)} s (${summary.regions.length} regio's).`);
}
const caller = systemCaller(db, config);
const filters = await parseExportFilters(caller, { regio: values.region, jaar: values.year });
const server = await startReportServer(db, config, logger);
const renderer = createReportRenderer(logger, config.chromiumPath);

const timings: number[] = [];
let pages = 0;
let bytes = 0;
try {
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const pdf = await renderer.render('region', values.region!, filters, { baseUrl: server.baseUrl, cookie: null });
    const ms = performance.now() - t;
    bytes = pdf.body.length;
    pages = (pdf.body.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`${i === 0 ? 'koud (browserstart)' : `warm ${i}`}: ${(ms / 1000).toFixed(2)} s`);
    if (i > 0) timings.push(ms);
  }
} finally {
  await renderer.close();
  await server.close();
  await db.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)]!;
console.log(`Regio-PDF ${values.region} ${filters.schoolYear}, landelijke schaal: mediaan warm ${(median / 1000).toFixed(2)} s over ${runs} runs; ${pages} pagina's, ${(bytes / 1024).toFixed(0)} kB ` +
  `(doel ≤ 3 s; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})`);
