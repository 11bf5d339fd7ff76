/**
 * npm run db:remove-demo
 * Removes the synthetic demo dataset (schools and all their facts, demo accounts, the synthetic
 * banner) in one transaction, so that real data can be imported. Honours DATABASE_URL.
 */
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';
import { audit } from '../src/auth/audit.ts';
import { DemoRemovalRefusedError, removeDemoData } from '../src/seed/remove-demo.ts';

const nf = new Intl.NumberFormat('nl-NL');
const config = loadConfig();
const db = await openDb(config.databaseUrl);
let exitCode = 0;
try {
  await prepareDatabase(db);
  console.log('Demodata verwijderen…');
  const removed = await removeDemoData(db, (p) => { if (p.name) console.log(`dashboardcijfers bijwerken: stap ${p.done + 1} van ${p.total}`); });
  await audit(db, { action: 'demo_removed', email: 'opdrachtregel', detail: `${removed.schools} demoscholen, ${removed.accounts} demo-accounts` });
  console.log(`Demodata verwijderd: ${nf.format(removed.schools)} demoscholen met al hun gegevens en ${nf.format(removed.accounts)} demo-accounts. ` +
    'De database is leeg en klaar voor echte gegevens (zie docs/import.md); start de app voortaan met SEED_DEMO=false.');
} catch (error) {
  if (!(error instanceof DemoRemovalRefusedError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await db.close();
}
process.exit(exitCode);
