/**
 * npm run import on the command line: who imported (the OS user, or --user), --list and --undo.
 * SQLite only: the script is the same on both backends and everything it calls (importFile,
 * listRuns, undoImportRun) runs on both in import-file.test.ts and undo.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { openDb, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createUser } from '../auth/accounts.ts';
import { ensureFixtureGeography } from './fixtures.ts';

const run = promisify(execFile);
let dir: string;
let dbFile: string;
let db: Db;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'scripts', 'import.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: dbFile, PSEUDONYM_SECRET: 'cli-test', LOG_LEVEL: 'silent', INIT_CWD: REPO_ROOT },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-import-cli-'));
  dbFile = path.join(dir, 'db.sqlite');
  db = await openDb(dbFile);
  await migrateToLatest(db);
  await ensureFixtureGeography(db);
  await createUser(db, { email: 'data@ggd.nl', name: 'Dana Data', role: 'beheerder', scope: 'NL', password: 'een-lang-wachtwoord' });
}, 60_000);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('records who imported, lists the history and undoes a run; never "opdrachtregel"', async () => {
    const schools = await cli('schools', 'data/examples/schools.csv');
    expect(schools.code).toBe(0);
    expect(schools.stdout).toMatch(/^Import 1 \(schools\) geslaagd: 5 rijen .*Ongedaan maken: npm run import -- --undo 1\n$/);

    const bad = path.join(dir, 'scans-fout.csv');
    writeFileSync(bad, 'brin_vestiging;schooljaar;principe;score\n99XX00;2024-2025;1;7\n');
    expect((await cli('scans', bad, '--user', 'Jan Jansen')).code).toBe(1);
    expect((await cli('--user', 'data@ggd.nl', 'scans', 'data/examples/scans.csv')).code).toBe(0);

    const runs = await db.kysely.selectFrom('import_run').select(['id', 'user_id', 'user_name', 'user_email', 'result', 'problem_count']).orderBy('id').execute();
    const account = await db.kysely.selectFrom('app_user').select('id').where('email', '=', 'data@ggd.nl').executeTakeFirstOrThrow();
    expect(runs).toEqual([
      { id: 1, user_id: null, user_name: userInfo().username, user_email: null, result: 'geslaagd', problem_count: 0 },
      { id: 2, user_id: null, user_name: 'Jan Jansen', user_email: null, result: 'mislukt', problem_count: 1 },
      { id: 3, user_id: account.id, user_name: 'Dana Data', user_email: 'data@ggd.nl', result: 'geslaagd', problem_count: 0 },
    ]);

    const list = await cli('--list');
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^nr\s+wanneer\s+wie\s+soort\s+bestand\s+rijen\s+resultaat$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual(['3', '2', '1']);
    expect(lines[1]).toMatch(/Dana Data\s+scans\s+scans\.csv\s+48\s+geslaagd: 48 nieuw, 0 gewijzigd, 0 ongewijzigd$/);
    expect(lines[2]).toMatch(/Jan Jansen\s+scans\s+scans-fout\.csv\s+1\s+mislukt \(1 probleem\)$/);

    const refused = await cli('--undo', '1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Import 1 kan niet ongedaan worden gemaakt: scholen die deze import heeft toegevoegd hebben inmiddels scans (uit import 3)');
    const undone = await cli('--undo', '3', '--user', 'Jan Jansen');
    expect(undone.code).toBe(0);
    expect(undone.stdout).toBe('Import 3 (scans scans.csv) is ongedaan gemaakt: 48 rijen verwijderd, 0 rijen teruggezet; het dashboard is bijgewerkt.\n');
    expect((await cli('--undo', 'drie')).code).toBe(2);

    const audit = await db.kysely.selectFrom('audit_log').select(['action', 'email', 'detail']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['import', 'import_failed', 'import', 'import_undone']);
    expect(audit.map((a) => a.detail.replace(/^.* door /, ''))).toEqual([userInfo().username, 'Jan Jansen', 'Dana Data (data@ggd.nl)', 'Jan Jansen: 48 rijen verwijderd, 0 hersteld']);
    expect(JSON.stringify(audit)).not.toContain('opdrachtregel');
  }, 120_000);
});
