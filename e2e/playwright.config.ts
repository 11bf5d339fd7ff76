import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { REAL_DATA_BEHEERDER } from './tests/helpers.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.E2E_PORT ?? 4817);
// A fresh database per run: the server seeds the synthetic demo data into it on start.
const dbDir = process.env.E2E_DB_DIR ?? (process.env.E2E_DB_DIR = mkdtempSync(path.join(tmpdir(), 'rd-e2e-')));
const databaseUrl = process.env.E2E_DATABASE_URL ?? path.join(dbDir, 'e2e.sqlite');
// Real data may not go into the demo database, so importing it is tested on a second server with a
// fresh database that is never seeded (SEED_DEMO=false, as when going live): only the reference
// geography and one beheerder account, made with npm run user:create.
const realDataPort = Number(process.env.E2E_REAL_DATA_PORT ?? port + 1);
// The pseudonym keys stay with the run's databases, out of the checkout's data/local.
const secretFile = (name: string) => path.join(dbDir, `${name}.secret`);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
/** Both servers run from the checkout, quietly, and can be reused when started by hand (E2E_REUSE_SERVER). */
const serverDefaults = { cwd: repoRoot, reuseExistingServer: !!process.env.E2E_REUSE_SERVER, stdout: 'ignore', stderr: 'pipe' } as const;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: path.join(tmpdir(), 'rd-e2e-results'),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1360, height: 900 },
    trace: 'off',
    launchOptions: {
      // Debian's Chromium; never download browsers.
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' }, testIgnore: /real-data/ },
    { name: 'echte-gegevens', use: { browserName: 'chromium', baseURL: `http://127.0.0.1:${realDataPort}` }, testMatch: /real-data/ },
  ],
  webServer: [{
    // The real app: client build, then the server (migrates, seeds an empty database, serves dist/client).
    ...serverDefaults,
    command: 'npx vite build --logLevel warn && npx tsx server/src/main.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 400_000,
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PSEUDONYM_SECRET_FILE: secretFile('demo') },
  }, {
    // Started after the first server, so the client is built already. user:create prepares the database.
    command: `printf '%s' "$E2E_BEHEERDER_PASSWORD" | npx tsx server/scripts/user-create.ts --role beheerder --scope NL ` +
      `--email ${REAL_DATA_BEHEERDER.email} --name '${REAL_DATA_BEHEERDER.name}' --password-stdin && npx tsx server/src/main.ts`,
    ...serverDefaults,
    url: `http://127.0.0.1:${realDataPort}/healthz`,
    timeout: 120_000,
    env: {
      PORT: String(realDataPort), HOST: '127.0.0.1', DATABASE_URL: path.join(dbDir, 'echte-gegevens.sqlite'), LOG_LEVEL: 'warn',
      SEED_DEMO: 'false', PSEUDONYM_SECRET_FILE: secretFile('echte-gegevens'), E2E_BEHEERDER_PASSWORD: REAL_DATA_BEHEERDER.password,
    },
  }],
});
