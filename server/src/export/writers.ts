/**
 * CSV for Dutch Excel and XLSX (exceljs) from export sheets. Numbers are rounded to the column's
 * decimals in both formats, so the CSV and the XLSX say the same; hidden cells are "." in both.
 */
import ExcelJS from 'exceljs';
import { NO_DATA_SYMBOL, SUPPRESSED_SYMBOL, UNITS, suppressionNotice, type Published } from '@rd/shared';
import type { ExportColumn, ExportSheet, ExportValue } from './tables.ts';
import { DEFINITIONS, DEMO_NOTICE, filterLines, isHidden, type ExportDocument } from './document.ts';

/** A cell after the suppression check: a number, a text, hidden ("."), or no data ("–"). */
export type CellOut = { t: 'num'; v: number } | { t: 'text'; v: string } | { t: 'hidden' } | { t: 'none' };

/** The decimals of a column's cell in `row`: the column's own, else its unit's (the catalogue's). */
function decimalsOf(c: ExportColumn<never>, row: unknown): number {
  if (typeof c.decimals === 'function') return c.decimals(row as never);
  return c.decimals ?? (c.kind === 'text' ? 0 : UNITS[c.kind].decimals);
}

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

export function cellOf(column: ExportColumn<never>, row: unknown, minCellSchools: number): CellOut {
  const raw: ExportValue = column.value(row as never);
  if (raw === null || raw === undefined) return { t: 'none' };
  if (typeof raw === 'object') {
    const p = raw as Published;
    if (isHidden(p, minCellSchools)) return { t: 'hidden' };
    if (p.value === null || !Number.isFinite(p.value)) return { t: 'none' };
    return { t: 'num', v: round(p.value, decimalsOf(column, row)) };
  }
  if (column.kind === 'text') return { t: 'text', v: String(raw) };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { t: 'num', v: round(raw, decimalsOf(column, row)) } : { t: 'none' };
  return { t: 'text', v: raw };
}

// --- CSV ---------------------------------------------------------------------------------------

export function csvField(s: string): string {
  return /[";\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvNumber(v: number, decimals: number): string {
  // Decimal comma, no thousands separator: Dutch Excel reads "1234,5" as a number, "1.234,5" not always.
  return v.toFixed(decimals).replace('.', ',').replace(/^-(0(,0+)?)$/, '$1');
}

/**
 * One table as CSV for Dutch Excel: UTF-8 BOM, ';' separator, decimal comma, CRLF line ends.
 * The header is the first line (so the file also loads as data); the filters, data date and the
 * suppression footnote follow the table after an empty line.
 */
export function toCsv(s: ExportSheet, doc: ExportDocument): string {
  const lines: string[] = [];
  lines.push(s.columns.map((c) => csvField(c.header)).join(';'));
  for (const row of s.rows) {
    lines.push(s.columns.map((c) => {
      const cell = cellOf(c, row, doc.minCellSchools);
      switch (cell.t) {
        case 'num': return csvNumber(cell.v, decimalsOf(c, row));
        case 'text': return csvField(cell.v);
        case 'hidden': return SUPPRESSED_SYMBOL;
        case 'none': return NO_DATA_SYMBOL;
      }
    }).join(';'));
  }
  lines.push('');
  lines.push(csvField(`${doc.title}: ${s.title}`));
  for (const [k, v] of filterLines(doc)) lines.push(csvField(`${k}: ${v}`));
  lines.push(csvField(suppressionNotice(doc.minCellSchools)));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

// --- XLSX --------------------------------------------------------------------------------------

function numFmt(decimals: number): string {
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

function sheetName(name: string, used: Set<string>): string {
  // Excel: ≤ 31 characters, none of : \ / ? * [ ], unique per workbook.
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base.slice(0, 28)} ${i}`;
  used.add(candidate);
  return candidate;
}

/** One sheet per table (header row frozen, typed numbers with formats, widths) and a "Toelichting" sheet. */
export async function toXlsx(sheets: readonly ExportSheet[], doc: ExportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Regiodashboard Welbevinden op School';
  wb.created = doc.createdAt;
  if (doc.synthetic) {
    wb.subject = DEMO_NOTICE;
    wb.description = DEMO_NOTICE;
  }
  const used = new Set<string>(['Toelichting']);

  for (const s of sheets) {
    const ws = wb.addWorksheet(sheetName(s.name, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({
      header: c.header,
      width: Math.min(60, Math.max(10, c.header.length + 2, c.kind === 'text' ? longestText(s, c) + 2 : 0)),
      style: c.kind === 'text' ? {} : { numFmt: numFmt(typeof c.decimals === 'function' ? 2 : decimalsOf(c, null)), alignment: { horizontal: 'right' } },
    }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    for (const row of s.rows) {
      const added = ws.addRow(s.columns.map((c) => {
        const cell = cellOf(c, row, doc.minCellSchools);
        return cell.t === 'num' ? cell.v : cell.t === 'text' ? cell.v : cell.t === 'hidden' ? SUPPRESSED_SYMBOL : NO_DATA_SYMBOL;
      }));
      // A column of different figures (kerncijfers) formats each cell with its own figure's decimals.
      s.columns.forEach((c, i) => {
        if (typeof c.decimals === 'function') added.getCell(i + 1).numFmt = numFmt(decimalsOf(c, row));
      });
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
    // A printed or copied sheet of demo data says so on every page, without a row that would break the table.
    if (doc.synthetic) ws.headerFooter = { oddHeader: `&C&B${DEMO_NOTICE}`, evenHeader: `&C&B${DEMO_NOTICE}` };
  }

  const info = wb.addWorksheet('Toelichting');
  info.columns = [{ width: 28 }, { width: 110 }];
  info.addRow([doc.title]).font = { bold: true, size: 14 };
  info.addRow([]);
  for (const [k, v] of filterLines(doc)) info.addRow([k, v]);
  info.addRow(['Tabellen', sheets.map((s) => s.title).join('; ')]);
  info.addRow([]);
  info.addRow(['Tekens', `"${SUPPRESSED_SYMBOL}" = afgeschermd; "${NO_DATA_SYMBOL}" = geen gegevens`]);
  info.addRow(['Afscherming', suppressionNotice(doc.minCellSchools)]);
  info.addRow(['Drempel (scholen)', doc.minCellSchools]);
  info.addRow([]);
  info.addRow(['Definities']).font = { bold: true };
  for (const [k, v] of DEFINITIONS) info.addRow([k, v]);
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  info.getColumn(1).alignment = { vertical: 'top' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function longestText(s: ExportSheet, c: ExportColumn<never>): number {
  let max = 0;
  // Sample the first rows only: widths need not be exact and tables have no row limit.
  for (const row of s.rows.slice(0, 500)) {
    const v = c.value(row as never);
    if (typeof v === 'string' && v.length > max) max = v.length;
  }
  return max;
}
