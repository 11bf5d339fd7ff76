/**
 * Streaming readers for import files. CSV and XLSX both come out as rows of trimmed strings keyed
 * by normalised column name, so validation does not care which format the user chose. Nothing
 * here holds more than one chunk or row of the file in memory.
 */
import { createReadStream, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface RawRow {
  /** Row number as the user sees it in a spreadsheet or text editor (header = row 1). */
  rowNumber: number;
  /** Trimmed text per column; a number where an XLSX cell held one (exact, so never re-read as text). */
  fields: Record<string, string | number>;
  /** What the reader found wrong with the row itself (values outside the header, unusable cells). */
  problems?: { column: string; message: string }[];
}

export type ImportSource = { path: string } | { stream: Readable; fileName: string };

export interface OpenedFile {
  format: 'csv' | 'xlsx';
  fileName: string;
  totalBytes: number | undefined;
  /** Normalised column names in file order. */
  header: string[];
  headerRow: number;
  /** Rows in batches of whatever the parser had ready: one promise per batch, not per row. */
  rows: AsyncGenerator<RawRow[]>;
  /** How far into the file the rows handed out so far reach, in bytes (for progress). */
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
/**
 * Far beyond any real row (a full implementation row is a few hundred bytes); bounds memory and
 * time (the parser slows down sharply on huge records) when a quote is never closed or a whole
 * file sits on one line.
 */
const MAX_RECORD_BYTES = 64 * 1024;

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
    const xlsx = await openXlsx(allChunks(), sheetName);
    // Sheets usually precede the shared strings in the zip, so the reader has consumed the whole
    // file before the first row: progress is then the position within the worksheet.
    const bytesRead = () => {
      const within = xlsx.sheetFraction();
      return within === null || totalBytes === undefined ? bytes : Math.min(bytes, Math.round(within * totalBytes));
    };
    return { ...base, format: 'xlsx', header: xlsx.header, headerRow: xlsx.headerRow, rows: xlsx.rows, bytesRead };
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

/** Bytes at the end of `buf` that start a UTF-8 character continued in the next chunk. */
function incompleteUtf8Tail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Reads whatever records the parser has buffered without a promise per record: at a million rows
 * the per-record async iteration costs more than parsing itself.
 */
async function* recordBatches(parser: Readable): AsyncGenerator<string[][]> {
  for (;;) {
    const batch: string[][] = [];
    let record: string[] | null;
    while ((record = parser.read() as string[] | null) !== null) batch.push(record);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (parser.errored) throw parser.errored;
    if (parser.readableEnded) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        parser.off('readable', done).off('end', done).off('error', fail);
        resolve();
      };
      const fail = (err: Error) => {
        parser.off('readable', done).off('end', done).off('error', fail);
        reject(err);
      };
      parser.on('readable', done).on('end', done).on('error', fail);
    });
  }
}

