import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.ts';

/**
 * Every row of every table of a SQLite database, as a row count and a hash per table, in an order
 * that does not depend on how the rows were written: two digests are equal when the data is.
 */
export function sqliteTableDigests(db: Db, except: readonly string[] = []): Record<string, string> {
  const conn = db.sqlite!;
  const tables = (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[])
    .filter((t) => !except.includes(t));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const cols = conn.prepare(`SELECT * FROM ${t} LIMIT 0`).columns().length;
    const order = Array.from({ length: cols }, (_, i) => i + 1).join(', ');
    const rows = conn.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).raw().all();
    out[t] = `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  }
  return out;
}
