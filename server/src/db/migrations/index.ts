import type { Migration } from 'kysely';
import * as initial from './2026_11_25_001_initial.ts';

/** All migrations in order; names sort by date so Kysely applies them in sequence. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_001_initial': initial,
};
