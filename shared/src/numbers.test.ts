/**
 * The Dutch number rules of docs/import.md: a number cell is read as written, refused with both
 * readings when it is ambiguous, and never silently read as a different number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCellNumber, type NumberKind } from './numbers.ts';

describe('parseCellNumber', () => {
  it.each<[string, NumberKind, number | string]>([
    ['4800', 'decimal', 4800],
    ['10,5', 'decimal', 10.5],
    ['12.5', 'decimal', 12.5],
    ['0,125', 'decimal', 0.125],
    ['1.23', 'decimal', 1.23],
    ['1234.567', 'decimal', 1234.567],
    ['1.234,5', 'decimal', 1234.5],
    ['1.234.567', 'decimal', 1234567],
    ['1.234.567,25', 'decimal', 1234567.25],
    ['47,5 %', 'decimal', 47.5],
    ['-2,5', 'decimal', -2.5],
    ['1.000', 'integer', 1000],
    ['1.234.567', 'integer', 1234567],
    ['2,0', 'integer', 2],
    ['4.800', 'decimal', '4.800 kan 4800 of 4,8 betekenen; schrijf 4800 of 4,8'],
    ['4,800', 'decimal', '4,800 kan 4800 of 4,8 betekenen; schrijf 4800 of 4,8'],
    ['1,000', 'integer', '1,000 kan 1000 of 1 betekenen; schrijf 1000 of 1'],
    ['12,345', 'decimal', '12,345 kan 12345 of 12,345 betekenen; schrijf 12345 of 12,345'],
  ])('%s as %s is %s', (text, kind, expected) => {
    expect(parseCellNumber(text, kind)).toBe(expected);
  });

  it.each(['18,4,', '1.4.0', '1,234.5', '1,234,567', '.5', '12,', 'twee', '1e3', '0x10', ''])('%s is no number', (text) => {
    expect(parseCellNumber(text, 'decimal')).toMatch(/^verwacht een getal, gevonden/);
    expect(parseCellNumber(text, 'integer')).toMatch(/^verwacht een getal, gevonden/);
  });

  const amount = fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 99_999_999 }).map((n) => n / 100));
  const kind = fc.constantFrom<NumberKind>('integer', 'decimal');

  it('reads what Dutch Excel writes (1.234,5) as that number, or refuses it with both readings', () => {
    fc.assert(fc.property(amount, kind, (n, k) => {
      const text = n.toLocaleString('nl-NL', { maximumFractionDigits: 2 });
      const read = parseCellNumber(text, k);
      if (typeof read === 'number') expect(read).toBe(n);
      else expect(read).toMatch(/kan .* of .* betekenen/);
    }), { numRuns: 3000 });
  });

  it('never reads what an English tool writes (1,234.5) as a different number', () => {
    fc.assert(fc.property(amount, kind, fc.boolean(), (n, k, grouping) => {
      const text = n.toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: grouping });
      const read = parseCellNumber(text, k);
      if (typeof read === 'number') expect(read).toBe(n);
    }), { numRuns: 3000 });
  });
});
