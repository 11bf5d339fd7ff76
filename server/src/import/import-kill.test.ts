/**
 * Crash safety: an import process killed with SIGKILL in the middle of writing leaves the database
 * consistent (PRAGMA integrity_check) and exactly as it was (every table hashed), and usable.
 * The import writes inside one transaction; SQLite's WAL discards the uncommitted frames on reopen.
 * The rollups the dashboard reads are refreshed inside that transaction too: an import interrupted
 * during the refresh leaves the old data with the old figures, on both backends.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { openDb, type Db } from '../db/connection.ts';
import { prepareDatabase } from '../db/migrate.ts';
import { ROLLUPS } from '../rollups/index.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { examplePath, useImportTestDb } from '../test-support/import-files.ts';
import { sqliteTableDigests } from '../test-support/table-digests.ts';
import { dumpTables, staleRollupTables } from '../test-support/rollup-check.ts';
import { importFile } from './import-file.ts';

const SECRET = 'kill-secret-niet-geheim';
let dir: string;
let dbFile: string;

const dump = (db: Db) => sqliteTableDigests(db);

/** A large valid schools file: unique BRIN/vestiging codes in the fixture municipalities. */
function bigSchoolsCsv(rows: number): string {
  const municipalities = ['GM0014', 'GM0344', 'GM0363', 'GM0599'];
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const lines = ['brin_vestiging;sector;gemeente_code;wijk_code;grootte;achterstand_band;aandeel_laag_inkomen;aandeel_armoedeprobleemgebied'];
  for (let i = 0; i < rows; i++) {
    const code = `${10 + (i % 90)}${letters[Math.floor(i / 90) % 24]}${letters[Math.floor(i / 2160) % 24]}${String(Math.floor(i / 51840) % 100).padStart(2, '0')}`;
    lines.push(`${code};po;${municipalities[i % 4]};;middel;${1 + (i % 4)};18,5;22,0`);
  }
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-kill-'));
  dbFile = path.join(dir, 'kill.sqlite');
  const db = await openDb(dbFile);
  await prepareDatabase(db);
  const example = await importFile(db, 'schools', { path: examplePath('schools') }, { secret: SECRET });
  expect(example.ok).toBe(true);
  await db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import killed mid-way', () => {
  it('SIGKILL during the write leaves the database unchanged and consistent', async () => {
    const csv = path.join(dir, 'big-schools.csv');
    writeFileSync(csv, bigSchoolsCsv(400_000));
    const before = await (async () => {
      const db = await openDb(dbFile);
      try {
        return dump(db);
      } finally {
        await db.close();
      }
    })();

    // The child is the real import path in its own process, printing progress as JSON lines.
    const child = path.join(dir, 'child.mts'); // .mts: an ES module outside the repository's package.json
    writeFileSync(child, `
      import { openDb } from ${JSON.stringify(path.join(REPO_ROOT, 'server/src/db/connection.ts'))};
      import { importFile } from ${JSON.stringify(path.join(REPO_ROOT, 'server/src/import/import-file.ts'))};
      // A small page cache makes the open transaction spill its pages to the WAL, so the kill below
      // hits a database with uncommitted frames on disk: the state this test is about.
      const db = await openDb(${JSON.stringify(dbFile)}, { sqliteCacheMb: 2 });
      await importFile(db, 'schools', { path: ${JSON.stringify(csv)} }, {
        secret: ${JSON.stringify(SECRET)},
        onProgress: (p) => process.stdout.write(JSON.stringify(p) + '\\n'),
      });
      process.stdout.write('KLAAR\\n');
    `);
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const walAtKill = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      proc.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        if (buffer.includes('KLAAR')) reject(new Error('the import finished before it could be killed'));
        const lines = buffer.split('\n');
        const last = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { rowsRead: number; phase: string }).at(-1);
        // Mid-way: well into the rows, still inside the import's transaction.
        if (last && last.phase === 'valideren' && last.rowsRead >= 200_000) {
          const wal = existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0;
          proc.kill('SIGKILL');
          resolve(wal);
        }
      });
      proc.on('exit', (code) => { if (code !== null) reject(new Error(`child exited by itself (${code}): ${stderr}`)); });
    });
    await new Promise((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve(null) : proc.once('exit', resolve)));
    expect(proc.signalCode).toBe('SIGKILL');
    // Rows had really been written (uncommitted) when the process died.
    expect(walAtKill).toBeGreaterThan(100_000);

    const db = await openDb(dbFile);
    try {
      expect(db.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.sqlite!.pragma('foreign_key_check')).toEqual([]);
      expect(dump(db)).toEqual(before);
      // And the database takes the next import as usual.
      const again = await importFile(db, 'schools', { path: examplePath('schools') }, { secret: SECRET });
      expect(again).toMatchObject({ ok: true, inserted: 0 });
    } finally {
      await db.close();
    }
    expect(readFileSync(csv).length).toBeGreaterThan(1_000_000);
  }, 120_000);
});

