import { parseCellNumber } from '@rd/shared/numbers';

/** A number as a field shows it: Dutch decimal comma and no thousands points (`1.000` would read as ambiguous). */
export function fieldText(value: number | null): string {
  return value === null ? '' : String(value).replace('.', ',');
}

/**
 * The value typed in a number field: null when empty, the number, or a Dutch message why it is not
 * used. Read by the same rules as an import cell, so `0,5` is a half and `4.800` is refused as
 * ambiguous rather than guessed.
 */
export function readNumberField(text: string, min: number, max: number, unit: string): number | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const parsed = parseCellNumber(trimmed, 'decimal');
  if (typeof parsed === 'string') return `Niet gebruikt: ${parsed}. Schrijf bijvoorbeeld 0,5 of 12.`;
  if (parsed < min) return `Niet gebruikt: ${fieldText(parsed)} ${unit} is minder dan ${fieldText(min)}. Vul ${fieldText(min)} of meer in.`;
  if (parsed > max) return `Niet gebruikt: ${fieldText(parsed)} ${unit} is meer dan ${fieldText(max)}. Vul ${fieldText(max)} of minder in.`;
  return parsed;
}
