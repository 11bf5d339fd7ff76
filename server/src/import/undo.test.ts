import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_KINDS, type ImportKind } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { listTables } from '../db/dialect-sql.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { createImportTestDb, examplePath, exampleText, type ImportTestDb } from '../test-support/import-files.ts';
import { importFile } from './import-file.ts';
import { listRuns, type ImportActor } from './runs.ts';
import { UndoRefusedError, undoImportRun } from './undo.ts';
import { clearData } from '../seed/demo-seed.ts';
import { ROLLUPS, type RollupRefreshContext } from '../rollups/index.ts';
import { readDataVersion } from '../data/data-version.ts';
import { staleRollupTables } from '../test-support/rollup-check.ts';

const SECRET = 'test-secret-niet-geheim';
const BEHEERDER: ImportActor = { userId: 7, name: 'Bea Beheer', email: 'bea@ggd.nl' };

/**
 * Per kind: one existing row changed (old line → new line) and new rows in a new school year where
 * there is one: one row, or for scans a whole scan (a partial scan is refused).
 */
const CHANGES: Record<ImportKind, { from: string; to: string; extra: string }> = {
  schools: { from: '99XX00;po;GM0363;WK036300;middel;3;18,5;22,0', to: '99XX00;po;GM0363;WK036300;groot;2;18,5;22,0', extra: '99ZZ00;vo;GM0344;;klein;1;5;5' },
  scans: { from: '99XX00;2024-2025;1;2', to: '99XX00;2024-2025;1;3', extra: Array.from({ length: 16 }, (_, i) => `99XX00;2023-2024;${i + 1};1`).join('\n') },
  implementation: {
    from: '99XX00;2024-2025;uitvoeren;ja;4;3;2;10,5;4;welbevinden:2022-2023|voeding:2024-2025',
    to: '99XX00;2024-2025;uitvoeren;ja;4;3;2;12,25;4;mediawijsheid:2024-2025',
    extra: '99XX00;2023-2024;geen;nee;1;1;0;0;0;',
  },
  capacity: { from: 'GG3406;2024-2025;6,4;4800', to: 'GG3406;2024-2025;7,25;4810,5', extra: 'GG3406;2023-2024;5;4000' },
  partners: { from: '99XX00;2024-2025;jgz;ja', to: '99XX00;2024-2025;jgz;nee', extra: '99XX00;2023-2024;jgz;ja' },
  outcomes: { from: '99XX00;2024-2025;emotionele_problemen;21,4;112', to: '99XX00;2024-2025;emotionele_problemen;22,5;113', extra: '99XX00;2023-2024;schooldruk;10;50' },
  districts: { from: 'WK034401;Wijk 01 West;GM0344;', to: 'WK034401;West;GM0344;', extra: 'WK036301;Burgwallen-Nieuwe Zijde;GM0363;' },
  areas: { from: 'west;West;GM0344;WK034401', to: 'west;Utrecht West;GM0344;WK034401', extra: 'centrum;Stadsdeel Centrum;GM0363;WK036301' },
  postcodes: { from: '3531AB;WK034401', to: '3531AB;WK034402', extra: '1012AC;WK036300' },
};

const newRows = (kind: ImportKind) => CHANGES[kind].extra.split('\n').length;

function changed(kind: ImportKind): string {
  const { from, to, extra } = CHANGES[kind];
  const text = exampleText(kind);
  if (!text.includes(from)) throw new Error(`voorbeeld ${kind} bevat "${from}" niet meer`);
  return `${text.replace(from, to).trimEnd()}\n${extra}\n`;
}

let testDb: ImportTestDb;
let db: Db;

async function run(kind: ImportKind, content: string, name = `${kind}.csv`): Promise<number> {
  const file = path.join(testDb.dir, name);
  writeFileSync(file, content);
  const result = await importFile(db, kind, { path: file }, { secret: SECRET, by: BEHEERDER });
  expect(result, kind).toMatchObject({ ok: true });
  return result.runId!;
}

