import { describe, expect, it } from 'vitest';
import { fieldText, readNumberField } from './number-field.ts';

describe('readNumberField', () => {
  it('reads a Dutch decimal comma as a decimal, not as a digit to drop', () => {
    expect(readNumberField('0,5', -1000, 1000, 'fte')).toBe(0.5);
    expect(readNumberField(' -1,25 ', -1000, 1000, 'fte')).toBe(-1.25);
    expect(readNumberField('0.5', -1000, 1000, 'fte')).toBe(0.5);
    expect(readNumberField('1.234,5', 0, 1_000_000, 'uur')).toBe(1234.5);
  });

  it('is empty for an empty field', () => {
    expect(readNumberField('  ', 0, 10, 'uur')).toBeNull();
  });

  it('refuses what it cannot read, with a Dutch message', () => {
    expect(readNumberField('een half', -1000, 1000, 'fte')).toMatch(/^Niet gebruikt: verwacht een getal, gevonden "een half"/);
    expect(readNumberField('0,5,', -1000, 1000, 'fte')).toMatch(/^Niet gebruikt: /);
    expect(readNumberField('4.800', 0, 1_000_000, 'uur')).toContain('kan 4800 of 4,8 betekenen');
  });

  it('refuses values outside the range the plan accepts', () => {
    expect(readNumberField('0,5', 1, 1000, 'uur')).toBe('Niet gebruikt: 0,5 uur is minder dan 1. Vul 1 of meer in.');
    expect(readNumberField('2000', -1000, 1000, 'fte')).toBe('Niet gebruikt: 2000 fte is meer dan 1000. Vul 1000 of minder in.');
  });
});

describe('fieldText', () => {
  it('shows what it reads back unchanged', () => {
    for (const v of [0.5, -1.25, 1000, 123456.75]) expect(readNumberField(fieldText(v), -1e9, 1e9, 'uur')).toBe(v);
  });
});
