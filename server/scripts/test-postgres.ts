/**
 * Runs the fixture-based suites (routers, auth, export) a second time on PostgreSQL. The suites that
 * parametrize themselves over both backends already ran in the main Vitest pass.
 * Without TEST_DATABASE_URL_PG this skips with a visible message locally and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../src/config.ts';

if (!process.env.TEST_DATABASE_URL_PG) {
  const message = 'PostgreSQL niet bereikbaar (TEST_DATABASE_URL_PG niet gezet): PostgreSQL-tests overgeslagen. '
    + 'Start PostgreSQL met: eval "$(bash server/scripts/ci-postgres.sh)"';
  if (process.env.CI === 'true') {
    console.error(`${message}\nIn CI is PostgreSQL verplicht.`);
    process.exit(1);
  }
  console.warn(message);
  process.exit(0);
}

const result = spawnSync('npx', ['vitest', 'run', 'server/src/routers', 'server/src/auth', 'server/src/export'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, TEST_BACKEND: 'postgres' },
});
process.exit(result.status ?? 1);
