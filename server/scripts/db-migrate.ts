import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';

const config = loadConfig();
const db = await openDb(config.databaseUrl);
try {
  const { results } = await prepareDatabase(db);
  if (!results?.length) console.log('Database is al bijgewerkt.');
  for (const r of results ?? []) console.log(`${r.status === 'Success' ? '✓' : '✗'} ${r.migrationName}`);
} finally {
  await db.close();
}
