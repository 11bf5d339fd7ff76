/**
 * The one record of an export or report download: an 'export' row in the audit log
 * (who, which table or report, which scope, which format, when). Written before the file is sent,
 * so a download that could not be recorded is not handed out.
 */
import type { Db } from '../db/connection.ts';
import { audit } from '../auth/audit.ts';

export interface ExportRecord {
  /** The signed-in user (userId null for the report command line); null only where no session exists. */
  user: { userId: number | null; email: string } | null;
  ip: string | null;
  table: string;
  /** 'NL', a region or a municipality code. */
  scope: string;
  format: 'csv' | 'xlsx' | 'pdf';
  schoolYear?: string;
  sector?: string;
  /** The request as made (URL with the exact filters, or the command), so it can be traced. */
  url: string;
}

/** The audit detail, e.g. "kaart.csv · gebied GG9001 · schooljaar 2024-2025 · sector all · /api/export/kaart.csv?…". */
function exportDetail(record: ExportRecord): string {
  const parts = [`${record.table}.${record.format}`, `gebied ${record.scope}`];
  if (record.schoolYear) parts.push(`schooljaar ${record.schoolYear}`);
  if (record.sector) parts.push(`sector ${record.sector}`);
  parts.push(record.url);
  return parts.join(' · ');
}

export async function recordExport(db: Db, record: ExportRecord): Promise<void> {
  await audit(db, { userId: record.user?.userId ?? null, email: record.user?.email ?? null, action: 'export', detail: exportDetail(record), ip: record.ip });
}
