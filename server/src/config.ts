import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MIN_CELL_SCHOOLS, isSchoolYear, schoolYearFromStart, schoolYearStart } from '@rd/shared';

/**
 * Every environment variable the server reads is read here, once, and validated; the rest of the
 * server is handed the values (AppConfig and the functions below).
 */

/** Repository root, so that relative defaults work from any workspace's npm script. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCAL_DIR = path.join(REPO_ROOT, 'data', 'local');

export interface AppConfig {
  databaseUrl: string;
  port: number;
  host: string;
  minCellSchools: number;
  /** Page cache of the app's SQLite connection, in MB (ignored on PostgreSQL). */
  sqliteCacheMb: number;
  /** Largest file the web upload accepts, in MB (the command line has no limit). */
  importMaxMb: number;
  /** School years an import may contain; anything outside is a typing error such as 2204-2205. */
  importSchoolYears: SchoolYearWindow;
  /** SEED_DEMO: an empty database gets the synthetic demo data on start (false when going live). */
  seedDemo: boolean;
  /** COOKIE_SECURE: session cookies are Secure even when the request did not come in over https. */
  cookieSecure: boolean;
  /** TRUST_PROXY: Express's 'trust proxy' (a hop count or a list of addresses), or null for none. */
  trustProxy: number | string | null;
  /** CHROMIUM_PATH: the browser that renders PDF reports. */
  chromiumPath: string;
  /** Answers kept per server process, in MB (0: no cache). */
  responseCacheMb: number;
  /** Server processes sharing the port (1: one process, no cluster). */
  workers: number;
}

/**
 * SQLite's default page cache is 2 MB. A region's rows lie scattered over a school year's pages,
 * so at 10× national scale a school list re-read its pages from the OS on every request (measured:
 * 29 ms → 5 ms for the largest region with 64 MB). The cache fills only as pages are read.
 */
export const DEFAULT_SQLITE_CACHE_MB = 64;
const DEFAULT_CHROMIUM_PATH = '/usr/lib/chromium/chromium';

/** First and last school year as start years (2010 = 2010-2011), inclusive. */
export interface SchoolYearWindow {
  first: number;
  last: number;
}

/** Before any Gezonde School scan data that this dashboard could hold. */
const DEFAULT_FIRST_IMPORT_SCHOOL_YEAR = 2010;

/** Start year of the school year running on `today`; Dutch school years run from 1 August. */
export function currentSchoolYearStart(today: Date): number {
  return today.getMonth() >= 7 ? today.getFullYear() : today.getFullYear() - 1;
}

function schoolYearSetting(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!isSchoolYear(raw)) throw new Error(`${name} moet een schooljaar zoals 2010-2011 zijn, niet "${raw}"`);
  return schoolYearStart(raw);
}

/**
 * IMPORT_FIRST_SCHOOL_YEAR (default 2010-2011) up to IMPORT_LAST_SCHOOL_YEAR (default the next
 * school year, so capacity can be entered before it starts).
 */
export function loadImportSchoolYears(env: NodeJS.ProcessEnv = process.env, today = new Date()): SchoolYearWindow {
  const first = schoolYearSetting('IMPORT_FIRST_SCHOOL_YEAR', env.IMPORT_FIRST_SCHOOL_YEAR, DEFAULT_FIRST_IMPORT_SCHOOL_YEAR);
  const last = schoolYearSetting('IMPORT_LAST_SCHOOL_YEAR', env.IMPORT_LAST_SCHOOL_YEAR, currentSchoolYearStart(today) + 1);
  if (last < first) throw new Error(`IMPORT_LAST_SCHOOL_YEAR (${schoolYearFromStart(last)}) ligt voor IMPORT_FIRST_SCHOOL_YEAR (${schoolYearFromStart(first)})`);
  return { first, last };
}

/** A million scan rows is about 21 MB as CSV. */
const DEFAULT_IMPORT_MAX_MB = 200;

/** Per process, counted as JSON text (the objects in memory take a few times that). */
export const DEFAULT_RESPONSE_CACHE_MB = 32;

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} moet een geheel getal van 0 of meer zijn, niet "${raw}"`);
  return n;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} moet een positief geheel getal zijn, niet "${raw}"`);
  return n;
}

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`${name} moet true of false zijn, niet "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    databaseUrl: env.DATABASE_URL || path.join(LOCAL_DIR, 'dashboard.sqlite'),
    port: positiveInt('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    minCellSchools: positiveInt('MIN_CELL_SCHOOLS', env.MIN_CELL_SCHOOLS, DEFAULT_MIN_CELL_SCHOOLS),
    sqliteCacheMb: positiveInt('SQLITE_CACHE_MB', env.SQLITE_CACHE_MB, DEFAULT_SQLITE_CACHE_MB),
    importMaxMb: positiveInt('IMPORT_MAX_MB', env.IMPORT_MAX_MB, DEFAULT_IMPORT_MAX_MB),
    importSchoolYears: loadImportSchoolYears(env),
    seedDemo: flag('SEED_DEMO', env.SEED_DEMO, true),
    cookieSecure: flag('COOKIE_SECURE', env.COOKIE_SECURE, false),
    trustProxy: !env.TRUST_PROXY ? null : /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
    chromiumPath: env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH,
    responseCacheMb: nonNegativeInt('RESPONSE_CACHE_MB', env.RESPONSE_CACHE_MB, DEFAULT_RESPONSE_CACHE_MB),
    workers: positiveInt('WORKERS', env.WORKERS, availableParallelism()),
  };
}

/** LOG_LEVEL (pino), default info; silent under the test runner unless asked for. */
export function loadLogLevel(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');
}

/** The login name of the operating-system user, from the environment, for when the system cannot tell. */
export function osUserFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.USER ?? env.USERNAME ?? null;
}

/** Where the pseudonym secret file lives (PSEUDONYM_SECRET_FILE, default data/local/pseudonym.secret). */
export function pseudonymSecretFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.PSEUDONYM_SECRET_FILE || path.join(LOCAL_DIR, 'pseudonym.secret');
}

/**
 * Secret key for pseudonymising school identifiers. Taken from PSEUDONYM_SECRET, else from a file
 * outside git (data/local/pseudonym.secret, or PSEUDONYM_SECRET_FILE); null when there is none (then
 * generatePseudonymSecret makes one).
 * Losing it means re-imported schools get new pseudonyms, so back it up with the database; an
 * import checks it against the database first (import/import-guards.ts).
 */
export function readPseudonymSecret(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PSEUDONYM_SECRET) return env.PSEUDONYM_SECRET;
  const file = pseudonymSecretFile(env);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/** Writes a new random secret to the secret file (readable by the owner only) and returns it. */
export function generatePseudonymSecret(env: NodeJS.ProcessEnv = process.env): string {
  const file = pseudonymSecretFile(env);
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
