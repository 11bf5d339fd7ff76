/**
 * npm run db:rebuild
 * Rebuilds every derived table (the rollups the dashboard reads) from the stored data, in one
 * transaction: readers see the old figures until the new ones are complete. Honours DATABASE_URL.
 */
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';
import { refreshRollups } from '../src/rollups/index.ts';

const config = loadConfig();
const db = await openDb(config.databaseUrl);
try {
  await prepareDatabase(db);
  const started = performance.now();
  await refreshRollups(db, undefined, (p) => {
    if (p.name) console.log(`dashboardcijfers opnieuw opbouwen: stap ${p.done + 1} van ${p.total}`);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`Dashboardcijfers opnieuw opgebouwd in ${seconds.toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s.`);
} finally {
  await db.close();
}
