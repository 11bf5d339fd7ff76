/**
 * What every import reader produces, whatever the file format: rows of values keyed by normalised
 * column name, and the error for a file that cannot be read as a table at all.
 */
import type { Readable } from 'node:stream';

export interface RawRow {
  /** Row number as the user sees it in a spreadsheet or text editor (header = row 1). */
  rowNumber: number;
  /** Trimmed text per column; a number where an XLSX cell held one (exact, so never re-read as text). */
  fields: Record<string, string | number>;
  /** What the reader found wrong with the row itself (values outside the header, unusable cells). */
  problems?: { column: string; message: string }[];
}

export type ImportSource = { path: string } | { stream: Readable; fileName: string };

export interface OpenedFile {
  format: 'csv' | 'xlsx' | 'geojson';
  fileName: string;
  totalBytes: number | undefined;
  /** Normalised column names in file order. */
  header: string[];
  headerRow: number;
  /** Rows in batches of whatever the parser had ready: one promise per batch, not per row. */
  rows: AsyncGenerator<RawRow[]>;
  /** How far into the file the rows handed out so far reach, in bytes (for progress). */
  bytesRead(): number;
  close(): void;
}

/** A file that cannot be read as a table at all; `row` is where reading stopped. */
export class UnreadableFileError extends Error {
  constructor(message: string, readonly row: number) {
    super(message);
  }
}

/**
 * "Kartrekker (ja/nee)" and " KARTREKKER" both mean `kartrekker`: users copy the documented
 * headers including their hints, and spreadsheet tools add stray spaces.
 */
export function normaliseColumnName(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\(.*\)\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
