/**
 * The import command as a data manager runs it: warnings are printed (and the file imported),
 * errors are printed with exit code 1, and the school-year window comes from the environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureFixtureGeography } from '../src/import/fixtures.ts';

let dir: string;
let dbFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-import-cli-'));
  dbFile = path.join(dir, 'cli.sqlite');
  const db = await openDb(dbFile);
  await migrateToLatest(db);
  await ensureFixtureGeography(db);
  await db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function importCommand(file: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server/scripts/import.ts'), 'capacity', file], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: dbFile, PSEUDONYM_SECRET: 'cli-secret-niet-geheim', LOG_LEVEL: 'silent', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run import', () => {
  it('prints warnings and imports the file; refuses a school year outside IMPORT_LAST_SCHOOL_YEAR', async () => {
    const file = path.join(dir, 'capaciteit.csv');
    writeFileSync(file, 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen\nGG3406;2023-2024;64;4800\n');

    const ok = importCommand(file);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('waarschuwing: rij 2, kolom adviseur_fte: 64 fte');
    expect(ok.stderr).toContain('1 waarschuwing: ongebruikelijke waarden die wel zijn geïmporteerd');
    expect(ok.stdout).toMatch(/^Import \d+ \(capacity\) geslaagd: 1 rijen /);

    const outside = importCommand(file, { IMPORT_LAST_SCHOOL_YEAR: '2022-2023' });
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain('rij 2, kolom schooljaar: schooljaar 2023-2024 ligt buiten 2010-2011 t/m 2022-2023');
    expect(outside.stderr).toContain('Er is niets geschreven');
  });
});
