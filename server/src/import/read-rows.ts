/**
 * Opening an import file (CSV or XLSX, recognised by content) and the streaming CSV reader; XLSX is
 * read in read-xlsx.ts. Both come out as rows keyed by normalised column name (raw-rows.ts), so
 * validation does not care which format the user chose. Nothing here holds more than one chunk or
 * row of the file in memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { UnreadableFileError, normaliseColumnName, type ImportSource, type OpenedFile, type RawRow } from './raw-rows.ts';
import { openXlsx } from './read-xlsx.ts';
import { looksLikeJson, openGeoJson } from './read-geojson.ts';

export { UnreadableFileError, normaliseColumnName, type ImportSource, type OpenedFile, type RawRow } from './raw-rows.ts';

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
  if (looksLikeJson(firstChunk)) {
    if (sheetName !== 'districts') throw new UnreadableFileError('een GeoJSON- of TopoJSON-bestand kan alleen als wijkenbestand (wijkgrenzen) worden geïmporteerd; verwacht CSV of XLSX', 1);
    return { ...base, format: 'geojson', ...(await openGeoJson(allChunks())) };
  }
  return { ...base, format: 'csv', ...(await openCsv(allChunks())) };
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** The separator is whichever of `;` and `,` occurs more often in the header, outside quotes. */
function sniffSeparator(headerLine: string): ';' | ',' {
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