describe.each(TEST_BACKENDS)('import interrupted during the rollup refresh (%s)', (backend) => {
  // Two school years of scans etc., so that the refresh has real figures to replace.
  const fx = useImportTestDb(backend, 'rd-kill-refresh-', 'prepared', { examplesSecret: SECRET });

  /**
   * Runs an import of 5,000 new schools in its own process, which holds still once the refresh
   * phase has begun (its rows are written, the figures half rebuilt), and sends it `signal` there.
   */
  async function interruptDuringRefresh(signal: 'SIGKILL' | 'SIGINT'): Promise<{ sawRefresh: boolean; finished: boolean }> {
    const csv = path.join(fx.t.dir, 'schools.csv');
    writeFileSync(csv, bigSchoolsCsv(5000));
    const child = path.join(fx.t.dir, 'child.mts');
    writeFileSync(child, `
      import { openDb } from ${JSON.stringify(path.join(REPO_ROOT, 'server/src/db/connection.ts'))};
      import { importFile } from ${JSON.stringify(path.join(REPO_ROOT, 'server/src/import/import-file.ts'))};
      const db = await openDb(${JSON.stringify(fx.t.file)});
      let held = false;
      await importFile(db, 'schools', { path: ${JSON.stringify(csv)} }, {
        secret: ${JSON.stringify(SECRET)},
        onProgress: (p) => {
          if (p.phase !== 'samenvatten' || held) return;
          held = true;
          process.stdout.write('SAMENVATTEN\\n');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
        },
      });
      process.stdout.write('KLAAR\\n');
      await db.close();
    `);
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sawRefresh = false;
    proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!sawRefresh && stdout.includes('SAMENVATTEN')) {
        sawRefresh = true;
        proc.kill(signal);
      }
    });
    const code = await new Promise<number | null>((resolve) => proc.on('close', (c) => resolve(c)));
    if (!sawRefresh) throw new Error(`the import never reached the refresh phase (exit ${code}): ${stderr}`);
    return { sawRefresh, finished: stdout.includes('KLAAR') };
  }

  it('SIGKILL during the refresh leaves the old data with the old figures', async () => {
    const before = await dumpTables(fx.t.db);
    const { finished } = await interruptDuringRefresh('SIGKILL');
    expect(finished).toBe(false);
    expect(await dumpTables(fx.t.db)).toEqual(before);
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
    if (backend === 'sqlite') expect(fx.t.db.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
    // And the same import runs to the end afterwards, with the figures to match.
    const again = await importFile(fx.t.db, 'schools', { path: path.join(fx.t.dir, 'schools.csv') }, { secret: SECRET });
    expect(again).toMatchObject({ ok: true, inserted: 5000 });
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  }, 120_000);

  it('SIGINT during the refresh leaves the old data with the old figures, or the new data with the new ones', async () => {
    const before = await dumpTables(fx.t.db);
    const { finished } = await interruptDuringRefresh('SIGINT');
    const after = await dumpTables(fx.t.db);
    if (finished) {
      expect(after.school).not.toEqual(before.school);
    } else {
      expect(after).toEqual(before);
    }
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  }, 120_000);

  it('an import that returns has committed its figures with its rows', async () => {
    writeFileSync(path.join(fx.t.dir, 'schools.csv'), bigSchoolsCsv(500));
    const progress: string[] = [];
    const result = await importFile(fx.t.db, 'schools', { path: path.join(fx.t.dir, 'schools.csv') }, {
      secret: SECRET,
      onProgress: (p) => { if (p.phase === 'samenvatten') progress.push(`${p.rollups!.done}/${p.rollups!.total}`); },
    });
    expect(result).toMatchObject({ ok: true, inserted: 500 });
    const steps = ROLLUPS.length;
    expect(progress).toEqual(Array.from({ length: steps + 1 }, (_, i) => `${i}/${steps}`));
    const cells = await fx.t.db.kysely.selectFrom('rollup_cell').select((eb) => eb.fn.sum<number>('schools').as('n'))
      .where('school_year', '=', '2024-2025').executeTakeFirstOrThrow();
    expect(Number(cells.n)).toBe(505);
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  }, 120_000);
});
