import { loadConfig } from './config.ts';
import { openDb } from './db/connection.ts';
import { prepareDatabase } from './db/migrate.ts';
import { holdsNoData } from './data/dataset.repository.ts';
import { SCAN_PART } from './data/disclosure.ts';
import { createApp } from './app.ts';
import { logger } from './logger.ts';

const config = loadConfig();
const db = await openDb(config.databaseUrl, { sqliteCacheMb: config.sqliteCacheMb });
await prepareDatabase(db);

// Only a database that never held anything gets the demo: not one with imported data (schools or
// only capacity), nor one whose demo was removed on purpose.
if (config.seedDemo && (await holdsNoData(db))) {
  logger.info('Lege database: synthetische demodata wordt aangemaakt (eenmalig, ongeveer een minuut)…');
  const { seedDemoData } = await import('./seed/demo-seed.ts');
  await seedDemoData(db, { onProgress: (msg) => logger.info(msg) });
}

// A demo made by an older generator (other calibration, catalogue) is replaced by the current one.
if (config.seedDemo) {
  const { refreshOutdatedDemo } = await import('./seed/demo-seed.ts');
  await refreshOutdatedDemo(db, (msg) => logger.info(msg));
}

// A database from before the publication layer (or before its scan table) has rollups but lacks
// stored decisions, and would publish nothing of them: take them once (the rebuild after an import).
if (!(await db.kysely.selectFrom('disclosure_cell').select('school_year').where('part', '=', SCAN_PART).limit(1).executeTakeFirst())
  && (await db.kysely.selectFrom('rollup_cell').select('school_year').limit(1).executeTakeFirst())) {
  logger.info('Publicatiebeslissingen ontbreken: afgeleide tabellen worden opnieuw opgebouwd…');
  const { refreshRollups } = await import('./rollups/index.ts');
  await refreshRollups(db, { minCellSchools: config.minCellSchools });
}

// Demo accounts exist only while the synthetic demo data is loaded (and are removed otherwise).
const { syncDemoAccounts } = await import('./auth/demo-accounts.ts');
if ((await syncDemoAccounts(db)) === 'created') logger.info('Demo-accounts aangemaakt (zie de inlogpagina)');

const server = createApp(db, config, logger).listen(config.port, config.host, () => {
  logger.info(`Regiodashboard draait op http://${config.host}:${config.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => void db.close().then(() => process.exit(0)));
  });
}
