/**
 * Every export and report is logged: who, which table or report, which scope, which format.
 * Issue 6 (authentication, audit log) redirects this one function to its audit-log table.
 */
import { logger } from '../logger.ts';

export interface ExportRecord {
  /** The user; 'anoniem' until authentication (issue 6) supplies one. */
  who: string;
  table: string;
  scope: string;
  format: 'csv' | 'xlsx' | 'pdf';
  schoolYear?: string;
  sector?: string;
}

export async function recordExport(record: ExportRecord): Promise<void> {
  logger.info({ export: record }, 'export');
}
