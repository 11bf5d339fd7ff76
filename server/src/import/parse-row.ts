/**
 * A kind's format applied to a file: the header checked against its columns, and each row made a
 * record by its cells, its shared schema (with a cheap exact pre-check) and its reference checks.
 */
import type { z } from 'zod';
import { Cells, NO_PROBLEMS } from './cells.ts';
import type { CellProblem, Finding, KindFormat, ReferenceSets, ParseContext } from './formats.ts';
import type { RawRow } from './read-rows.ts';

/** A column name as quoted in a message: a runaway header can hold names of any length. */
function shownName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

/**
 * Missing required and unknown columns, reported on the header row before any data is read. At
 * most `maxListed` are listed (missing required columns always), `count` says how many there are:
 * a header line that is really a whole file would otherwise yield millions of messages.
 */
export function checkHeader(
  format: KindFormat<unknown>,
  header: string[],
  headerRow: number,
  maxListed: number,
): { problems: { row: number; column: string; message: string }[]; count: number } {
  const known = new Set(format.columns.map((c) => c.name));
  const expected = format.columns.map((c) => c.name + (c.required ? '' : ' (optioneel)')).join(', ');
  const seen = new Set<string>();
  for (const name of header) if (known.has(name)) seen.add(name);
  const missing = format.columns
    .filter((col) => col.required && !seen.has(col.name))
    .map((col) => ({ row: headerRow, column: col.name, message: `verplichte kolom ontbreekt; verwacht voor ${format.kind}: ${expected}` }));
  const problems: { row: number; column: string; message: string }[] = [];
  let count = missing.length;
  const listed = new Set<string>();
  const add = (column: string, message: string) => {
    count++;
    if (problems.length < maxListed - missing.length) problems.push({ row: headerRow, column: shownName(column), message });
  };
  for (const name of header) {
    if (name === '') add('', 'kolom zonder naam in de kopregel');
    else if (!known.has(name)) add(name, `onbekende kolom; verwacht voor ${format.kind}: ${expected}`);
    else if (listed.has(name)) add(name, 'kolom staat twee keer in de kopregel');
    listed.add(name);
  }
  return { problems: [...problems, ...missing], count };
}

/** zod's own English defaults slip through where a shared schema sets no message. */
function dutchIssueMessage(issue: z.core.$ZodIssue): string {
  const m = issue.message;
  if (!/^(Invalid|Too (small|big)|Expected)/.test(m)) return m;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'verwacht een geheel getal';
  if (issue.code === 'too_small') return `verwacht minimaal ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `verwacht maximaal ${String(issue.maximum)}`;
  return 'ongeldige waarde';
}

/**
 * One row to a valid record, or the row's problems. Referential checks run only on rows that
 * are otherwise valid, so one typo does not produce a cascade of messages.
 */
export function parseRow<R>(format: KindFormat<R>, row: RawRow, ctx: ParseContext, fast?: FastCheck | null): { record: R; warnings?: Finding[] } | { problems: CellProblem[]; warnings?: Finding[] } {
  const cells = new Cells(row.fields, ctx);
  if (row.problems !== undefined) {
    for (const p of row.problems) {
      if (p.column === '') cells.addProblem(p);
      else cells.failCell(p);
    }
  }
  const candidate = format.build(cells);
  if (fast && cells.problems.length === 0 && fast(candidate)) {
    // The schema would accept the candidate and return an equal object (see createFastCheck).
    return withReferences(format, candidate as R, ctx.refs);
  }
  const parsed = format.schema.safeParse(candidate);
  if (parsed.success && cells.problems.length === 0) {
    return withReferences(format, parsed.data, ctx.refs);
  }
  const problems = cells.problems === NO_PROBLEMS ? [] : cells.problems;
  if (!parsed.success) {
    const reported = new Set<string>();
    for (const issue of parsed.error.issues) {
      const column = format.fieldColumns[String(issue.path[0])] ?? String(issue.path[0] ?? '');
      if (cells.failed?.has(column) || reported.has(column)) continue;
      reported.add(column);
      problems.push({ column, message: `${dutchIssueMessage(issue)}, gevonden "${cells.raw(column)}"` });
    }
  }
  return { problems };
}


function withReferences<R>(format: KindFormat<R>, record: R, refs: ReferenceSets): { record: R; warnings?: Finding[] } | { problems: CellProblem[]; warnings?: Finding[] } {
  const findings = format.references(record, refs);
  if (findings.length === 0) return { record };
  const problems = findings.filter((f) => !f.warning);
  const warnings = findings.filter((f) => f.warning);
  return problems.length === 0 ? { record, warnings } : { problems, warnings };
}

export type FastCheck = (candidate: Record<string, unknown>) => boolean;

/** Distinct values remembered per field; beyond this a value is checked by the full schema. */
const FAST_CHECK_CACHE = 100_000;

/**
 * A cheap exact pre-check for a kind's shared schema: true only when `schema.safeParse(candidate)`
 * would succeed and return an object equal to the candidate. Rows repeat a handful of values per
 * field (school years, principle numbers, scores, the same school sixteen times), so each field's
 * schema runs once per distinct value and the verdict is remembered. Anything else (a value that is
 * not a string, number, boolean or null, a field schema that changes its input, an unexpected key)
 * answers false, and the caller runs the full schema, which also produces the Dutch messages.
 * Null when the schema is not a plain object of fields (object-level checks would be skipped).
 */
export function createFastCheck(schema: z.ZodType): FastCheck | null {
  const def = (schema as unknown as { _zod?: { def?: { type?: string; checks?: unknown[]; catchall?: unknown; shape?: Record<string, z.ZodType> } } })._zod?.def;
  if (!def || def.type !== 'object' || (def.checks?.length ?? 0) > 0 || def.catchall !== undefined || !def.shape) return null;
  const fields = Object.entries(def.shape).map(([name, fieldSchema]) => ({ name, fieldSchema, verdicts: new Map<unknown, boolean>() }));
  const fieldCount = fields.length;
  return (candidate) => {
    let keys = 0;
    for (const _ in candidate) keys++;
    if (keys !== fieldCount) return false;
    for (const field of fields) {
      const value = candidate[field.name];
      const type = typeof value;
      if (value !== null && type !== 'string' && type !== 'number' && type !== 'boolean') return false;
      let ok = field.verdicts.get(value);
      if (ok === undefined) {
        if (!Object.hasOwn(candidate, field.name)) return false;
        const parsed = field.fieldSchema.safeParse(value);
        ok = parsed.success && Object.is(parsed.data, value);
        if (field.verdicts.size < FAST_CHECK_CACHE) field.verdicts.set(value, ok);
      }
      if (!ok) return false;
    }
    return true;
  };
}
