/**
 * Ratios the dashboard shows. `share` is the one way to compute any "% of schools with X"
 * (scan coverage, vignet share, kartrekker share, partner coverage): a named wrapper per use would
 * add names, not meaning.
 */

function assertNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} moet een niet-negatief getal zijn, kreeg ${value}`);
}

/** Percentage (0–100) of `whole` that is `part`; null when the whole is empty. */
export function share(part: number, whole: number): number | null {
  assertNonNegative(part, 'Deel');
  assertNonNegative(whole, 'Totaal');
  if (whole === 0) return null;
  // A part larger than its whole is a counting bug upstream; a share above 100% would hide it.
  if (part > whole) throw new RangeError(`Deel (${part}) is groter dan het totaal (${whole})`);
  return (part / whole) * 100;
}

/** Advisory capacity: advisor FTE per 100 school locations; null without schools. */
export function advisorFtePer100Schools(fte: number, schools: number): number | null {
  assertNonNegative(fte, 'Aantal fte');
  assertNonNegative(schools, 'Aantal scholen');
  if (schools === 0) return null;
  return (fte / schools) * 100;
}

/** GGD support hours per school location; null without schools. */
export function supportHoursPerSchool(hours: number, schools: number): number | null {
  assertNonNegative(hours, 'Aantal uren');
  assertNonNegative(schools, 'Aantal scholen');
  if (schools === 0) return null;
  return hours / schools;
}

/**
 * Equity gap in percentage points: degree of band 1 (least disadvantaged) minus band 4 (most).
 * Positive = schools with the most disadvantaged pupils lag behind. Null when either band is unknown
 * (e.g. suppressed or no schools in that band).
 */
export function disadvantageGap(
  degreeLeastDisadvantaged: number | null,
  degreeMostDisadvantaged: number | null,
): number | null {
  if (degreeLeastDisadvantaged === null || degreeMostDisadvantaged === null) return null;
  return degreeLeastDisadvantaged - degreeMostDisadvantaged;
}