/**
 * Every table but the import history itself and the data version (it only counts up: an undo is a
 * change too), hashed per table: data and rollups.
 */
async function dump(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await listTables(db.kysely, db.dialect)) {
    if (t === 'import_run' || t === 'data_version') continue;
    const rows = (await db.kysely.selectFrom(t as never).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    out[t] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  }
  return out;
}

async function refusal(runId: number): Promise<string> {
  const error = await undoImportRun(db, runId, BEHEERDER).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UndoRefusedError);
  return (error as Error).message;
}

describe.each(TEST_BACKENDS)('undo of import runs (%s)', (backend) => {
  beforeEach(async () => {
    testDb = await createImportTestDb(backend, 'rd-undo-', 'fixture geography');
    db = testDb.db;
  }, 60_000);
  afterEach(() => testDb.cleanup());

  it('restores every table, rollups included, exactly as before each run, newest first, down to an empty database', async () => {
    const empty = await dump();
    const firstRuns: number[] = [];
    for (const kind of IMPORT_KINDS) firstRuns.push(await run(kind, exampleText(kind)));
    const afterExamples = await dump();

    const secondRuns: number[] = [];
    for (const kind of IMPORT_KINDS) secondRuns.push(await run(kind, changed(kind), `${kind}-nieuw.csv`));
    const runs = await listRuns(db.kysely, { limit: 20 });
    expect(runs.slice(0, IMPORT_KINDS.length).map((r) => [r.kind, r.inserted, r.updated])).toEqual(IMPORT_KINDS.map((k) => [k, newRows(k), 1]).reverse());
    expect(await dump()).not.toEqual(afterExamples);

    for (const [i, id] of [...secondRuns.entries()].reverse()) {
      const undone = await undoImportRun(db, id, BEHEERDER);
      expect(undone).toMatchObject({ runId: id, restored: 1, deleted: newRows(IMPORT_KINDS[i]!) });
    }
    expect(await dump()).toEqual(afterExamples);

    expect(await staleRollupTables(db)).toEqual([]);

    for (const id of [...firstRuns].reverse()) await undoImportRun(db, id, BEHEERDER);
    // The key's fingerprint stays (it guards the next import); everything else is as before.
    const { dataset_meta: meta, ...rest } = await dump();
    const { dataset_meta: emptyMeta, ...emptyRest } = empty;
    expect(rest).toEqual(emptyRest);
    expect(meta).not.toEqual(emptyMeta);
    expect(await db.kysely.selectFrom('dataset_meta').select('key').execute()).toEqual([{ key: 'pseudonym_key_fingerprint' }]);
    expect(await staleRollupTables(db)).toEqual([]);

    const history = await listRuns(db.kysely, { limit: 20 });
    expect(history).toHaveLength(2 * IMPORT_KINDS.length);
    expect(history.every((r) => r.result === 'ongedaan' && !r.canUndo && r.undoneBy === 'Bea Beheer (bea@ggd.nl)')).toBe(true);
  });

  it('rebuilds the figures in the undo transaction: a failing rebuild leaves rows, figures and history as they were', async () => {
    await run('schools', exampleText('schools'));
    const scans = await run('scans', changed('scans'));
    const before = await dump();
    const version = await readDataVersion(db.kysely);
    const failing = { name: 'test-undo-failing', refresh: async () => { throw new Error('kapot tijdens het bijwerken'); } };
    await expect(undoImportRun(db, scans, BEHEERDER, { rollups: [...ROLLUPS, failing] })).rejects.toThrow('kapot tijdens het bijwerken');
    expect(await dump()).toEqual(before);
    // Cached answers stay valid: the version rolled back with the rest.
    expect(await readDataVersion(db.kysely)).toBe(version);
    expect((await listRuns(db.kysely, { limit: 1 }))[0]).toMatchObject({ id: scans, result: 'geslaagd', canUndo: true });
    await undoImportRun(db, scans, BEHEERDER);
    expect(await staleRollupTables(db)).toEqual([]);
  });

  it('rebuilds only the school years and municipalities of the run, as its import did', async () => {
    await run('schools', exampleText('schools'));
    await run('scans', exampleText('scans'));
    const { from, to } = CHANGES.scans;
    const second = await run('scans', exampleText('scans').replace(from, to), 'scans-2.csv');
    const seen: { schoolYears: string[]; municipalities: string[] | null }[] = [];
    const probe = { name: 'test-undo-probe', refresh: async (ctx: RollupRefreshContext) => { seen.push({ schoolYears: [...ctx.schoolYears], municipalities: ctx.municipalities && [...ctx.municipalities] }); } };
    await undoImportRun(db, second, BEHEERDER, { rollups: [...ROLLUPS, probe] });
    // 99XX00 lies in Amsterdam.
    expect(seen).toEqual([{ schoolYears: ['2024-2025'], municipalities: ['GM0363'] }]);
    expect(await staleRollupTables(db)).toEqual([]);
  });

  it('brings back the certificates an implementation file replaced', async () => {
    await run('schools', exampleText('schools'));
    await run('implementation', exampleText('implementation'));
    const second = await run('implementation', changed('implementation'), 'implementation-2.csv');
    const certs = () => db.kysely.selectFrom('certificate').select(['school_year', 'theme', 'awarded_year']).orderBy('school_year').orderBy('theme').execute();
    expect((await certs()).filter((c) => c.school_year === '2024-2025').map((c) => c.theme)).toContain('mediawijsheid');
    await undoImportRun(db, second, BEHEERDER);
    expect((await certs()).map((c) => c.theme)).not.toContain('mediawijsheid');
    expect((await certs()).map((c) => c.theme)).toEqual(expect.arrayContaining(['voeding', 'welbevinden']));
  });

  it('refuses while a later run changed the same rows, and allows it once that run is undone', async () => {
    await run('schools', exampleText('schools'));
    const first = await run('scans', exampleText('scans'));
    const second = await run('scans', changed('scans'), 'scans-2.csv');
    const before = await dump();
    expect(await refusal(first)).toBe(`Import ${first} kan niet ongedaan worden gemaakt: import ${second} heeft daarna dezelfde rijen gewijzigd. Maak eerst import ${second} ongedaan (nieuwste eerst).`);
    expect(await dump()).toEqual(before);

    await undoImportRun(db, second, BEHEERDER);
    await undoImportRun(db, first, BEHEERDER);
    expect(await db.kysely.selectFrom('scan_score').selectAll().execute()).toEqual([]);
  });

  it('a later run that repeats rows unchanged does not block the undo', async () => {
    await run('schools', exampleText('schools'));
    const first = await run('scans', exampleText('scans'));
    const repeat = await run('scans', exampleText('scans'), 'scans-nogmaals.csv');
    expect((await listRuns(db.kysely, { limit: 1 }))[0]).toMatchObject({ id: repeat, inserted: 0, updated: 0, unchanged: 48 });
    await expect(undoImportRun(db, first, BEHEERDER)).resolves.toMatchObject({ deleted: 48, restored: 0 });
    expect(await db.kysely.selectFrom('scan_score').selectAll().execute()).toEqual([]);
  });

  it('refuses to remove schools that have rows from a later import', async () => {
    const schools = await run('schools', exampleText('schools'));
    const scans = await run('scans', exampleText('scans'));
    expect(await refusal(schools)).toBe(`Import ${schools} kan niet ongedaan worden gemaakt: scholen die deze import heeft toegevoegd hebben inmiddels scans (uit import ${scans}). Maak die import eerst ongedaan.`);
    expect(await db.kysely.selectFrom('school').select('id').execute()).toHaveLength(5);
    await undoImportRun(db, scans, BEHEERDER);
    await undoImportRun(db, schools, BEHEERDER);
    expect(await db.kysely.selectFrom('school').select('id').execute()).toEqual([]);
  });

  it('refuses to remove wijken that a later areas import groups, and leaves everything as it was', async () => {
    const districts = await run('districts', exampleText('districts'));
    const areas = await run('areas', exampleText('areas'));
    const before = await dump();
    expect(await refusal(districts)).toBe(`Import ${districts} kan niet ongedaan worden gemaakt: wijken die deze import heeft toegevoegd zijn inmiddels ingedeeld in gebieden (uit import ${areas}). Maak die import eerst ongedaan.`);
    expect(await dump()).toEqual(before);
    expect((await listRuns(db.kysely, { limit: 2 })).map((r) => [r.id, r.result])).toEqual([[areas, 'geslaagd'], [districts, 'geslaagd']]);
    await undoImportRun(db, areas, BEHEERDER);
    await undoImportRun(db, districts, BEHEERDER);
    expect(await db.kysely.selectFrom('district').select('code').execute()).toEqual([]);
  });

  it('refuses failed, undone and unknown runs with a Dutch message', async () => {
    await run('schools', exampleText('schools'));
    const failed = await importFile(db, 'scans', { path: examplePath('schools') }, { secret: SECRET, by: BEHEERDER });
    expect(failed.ok).toBe(false);
    expect(await refusal(failed.runId!)).toBe(`Import ${failed.runId} is mislukt en heeft niets geschreven; er is niets ongedaan te maken.`);
    const scans = await run('scans', exampleText('scans'));
    await undoImportRun(db, scans, BEHEERDER);
    expect(await refusal(scans)).toMatch(new RegExp(`^Import ${scans} is al ongedaan gemaakt \\(.+ door Bea Beheer \\(bea@ggd.nl\\)\\)\\.$`));
    expect(await refusal(999)).toBe('Import 999 bestaat niet.');
  });

  it('a run whose rows were wiped with all data (demo reseed) is no longer offered for undo', async () => {
    const schools = await run('schools', exampleText('schools'));
    await clearData(db);
    expect((await listRuns(db.kysely, { limit: 1 }))[0]).toMatchObject({ id: schools, result: 'geslaagd', canUndo: false });
    expect(await refusal(schools)).toBe(`Import ${schools} kan niet ongedaan worden gemaakt: wat hij veranderde is niet (meer) vastgelegd. Hij is van vóór de importgeschiedenis, of de gegevens zijn daarna allemaal gewist.`);
  });

  it('records every run, failed ones too, with who ran it and the outcome', async () => {
    await run('schools', exampleText('schools'));
    const bad = path.join(testDb.dir, 'fout.csv');
    writeFileSync(bad, `${exampleText('scans').trimEnd()}\n99XX00;2024-2025;17;9\n`);
    const failed = await importFile(db, 'scans', { path: bad }, { secret: SECRET, by: { userId: null, name: 'jan', email: null } });
    expect(failed).toMatchObject({ ok: false, problemCount: 2 });
    const [last, first] = await listRuns(db.kysely, { limit: 10 });
    expect(last).toMatchObject({ id: failed.runId, kind: 'scans', fileName: 'fout.csv', rows: 49, result: 'mislukt', problemCount: 2, userName: 'jan', userEmail: null, canUndo: false, inserted: null });
    expect(first).toMatchObject({ kind: 'schools', fileName: 'schools.csv', rows: 5, result: 'geslaagd', problemCount: 0, userName: 'Bea Beheer', userEmail: 'bea@ggd.nl', canUndo: true, inserted: 5, updated: 0, unchanged: 0 });
    expect(Date.parse(last!.startedAt)).toBeGreaterThanOrEqual(Date.parse(first!.startedAt));
  });
});
