/**
 * What a data manager's real files run into: Dutch numbers (thousands separators, decimal commas
 * in comma-separated files), implausible values (school years, incomplete scans, hours, counts)
 * and the messages for broken files (row numbers of encoding and quoting errors, runaway headers,
 * XLSX dates, formulas, truncated workbooks and progress). Real databases, both backends.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportKind } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { createImportTestDb, exampleText, type ImportTestDb } from '../test-support/import-files.ts';
import { MAX_LISTED_PROBLEMS, importFile, type ImportOptions, type ImportProgress, type ImportResult } from './import-file.ts';
import { pseudonymiseSchoolId } from './pseudonym.ts';

const SECRET = 'test-secret-niet-geheim';
const SCAN_HEADER = 'brin_vestiging;schooljaar;principe;score';

let testDb: ImportTestDb;
let db: Db;
let fileCount = 0;

function write(name: string, content: string | Buffer): string {
  const file = path.join(testDb.dir, `${fileCount++}-${name}`);
  writeFileSync(file, content);
  return file;
}

async function run(kind: ImportKind, content: string | Buffer, name = 'bestand.csv', options: Partial<ImportOptions> = {}): Promise<ImportResult> {
  return importFile(db, kind, { path: write(name, content) }, { secret: SECRET, ...options });
}

function failed(result: ImportResult): Extract<ImportResult, { ok: false }> {
  expect(result.ok, JSON.stringify(result).slice(0, 500)).toBe(false);
  return result as Extract<ImportResult, { ok: false }>;
}

function succeeded(result: ImportResult): Extract<ImportResult, { ok: true }> {
  expect(result.ok, JSON.stringify(result).slice(0, 500)).toBe(true);
  return result as Extract<ImportResult, { ok: true }>;
}

async function workbook(sheet: string, rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const capacity = () => db.kysely.selectFrom('capacity').select(['region_code', 'school_year', 'advisor_fte', 'hours_for_schools']).orderBy('region_code').orderBy('school_year').execute();
const scanCount = async () => Number((await db.kysely.selectFrom('scan_score').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe.each(TEST_BACKENDS)('import checks (%s)', (backend) => {
  beforeEach(async () => {
    testDb = await createImportTestDb(backend, 'rd-import-checks-', 'fixture geography', { examplesSecret: SECRET });
    db = testDb.db;
  }, 240_000);
  afterEach(() => testDb.cleanup());

  describe('Dutch numbers', () => {
    it('rejects 4.800 hours as ambiguous with both readings, and stores 4800 and 1.234,5 as written', async () => {
      const before = await capacity();
      const ambiguous = failed(await run('capacity', 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen\nGG3406;2023-2024;6,4;4.800\nGG2514;2023-2024;4,2;3,100\n'));
      expect(ambiguous.problems).toEqual([
        { row: 2, column: 'uren_voor_scholen', message: '4.800 kan 4800 of 4,8 betekenen; schrijf 4800 of 4,8' },
        { row: 3, column: 'uren_voor_scholen', message: '3,100 kan 3100 of 3,1 betekenen; schrijf 3100 of 3,1' },
      ]);
      expect(await capacity()).toEqual(before);

      succeeded(await run('capacity', 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen\nGG3406;2023-2024;6,4;4800\nGG2514;2023-2024;4,2;1.234,5\nGG4607;2023-2024;7.1;5200\n'));
      const stored = (await capacity()).filter((c) => c.school_year === '2023-2024');
      expect(stored).toEqual([
        { region_code: 'GG2514', school_year: '2023-2024', advisor_fte: 4.2, hours_for_schools: 1234.5 },
        { region_code: 'GG3406', school_year: '2023-2024', advisor_fte: 6.4, hours_for_schools: 4800 },
        { region_code: 'GG4607', school_year: '2023-2024', advisor_fte: 7.1, hours_for_schools: 5200 },
      ]);
    });

    it('reads 1.000 respondents as a thousand, rejects 1,000 as ambiguous and stray separators as no number', async () => {
      const header = 'brin_vestiging;schooljaar;indicator;percentage;respondenten\n';
      succeeded(await run('outcomes', `${header}99XX00;2023-2024;schooldruk;14,0;1.000\n`));
      const stored = await db.kysely.selectFrom('outcome').select(['respondents', 'value_pct'])
        .where('school_id', '=', pseudonymiseSchoolId(SECRET, '99XX00')).where('school_year', '=', '2023-2024').executeTakeFirstOrThrow();
      expect(stored).toEqual({ respondents: 1000, value_pct: 14 });

      const result = failed(await run('outcomes', `${header}99XX00;2023-2024;schooldruk;14,0;1,000\n99XX01;2023-2024;schooldruk;1.4.0;100\n99XY00;2023-2024;schooldruk;18,4,;100\n`));
      expect(result.problems).toEqual([
        { row: 2, column: 'respondenten', message: '1,000 kan 1000 of 1 betekenen; schrijf 1000 of 1' },
        { row: 3, column: 'percentage', message: expect.stringMatching(/^verwacht een getal, gevonden "1\.4\.0"/) },
        { row: 4, column: 'percentage', message: expect.stringMatching(/^verwacht een getal, gevonden "18,4,"/) },
      ]);
    });

    it('rejects a row with more values than the header in a comma-separated file: 18,4, is never stored as 18 and 4', async () => {
      const header = 'brin_vestiging,sector,gemeente_code,wijk_code,grootte,achterstand_band,aandeel_laag_inkomen,aandeel_armoedeprobleemgebied\n';
      const before = await db.kysely.selectFrom('school').selectAll().orderBy('id').execute();
      const result = failed(await run('schools', `${header}99XX00,po,GM0363,,middel,3,18,4,\n99XX01,po,GM0363,,klein,4,"31,2",40\n`));
      expect(result.problems).toEqual([
        { row: 2, column: '', message: expect.stringMatching(/^de rij heeft 9 waarden, de kopregel 8 kolommen.*"18,4"/) },
      ]);
      expect(await db.kysely.selectFrom('school').selectAll().orderBy('id').execute()).toEqual(before);

      // With ; a trailing empty cell is a spreadsheet's padding; a value there is not.
      const semicolons = header.replaceAll(',', ';');
      succeeded(await run('schools', `${semicolons}99XX00;po;GM0363;;middel;3;18,4;;;\n`));
      expect(failed(await run('schools', `${semicolons}99XX00;po;GM0363;;middel;3;18,4;;;x\n`)).problems)
        .toEqual([{ row: 2, column: '', message: 'de rij heeft 10 waarden, de kopregel 8 kolommen: waarde "x" (de 10e) hoort bij geen kolom' }]);

      succeeded(await run('schools', `${header}99XX00,po,GM0363,,middel,3,"18,4",\n`));
      expect(await db.kysely.selectFrom('school').select(['low_income_share', 'poverty_area_share']).where('id', '=', pseudonymiseSchoolId(SECRET, '99XX00')).executeTakeFirst())
        .toEqual({ low_income_share: 18.4, poverty_area_share: null });
    });

    it('takes numbers from XLSX number cells as they are: 1.234 in a cell is no thousands question', async () => {
      const result = await run('capacity', await workbook('capacity', [['ggd_code', 'schooljaar', 'adviseur_fte', 'uren_voor_scholen'], ['GG3406', '2023-2024', 1.234, 1234.5]]), 'c.xlsx');
      succeeded(result);
      expect((await capacity()).find((c) => c.school_year === '2023-2024')).toMatchObject({ advisor_fte: 1.234, hours_for_schools: 1234.5 });
    });
  });

  describe('plausibility', () => {
    const fullScan = (code: string, year: string) => Array.from({ length: 16 }, (_, i) => `${code};${year};${i + 1};2`);

    it('rejects a school year outside the configured window', async () => {
      const result = failed(await run('scans', [SCAN_HEADER, ...fullScan('99XX00', '2204-2205')].join('\n')));
      expect(result.problemCount).toBe(16);
      expect(result.problems[0]).toEqual({ row: 2, column: 'schooljaar', message: expect.stringMatching(/^schooljaar 2204-2205 ligt buiten 2010-2011 t\/m \d{4}-\d{4}/) });
      // The window is a setting: a narrower one refuses what the default accepts.
      const narrow = failed(await run('scans', [SCAN_HEADER, ...fullScan('99XX00', '2022-2023')].join('\n'), 'scans.csv', { schoolYears: { first: 2023, last: 2024 } }));
      expect(narrow.problems[0]!.message).toMatch(/^schooljaar 2022-2023 ligt buiten 2023-2024 t\/m 2024-2025/);
      expect(await scanCount()).toBe(48);
    });

    it('rejects an incomplete scan, but takes a correction of a scan that is complete in the database', async () => {
      const partial = failed(await run('scans', [SCAN_HEADER, ...fullScan('99XX00', '2023-2024').slice(0, 15), '99XX01;2023-2024;7;3'].join('\n')));
      expect(partial.problems).toEqual([
        { row: 2, column: 'principe', message: 'onvolledige scan: voor dit schooljaar ontbreekt principe 16 (een scan heeft een score voor alle 16 principes)' },
        { row: 17, column: 'principe', message: 'onvolledige scan: voor dit schooljaar ontbreken principe 1–6, 8–16 (een scan heeft een score voor alle 16 principes)' },
      ]);
      expect(await scanCount()).toBe(48);

      // 99XX00 has a complete 2024-2025 scan from the examples: one corrected score is fine.
      expect(succeeded(await run('scans', `${SCAN_HEADER}\n99XX00;2024-2025;4;1\n`))).toMatchObject({ rows: 1, updated: 1, warnings: [] });
    });

    it('rejects impossible values and lists unusual ones as warnings while importing them', async () => {
      const capacityHeader = 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen\n';
      const impossible = failed(await run('capacity', `${capacityHeader}GG3406;2023-2024;2;4800\n`));
      expect(impossible.problems).toEqual([{ row: 2, column: 'uren_voor_scholen', message: expect.stringContaining('meer dan 2 fte') }]);

      const unusual = succeeded(await run('capacity', `${capacityHeader}GG3406;2023-2024;64;4800\n`));
      expect(unusual.warnings).toEqual([{ row: 2, column: 'adviseur_fte', message: expect.stringContaining('64 fte') }]);
      expect(unusual.warningCount).toBe(1);
      expect((await capacity()).find((c) => c.school_year === '2023-2024')).toMatchObject({ advisor_fte: 64 });

      const outcomesHeader = 'brin_vestiging;schooljaar;indicator;percentage;respondenten\n';
      const noRespondents = failed(await run('outcomes', `${outcomesHeader}99XX00;2023-2024;schooldruk;14,0;0\n`));
      expect(noRespondents.problems).toEqual([{ row: 2, column: 'respondenten', message: expect.stringContaining('0 respondenten') }]);
      const notAFraction = succeeded(await run('outcomes', `${outcomesHeader}99XX00;2023-2024;schooldruk;21,4;1\n`));
      expect(notAFraction.warnings).toEqual([{ row: 2, column: 'percentage', message: expect.stringContaining('21,4% van 1 respondent') }]);

      const implementation = exampleText('implementation').replace('uitvoeren;ja;4;3;2;10,5', 'uitvoeren;ja;4;3;2;250').replace('welbevinden:2022-2023', 'welbevinden:2020-2021');
      const many = succeeded(await run('implementation', implementation));
      expect(many.warnings).toEqual([
        { row: 2, column: 'ggd_uren', message: expect.stringContaining('250 uur') },
        { row: 2, column: 'themacertificaten', message: expect.stringContaining('verlopen') },
      ]);
    });
  });

  describe('messages', () => {
    it('reports an encoding error on its own line, also past the first 256 KB', async () => {
      const lines = [SCAN_HEADER, ...Array.from({ length: 8 }, (_, i) => `99XX00;2024-2025;${i + 1};2`)];
      lines[4] = '99XX00;2024-2025;4;2 \xe9';
      const small = failed(await run('scans', Buffer.from(lines.join('\n') + '\n', 'latin1')));
      expect(small.problems).toEqual([{ row: 5, column: '', message: expect.stringContaining('UTF-8') }]);

      // Lines of empty cells are skipped, so the only problem is the encoding, in the second block.
      const big = [SCAN_HEADER, ...Array.from({ length: 20_000 }, () => `${' '.repeat(20)};;;`)];
      big[15_000] = '99XX00;2024-2025;1;caf\xe9';
      const result = failed(await run('scans', Buffer.from(big.join('\n') + '\n', 'latin1')));
      expect(result.problems).toEqual([{ row: 15_001, column: '', message: expect.stringContaining('UTF-8') }]);
    });

    it('reports an unclosed quote on the row where it opens', async () => {
      const lines = [SCAN_HEADER, ...Array.from({ length: 226 }, (_, i) => `99XX00;2024-2025;${(i % 16) + 1};2`)];
      lines[31] = '99XX00;"2024-2025;3;2';
      const result = failed(await run('scans', lines.join('\n') + '\n'));
      expect(result.problems.at(-1)).toEqual({ row: 32, column: '', message: expect.stringContaining('aanhalingsteken') });
    });

    it('caps the problems of a runaway header line, and refuses a line of megabytes as such without reading it all', async () => {
      const header = Array.from({ length: 5_000 }, (_, i) => `k${i}`).join(';');
      const result = failed(await run('scans', `${header}\n99XX00;2024-2025;1;2\n`));
      expect(result.problems).toHaveLength(MAX_LISTED_PROBLEMS);
      expect(result.problemCount).toBe(5_000 + 4);
      // The missing required columns are listed even beyond the cap.
      expect(result.problems.slice(-4).map((p) => p.column)).toEqual(['brin_vestiging', 'schooljaar', 'principe', 'score']);

      const huge = failed(await run('scans', `${'x;'.repeat(5_000_000)}\n99XX00;2024-2025;1;2\n`));
      expect(huge.problems).toEqual([{ row: 1, column: '', message: expect.stringContaining('langer dan 64 kB') }]);
    });

    it('XLSX: a date cell reads as the date the user sees, not its serial number', async () => {
      const file = await workbook('scans', [['brin_vestiging', 'schooljaar', 'principe', 'score'], ['99XX00', new Date(Date.UTC(2024, 7, 1)), 1, 2]]);
      const result = failed(await run('scans', file, 's.xlsx'));
      expect(result.problems).toEqual([{ row: 2, column: 'schooljaar', message: 'verwacht een schooljaar zoals 2024-2025, gevonden "1-8-2024"' }]);
    });

    it('XLSX: a percentage cell reads as the percentage shown (18,5 %), not as the fraction Excel stores', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('outcomes');
      ws.addRow(['brin_vestiging', 'schooljaar', 'indicator', 'percentage', 'respondenten']);
      ws.addRow(['99XX00', '2023-2024', 'schooldruk', 0.185, 200]).getCell(4).numFmt = '0.0%';
      ws.addRow(['99XX01', '2023-2024', 'schooldruk', 21.4, 500]).getCell(4).numFmt = '0.0" %"';
      succeeded(await run('outcomes', Buffer.from(await wb.xlsx.writeBuffer()), 'o.xlsx'));
      const stored = await db.kysely.selectFrom('outcome').select('value_pct').where('school_year', '=', '2023-2024').orderBy('value_pct').execute();
      expect(stored.map((o) => o.value_pct)).toEqual([18.5, 21.4]);
    });

    it('XLSX: a formula without a computed value gives a Dutch message naming the formula', async () => {
      const file = await workbook('scans', [['brin_vestiging', 'schooljaar', 'principe', 'score'], ['99XX00', '2024-2025', 1, { formula: 'B7+1' } as ExcelJS.CellFormulaValue]]);
      const result = failed(await run('scans', file, 's.xlsx'));
      expect(result.problems).toEqual([{ row: 2, column: 'score', message: expect.stringMatching(/^formule =B7\+1 zonder berekende waarde/) }]);
    });

    it('XLSX: a truncated workbook gives a Dutch message', async () => {
      const rows: ExcelJS.CellValue[][] = [['brin_vestiging', 'schooljaar', 'principe', 'score']];
      for (let i = 0; i < 3000; i++) rows.push([`99X${String.fromCharCode(65 + (i % 26))}${String(i % 100).padStart(2, '0')}`, '2024-2025', (i % 16) + 1, i % 4]);
      const file = await workbook('scans', rows);
      for (const fraction of [0.3, 0.6, 0.9]) {
        const result = failed(await run('scans', file.subarray(0, Math.floor(file.length * fraction)), 's.xlsx'));
        const last = result.problems.at(-1)!;
        expect(last.message).toMatch(/^de XLSX-werkmap is onvolledig/);
        expect(last.message).not.toMatch(/FILE_ENDED/);
      }
    });

    it('XLSX: progress follows the rows through the file, not 100 % from the start', async () => {
      const rows: ExcelJS.CellValue[][] = [['brin_vestiging', 'schooljaar', 'principe', 'score']];
      for (let i = 0; i < 20_000; i++) rows.push([`99Q${String.fromCharCode(65 + (i % 26))}${String(i % 100).padStart(2, '0')}`, '2024-2025', (i % 16) + 1, i % 4]);
      const progress: ImportProgress[] = [];
      failed(await run('scans', await workbook('scans', rows), 's.xlsx', { onProgress: (p) => progress.push(p) }));
      const reading = progress.filter((p) => p.phase === 'valideren' && p.rowsRead > 0 && p.rowsRead < 20_000);
      expect(reading.length).toBeGreaterThanOrEqual(3);
      const share = reading.map((p) => p.bytesRead! / p.totalBytes!);
      expect(share[0]).toBeLessThan(0.4);
      expect(share.every((s, i) => i === 0 || s > share[i - 1]!)).toBe(true);
      expect(progress.at(-1)!.bytesRead).toBe(progress.at(-1)!.totalBytes);
    });
  });
});
