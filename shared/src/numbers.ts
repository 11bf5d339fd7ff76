/**
 * Numbers as Dutch people and tools write them: in import cells (docs/import.md, "Getallen") and
 * in the dashboard's number fields, so `0,5` typed in the planning reads as it does in a file.
 * The decimal separator is a comma; a point is accepted as a decimal point too, because exports
 * from other tools write `12.5`. That makes a separator followed by exactly three digits
 * ambiguous: `4.800` is 4800 to Dutch Excel and 4.8 to an English tool, `4,800` the other way
 * round. Such a value is refused with both readings rather than guessed, except where only one
 * reading is a sensible count (see `parseCellNumber`).
 */

/** Whether a column holds a count (geheel getal) or a measurement (getal). */
export type NumberKind = 'integer' | 'decimal';

/** Plain digits, at most 15 so the value is exact: what almost every numeric cell holds. */
export function plainDigits(v: string): boolean {
  if (v.length > 15) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** One separator at most: `12`, `12,5`, `12.5`, `4.800`. A trailing % is what people type. */
const SIMPLE = /^([+-]?)(\d+)(?:([.,])(\d+))?\s*%?$/;
/** Thousands points in the exact pattern `1.234.567`, optionally with a decimal comma: `1.234,5`. */
const GROUPED = /^([+-]?)([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?\s*%?$/;

/** A decimal reading written the Dutch way, for messages: 4.8 → "4,8". */
function dutch(sign: string, whole: string, fraction: string): string {
  const trimmed = fraction.replace(/0+$/, '');
  return `${sign}${String(Number(whole))}${trimmed === '' ? '' : `,${trimmed}`}`;
}

/**
 * The number a cell holds, or a Dutch message saying why it holds none.
 *
 * - `1.234` / `1.234.567` (points between groups of exactly three digits) is a thousands
 *   separator when followed by a decimal comma or repeated; alone (`4.800`) it is ambiguous in a
 *   decimal column and a thousands separator in an integer column, where the other reading (a
 *   count written with three decimals) is not something anyone writes.
 * - A comma followed by exactly three digits (`4,800`, `1,000`) is ambiguous in both kinds of
 *   column: a decimal comma to Dutch Excel, a thousands separator to an English tool.
 * - Any other single comma or point is the decimal separator: `12,5`, `12.5`, `0,125`.
 * - Anything else, e.g. `18,4,` or `1.4.0`, is not a number.
 */
export function parseCellNumber(text: string, kind: NumberKind): number | string {
  const simple = SIMPLE.exec(text);
  if (simple) {
    const [, sign, whole, separator, fraction] = simple as unknown as [string, string, string, string | undefined, string | undefined];
    if (separator === undefined || fraction === undefined) return Number(sign + whole);
    const couldBeThousands = fraction.length === 3 && whole.length <= 3 && whole[0] !== '0';
    if (!couldBeThousands) return Number(`${sign}${whole}.${fraction}`);
    if (separator === '.' && kind === 'integer') return Number(sign + whole + fraction);
    const thousands = `${sign}${whole}${fraction}`;
    return `${text} kan ${thousands} of ${dutch(sign, whole, fraction)} betekenen; schrijf ${thousands} of ${dutch(sign, whole, fraction)}`;
  }
  const grouped = GROUPED.exec(text);
  if (grouped) {
    const [, sign, groups, fraction] = grouped as unknown as [string, string, string, string | undefined];
    return Number(`${sign}${groups.replace(/\./g, '')}${fraction === undefined ? '' : `.${fraction}`}`);
  }
  if (/^[+-]?[\d.,]*\d[\d.,]*\s*%?$/.test(text)) {
    return `verwacht een getal, gevonden "${text}": een komma scheidt de decimalen en een punt alleen groepen van drie cijfers, zoals 1.234,5`;
  }
  return `verwacht een getal, gevonden "${text}"`;
}
