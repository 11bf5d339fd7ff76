/**
 * Typed values from one row's cells, with a Dutch problem per cell that cannot be converted.
 */
import type { CellProblem, ParseContext } from './formats.ts';
import { parseCellNumber, plainDigits, type NumberKind } from '@rd/shared/numbers';

export const NO_PROBLEMS: CellProblem[] = [];

export class Cells {
  /** Columns that failed conversion. Allocated on the first problem: nearly every row has none. */
  failed: Set<string> | null = null;
  problems: CellProblem[] = NO_PROBLEMS;
  /**
   * `fields` holds text, or a number where an XLSX cell held one: a typed number is exact and
   * must not go through the text rules (1.234 in a number cell is not a thousands question).
   */
  constructor(readonly fields: Record<string, string | number>, private readonly ctx: ParseContext) {}

  addProblem(problem: CellProblem): void {
    if (this.problems === NO_PROBLEMS) this.problems = [];
    this.problems.push(problem);
  }

  /** A problem the reader found in a cell (e.g. a formula without value): the cell counts as failed. */
  failCell(problem: CellProblem): void {
    this.fail(problem.column, problem.message);
  }

  private fail(column: string, message: string): undefined {
    (this.failed ??= new Set()).add(column);
    this.addProblem({ column, message });
    return undefined;
  }

  raw(column: string): string {
    const v = this.fields[column];
    return v === undefined ? '' : typeof v === 'string' ? v : String(v);
  }

  /** Text; `null` for an empty optional cell, `undefined` when a required cell is empty or failed. */
  text(column: string, required: boolean): string | null | undefined {
    if (this.failed !== null && this.failed.has(column)) return undefined;
    const v = this.raw(column);
    if (v === '') return required ? this.fail(column, 'verplicht, maar leeg') : null;
    return v;
  }

  /** A count (geheel getal); the schema checks that it is whole. */
  integer(column: string, required: boolean): number | null | undefined {
    return this.number(column, required, 'integer');
  }

  /** A measurement (getal) such as hours, fte or a percentage. */
  decimal(column: string, required: boolean): number | null | undefined {
    return this.number(column, required, 'decimal');
  }

  private number(column: string, required: boolean, kind: NumberKind): number | null | undefined {
    const field = this.fields[column];
    if (typeof field === 'number') return field;
    // Same value the rules give for plain digits, without a regex match per cell: nearly every cell.
    if (field !== undefined && field !== '' && this.failed === null && plainDigits(field)) return Number(field);
    const v = this.text(column, required);
    if (v === null || v === undefined) return v;
    const n = parseCellNumber(v, kind);
    return typeof n === 'number' ? n : this.fail(column, n);
  }

  boolean(column: string): boolean | undefined {
    const v = this.text(column, true);
    if (v === null || v === undefined) return undefined;
    const lower = v.toLowerCase();
    if (['ja', 'j', '1', 'true', 'waar'].includes(lower)) return true;
    if (['nee', 'n', '0', 'false', 'onwaar'].includes(lower)) return false;
    return this.fail(column, `verwacht ja of nee, gevonden "${v}"`);
  }

  schoolId(column: string): string | undefined {
    const v = this.text(column, true);
    if (v === null || v === undefined) return undefined;
    const id = this.ctx.pseudonymise(v);
    if (id === null) return this.fail(column, `verwacht BRIN + vestigingsnummer zoals 99XX00, gevonden "${v}"`);
    return id;
  }

  /** Codes are compared upper case: "gm0363" is what a hand-edited file may contain. */
  code(column: string, required: boolean): string | null | undefined {
    const v = this.text(column, required);
    return typeof v === 'string' ? v.toUpperCase() : v;
  }

  /** A postcode as people write it ("3511 ab") in the stored form (3511AB); the schema checks it. */
  postcode(column: string, required: boolean): string | null | undefined {
    const v = this.text(column, required);
    return typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v;
  }

  /** `welbevinden:2022-2023|voeding:2023-2024`; empty = none. */
  certificates(column: string): { theme: string; awardedYear: string }[] | undefined {
    const v = this.text(column, false);
    if (v === undefined) return undefined;
    if (v === null) return [];
    const out: { theme: string; awardedYear: string }[] = [];
    for (const part of v.split('|')) {
      const m = /^\s*([^:]+?)\s*:\s*(\S+)\s*$/.exec(part);
      if (!m) return this.fail(column, `verwacht thema:schooljaar, bijvoorbeeld welbevinden:2023-2024, gevonden "${part.trim()}"`);
      out.push({ theme: m[1]!.toLowerCase(), awardedYear: m[2]! });
    }
    return out;
  }
}
