/**
 * npm run db:seed [-- --force] [--seed N] [--scale N] [--regions GG0111,GG3406]
 * Migrates, then loads the synthetic demo dataset. Refuses a database that already holds data unless
 * --force, which first empties the data tables (one transaction). Honours DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';
import { ensureReferenceGeography } from '../src/db/reference-geography.ts';
import { clearData, countDataRows, seedDemoData } from '../src/seed/demo-seed.ts';

const nf = new Intl.NumberFormat('nl-NL');

function numberOption(name: string, raw: string | undefined, check: (n: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(',', '.'));
  if (!Number.isFinite(n) || !check(n)) {
    console.error(`Ongeldige waarde voor --${name}: "${raw}"`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    seed: { type: 'string' },
    scale: { type: 'string' },
    regions: { type: 'string' },
  },
  allowPositionals: false,
});
const seed = numberOption('seed', values.seed, (n) => Number.isInteger(n) && n >= 0);
const scale = numberOption('scale', values.scale, (n) => n > 0 && n <= 100);
const regions = values.regions?.split(',').map((r) => r.trim()).filter(Boolean);

const config = loadConfig();
const db = await openDb(config.databaseUrl);
let exitCode = 0;
try {
  await prepareDatabase(db);
  const before = await countDataRows(db);
  // The reference geography is in every prepared database; it is no data of its own.
  const filled = Object.entries(before).filter(([t, n]) => n > 0 && !['province', 'region', 'municipality'].includes(t));
  if (filled.length > 0 && !values.force) {
    console.error(`De database bevat al gegevens (${filled.map(([t, n]) => `${t}: ${nf.format(n)}`).join(', ')}).`);
    console.error('Gebruik --force om alle gegevens te wissen en opnieuw demodata te laden.');
    exitCode = 1;
  } else {
    if (filled.length > 0) {
      console.log('Bestaande gegevens wissen…');
      await clearData(db);
    }
    const summary = await seedDemoData(db, { seed, scale, regions, onProgress: (m) => console.log(m) });
    // clearData emptied the geography too; the demo wrote only its own regions back.
    await ensureReferenceGeography(db.kysely);
    console.log('\nRijen per tabel:');
    for (const [table, n] of Object.entries(summary.rows)) console.log(`  ${table.padEnd(24)} ${nf.format(n).padStart(12)}`);
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    console.log(`  ${'totaal'.padEnd(24)} ${nf.format(total).padStart(12)}`);
    console.log(`Seed ${summary.seed}, schaal ${summary.scale}, ${summary.seconds.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} s.`);
  }
} catch (error) {
  console.error(`Demodata laden mislukt: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
