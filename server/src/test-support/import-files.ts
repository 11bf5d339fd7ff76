/**
 * Test support for the import tests: the example files a data manager starts from (data/examples,
 * as docs/import.md shows them), and a test database with a temporary folder beside it for the
 * files a test writes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { IMPORT_KINDS, type ImportKind } from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { prepareDatabase } from '../db/migrate.ts';
import { ensureFixtureGeography } from '../import/fixtures.ts';
import { importFile } from '../import/import-file.ts';
import { copyTestDb, createBackendTestDb, createEmptyTestDb, type Backend, type TestDb } from './databases.ts';

export const EXAMPLES = path.join(REPO_ROOT, 'data', 'examples');
export const examplePath = (kind: ImportKind) => path.join(EXAMPLES, `${kind}.csv`);
export const exampleText = (kind: ImportKind) => readFileSync(examplePath(kind), 'utf8');

/** Imports every example file, each of which must succeed. */
export async function importExamples(db: Db, secret: string): Promise<void> {
  for (const kind of IMPORT_KINDS) {
    expect(await importFile(db, kind, { path: examplePath(kind) }, { secret }), kind).toMatchObject({ ok: true });
  }
}

export interface ImportTestDb extends TestDb {
  /** A temporary folder for the files the test writes; cleanup removes it with the database. */
  dir: string;
}

/**
 * What the database holds before the test: 'empty' is a new installation (not migrated);
 * 'prepared' is what every entry point makes of it (migrated, with the country's geography, no
 * demo data); 'fixture geography' is migrated with only the import fixtures' regions and municipalities.
 */
export type ImportTestStart = 'empty' | 'prepared' | 'fixture geography';

/**
 * A test database starting from `start`; with `examplesSecret`, every example file is imported
 * too. Importing them takes tens of seconds (each import refreshes the country's figures), so that
 * state is built once per test file, backend and start (each import checked as it is built) and
 * each test gets its own copy of it.
 */
export async function createImportTestDb(backend: Backend, prefix: string, start: ImportTestStart, { examplesSecret }: { examplesSecret?: string } = {}): Promise<ImportTestDb> {
  const t = examplesSecret === undefined ? await startingState(backend, prefix, start) : await copyTestDb(await examplesTemplate(backend, start, examplesSecret), `${prefix}db-`);
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    ...t,
    dir,
    async cleanup() {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startingState(backend: Backend, prefix: string, start: ImportTestStart): Promise<TestDb> {
  const t = start === 'fixture geography' ? await createBackendTestDb(backend, `${prefix}db-`) : await createEmptyTestDb(backend, `${prefix}db-`);
  try {
    if (start === 'prepared') await prepareDatabase(t.db);
    if (start === 'fixture geography') await ensureFixtureGeography(t.db);
  } catch (error) {
    await t.cleanup();
    throw error;
  }
  return t;
}

/** The example files imported into `start`, per backend, start and secret; removed after the test file. */
const templates = new Map<string, Promise<TestDb>>();
afterAll(async () => {
  const built = await Promise.allSettled(templates.values());
  templates.clear();
  for (const t of built) if (t.status === 'fulfilled') await t.value.cleanup();
});

function examplesTemplate(backend: Backend, start: ImportTestStart, secret: string): Promise<TestDb> {
  if (start === 'empty') throw new Error('De voorbeeldbestanden vragen een gemigreerde database');
  const key = `${backend}|${start}|${secret}`;
  let template = templates.get(key);
  if (!template) {
    template = (async () => {
      const t = await startingState(backend, 'rd-import-template-', start);
      try {
        await importExamples(t.db, secret);
      } catch (error) {
        await t.cleanup();
        throw error;
      }
      return t;
    })();
    templates.set(key, template);
  }
  return template;
}

/**
 * The test database of each test in the calling describe block: created before the test (with
 * every example file imported when `examplesSecret` is given) and removed after it. Read `fx.t`
 * inside tests.
 */
export function useImportTestDb(
  backend: Backend,
  prefix: string,
  start: ImportTestStart,
  { examplesSecret, timeout = 240_000 }: { examplesSecret?: string; timeout?: number } = {},
) {
  const fx = {} as { t: ImportTestDb };
  beforeEach(async () => {
    fx.t = await createImportTestDb(backend, prefix, start, { examplesSecret });
  }, timeout);
  afterEach(() => fx.t?.cleanup());
  return fx;
}
