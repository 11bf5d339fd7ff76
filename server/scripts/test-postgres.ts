/**
 * Runs the fixture-based suites (routers, auth, export) a second time on PostgreSQL. The suites that
 * parametrize themselves over both backends already ran in the main Vitest pass.
 * Without TEST_DATABASE_URL_PG this skips with a visible message locally and fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
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

/**
 * The test files of these folders that run anything on the default backend. A file whose every
 * suite is `describe.each(TEST_BACKENDS)` already ran on PostgreSQL in the main pass: running it
 * again here would only repeat both backends (the districts' attacks alone take minutes).
 */
const files = ['server/src/routers', 'server/src/auth', 'server/src/export'].flatMap((folder) =>
  readdirSync(path.join(REPO_ROOT, folder)).filter((name) => name.endsWith('.test.ts')).map((name) => `${folder}/${name}`))
  .filter((file) => !parametrizedOnly(readFileSync(path.join(REPO_ROOT, file), 'utf8')));

/** Every top-level suite or test of the file is `describe.each(TEST_BACKENDS)` (the files start them at the line's start). */
function parametrizedOnly(text: string): boolean {
  const topLevel = text.match(/^(describe|it|test)\b.*$/gm) ?? [];
  return topLevel.length > 0 && topLevel.every((line) => line.startsWith('describe.each(TEST_BACKENDS)('));
}

const result = spawnSync('npx', ['vitest', 'run', ...files], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, TEST_BACKEND: 'postgres' },
});
process.exit(result.status ?? 1);