async function openCsv(chunks: AsyncGenerator<Buffer>): Promise<Pick<OpenedFile, 'header' | 'headerRow' | 'rows'>> {
  // Checked, not decoded: csv-parse decodes itself. A Windows-1252 export would otherwise import
  // with silently mangled characters.
  let linesSeen = 0;
  let carry = Buffer.alloc(0);
  const checkUtf8 = (chunk: Buffer, last: boolean): Buffer => {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const tail = last ? 0 : incompleteUtf8Tail(buf);
    const whole = tail > 0 ? buf.subarray(0, buf.length - tail) : buf;
    carry = tail > 0 ? Buffer.from(buf.subarray(buf.length - tail)) : Buffer.alloc(0);
    if (!isUtf8(whole)) {
      throw new UnreadableFileError('het bestand is geen geldige UTF-8-tekst; sla het op als "CSV UTF-8"', linesSeen + countLines(whole, invalidUtf8Offset(whole)) + 1);
    }
    linesSeen += countLines(whole, whole.length);
    return whole;
  };

  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let next = await chunks.next();
  while (!next.done) {
    const checked = checkUtf8(next.value, false);
    headChunks.push(checked);
    headBytes += checked.length;
    if (checked.includes(10) || headBytes > 1_000_000) break;
    next = await chunks.next();
  }
  const sourceDone = next.done === true;
  if (sourceDone && carry.length > 0) headChunks.push(checkUtf8(Buffer.alloc(0), true));
  const head = Buffer.concat(headChunks);
  const newline = head.indexOf(10);
  const separator = sniffSeparator(head.subarray(0, newline === -1 ? head.length : newline).toString('utf8'));

  async function* bytes(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (sourceDone) return;
    for (;;) {
      const chunk = await chunks.next();
      if (chunk.done) break;
      yield checkUtf8(chunk.value, false);
    }
    if (carry.length > 0) yield checkUtf8(Buffer.alloc(0), true);
  }
  const input = Readable.from(bytes(), { objectMode: false });
  // No info/trim/skip options: each costs more per record than the parse itself. Line numbers and
  // empty lines are handled below.
  // The record size cap keeps an unclosed quote from pulling the rest of a large file into one field.
  const parser = parse({ delimiter: separator, bom: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES });
  input.on('error', (err) => parser.destroy(err));
  // Errors are taken from parser.errored by the reader; this keeps an abandoned parser (closed
  // after a header problem) from turning its source's close into an uncaught exception.
  parser.on('error', () => {});
  input.pipe(parser);

  /** `row`: the first row not yet handed out, which is where an unclosed quote opens. */
  const readError = (err: unknown, row: number): UnreadableFileError => {
    if (err instanceof UnreadableFileError) return err;
    const code = (err as { code?: string }).code;
    // The parser reports these at the line where it gave up: the end of the file or of the cap.
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      return new UnreadableFileError('het bestand is geen geldig CSV-bestand: het aanhalingsteken (") in deze rij wordt nergens gesloten; sluit of verwijder het', row);
    }
    if (code === 'CSV_MAX_RECORD_SIZE') {
      return new UnreadableFileError(`het bestand is geen geldig CSV-bestand: deze rij is langer dan ${MAX_RECORD_BYTES / 1024} kB; staat er een aanhalingsteken (") dat niet gesloten wordt?`, row);
    }
    const lines = (err as { lines?: number }).lines;
    return new UnreadableFileError(`het bestand is geen geldig CSV-bestand (${csvErrorText(err)})`, lines ?? row);
  };

  const batches = recordBatches(parser);
  let line = 0;
  /** Trims fields and advances the line count; null for a blank line. */
  const take = (record: string[]): string[] | null => {
    line++;
    let empty = true;
    for (let i = 0; i < record.length; i++) {
      const v = record[i]!;
      if (v.includes('\n')) line += v.split('\n').length - 1;
      const t = v.trim();
      record[i] = t;
      if (t !== '') empty = false;
    }
    return empty ? null : record;
  };
  const nextBatch = async (): Promise<string[][] | null> => {
    try {
      const b = await batches.next();
      return b.done ? null : b.value;
    } catch (err) {
      throw readError(err, line + 1);
    }
  };

  let headerRecord: string[] | null = null;
  let rest: string[][] = [];
  while (headerRecord === null) {
    const batch = await nextBatch();
    if (!batch) throw new UnreadableFileError('het bestand is leeg: verwacht een kopregel met kolomnamen', 1);
    let i = 0;
    while (headerRecord === null && i < batch.length) headerRecord = take(batch[i++]!);
    rest = batch.slice(i);
  }
  const headerRow = line;
  const header = headerRecord.map(normaliseColumnName);

  const toRows = (batch: string[][]): RawRow[] => {
    const out: RawRow[] = [];
    for (const raw of batch) {
      const record = take(raw);
      if (record === null) continue;
      const fields: Record<string, string | number> = {};
      const n = Math.min(header.length, record.length);
      for (let i = 0; i < n; i++) fields[header[i]!] = record[i]!;
      const row: RawRow = { rowNumber: line, fields };
      if (record.length > header.length) {
        const problem = extraValues(record, header.length, separator);
        if (problem !== null) row.problems = [problem];
      }
      out.push(row);
    }
    return out;
  };

  async function* rows(): AsyncGenerator<RawRow[]> {
    if (rest.length > 0) yield toRows(rest);
    for (;;) {
      const batch = await nextBatch();
      if (!batch) return;
      yield toRows(batch);
    }
  }
  return { header, headerRow, rows: rows() };
}

