/**
 * Starts the server. The first process prepares the database (migrations, first seed, stored
 * decisions, demo accounts); then WORKERS processes (default: one per core) serve the same port,
 * each with its own connection (SQLite in WAL mode: readers never wait for each other) and its own
 * answer cache. Everything they must agree on lives in the database: sessions, the login limit, the
 * data version that retires cached answers. WORKERS=1 serves from this one process.
 */
import cluster from 'node:cluster';
import { loadConfig, type AppConfig } from './config.ts';
import { openDb } from './db/connection.ts';
import { prepareDatabase } from './db/migrate.ts';
import { holdsNoData } from './data/dataset.repository.ts';
import { SCAN_PART, keepDecisionsWarm } from './data/disclosure.ts';
import { createApp } from './app.ts';
import { ResponseCache } from './response-cache.ts';
import { logger } from './logger.ts';

const config = loadConfig();

async function prepare(): Promise<void> {
  const db = await openDb(config.databaseUrl, { sqliteCacheMb: config.sqliteCacheMb });
  try {
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
  } finally {
    await db.close();
  }
}

async function serve(appConfig: AppConfig): Promise<void> {
  const db = await openDb(appConfig.databaseUrl, { sqliteCacheMb: appConfig.sqliteCacheMb });
  const responseCache = new ResponseCache(db, appConfig.responseCacheMb * 1_000_000);
  // In the background: the first questions after a start or an import need not read their decisions.
  void keepDecisionsWarm(db.kysely, (error) => logger.warn({ err: error }, 'publicatiebeslissingen niet vooraf gelezen'));
  const server = createApp(db, appConfig, logger, { responseCache }).listen(appConfig.port, appConfig.host, () => {
    if (cluster.isPrimary) logger.info(`Regiodashboard draait op http://${appConfig.host}:${appConfig.port}`);
    else logger.info('serverproces luistert');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // How well the cache served this process (bench:load adds them up).
      logger.info({ responseCache: responseCache.stats() }, 'antwoordcache');
      server.close(() => void db.close().then(() => process.exit(0)));
    });
  }
}

/** Forks the workers, replaces one that dies, and stops them all on SIGINT/SIGTERM. */
function supervise(workers: number): void {
  let stopping = false;
  let listening = 0;
  let restarts: number[] = [];
  cluster.on('listening', () => {
    if (++listening === workers) logger.info(`Regiodashboard draait op http://${config.host}:${config.port} (${workers} processen)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    const now = Date.now();
    restarts = [...restarts.filter((at) => now - at < 60_000), now];
    // A process that dies at once will die again: stop instead of forking forever.
    if (restarts.length > 2 * workers) {
      logger.fatal({ pid: worker.process.pid, code, signal }, 'serverprocessen stoppen steeds direct; de server stopt');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'serverproces gestopt; een nieuw wordt gestart');
    cluster.fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  }
  for (let i = 0; i < workers; i++) cluster.fork();
}

if (cluster.isPrimary) {
  await prepare();
  if (config.workers <= 1) await serve(config);
  else supervise(config.workers);
} else {
  await serve(config);
}
