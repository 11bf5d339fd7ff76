/**
 * XLSX import files through ExcelJS's streaming reader: one worksheet, cells as the user sees them
 * (typed numbers, shown dates and percentages, formulas by their cached value).
 */
import { statSync } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { UnreadableFileError, normaliseColumnName, type OpenedFile, type RawRow } from './raw-rows.ts';

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
  // A workbook cut off between its parts can make ExcelJS trip over a part it never got ("Cannot
  // read properties of undefined"): that text means nothing to a user, so it is not passed on.
  if (err instanceof TypeError) {
    return new UnreadableFileError('de XLSX-werkmap is onvolledig of beschadigd: er ontbreekt een deel van de werkmap; open hem in Excel, sla hem opnieuw op en probeer het nog eens', row);
  }
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

export async function openXlsx(
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
