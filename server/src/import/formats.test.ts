/**
 * The import's cheap pre-check (createFastCheck) may only ever say "valid" where the shared zod
 * schema agrees and returns the same record; every other row goes through zod for its messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IMPORT_KINDS } from '@rd/shared';
import { KIND_FORMATS } from './formats.ts';
import { createFastCheck } from './parse-row.ts';

const SCHOOL_ID = 'S0123456789ABCDEF';
const value = fc.oneof(
  fc.constantFrom<unknown>(SCHOOL_ID, 'S0123456789abcdef', '12AB00', '2024-2025', '2024-2026', 'po', 'middel', 'GM0363', 'WK036301', 'welbevinden', 'ja', ''),
  fc.constantFrom<unknown>(0, 1, 3, 4, 16, 17, -1, 2.5, 100, 101, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.constantFrom<unknown>(null, undefined, true, false, [], {}),
  fc.string(),
  fc.double(),
);

describe('createFastCheck', () => {
  it.each(IMPORT_KINDS)('%s: says valid only where the schema accepts the row unchanged', (kind) => {
    const format = KIND_FORMATS[kind];
    // Every kind's schema is a plain object of fields; a kind that gains object-level checks loses
    // its fast path (see the test below), and this test must then say so instead of passing silently.
    const fast = createFastCheck(format.schema);
    if (fast === null) expect.fail(`${kind}: geen snelle controle`);
    const fieldNames = Object.keys(format.fieldColumns);
    const candidate = fc.record(Object.fromEntries(fieldNames.map((f) => [f, value])) as Record<string, fc.Arbitrary<unknown>>);
    fc.assert(
      fc.property(candidate, fc.boolean(), (c, extraKey) => {
        const row: Record<string, unknown> = extraKey ? { ...c, extra: 1 } : c;
        // Twice: the second answer comes from the remembered verdicts.
        for (let i = 0; i < 2; i++) {
          if (!fast(row)) continue;
          const parsed = format.schema.safeParse(row);
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(row);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives no fast check for a schema with object-level checks, an extra-key policy or no object', () => {
    const fields = { a: z.number(), b: z.string() };
    expect(createFastCheck(z.object(fields))).not.toBeNull();
    expect(createFastCheck(z.object(fields).refine((r) => r.a > 0))).toBeNull();
    expect(createFastCheck(z.object(fields).catchall(z.unknown()))).toBeNull();
    expect(createFastCheck(z.array(z.number()))).toBeNull();
  });

  it('accepts a valid scan score row, so the fast path is really taken', () => {
    const fast = createFastCheck(KIND_FORMATS.scans.schema)!;
    expect(fast).not.toBeNull();
    expect(fast({ schoolId: SCHOOL_ID, schoolYear: '2024-2025', principleId: 3, score: 2 })).toBe(true);
    expect(fast({ schoolId: SCHOOL_ID, schoolYear: '2024-2025', principleId: 3, score: 4 })).toBe(false);
    expect(fast({ schoolId: SCHOOL_ID, schoolYear: '2024-2026', principleId: 3, score: 2 })).toBe(false);
    expect(fast({ schoolId: SCHOOL_ID, schoolYear: '2024-2025', principleId: 3 })).toBe(false);
  });
});
