import { createHash, createHmac } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_KINDS, schoolIdSchema } from '@rd/shared';
import { openDb, type Db } from '../db/connection.ts';
import { listTables } from '../db/dialect-sql.ts';
import { TEST_BACKENDS, type Backend } from '../test-support/databases.ts';
import { createImportTestDb, examplePath, exampleText, importExamples, type ImportTestDb } from '../test-support/import-files.ts';
import { importFile, type ImportOptions, type ImportResult } from './import-file.ts';
import { normaliseBrinVestiging, pseudonymiseSchoolId } from './pseudonym.ts';

const SECRET = 'test-secret-niet-geheim';
/** Independent statement of the pseudonym rule from docs/import.md. */
const pseudonym = (code: string) => 'S' + createHmac('sha256', SECRET).update(code).digest('hex').slice(0, 16).toUpperCase();

/** Import files are written to `testDb.dir`; the database is a temp SQLite file or a PostgreSQL schema. */
let testDb: ImportTestDb;
let db: Db;

async function setUp(backend: Backend, options: { examples?: boolean } = {}): Promise<void> {
  // An empty database prepared as every entry point does (SEED_DEMO=false: no demo data), so
  // the tests see the geography a real installation has, not a fixture of their own; with
  // `examples`, every example file imported into it (a copy of one such import per backend).
  testDb = await createImportTestDb(backend, 'rd-import-', 'prepared', { examplesSecret: options.examples ? SECRET : undefined });
  db = testDb.db;
}

/** Starts the test over from a database with every example file imported. */
async function startFromExamples(backend: Backend): Promise<void> {
  await tearDown();
  await setUp(backend, { examples: true });
}

async function tearDown(): Promise<void> {
  // The BRIN test may have reopened the SQLite file: close whichever handle is current.
  if (db !== testDb.db) await db.close();
  await testDb.cleanup();
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(testDb.dir, name);
  writeFileSync(file, content);
  return file;
}

async function run(kind: (typeof IMPORT_KINDS)[number], file: string): Promise<ImportResult> {
  return importFile(db, kind, { path: file }, { secret: SECRET });
}

/** Every row of every table, hashed per table: "unchanged" means these are identical. */
async function dump(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await listTables(db.kysely, db.dialect)) {
    // Sorted in JS: the same order on both backends whatever their collation.
    const rows = (await db.kysely.selectFrom(t as never).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
    out[t] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  }
  return out;
}

function expectProblems(result: ImportResult): Extract<ImportResult, { ok: false }> {
  expect(result.ok).toBe(false);
  return result as Extract<ImportResult, { ok: false }>;
}

describe('pseudonymisation', () => {
  it('is the keyed HMAC of the normalised code, stable and secret-dependent', () => {
    expect(pseudonymiseSchoolId(SECRET, '99XX00')).toBe(pseudonym('99XX00'));
    expect(pseudonymiseSchoolId(SECRET, ' 99xx-00 ')).toBe(pseudonym('99XX00'));
    expect(pseudonymiseSchoolId('ander-geheim', '99XX00')).not.toBe(pseudonym('99XX00'));
    expect(schoolIdSchema.safeParse(pseudonymiseSchoolId(SECRET, '99XX00')).success).toBe(true);
    expect(normaliseBrinVestiging('99XX0')).toBeNull();
    expect(normaliseBrinVestiging('XX9900')).toBeNull();
  });
});

