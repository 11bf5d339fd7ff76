/**
 * Property-based fuzzing of the import (fast-check): malformed CSV and XLSX input must give a clear
 * error (a list of problems with Dutch messages), never an exception, and never a partial write:
 * after a failed import every table is byte-for-byte what it was.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_KINDS, type ImportKind } from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import { openDb, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { sqliteTableDigests } from '../test-support/table-digests.ts';
import { ensureFixtureGeography } from './fixtures.ts';
import { importFile, type ImportResult } from './import-file.ts';

const SECRET = 'fuzz-secret-niet-geheim';
const EXAMPLES = path.join(REPO_ROOT, 'data', 'examples');
const example = (kind: string) => readFileSync(path.join(EXAMPLES, `${kind}.csv`), 'utf8');
let dir: string;
let db: Db;
let counter = 0;

/** Every row of every table but the run history (a refused import is recorded there), hashed per table. */
const dump = () => sqliteTableDigests(db, ['import_run']);

async function runFile(kind: ImportKind, name: string, content: string | Buffer): Promise<ImportResult> {
  const file = path.join(dir, `${counter++}-${name}`);
  writeFileSync(file, content);
  return importFile(db, kind, { path: file }, { secret: SECRET });
}

/** The property: a result, never a throw; a failure lists readable problems and changed nothing. */
async function assertCleanOutcome(kind: ImportKind, name: string, content: string | Buffer, mustFail: boolean) {
  const before = dump();
  let result: ImportResult;
  try {
    result = await runFile(kind, name, content);
  } catch (error) {
    throw new Error(`import threw instead of reporting a problem: ${String(error)}`);
  }
  if (mustFail) expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.message.trim().length).toBeGreaterThan(3);
      expect(p.message).not.toMatch(/\n\s+at |SQLITE_|undefined|\[object Object\]/);
    }
    expect(dump()).toEqual(before);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-fuzz-'));
  db = await openDb(path.join(dir, 'fuzz.sqlite'));
  await migrateToLatest(db);
  await ensureFixtureGeography(db);
  // Existing data, so that "unchanged" means something for every kind.
  for (const kind of IMPORT_KINDS) {
    const r = await runFile(kind, `${kind}.csv`, example(kind));
    expect(r.ok, `${kind}: ${JSON.stringify(r)}`).toBe(true);
  }
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const kindArb = fc.constantFrom(...IMPORT_KINDS);
/** Cell text that breaks parsers: separators, quotes, line breaks, control and non-Latin characters. */
const nastyCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ';', ',', '"', '""', '"a;b"', '\n', '\r\n', '\u0000', '\ufeff', '-1', '1e309', 'NaN', '12,5,3', '٣', 'null', '=1+1', ' '.repeat(50)),
);

describe('import fuzzing', () => {
  it('CSV: a valid file with one corrupted cell either imports or fails cleanly', async () => {
    await fc.assert(fc.asyncProperty(kindArb, fc.nat(), fc.nat(), nastyCell, async (kind, rowPick, colPick, cell) => {
      const lines = example(kind).trimEnd().split('\n');
      const row = 1 + (rowPick % (lines.length - 1));
      const cells = lines[row]!.split(';');
      cells[colPick % cells.length] = cell;
      lines[row] = cells.join(';');
      await assertCleanOutcome(kind, `${kind}.csv`, lines.join('\n') + '\n', false);
    }), { numRuns: 60 });
  });

  it('CSV: valid rows followed by a row that cannot be valid are never partly written', async () => {
    await fc.assert(fc.asyncProperty(kindArb, fc.nat(), fc.array(nastyCell, { minLength: 1, maxLength: 3 }), async (kind, at, junk) => {
      const lines = example(kind).trimEnd().split('\n');
      // Change a valid row into new content (so the valid part would change the database) …
      const valid = lines.slice(1).map((l) => l.replace(/2024-2025/g, '2025-2026'));
      // … and put a row with too few cells and a nonsense key somewhere among them.
      valid.splice(at % (valid.length + 1), 0, ['??', ...junk].join(';'));
      await assertCleanOutcome(kind, `${kind}.csv`, [lines[0], ...valid].join('\n') + '\n', true);
    }), { numRuns: 30 });
  });

  it('CSV: truncated files, random bytes and broken headers fail cleanly', async () => {
    await fc.assert(fc.asyncProperty(kindArb, fc.oneof(
      fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ type: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 400 }) }),
      fc.record({ type: fc.constant('header' as const), header: fc.array(nastyCell, { maxLength: 6 }) }),
      fc.record({ type: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
    ), async (kind, m) => {
      const text = Buffer.from(example(kind), 'utf8');
      let content: Buffer;
      if (m.type === 'truncate') content = text.subarray(0, m.at % text.length);
      else if (m.type === 'bytes') content = Buffer.from(m.bytes);
      else if (m.type === 'header') content = Buffer.from([m.header.join(';'), ...example(kind).split('\n').slice(1)].join('\n'), 'utf8');
      else {
        const at = m.at % text.length;
        content = Buffer.concat([text.subarray(0, at), Buffer.from(m.bytes), text.subarray(at)]);
      }
      await assertCleanOutcome(kind, `${kind}.csv`, content, false);
    }), { numRuns: 60 });
  });

  it('XLSX: random bytes, truncated workbooks and workbooks with nasty cells fail cleanly', async () => {
    const kind: ImportKind = 'scans';
    const workbook = async (cells: (string | number | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(kind);
      for (const r of cells) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const rows = example(kind).trimEnd().split('\n').map((l) => l.split(';'));
    const good = await workbook(rows);
    await fc.assert(fc.asyncProperty(fc.oneof(
      fc.record({ type: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 2000 }) }),
      fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ type: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(), value: fc.oneof(nastyCell, fc.double(), fc.constant(null)) }),
    ), async (m) => {
      let content: Buffer;
      if (m.type === 'bytes') content = Buffer.from(m.bytes);
      else if (m.type === 'truncate') content = good.subarray(0, m.at % good.length);
      else {
        const copy = rows.map((r) => [...r] as (string | number | null)[]);
        copy[1 + (m.row % (copy.length - 1))]![m.col % 4] = m.value;
        content = await workbook(copy);
      }
      // A truncated workbook may still hold the complete sheet (ZIP entries are read in order), so only
      // random bytes must fail; truncation must merely never crash or write part of a file.
      await assertCleanOutcome(kind, `${kind}.xlsx`, content, m.type === 'bytes');
    }), { numRuns: 25 });
  });
});
