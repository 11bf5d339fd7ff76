/** The audit log: who did what, when. Written for logins, failed logins, imports (failed and undone too), exports and user changes. */
import type { Db } from '../db/connection.ts';

export type AuditAction =
  | 'login' | 'login_failed' | 'login_locked' | 'logout' | 'password_changed'
  | 'user_created' | 'user_updated' | 'user_disabled' | 'user_enabled'
  | 'import' | 'import_failed' | 'import_undone' | 'export' | 'demo_removed';

export interface AuditEntry {
  userId?: number | null;
  email?: string | null;
  action: AuditAction;
  detail?: string;
  ip?: string | null;
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.kysely.insertInto('audit_log').values({
    at: new Date().toISOString(),
    user_id: entry.userId ?? null,
    email: entry.email ?? null,
    action: entry.action,
    detail: (entry.detail ?? '').slice(0, 500),
    ip: entry.ip ?? null,
  }).execute();
}

export async function listAudit(db: Db, opts: { limit: number; before?: number; action?: string }) {
  let q = db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before !== undefined) q = q.where('id', '<', opts.before);
  if (opts.action) q = q.where('action', '=', opts.action);
  return q.execute();
}
