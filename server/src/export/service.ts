/** Produces export files from table definitions: the part shared by the HTTP route, the CLI and tests. */
import type { Caller } from './caller.ts';
import { describeExport, type ExportDocument } from './document.ts';
import { EXPORT_TABLES, REPORT_TABLE_IDS, exportFilterSchema, findExportTable, resolveFilters, ExportInputError, type ExportFilters, type ExportSheet } from './tables.ts';
import { toCsv, toXlsx } from './writers.ts';

export type TableFormat = 'csv' | 'xlsx';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  filters: ExportFilters;
  document: ExportDocument;
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

export async function parseExportFilters(caller: Caller, query: Record<string, unknown>): Promise<ExportFilters> {
  const parsed = exportFilterSchema.safeParse(query);
  if (!parsed.success) throw new ExportInputError(`Ongeldige filters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const years = await caller.geography.schoolYears();
  if (!years.latest) throw new ExportInputError('Er zijn nog geen gegevens geladen.');
  return resolveFilters(parsed.data, years.latest);
}

/** "Partnerdekking GGD Hollands Noorden 2024-2025" → a safe file name part. */
export function fileSlug(...parts: string[]): string {
  return parts.join('-').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

/**
 * The caller carries the user's context: every number comes through the same procedures (and,
 * with authentication, the same role and scope checks) as on screen.
 */
export async function exportTable(caller: Caller, tableId: string, format: TableFormat, filters: ExportFilters): Promise<ExportFile> {
  const table = findExportTable(tableId);
  if (!table) throw new ExportInputError(`Onbekende tabel "${tableId}". Kies uit: ${EXPORT_TABLES.map((t) => t.id).join(', ')}.`);
  const scopeName = table.scopeName ? await table.scopeName(caller, filters) : undefined;
  const [sheets, document] = await Promise.all([table.load(caller, filters), describeExport(caller, table.title, filters, scopeName)]);
  const fileName = `${fileSlug(table.id, document.scopeName, filters.schoolYear, filters.sector)}.${format}`;
  const body = format === 'csv' ? Buffer.from(toCsv(sheets[0]!, document), 'utf8') : await toXlsx(sheets, document);
  return { body, contentType: CONTENT_TYPES[format], fileName, filters, document };
}

/** All tables of a region or municipality report in one workbook (the XLSX twin of the PDF report). */
export async function exportReportWorkbook(caller: Caller, filters: ExportFilters): Promise<ExportFile> {
  const ids: string[] = [...REPORT_TABLE_IDS, ...(filters.scope.level === 'region' ? ['heatmap', 'voorwaarden'] : [])];
  const sheets: ExportSheet[] = [];
  for (const id of ids) sheets.push(...(await findExportTable(id)!.load(caller, filters)));
  const document = await describeExport(caller, 'Rapportage welbevinden op school', filters);
  return {
    body: await toXlsx(sheets, document),
    contentType: CONTENT_TYPES.xlsx,
    fileName: `${fileSlug('rapport', document.scopeName, filters.schoolYear, filters.sector)}.xlsx`,
    filters,
    document,
  };
}
