/**
 * Import benchmark: ~1M scan score rows through importFile, next to the raw
 * better-sqlite3 prepared-statement insert of the same rows into the same schema, in one run.
 *
 *   npm run bench:import [-- --schools 62500]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { openDb, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureFixtureGeography, FIXTURE_MUNICIPALITIES } from '../src/import/fixtures.ts';
import { importFile } from '../src/import/import-file.ts';
import { pseudonymiseSchoolId } from '../src/import/pseudonym.ts';

const SECRET = 'bench-secret';
const YEAR = '2024-2025';
const YEAR_2 = '2023-2024';
const argIndex = process.argv.indexOf('--schools');
const SCHOOLS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 62_500;
const PRINCIPLES = 16;

/** Fictitious BRIN + vestiging codes: 99 + two letters + 2 digits gives 67,600 distinct codes. */
function schoolCode(i: number): string {
  const letters = Math.floor(i / 100);
  return `99${String.fromCharCode(65 + Math.floor(letters / 26))}${String.fromCharCode(65 + (letters % 26))}${String(i % 100).padStart(2, '0')}`;
}
const score = (i: number, p: number) => (i * 7 + p * 3) % 4;

async function writeLines(file: string, lines: (emit: (s: string) => void) => void): Promise<void> {
  const out = createWriteStream(file);
  let buf = '';
  lines((s) => {
    buf += s;
  });
  out.write(buf);
  out.end();
  await once(out, 'finish');
}

async function freshDb(file: string): Promise<Db> {
  const db = await openDb(file);
  await migrateToLatest(db);
  await ensureFixtureGeography(db);
  return db;
}

const fmt = (n: number) => Math.round(n).toLocaleString('nl-NL');