describe.each(TEST_BACKENDS)('importFile (%s)', (backend) => {
  afterEach(() => tearDown());

  describe('importFile: valid files', () => {
    beforeEach(() => setUp(backend), 60_000);

    it('imports every example file in data/examples with its values', async () => {
      await importExamples(db, SECRET);
      const k = db.kysely;
      const schools = await k.selectFrom('school').selectAll().orderBy('id').execute();
      expect(schools).toHaveLength(5);
      const amsterdam = schools.find((s) => s.id === pseudonym('99XX00'))!;
      expect(amsterdam).toMatchObject({ sector: 'po', municipality_code: 'GM0363', district_code: 'WK036300', size_band: 'middel', disadvantage_band: 3, low_income_share: 18.5, poverty_area_share: 22 });
      expect(schools.find((s) => s.id === pseudonym('99XZ00'))).toMatchObject({ district_code: null, disadvantage_band: null, low_income_share: null });

      const scans = await k.selectFrom('scan_score').selectAll().where('school_id', '=', pseudonym('99XY00')).orderBy('principle_id').execute();
      expect(scans.map((s) => s.score)).toEqual([3, 2, 2, 2, 3, 3, 2, 3, 2, 1, 3, 2, 2, 3, 2, 3]);

      const impl = await k.selectFrom('implementation_record').selectAll().where('school_id', '=', pseudonym('99XX00')).executeTakeFirstOrThrow();
      expect(impl).toMatchObject({ phase: 'uitvoeren', has_kartrekker: 1, ggd_support_hours: 10.5, ggd_contacts: 4 });
      const certs = await k.selectFrom('certificate').select(['theme', 'awarded_year']).where('school_id', '=', pseudonym('99XX00')).orderBy('theme').execute();
      expect(certs).toEqual([{ theme: 'voeding', awarded_year: '2024-2025' }, { theme: 'welbevinden', awarded_year: '2022-2023' }]);

      expect(await k.selectFrom('capacity').selectAll().where('region_code', '=', 'GG3406').executeTakeFirst()).toMatchObject({ advisor_fte: 6.4, hours_for_schools: 4800 });
      expect(await k.selectFrom('partner_agreement').select('has_agreement').where('school_id', '=', pseudonym('99XX00')).where('partner_type', '=', 'jeugdhulp').executeTakeFirst()).toEqual({ has_agreement: 0 });
      expect(await k.selectFrom('outcome').select('value_pct').where('school_id', '=', pseudonym('99XY00')).where('indicator', '=', 'veilig_op_school').executeTakeFirst()).toEqual({ value_pct: 86.9 });

      const runs = await k.selectFrom('import_run').select(['kind', 'file_name', 'rows']).orderBy('id').execute();
      expect(runs).toEqual([
        { kind: 'schools', file_name: 'schools.csv', rows: 5 },
        { kind: 'scans', file_name: 'scans.csv', rows: 48 },
        { kind: 'implementation', file_name: 'implementation.csv', rows: 5 },
        { kind: 'capacity', file_name: 'capacity.csv', rows: 4 },
        { kind: 'partners', file_name: 'partners.csv', rows: 8 },
        { kind: 'outcomes', file_name: 'outcomes.csv', rows: 5 },
        { kind: 'districts', file_name: 'districts.csv', rows: 3 },
        { kind: 'areas', file_name: 'areas.csv', rows: 2 },
        { kind: 'postcodes', file_name: 'postcodes.csv', rows: 3 },
      ]);
    }, 240_000);

    it('reads CSV with BOM, CRLF and decimal comma, and CSV with commas and quoted fields, to the same content', async () => {
      await run('schools', write('s.csv', '\uFEFF' + exampleText('schools').replace(/\n/g, '\r\n')));
      const viaSemicolon = (await dump()).school;
      const commaFile = exampleText('schools').split('\n').map((line) => line.split(';').map((v) => (v.includes(',') ? `"${v}"` : v)).join(',')).join('\n');
      // Headers are matched case-insensitively, with hints in parentheses ignored.
      const withHeaderVariants = commaFile.replace('brin_vestiging', ' BRIN_Vestiging ').replace('grootte', 'Grootte (klein/middel/groot)');
      const again = await run('schools', write('s2.csv', withHeaderVariants));
      // The example's wijken are not imported here: each school with a wijk code is a warning.
      expect(again).toMatchObject({ ok: true, rows: 5, inserted: 0, updated: 0, unchanged: 5, warningCount: 3, runId: expect.any(Number) });
      if (again.ok) expect(again.warnings.map((w) => [w.row, w.column])).toEqual([[2, 'wijk_code'], [4, 'wijk_code'], [6, 'wijk_code']]);
      expect((await dump()).school).toBe(viaSemicolon);
    });

    it('reads XLSX: the sheet named after the kind, numbers as cells', async () => {
      await run('schools', examplePath('schools'));
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Toelichting').addRow(['Dit blad wordt overgeslagen']);
      const ws = wb.addWorksheet('scans');
      ws.addRow(['brin_vestiging', 'schooljaar', 'principe', 'score']);
      for (let p = 1; p <= 16; p++) ws.addRow(['99XX01', '2023-2024', p, p % 4]);
      const file = path.join(testDb.dir, 'scans.xlsx');
      await wb.xlsx.writeFile(file);
      const result = await run('scans', file);
      expect(result).toEqual({ ok: true, rows: 16, inserted: 16, updated: 0, unchanged: 0, warnings: [], warningCount: 0, runId: expect.any(Number) });
      const scores = await db.kysely.selectFrom('scan_score').select(['principle_id', 'score']).where('school_id', '=', pseudonym('99XX01')).orderBy('principle_id').execute();
      expect(scores.map((s) => s.score)).toEqual(Array.from({ length: 16 }, (_, i) => (i + 1) % 4));
    });

    it('takes the first sheet of an XLSX without a sheet named after the kind, and accepts a stream', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Blad1');
      ws.addRow(['ggd_code', 'schooljaar', 'adviseur_fte', 'uren_voor_scholen']);
      ws.addRow(['GG3406', '2023-2024', 5.5, 4100]);
      wb.addWorksheet('Blad2').addRow(['onzin']);
      const buffer = Buffer.from(await wb.xlsx.writeBuffer());
      const result = await importFile(db, 'capacity', { stream: Readable.from([buffer]), fileName: 'capaciteit.xlsx' }, { secret: SECRET });
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true, inserted: 1 });
      expect(await db.kysely.selectFrom('capacity').select('advisor_fte').executeTakeFirst()).toEqual({ advisor_fte: 5.5 });
    });

    it('changes nothing when the same files are imported again, and updates only what changed', async () => {
      await startFromExamples(backend);
      const before = await dump();
      for (const kind of IMPORT_KINDS) {
        const result = await run(kind, examplePath(kind));
        expect(result, kind).toMatchObject({ ok: true, inserted: 0, updated: 0 });
      }
      const after = await dump();
      delete before.import_run;
      delete after.import_run;
      // The data version counts rebuilds (each import rebuilds its figures), not differences.
      delete before.data_version;
      delete after.data_version;
      expect(after).toEqual(before);

      const changed = exampleText('scans').replace('99XX00;2024-2025;4;3', '99XX00;2024-2025;4;1');
      expect(await run('scans', write('scans.csv', changed))).toEqual({ ok: true, rows: 48, inserted: 0, updated: 1, unchanged: 47, warnings: [], warningCount: 0, runId: expect.any(Number) });
    }, 240_000);

    it('replaces the certificates of an implementation record on re-import', async () => {
      await startFromExamples(backend);
      const changed = exampleText('implementation').replace('welbevinden:2022-2023|voeding:2024-2025', 'gehoor:2023-2024');
      expect(await run('implementation', write('impl.csv', changed))).toMatchObject({ ok: true, updated: 1, unchanged: 4 });
      const certs = await db.kysely.selectFrom('certificate').select(['theme', 'awarded_year']).where('school_id', '=', pseudonym('99XX00')).execute();
      expect(certs).toEqual([{ theme: 'gehoor', awarded_year: '2023-2024' }]);
    }, 240_000);

    it('imports the optional conditions leadership and draagvlak in the school, and leaves them unrecorded where empty', async () => {
      await startFromExamples(backend);
      const lines = exampleText('implementation').trimEnd().split('\n');
      const withConditions = [
        `${lines[0]};betrokkenheid_schoolleiding;draagvlak_school`,
        `${lines[1]};5;4`,
        `${lines[2]};;`,
      ].join('\n');
      expect(await run('implementation', write('impl-conditions.csv', withConditions))).toMatchObject({ ok: true, updated: 1, unchanged: 1 });
      const rows = await db.kysely.selectFrom('implementation_record').select(['school_id', 'leadership_commitment', 'school_support'])
        .where('school_id', 'in', [pseudonym('99XX00'), pseudonym('99XX01')]).orderBy('school_id').execute();
      expect(new Map(rows.map((r) => [r.school_id, [r.leadership_commitment, r.school_support]]))).toEqual(new Map([
        [pseudonym('99XX00'), [5, 4]],
        [pseudonym('99XX01'), [null, null]],
      ]));
    }, 240_000);

    // One check per backend, each the strongest that backend allows: PostgreSQL's rows through SQL,
    // SQLite's files byte for byte.
    it.runIf(backend === 'postgres')('never stores a BRIN code in clear (every row of every table)', async () => {
      await importExamples(db, SECRET);
      const everything = JSON.stringify(await Promise.all((await listTables(db.kysely, db.dialect)).map((t) => db.kysely.selectFrom(t as never).selectAll().execute())));
      for (const code of ['99XX00', '99XX01', '99XY00', '99XZ00', '99XZ01']) expect(everything.includes(code), code).toBe(false);
      expect(everything.includes(pseudonym('99XX00'))).toBe(true);
    }, 240_000);

    it.runIf(backend === 'sqlite')('never stores a BRIN code in clear (every byte of the database files)', async () => {
      const dbFile = testDb.file;
      await importExamples(db, SECRET);
      await testDb.db.close();
      // Reopen so the WAL is checkpointed into the main file, then look through every file of the database.
      db = await openDb(dbFile);
      db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const files = readdirSync(path.dirname(dbFile)).filter((f) => f.startsWith('test.sqlite'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const bytes = readFileSync(path.join(path.dirname(dbFile), f));
        for (const code of ['99XX00', '99XX01', '99XY00', '99XZ00', '99XZ01']) expect(bytes.includes(code), `${code} in ${f}`).toBe(false);
      }
      expect(readFileSync(dbFile).includes(pseudonym('99XX00'))).toBe(true);
    }, 240_000);
  });

  describe('importFile: invalid files write nothing', () => {
    beforeEach(() => setUp(backend, { examples: true }), 240_000);

    /** Nothing changes but the failed run's line in the import history. */
    async function rejected(kind: (typeof IMPORT_KINDS)[number], content: string | Buffer, name = 'bad.csv', schoolYears?: ImportOptions['schoolYears']) {
      const { import_run: runsBefore, ...before } = await dump();
      const result = expectProblems(await importFile(db, kind, { path: write(name, content) }, { secret: SECRET, schoolYears }));
      const { import_run: runsAfter, ...after } = await dump();
      expect(after).toEqual(before);
      expect(runsAfter).not.toEqual(runsBefore);
      const last = await db.kysely.selectFrom('import_run').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last).toMatchObject({ id: result.runId, kind, file_name: name, result: 'mislukt', problem_count: result.problemCount, can_undo: 0 });
      return result;
    }

    it('lists a score outside 0-3 with row, column and a Dutch message, even after many valid rows', async () => {
      // 1,600 valid rows first: they were written provisionally and must be rolled back.
      const lines = ['brin_vestiging;schooljaar;principe;score'];
      for (const code of ['99XX00', '99XX01', '99XY00', '99XZ00', '99XZ01']) {
        for (let y = 2010; y < 2030; y++) for (let p = 1; p <= 16; p++) lines.push(`${code};${y}-${y + 1};${p};2`);
      }
      lines.push('99XX01;2024-2025;1;4');
      const result = await rejected('scans', lines.join('\n'), 'bad.csv', { first: 2010, last: 2029 });
      expect(result.problems).toEqual([{ row: 1602, column: 'score', message: 'verwacht 0, 1, 2 of 3, gevonden "4"' }]);
    });

    it('lists every problem of every row', async () => {
      const content = [
        'brin_vestiging;schooljaar;principe;score',
        '99XX00;2024-2025;1;2',
        '99QQ99;2024-2025;2;2',
        'X;2024-2025;3;2',
        '99XX00;2024/2025;17;twee',
        '99XX00;2024-2025;1;3',
        '99XX00;2024-2025;5;',
      ].join('\n');
      const result = await rejected('scans', content);
      expect(result.problemCount).toBe(7);
      expect(result.problems).toEqual([
        { row: 3, column: 'brin_vestiging', message: 'onbekende school: importeer deze school eerst met een scholenbestand' },
        { row: 4, column: 'brin_vestiging', message: 'verwacht BRIN + vestigingsnummer zoals 99XX00, gevonden "X"' },
        { row: 5, column: 'score', message: 'verwacht een getal, gevonden "twee"' },
        { row: 5, column: 'schooljaar', message: 'verwacht een schooljaar zoals 2024-2025, gevonden "2024/2025"' },
        { row: 5, column: 'principe', message: 'verwacht 1 t/m 16, gevonden "17"' },
        { row: 6, column: 'brin_vestiging', message: 'dubbele rij: deze combinatie van school, schooljaar en principe staat al eerder in het bestand' },
        { row: 7, column: 'score', message: 'verplicht, maar leeg' },
      ]);
    });

    it('rejects an unknown municipality and a district outside it', async () => {
      const content = exampleText('schools').replace('99XY00;vo;GM0344', '99XY00;vo;GM9999').replace('WK036300', 'WK034400');
      const result = await rejected('schools', content);
      expect(result.problems).toEqual([
        { row: 2, column: 'wijk_code', message: 'wijk WK034400 ligt niet in gemeente GM0363: de cijfers 3 t/m 6 van de wijkcode zijn het gemeentenummer; controleer wijk_code en gemeente_code' },
        { row: 4, column: 'gemeente_code', message: 'onbekende gemeentecode "GM9999" (verwacht een CBS-code van 2025)' },
      ]);
    });

    it('rejects an unknown GGD region', async () => {
      const result = await rejected('capacity', exampleText('capacity').replace('GG0111', 'GG0000'));
      expect(result.problems).toEqual([{ row: 5, column: 'ggd_code', message: 'onbekende GGD-regiocode "GG0000"' }]);
    });

    it('rejects missing and unknown columns before reading any row', async () => {
      const result = await rejected('scans', 'brin_vestiging;schooljaar;principe;scoore\n99XX00;2024-2025;1;9\n');
      expect(result.problems.map((p) => [p.row, p.column])).toEqual([[1, 'scoore'], [1, 'score']]);
      expect(result.problems[1]!.message).toMatch(/^verplichte kolom ontbreekt/);
    });

    it('rejects duplicate schools in one file', async () => {
      const result = await rejected('schools', exampleText('schools') + '99xx00;po;GM0363;;klein;;;\n');
      expect(result.problems).toEqual([{ row: 7, column: 'brin_vestiging', message: 'dubbele rij: deze combinatie van school staat al eerder in het bestand' }]);
    });

    it('rejects an empty file, a header without rows, binary garbage, Latin-1 text and a broken quote', async () => {
      expect((await rejected('scans', '')).problems[0]).toMatchObject({ row: 1, message: expect.stringContaining('leeg') });
      expect((await rejected('scans', 'brin_vestiging;schooljaar;principe;score\n')).problems[0]!.message).toContain('geen gegevensrijen');
      const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
      expect((await rejected('scans', garbage, 'x.bin')).problems[0]!.message).toContain('binaire inhoud');
      const latin1 = Buffer.from('brin_vestiging;sector;gemeente_code;wijk_code;grootte\n99XX00;po;GM0363;;middel\n99XX01;po;GM0363;;kl\xe9in\n', 'latin1');
      expect((await rejected('schools', latin1)).problems[0]!.message).toContain('UTF-8');
      const broken = 'brin_vestiging;schooljaar;principe;score\n99XX00;2024-2025;1;"2\n';
      expect((await rejected('scans', broken)).problems[0]!.message).toContain('geen geldig CSV-bestand');
      expect((await rejected('scans', Buffer.from('PK\x03\x04 dit is geen zip', 'latin1'), 'x.xlsx')).problems[0]!.message).toContain('XLSX');
    });

    it('rejects a leadership commitment outside 1–5, naming row and column', async () => {
      const lines = exampleText('implementation').trimEnd().split('\n');
      const content = [`${lines[0]};betrokkenheid_schoolleiding`, `${lines[1]};6`, `${lines[2]};3`].join('\n');
      expect((await rejected('implementation', content)).problems).toEqual([
        { row: 2, column: 'betrokkenheid_schoolleiding', message: expect.stringContaining('1 t/m 5') },
      ]);
    });

    it('rejects implementation rows with impossible certificates and bad yes/no values', async () => {
      const content = exampleText('implementation')
        .replace('99XX01;2024-2025;voorbereiden;nee', '99XX01;2024-2025;voorbereiden;misschien')
        .replace('welbevinden:2023-2024', 'welbevinden:2025-2026')
        .replace('bewegen_sport:2024-2025', 'zwemmen:2024-2025');
      const result = await rejected('implementation', content);
      expect(result.problems).toEqual([
        { row: 3, column: 'kartrekker', message: 'verwacht ja of nee, gevonden "misschien"' },
        { row: 4, column: 'themacertificaten', message: 'certificaat welbevinden is toegekend in 2025-2026, na schooljaar 2024-2025' },
        { row: 6, column: 'themacertificaten', message: expect.stringMatching(/^verwacht een thema met een themacertificaat: welbevinden, .*, gevonden "zwemmen:2024-2025"$/) },
      ]);
    });
  });

  describe('importFile: large files', () => {
    beforeEach(() => setUp(backend), 60_000);

    it('streams 200,000 scan rows from a generated stream with progress, without a file in memory', async () => {
      const schools = 12_500;
      const header = 'brin_vestiging;sector;gemeente_code;wijk_code;grootte;achterstand_band;aandeel_laag_inkomen;aandeel_armoedeprobleemgebied\n';
      const code = (i: number) => `${String(10 + (i % 90)).padStart(2, '0')}Z${String.fromCharCode(65 + Math.floor(i / 90) % 26)}${String(Math.floor(i / 2340)).padStart(2, '0')}`;
      const schoolLines = Array.from({ length: schools }, (_, i) => `${code(i)};po;GM0363;;middel;2;10,5;12`);
      expect(new Set(schoolLines.map((l) => l.slice(0, 6))).size).toBe(schools);
      expect(await run('schools', write('big-schools.csv', header + schoolLines.join('\n')))).toMatchObject({ ok: true, inserted: schools });

      async function* scanLines(): AsyncGenerator<string> {
        yield 'brin_vestiging;schooljaar;principe;score\n';
        for (let i = 0; i < schools; i++) {
          let chunk = '';
          for (let p = 1; p <= 16; p++) chunk += `${code(i)};2024-2025;${p};${(i + p) % 4}\n`;
          yield chunk;
        }
      }
      const progress: { rowsRead: number; bytesRead?: number }[] = [];
      const result = await importFile(db, 'scans', { stream: Readable.from(scanLines()), fileName: 'groot.csv' }, {
        secret: SECRET,
        onProgress: (p) => progress.push(p),
      });
      expect(result).toEqual({ ok: true, rows: 200_000, inserted: 200_000, updated: 0, unchanged: 0, warnings: [], warningCount: 0, runId: expect.any(Number) });
      const stored = await db.kysely.selectFrom('scan_score')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('score').as('total')]).executeTakeFirstOrThrow();
      expect(stored.n).toBe(200_000);
      expect(stored.total).toBe(
        Array.from({ length: schools }, (_, i) => Array.from({ length: 16 }, (_, p) => (i + p + 1) % 4).reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0),
      );
      // Progress arrived while reading, with the bytes read so far growing: the file was consumed as a stream.
      const reading = progress.filter((p) => p.rowsRead > 0 && p.rowsRead < 200_000);
      expect(reading.length).toBeGreaterThan(10);
      expect(reading.every((p, i) => i === 0 || p.bytesRead! >= reading[i - 1]!.bytesRead!)).toBe(true);
      expect(reading[0]!.bytesRead!).toBeLessThan(progress.at(-1)!.bytesRead! / 4);
    });
  });
});