/**
 * A row with more values than the header has columns. With `,` as separator that is the mark of a
 * decimal comma without quotes (`18,4` read as two values), even when the extra value is empty
 * (`18,4,`): the values have shifted, so the row is refused. With `;`, trailing empty cells (a
 * spreadsheet's ";;;") carry nothing and are allowed.
 */
function extraValues(record: string[], columns: number, separator: ';' | ','): { column: string; message: string } | null {
  let last = record.length - 1;
  if (separator === ';') {
    while (last >= columns && record[last] === '') last--;
    if (last < columns) return null;
  }
  const counts = `de rij heeft ${last + 1} waarden, de kopregel ${columns} kolommen`;
  if (separator === ',') {
    return { column: '', message: `${counts}: staat er een getal met een decimale komma zonder aanhalingstekens in? Schrijf "18,4" (met aanhalingstekens) of sla het bestand op met ; als scheidingsteken` };
  }
  const first = record.findIndex((v, i) => i >= columns && v !== '');
  return { column: '', message: `${counts}: waarde "${record[first]}" (de ${first + 1}e) hoort bij geen kolom` };
}

/** Offset of the first byte that is not part of valid UTF-8; only called once a chunk failed. */
function invalidUtf8Offset(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > buf.length || !isUtf8(buf.subarray(i, i + length))) return i;
    i += length;
  }
  return buf.length;
}

