/**
 * What must hold before real data goes into a database, checked inside the import's transaction:
 * never into the synthetic demo dataset, and never with a pseudonym key other than the one the
 * database's schools were made with (a different key turns every known school into a new one).
 * The key's fingerprint is stored with the first successful import.
 */
import type { Kysely } from 'kysely';
import { generatePseudonymSecret, pseudonymSecretFile, readPseudonymSecret } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/connection.ts';
import { pseudonymKeyFingerprint } from './pseudonym.ts';

/** The import was refused as a whole before anything was written; the message says what to do. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
}

const REMOVE_DEMO_COMMAND = 'npm run db:remove-demo';
const FINGERPRINT_KEY = 'pseudonym_key_fingerprint';
const nl = (n: number) => n.toLocaleString('nl-NL');

async function meta(trx: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await trx.selectFrom('dataset_meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

async function countSchools(trx: Kysely<Database>): Promise<number> {
  const row = await trx.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Throws ImportRefusedError when this database may not take an import with this key. */
export async function assertImportAllowed(trx: Kysely<Database>, secret: string): Promise<void> {
  if ((await meta(trx, 'synthetic')) === 'true') {
    throw new ImportRefusedError(
      'Deze database bevat de synthetische demodata. Echte gegevens en demodata mogen niet door elkaar staan, ' +
      'daarom is er niets geïmporteerd. Verwijder eerst de demodata (demoscholen met al hun gegevens, de demo-accounts ' +
      `en de melding over synthetische data) met \`${REMOVE_DEMO_COMMAND}\`, of importeer in een nieuwe, lege database ` +
      '(start de app daarvoor met SEED_DEMO=false).',
    );
  }
  const stored = await meta(trx, FINGERPRINT_KEY);
  if (stored === undefined || stored === pseudonymKeyFingerprint(secret)) return;
  const schools = await countSchools(trx);
  if (schools === 0) return;
  throw new ImportRefusedError(
    `Het geheim voor de pseudoniemen hoort niet bij deze database: de ${nl(schools)} scholen in de database zijn met een ander geheim ` +
    'gepseudonimiseerd. Met dit geheim zouden dezelfde scholen als nieuwe, dubbele scholen worden toegevoegd, daarom is er niets geïmporteerd. ' +
    'Zet het geheim terug uit de back-up (het bestand uit PSEUDONYM_SECRET_FILE, standaard data/local/pseudonym.secret, of PSEUDONYM_SECRET) ' +
    'en importeer opnieuw.',
  );
}

/** Records which key the database's pseudonyms are made with; part of the import's transaction. */
export async function recordPseudonymKey(trx: Kysely<Database>, secret: string): Promise<void> {
  await trx.insertInto('dataset_meta').values({ key: FINGERPRINT_KEY, value: pseudonymKeyFingerprint(secret) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: pseudonymKeyFingerprint(secret) }))
    .execute();
}

/**
 * The pseudonym secret for an import into `db`. A missing secret is generated only while the
 * database holds no real schools yet; otherwise a new key would silently duplicate every school.
 * Without `env`, config.ts reads the process's environment (at each import).
 */
export async function resolvePseudonymSecret(db: Db, env?: NodeJS.ProcessEnv): Promise<string> {
  const existing = readPseudonymSecret(env);
  if (existing !== null) return existing;
  const file = pseudonymSecretFile(env);
  const schools = await countSchools(db.kysely);
  if (schools > 0 && (await meta(db.kysely, 'synthetic')) !== 'true') {
    throw new ImportRefusedError(
      `Het geheim voor de pseudoniemen ontbreekt: PSEUDONYM_SECRET is niet gezet en het bestand ${file} bestaat niet, ` +
      `maar de database bevat al ${nl(schools)} gepseudonimiseerde scholen. Een nieuw geheim zou van dezelfde scholen nieuwe, ` +
      'dubbele scholen maken, daarom is er geen nieuw geheim aangemaakt en niets geïmporteerd. Zet het geheim terug uit de back-up ' +
      `(naar ${file}, of via PSEUDONYM_SECRET of PSEUDONYM_SECRET_FILE) en importeer opnieuw.`,
    );
  }
  return generatePseudonymSecret(env);
}
