/**
 * Streaming readers for import files. CSV and XLSX both come out as rows of trimmed strings keyed
 * by normalised column name, so validation does not care which format the user chose. Nothing
 * here holds more than one chunk or row of the file in memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface RawRow {
  /** Row number as the user sees it in a spreadsheet or text editor (header = row 1). */
  rowNumber: number;
  fields: Record<string, string>;
}

export type ImportSource = { path: string } | { stream: Readable; fileName: string };

export interface OpenedFile {
  format: 'csv' | 'xlsx';
  fileName: string;
  totalBytes: number | undefined;
  /** Normalised column names in file order. */
  header: string[];
  headerRow: number;
  rows: AsyncGenerator<RawRow>;
  bytesRead(): number;
  close(): void;
}

/** A file that cannot be read as a table at all; `row` is where reading stopped. */
export class UnreadableFileError extends Error {
  constructor(message: string, readonly row: number) {
    super(message);
  }
}

/**
 * "Kartrekker (ja/nee)" and " KARTREKKER" both mean `kartrekker`: users copy the documented
 * headers including their hints, and spreadsheet tools add stray spaces.
 */
export function normaliseColumnName(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\(.*\)\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function openImportFile(source: ImportSource, sheetName: string): Promise<OpenedFile> {
  let stream: Readable;
  let fileName: string;
  let totalBytes: number | undefined;
  if ('path' in source) {
    totalBytes = (await stat(source.path)).size;
    stream = createReadStream(source.path, { highWaterMark: 256 * 1024 });
    fileName = source.path;
  } else {
    stream = source.stream;
    fileName = source.fileName;
  }
  let bytes = 0;
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await chunks.next();
  const firstChunk = first.done ? Buffer.alloc(0) : toBuffer(first.value);
  async function* allChunks(): AsyncGenerator<Buffer> {
    bytes += firstChunk.length;
    if (firstChunk.length > 0) yield firstChunk;
    if (first.done) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      const buf = toBuffer(next.value);
      bytes += buf.length;
      yield buf;
    }
  }
  const close = () => stream.destroy();
  const base = { fileName, totalBytes, bytesRead: () => bytes, close };

  if (firstChunk.length === 0) throw new UnreadableFileError('het bestand is leeg: verwacht een kopregel met kolomnamen', 1);
  if (firstChunk.subarray(0, 4).equals(ZIP_MAGIC)) {
    return { ...base, format: 'xlsx', ...(await openXlsx(allChunks(), sheetName)) };
  }
  if (firstChunk.subarray(0, Math.min(firstChunk.length, 8192)).includes(0)) {
    throw new UnreadableFileError('het bestand is geen CSV-tekstbestand of XLSX-werkmap (binaire inhoud)', 1);
  }
  return { ...base, format: 'csv', ...(await openCsv(allChunks())) };
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** The separator is whichever of `;` and `,` occurs more often in the header, outside quotes. */
export function sniffSeparator(headerLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons >= commas && semicolons > 0 ? ';' : ',';
}

async function openCsv(chunks: AsyncGenerator<Buffer>): Promise<Pick<OpenedFile, 'header' | 'headerRow' | 'rows'>> {
  // fatal: a Windows-1252 export would otherwise import with silently mangled characters.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesSeen = 0;
  const decode = (buf: Buffer, streamMore: boolean): string => {
    try {
      const text = decoder.decode(buf, { stream: streamMore });
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) linesSeen++;
      return text;
    } catch {
      throw new UnreadableFileError('het bestand is geen geldige UTF-8-tekst; sla het op als "CSV UTF-8"', linesSeen + 1);
    }
  };

  let head = '';
  let next = await chunks.next();
  while (!next.done) {
    head += decode(next.value, true);
    if (head.includes('\n') || head.length > 1_000_000) break;
    next = await chunks.next();
  }
  const sourceDone = next.done === true;
  if (sourceDone) head += decode(Buffer.alloc(0), false);
  const newline = head.indexOf('\n');
  const separator = sniffSeparator(newline === -1 ? head : head.slice(0, newline));

  async function* text(): AsyncGenerator<string> {
    if (head) yield head;
    if (sourceDone) return;
    for (;;) {
      const chunk = await chunks.next();
      if (chunk.done) break;
      yield decode(chunk.value, true);
    }
    const tail = decode(Buffer.alloc(0), false);
    if (tail) yield tail;
  }
  const input = Readable.from(text(), { objectMode: false });
  const parser = parse({
    delimiter: separator,
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    trim: true,
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;

  const readRecord = async (): Promise<{ record: string[]; line: number } | null> => {
    try {
      const r = await records.next();
      return r.done ? null : { record: r.value.record, line: r.value.info.lines };
    } catch (err) {
      if (err instanceof UnreadableFileError) throw err;
      const lines = (err as { lines?: number }).lines;
      throw new UnreadableFileError(`het bestand is geen geldig CSV-bestand (${csvErrorText(err)})`, lines ?? linesSeen + 1);
    }
  };

  const first = await readRecord();
  if (!first) throw new UnreadableFileError('het bestand is leeg: verwacht een kopregel met kolomnamen', 1);
  const header = first.record.map(normaliseColumnName);

  async function* rows(): AsyncGenerator<RawRow> {
    for (;;) {
      const r = await readRecord();
      if (!r) return;
      const fields: Record<string, string> = {};
      const n = Math.min(header.length, r.record.length);
      for (let i = 0; i < n; i++) fields[header[i]!] = r.record[i]!;
      for (let i = n; i < r.record.length; i++) {
        // Trailing empty cells (a spreadsheet's ";;;") carry nothing; other extra cells are an error.
        if (r.record[i] !== '') fields[`#${i + 1}`] = r.record[i]!;
      }
      yield { rowNumber: r.line, fields };
    }
  }
  return { header, headerRow: first.line, rows: rows() };
}

function csvErrorText(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'aanhalingsteken niet gesloten';
  if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE') return 'aanhalingsteken op een onverwachte plaats';
  return code ?? String(err);
}

/** Cell values as the user typed or saw them; formulas count with their cached result. */
function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return String(value.error);
  }
  return String(value).trim();
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

async function openXlsx(chunks: AsyncGenerator<Buffer>, sheetName: string): Promise<Pick<OpenedFile, 'header' | 'headerRow' | 'rows'>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const wanted = sheetName.toLowerCase();
  // The sheet named after the kind wins; otherwise the first sheet. Sheet names are known once
  // workbook.xml has been read, which in practice precedes the sheets in the zip.
  const sheets = (reader as unknown as AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader>)[Symbol.asyncIterator]();
  let sheet: AsyncIterator<ExcelJS.Row> | null = null;
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      const ws = next.value as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
      const known = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((s) => s.name.toLowerCase());
      const hasNamedSheet = known.includes(wanted);
      if (!hasNamedSheet || ws.name?.toLowerCase() === wanted) {
        sheet = (ws as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
        break;
      }
      for await (const _ of ws as unknown as AsyncIterable<ExcelJS.Row>) void _;
    }
  } catch (err) {
    throw new UnreadableFileError(`de XLSX-werkmap kan niet worden gelezen (${(err as Error).message})`, 1);
  }
  if (!sheet) throw new UnreadableFileError('de XLSX-werkmap bevat geen werkblad', 1);
  const current = sheet;

  const readRow = async (): Promise<{ cells: string[]; line: number } | null> => {
    for (;;) {
      let r: IteratorResult<ExcelJS.Row>;
      try {
        r = await current.next();
      } catch (err) {
        throw new UnreadableFileError(`de XLSX-werkmap kan niet worden gelezen (${(err as Error).message})`, 1);
      }
      if (r.done) return null;
      const cells = rowCells(r.value);
      if (cells.some((c) => c !== '')) return { cells, line: r.value.number };
    }
  };
  const first = await readRow();
  if (!first) throw new UnreadableFileError('het werkblad is leeg: verwacht een kopregel met kolomnamen', 1);
  const header = first.cells.map(normaliseColumnName);

  async function* rows(): AsyncGenerator<RawRow> {
    for (;;) {
      const r = await readRow();
      if (!r) return;
      const fields: Record<string, string> = {};
      for (let i = 0; i < r.cells.length; i++) {
        const name = i < header.length ? header[i]! : `#${i + 1}`;
        if (i < header.length || r.cells[i] !== '') fields[name] = r.cells[i]!;
      }
      yield { rowNumber: r.line, fields };
    }
  }
  return { header, headerRow: first.line, rows: rows() };
}