function countLines(buf: Buffer, length: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < length; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function csvErrorText(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'aanhalingsteken niet gesloten';
  if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_INVALID_OPENING_QUOTE') return 'aanhalingsteken op een onverwachte plaats';
  return code ?? String(err);
}

/** A cell that holds no usable value, with the Dutch reason. */
class UnusableCell {
  constructor(readonly message: string) {}
}

type CellContent = string | number | UnusableCell;

/** A date as Dutch Excel shows it by default: 1-8-2024, with the time when there is one. */
function dutchDate(d: Date): string {
  const date = `${d.getUTCDate()}-${d.getUTCMonth() + 1}-${d.getUTCFullYear()}`;
  const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
  return minutes === 0 ? date : `${date} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * Cell values as the user typed or saw them: numbers stay numbers (exact), dates read as the date
 * shown (not Excel's serial number), formulas count with their cached result.
 */
function cellContent(value: ExcelJS.CellValue | undefined): CellContent {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dutchDate(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      if (result !== undefined && result !== null) return cellContent(result);
      const formula = (value as { formula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula;
      return new UnusableCell(`formule =${formula ?? '?'} zonder berekende waarde: open de werkmap in Excel en sla hem opnieuw op, of plak de waarden als waarden`);
    }
    if ('result' in value) return cellContent(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return new UnusableCell(`de cel bevat de Excel-fout ${String(value.error)}; vul een waarde in`);
  }
  return String(value as unknown).trim();
}

/** A percentage format (`0.0%`; a quoted "%" is literal text): Excel stores 18,5 % as 0.185. */
function isPercentFormat(numFmt: string | undefined): boolean {
  return numFmt !== undefined && numFmt.replace(/"[^"]*"/g, '').includes('%');
}

function rowCells(row: ExcelJS.Row): CellContent[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: CellContent[] = [];
  for (let i = 1; i < values.length; i++) {
    let cell = cellContent(values[i]);
    // Read as the user sees it: the cell shows 18,5 %, so the value is 18.5.
    if (typeof cell === 'number' && isPercentFormat(row.getCell(i).numFmt)) cell = Number((cell * 100).toPrecision(15));
    cells.push(cell);
  }
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/** zip and XML errors (FILE_ENDED, invalid signature, ...) in words a user can act on. */
function xlsxReadError(err: unknown, row: number): UnreadableFileError {
  const text = (err as Error).message ?? String(err);
  if (/FILE_ENDED|unexpected end|Unexpected end|premature close|Z_BUF_ERROR/i.test(text)) {
    return new UnreadableFileError('de XLSX-werkmap is onvolledig: het bestand houdt halverwege op (afgebroken download of kopie?); sla de werkmap opnieuw op en probeer het nog eens', row);
  }
  return new UnreadableFileError(`de XLSX-werkmap is beschadigd en kan niet worden gelezen (technische melding: ${text}); open hem in Excel en sla hem opnieuw op`, row);
}

interface WorkbookReaderInternals {
  model?: { sheets?: { name: string }[] };
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Iterable<unknown>;
}

async function openXlsx(
  chunks: AsyncGenerator<Buffer>,
  sheetName: string,
): Promise<Pick<OpenedFile, 'header' | 'headerRow' | 'rows'> & { sheetFraction(): number | null }> {
  const source = Readable.from(chunks);
  source.on('error', () => {});
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    // Styles tell which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // Progress within the worksheet being read. ExcelJS parks a sheet that precedes the shared
  // strings in a temporary file and reads it from there once the whole zip is through; counting
  // the bytes it reads back (of the file's known size) is the only measure of how far the rows are.
  let sheetBytes = 0;
  let sheetSize: number | null = null;
  const internals = reader as unknown as WorkbookReaderInternals;
  // An ExcelJS without this internal still reads the workbook, only without progress per sheet.
  const parseWorksheet = typeof internals._parseWorksheet === 'function' ? internals._parseWorksheet.bind(reader) : null;
  if (parseWorksheet) internals._parseWorksheet = (iterator, sheetNo) => {
    const tempFile = (iterator as { path?: unknown }).path;
    sheetBytes = 0;
    sheetSize = typeof tempFile === 'string' ? statSync(tempFile).size : null;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of iterator) {
        sheetBytes += chunk.length;
        yield chunk;
      }
    }
    return parseWorksheet(counted(), sheetNo);
  };
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
      const known = (internals.model?.sheets ?? []).map((s) => s.name.toLowerCase());
      const hasNamedSheet = known.includes(wanted);
      if (!hasNamedSheet || ws.name?.toLowerCase() === wanted) {
        sheet = (ws as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
        break;
      }
      for await (const _ of ws as unknown as AsyncIterable<ExcelJS.Row>) void _;
    }
  } catch (err) {
    throw xlsxReadError(err, 1);
  }
  if (!sheet) throw new UnreadableFileError('de XLSX-werkmap bevat geen werkblad', 1);
  const current = sheet;

  let lastLine = 0;
  const readRow = async (): Promise<{ cells: CellContent[]; line: number } | null> => {
    for (;;) {
      let r: IteratorResult<ExcelJS.Row>;
      try {
        r = await current.next();
      } catch (err) {
        throw xlsxReadError(err, lastLine + 1);
      }
      if (r.done) return null;
      lastLine = r.value.number;
      const cells = rowCells(r.value);
      if (cells.some((c) => c !== '')) return { cells, line: r.value.number };
    }
  };
  const first = await readRow();
  if (!first) throw new UnreadableFileError('het werkblad is leeg: verwacht een kopregel met kolomnamen', 1);
  const header = first.cells.map((c) => normaliseColumnName(typeof c === 'string' ? c : c instanceof UnusableCell ? '' : String(c)));

  async function* rows(): AsyncGenerator<RawRow[]> {
    for (;;) {
      const r = await readRow();
      if (!r) return;
      const fields: Record<string, string | number> = {};
      const row: RawRow = { rowNumber: r.line, fields };
      const n = Math.min(r.cells.length, header.length);
      for (let i = 0; i < n; i++) {
        const cell = r.cells[i]!;
        if (cell instanceof UnusableCell) {
          fields[header[i]!] = '';
          (row.problems ??= []).push({ column: header[i]!, message: cell.message });
        } else {
          fields[header[i]!] = cell;
        }
      }
      // rowCells dropped trailing empty cells, so anything beyond the header holds a value.
      if (r.cells.length > header.length) {
        (row.problems ??= []).push({ column: '', message: `de rij heeft ${r.cells.length} waarden, de kopregel ${header.length} kolommen: kolom ${r.cells.length} hoort bij geen kolom van de kopregel` });
      }
      yield [row];
    }
  }
  return {
    header,
    headerRow: first.line,
    rows: rows(),
    sheetFraction: () => (sheetSize === null ? null : sheetSize === 0 ? 1 : Math.min(1, sheetBytes / sheetSize)),
  };
}
