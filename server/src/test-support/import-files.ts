/**
 * Test support for the import tests: the example files a data manager starts from (data/examples,
 * as docs/import.md shows them), and a test database with a temporary folder beside it for the
 * files a test writes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { IMPORT_KINDS, type ImportKind } from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { prepareDatabase } from '../db/migrate.ts';
import { ensureFixtureGeography } from '../import/fixtures.ts';
import { importFile } from '../import/import-file.ts';
import { createBackendTestDb, createEmptyTestDb, type Backend, type TestDb } from './databases.ts';

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

export async function createImportTestDb(backend: Backend, prefix: string, start: ImportTestStart): Promise<ImportTestDb> {
  const t = start === 'fixture geography' ? await createBackendTestDb(backend, `${prefix}db-`) : await createEmptyTestDb(backend, `${prefix}db-`);
  try {
    if (start === 'prepared') await prepareDatabase(t.db);
    if (start === 'fixture geography') await ensureFixtureGeography(t.db);
  } catch (error) {
    await t.cleanup();
    throw error;
  }
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

/**
 * The test database of each test in the calling describe block: created before the test (with
 * every example file imported when `examplesSecret` is given) and removed after it. Read `fx.t`
 * inside tests.
 */
export function useImportTestDb(
  backend: Backend,
  prefix: string,
  start: ImportTestStart,
  { examplesSecret, timeout = 60_000 }: { examplesSecret?: string; timeout?: number } = {},
) {
  const fx = {} as { t: ImportTestDb };
  beforeEach(async () => {
    fx.t = await createImportTestDb(backend, prefix, start);
    if (examplesSecret !== undefined) await importExamples(fx.t.db, examplesSecret);
  }, timeout);
  afterEach(() => fx.t.cleanup());
  return fx;
}
