/**
 * End-to-end specs on PostgreSQL: the demo server of e2e/playwright.config.ts on a fresh schema in the
 * database of TEST_DATABASE_URL_PG (E2E_DATABASE_URL), seeded on start like the SQLite run; the
 * schema is dropped afterwards. Default: the district journey. Not part of npm test: seeding the
 * national demo into PostgreSQL takes minutes.
 *   npm run test:e2e:pg [-- <spec>...]
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../src/config.ts';

if (!process.env.TEST_DATABASE_URL_PG) {
  console.error('TEST_DATABASE_URL_PG is niet gezet. Start PostgreSQL met: eval "$(bash server/scripts/ci-postgres.sh)"');
  process.exit(1);
}
// Imported only now: the module checks the server it is pointed at when it loads.
const { createPostgresSchema } = await import('../src/test-support/databases.ts');

const specs = process.argv.slice(2);
const schema = await createPostgresSchema();
console.log(`E2E op PostgreSQL: ${schema.url.replace(/\/\/[^@]*@/, '//')}`);
let status = 1;
try {
  const result = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--project=chromium', ...(specs.length > 0 ? specs : ['districts.spec.ts'])], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, E2E_DATABASE_URL: schema.url },
  });
  status = result.status ?? 1;
} finally {
  await schema.drop();
}
process.exit(status);
