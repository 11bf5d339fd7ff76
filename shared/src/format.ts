/**
 * nl-NL presentation of figures, shared by the UI and the exports so a number reads the same on
 * screen, in a PDF and in a spreadsheet. Metric functions never round; rounding happens here.
 * Every formatter accepts null/undefined and renders the no-data symbol.
 */
import { isSchoolYear, schoolYearStart } from './catalogue.ts';
import type { Published } from './metrics/suppression.ts';
import { UNITS, type Indicator, type Unit } from './indicators.ts';

/** CBS convention for a figure that is hidden (unknown, unreliable or secret). */
export const SUPPRESSED_SYMBOL = '.';
/** No schools, so no figure: a class of its own, distinct from a hidden one. */
export const NO_DATA_SYMBOL = '–';

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(minDecimals: number, maxDecimals: number): Intl.NumberFormat {
  const key = `${minDecimals}:${maxDecimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    // signDisplay 'negative' so -0.4 rounded to 0 reads "0", not "-0".
    format = new Intl.NumberFormat('nl-NL', {
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: maxDecimals,
      signDisplay: 'negative',
    });
    numberFormats.set(key, format);
  }
  return format;
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new RangeError(`Aantal decimalen moet 0 t/m 10 zijn, kreeg ${decimals}`);
  }
}

function isNumber(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Fixed number of decimals with Dutch separators: 1234.5 → "1.234,5" (decimals 1). */
export function formatNumber(n: number | null | undefined, decimals = 0): string {
  assertDecimals(decimals);
  if (!isNumber(n)) return NO_DATA_SYMBOL;
  return numberFormat(decimals, decimals).format(n);
}

/** Up to `maxDecimals` decimals, trailing zeros dropped: 2.5 → "2,5", 3 → "3" (ratios, correlations). */
export function formatDecimal(n: number | null | undefined, maxDecimals = 1): string {
  assertDecimals(maxDecimals);
  if (!isNumber(n)) return NO_DATA_SYMBOL;
  return numberFormat(0, maxDecimals).format(n);
}

/** A 0–100 percentage: 45.2 → "45%"; no space before the sign, as nl-NL Intl writes it. */
export function formatPercent(n: number | null | undefined, decimals = 0): string {
  if (!isNumber(n)) {
    assertDecimals(decimals);
    return NO_DATA_SYMBOL;
  }
  return `${formatNumber(n, decimals)}%`;
}

/**
 * The one formatter of a figure in its unit, for screens, charts, legends and PDFs: "45%",
 * "+6,6 pp" (a difference carries its sign), "2,5 uur", "0,21 fte", "1.234". `decimals` defaults
 * to the unit's; an indicator's own come from the catalogue (formatIndicator).
 */
export function formatValue(n: number | null | undefined, unit: Unit, decimals: number = UNITS[unit].decimals): string {
  assertDecimals(decimals);
  if (!isNumber(n)) return NO_DATA_SYMBOL;
  const text = formatNumber(n, decimals);
  // Only a difference that still differs after rounding gets a plus sign.
  const sign = unit === 'pp' && n > 0 && /[1-9]/.test(text) ? '+' : '';
  return `${sign}${text}${UNITS[unit].suffix}`;
}

/** A figure of the catalogue, in its unit and with its decimals. */
export function formatIndicator(ind: Indicator, n: number | null | undefined): string {
  return formatValue(n, ind.unit, ind.decimals);
}

/**
 * A published aggregate as text: "." when hidden, "–" when there are no schools, else the value in
 * its unit. Defence in depth: a value resting on fewer than `minSchools` schools that somehow was
 * not suppressed upstream is still rendered as hidden.
 */
export function formatPublished(
  p: Published | null | undefined,
  unit: Unit,
  minSchools: number,
  decimals?: number,
): string {
  if (!p) return NO_DATA_SYMBOL;
  if (p.suppressed !== null || p.schools === null || (p.schools > 0 && p.schools < minSchools)) return SUPPRESSED_SYMBOL;
  if (p.schools === 0 || p.value === null) return NO_DATA_SYMBOL;
  return formatValue(p.value, unit, decimals);
}

/** The one explanation of suppression under every export, report and printed page. */
export function suppressionNotice(minCellSchools: number): string {
  return `Afscherming: een cijfer over minder dan ${minCellSchools} scholen wordt niet getoond ("."), en zo nodig ook andere cijfers ` +
    '(aanvullend afgeschermd), zodat een verborgen cijfer niet uit totalen, andere sectoren, achterstandsgroepen of partnertypen kan ' +
    'worden teruggerekend. "–" betekent: geen gegevens.';
}

/** Dutch explanation of a published cell, for tooltips, screen readers and export footnotes. */
export function describePublished(p: Published | null | undefined, minSchools: number): string {
  if (!p) return 'Geen gegevens';
  if (p.suppressed === 'small_cell' || (p.schools !== null && p.schools > 0 && p.schools < minSchools)) {
    return `Niet getoond: gebaseerd op minder dan ${minSchools} scholen`;
  }
  if (p.suppressed === 'complementary' || p.schools === null) {
    return 'Niet getoond: anders is een kleine groep scholen af te leiden uit andere cijfers';
  }
  if (p.schools === 0) return 'Geen gegevens: geen scholen';
  if (p.value === null) return `Geen gegevens (${formatNumber(p.schools)} ${p.schools === 1 ? 'school' : 'scholen'})`;
  return `Gebaseerd op ${formatNumber(p.schools)} ${p.schools === 1 ? 'school' : 'scholen'}`;
}

/** "2024-2025" → "2024–2025" (en dash, the Dutch typographic range). */
export function formatSchoolYear(year: string | null | undefined): string {
  if (year === null || year === undefined) return NO_DATA_SYMBOL;
  if (!isSchoolYear(year)) throw new RangeError(`Ongeldig schooljaar: ${year}`);
  const start = schoolYearStart(year);
  return `${start}–${start + 1}`;
}

const dateOnly = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateInAmsterdam = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Amsterdam',
});

/**
 * ISO date or timestamp → "25 november 2026". A bare date is a calendar day and is not shifted;
 * a timestamp is shown as the day it was in the Netherlands.
 */
export function formatDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return NO_DATA_SYMBOL;
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(bare ? `${iso}T00:00:00Z` : iso);
  // Date silently rolls 30 February over to 2 March; a calendar day must survive the round trip.
  if (Number.isNaN(date.getTime()) || (bare && date.toISOString().slice(0, 10) !== iso)) {
    throw new RangeError(`Ongeldige datum: ${iso}`);
  }
  return (bare ? dateOnly : dateInAmsterdam).format(date);
}

const listFormat = new Intl.ListFormat('nl-NL', { style: 'long', type: 'conjunction' });

/** Names as Dutch prose: ["Amsterdam", "Rotterdam", "Utrecht"] → "Amsterdam, Rotterdam en Utrecht". */
export function formatList(items: readonly string[]): string {
  return listFormat.format(items);
}
