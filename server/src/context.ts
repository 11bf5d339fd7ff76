import type { Db } from './db/connection.ts';
import type { AppConfig } from './config.ts';

/** Everything a procedure may use. Tests build it directly (inner context) on a real database. */
export interface Context {
  db: Db;
  config: AppConfig;
}

export function createInnerContext(db: Db, config: AppConfig): Context {
  return { db, config };
}