async function main(): Promise<void> {
  if (SCHOOLS > 67_600) throw new Error('maximaal 67.600 scholen');
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-bench-import-'));
  try {
    const schoolsFile = path.join(dir, 'schools.csv');
    const scansFile = path.join(dir, 'scans.csv');
    const municipalities = FIXTURE_MUNICIPALITIES.map((m) => m.code);
    await writeLines(schoolsFile, (emit) => {
      emit('brin_vestiging;sector;gemeente_code;wijk_code;grootte;achterstand_band;aandeel_laag_inkomen;aandeel_armoedeprobleemgebied\n');
      for (let i = 0; i < SCHOOLS; i++) emit(`${schoolCode(i)};po;${municipalities[i % municipalities.length]};;middel;${1 + (i % 4)};12,5;8\n`);
    });
    const rows = SCHOOLS * PRINCIPLES;
    const t0 = performance.now();
    const scanOut = createWriteStream(scansFile);
    scanOut.write('brin_vestiging;schooljaar;principe;score\n');
    for (let i = 0; i < SCHOOLS; i++) {
      let chunk = '';
      for (let p = 1; p <= PRINCIPLES; p++) chunk += `${schoolCode(i)};${YEAR};${p};${score(i, p)}\n`;
      if (!scanOut.write(chunk)) await once(scanOut, 'drain');
    }
    scanOut.end();
    await once(scanOut, 'finish');
    console.error(`Bestand gemaakt: ${fmt(rows)} scorerijen, ${(statSync(scansFile).size / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // 1. importFile: parse, validate, pseudonymise, upsert in one transaction.
    const importDb = await freshDb(path.join(dir, 'import.sqlite'));
    const schoolsResult = await importFile(importDb, 'schools', { path: schoolsFile }, { secret: SECRET, refreshRollups: false });
    if (!schoolsResult.ok) throw new Error(`scholenimport mislukt: ${JSON.stringify(schoolsResult.problems.slice(0, 3))}`);
    const heapBefore = process.memoryUsage().rss;
    let peakRss = heapBefore;
    const tImport = performance.now();
    const result = await importFile(importDb, 'scans', { path: scansFile }, {
      secret: SECRET,
      refreshRollups: false,
      onProgress: () => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      },
    });
    const importMs = performance.now() - tImport;
    if (!result.ok || result.inserted !== rows) throw new Error(`import mislukt: ${JSON.stringify(result).slice(0, 500)}`);
    const tRollups = performance.now();
    const { refreshRollups } = await import('../src/rollups/index.ts');
    await refreshRollups(importDb, { schoolYears: [YEAR] });
    const rollupMs = performance.now() - tRollups;
    const tRepeat = performance.now();
    const repeat = await importFile(importDb, 'scans', { path: scansFile }, { secret: SECRET, refreshRollups: false });
    const repeatMs = performance.now() - tRepeat;
    if (!repeat.ok || repeat.unchanged !== rows) throw new Error('herhaalde import veranderde iets');

    // 3. As a user runs them: with the dashboard refresh, until the figures are visible.
    const timed = async (label: string, kind: 'schools' | 'scans', file: string) => {
      let peak = process.memoryUsage().rss;
      const t = performance.now();
      const r = await importFile(importDb, kind, { path: file }, { secret: SECRET, onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); } });
      if (!r.ok) throw new Error(`${label} mislukt: ${JSON.stringify(r.problems.slice(0, 3))}`);
      return { ms: performance.now() - t, peak };
    };
    const movedFile = path.join(dir, 'schools-moved.csv');
    await writeLines(movedFile, (emit) => {
      emit('brin_vestiging;sector;gemeente_code;wijk_code;grootte;achterstand_band;aandeel_laag_inkomen;aandeel_armoedeprobleemgebied\n');
      for (let i = 0; i < SCHOOLS; i++) emit(`${schoolCode(i)};po;${municipalities[(i + (i === 0 ? 1 : 0)) % municipalities.length]};;middel;${1 + (i % 4)};12,5;8\n`);
    });
    const schoolsFull = await timed('scholenbestand', 'schools', movedFile);
    const eightFile = path.join(dir, 'schools-8.csv');
    await writeLines(eightFile, (emit) => {
      emit('brin_vestiging;sector;gemeente_code;grootte\n');
      for (let i = SCHOOLS; i < SCHOOLS + 8; i++) emit(`${schoolCode(i)};po;${municipalities[0]};klein\n`);
    });
    const eight = await timed('8 scholen', 'schools', eightFile);
    const scans2File = path.join(dir, 'scans-2.csv');
    await writeLines(scans2File, (emit) => {
      emit('brin_vestiging;schooljaar;principe;score\n');
      for (let i = 0; i < SCHOOLS; i++) for (let p = 1; p <= PRINCIPLES; p++) emit(`${schoolCode(i)};${YEAR_2};${p};${score(i, p)}\n`);
    });
    const scansFull = await timed('scans nieuw schooljaar', 'scans', scans2File);
    await importDb.close();

    // 2. Raw baseline: the same rows, already in memory and pseudonymised, one prepared statement, one transaction.
    const rawDb = await freshDb(path.join(dir, 'raw.sqlite'));
    const conn = rawDb.sqlite!;
    const insertSchool = conn.prepare('INSERT INTO school (id, sector, municipality_code, district_code, size_band, disadvantage_band, low_income_share, poverty_area_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const ids = Array.from({ length: SCHOOLS }, (_, i) => pseudonymiseSchoolId(SECRET, schoolCode(i)));
    conn.transaction(() => {
      for (let i = 0; i < SCHOOLS; i++) insertSchool.run(ids[i], 'po', municipalities[i % municipalities.length], null, 'middel', 1 + (i % 4), 12.5, 8);
    })();
    const rawRows: [string, string, number, number][] = [];
    for (let i = 0; i < SCHOOLS; i++) for (let p = 1; p <= PRINCIPLES; p++) rawRows.push([ids[i]!, YEAR, p, score(i, p)]);
    const insertScore = conn.prepare('INSERT INTO scan_score (school_id, school_year, principle_id, score) VALUES (?, ?, ?, ?)');
    const tRaw = performance.now();
    conn.transaction(() => {
      for (const r of rawRows) insertScore.run(r);
    })();
    const rawMs = performance.now() - tRaw;
    await rawDb.close();

    const importRate = rows / (importMs / 1000);
    const rawRate = rows / (rawMs / 1000);
    console.log('Importbenchmark (scan_score, SQLite, één transactie)');
    console.log(`  rijen:                  ${fmt(rows)} (${fmt(SCHOOLS)} scholen × ${PRINCIPLES} principes)`);
    console.log(`  importFile:             ${(importMs / 1000).toFixed(2)} s = ${fmt(importRate)} rijen/s (piek-RSS ${fmt(peakRss / 1e6)} MB)`);
    console.log(`  ruwe better-sqlite3:    ${(rawMs / 1000).toFixed(2)} s = ${fmt(rawRate)} rijen/s`);
    console.log(`  verhouding import/ruw:  ${(importRate / rawRate).toFixed(2)} (doel ≥ 0,50)`);
    console.log(`  herhaalde import:       ${(repeatMs / 1000).toFixed(2)} s = ${fmt(rows / (repeatMs / 1000))} rijen/s (alles ongewijzigd)`);
    console.log(`  rollups verversen:      ${(rollupMs / 1000).toFixed(2)} s (na de import, niet in de verhouding)`);
    console.log('Tot de cijfers op het dashboard staan (import + dashboardcijfers):');
    console.log(`  ${fmt(rows)} scorerijen, nieuw schooljaar: ${(scansFull.ms / 1000).toFixed(2)} s (piek-RSS ${fmt(scansFull.peak / 1e6)} MB)`);
    console.log(`  scholenbestand ${fmt(SCHOOLS)} scholen, 1 verhuisd: ${(schoolsFull.ms / 1000).toFixed(2)} s`);
    console.log(`  8 nieuwe scholen in één gemeente:  ${(eight.ms / 1000).toFixed(2)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
