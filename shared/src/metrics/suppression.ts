/**
 * Small-cell rule: no published aggregate may rest on fewer than `minSchools` school locations
 * (config MIN_CELL_SCHOOLS, default 5), and a hidden cell must not be recoverable by differencing.
 *
 * What is guaranteed (for one set of siblings that add up to one published parent, e.g. the
 * municipalities of a region, the disadvantage bands of a scope, the sectors of a municipality):
 * - no visible cell rests on 0 < n < minSchools schools (primary suppression, 'small_cell');
 * - if anything is hidden, the hidden cells together are at least 2 non-empty cells and at least
 *   `minSchools` schools (complementary suppression, 'complementary'). Someone who knows the parent
 *   (its school count and mean) and every visible sibling can therefore compute only the combined
 *   aggregate of the hidden cells, which itself satisfies the small-cell rule, and cannot pin down a
 *   single hidden cell's value. Even knowing each hidden cell's school count (school counts per
 *   municipality are public in the DUO register) leaves one equation with ≥ 2 unknowns. The one
 *   exception is inherent to any mean: when every hidden cell sits at the same bound of the scale
 *   (all 0% or all 100%), the combined mean at that bound reveals each of them.
 * - if even all siblings together are fewer than `minSchools` schools (or the only non-empty sibling
 *   is hidden elsewhere), every non-empty sibling is hidden and `parentNeedsSuppression` tells the
 *   caller to hide the parent too (for the too-few case publishCell on the parent does so by itself).
 *
 * What is NOT covered, and is the caller's responsibility:
 * - differencing across different breakdowns of the same schools (sector × municipality against
 *   municipality totals, band × region against band totals, sub-filters such as a search), and
 *   across school years (a trend minus a later year) — each call protects one sibling set only;
 * - a cell hidden for a reason outside this sibling set (e.g. a region hidden because of another
 *   breakdown) must be passed with `alreadyHidden: true`, so that it is protected here as well;
 * - dominance (one large school dominating a mean) and values that are missing for a visible cell.
 */

export type SuppressionReason = 'small_cell' | 'complementary';

/** Every aggregate over schools leaves the server in this shape: the value, or why it is hidden. */
export interface Published {
  /** In the metric's unit (percent 0–100 for degrees and shares); null when hidden or no data. */
  value: number | null;
  /** Number of schools behind the value; null when hidden, 0 when there is no data. */
  schools: number | null;
  suppressed: SuppressionReason | null;
}

function assertMinSchools(minSchools: number): void {
  if (!Number.isInteger(minSchools) || minSchools < 1) {
    throw new RangeError(`Minimumaantal scholen moet een positief geheel getal zijn, kreeg ${minSchools}`);
  }
}

function assertSchools(schools: number): void {
  if (!Number.isInteger(schools) || schools < 0) {
    throw new RangeError(`Aantal scholen moet een niet-negatief geheel getal zijn, kreeg ${schools}`);
  }
}

/** Primary rule for a single cell. Zero schools is "geen gegevens", a different class from hidden. */
export function publishCell(value: number | null, schools: number, minSchools: number): Published {
  assertMinSchools(minSchools);
  assertSchools(schools);
  if (schools === 0) return { value: null, schools: 0, suppressed: null };
  if (schools < minSchools) return { value: null, schools: null, suppressed: 'small_cell' };
  return { value, schools, suppressed: null };
}

function totalSchools(cells: readonly { schools: number }[]): number {
  let total = 0;
  for (const c of cells) total += c.schools;
  return total;
}

/**
 * True when no complementary pattern can protect the siblings, so the parent must be hidden too:
 * the siblings together rest on fewer than `minSchools` (but more than 0) schools, or the only
 * non-empty sibling is hidden elsewhere (the parent would show exactly that cell).
 */
export function parentNeedsSuppression(
  cells: readonly { schools: number; alreadyHidden?: boolean }[],
  minSchools: number,
): boolean {
  assertMinSchools(minSchools);
  for (const c of cells) assertSchools(c.schools);
  const total = totalSchools(cells);
  if (total === 0) return false;
  if (total < minSchools) return true;
  const nonEmpty = cells.filter((c) => c.schools > 0);
  return nonEmpty.length === 1 && nonEmpty[0]!.alreadyHidden === true;
}

/** A sibling cell; `alreadyHidden` marks a cell hidden for a reason outside this sibling set. */
export interface SiblingCell<K> {
  key: K;
  schools: number;
  alreadyHidden?: boolean;
}

/**
 * Which siblings to hide, and why. Keys must be unique. Empty cells (0 schools) are never hidden:
 * they carry no value to protect and cannot help hide one. A non-empty `alreadyHidden` cell counts
 * as hidden ('complementary') and gets the same protection against differencing.
 */
export function suppressSiblings<K>(
  cells: readonly SiblingCell<K>[],
  minSchools: number,
): Map<K, SuppressionReason | null> {
  assertMinSchools(minSchools);
  const result = new Map<K, SuppressionReason | null>();
  for (const c of cells) {
    assertSchools(c.schools);
    if (result.has(c.key)) throw new RangeError(`Dubbele sleutel in cellen: ${String(c.key)}`);
    const reason: SuppressionReason | null =
      c.schools === 0 ? null : c.schools < minSchools ? 'small_cell' : c.alreadyHidden ? 'complementary' : null;
    result.set(c.key, reason);
  }

  let hiddenCells = 0;
  let hiddenSchools = 0;
  for (const c of cells) {
    if (result.get(c.key) !== null) {
      hiddenCells += 1;
      hiddenSchools += c.schools;
    }
  }
  if (hiddenCells === 0) return result;

  if (parentNeedsSuppression(cells, minSchools)) {
    for (const c of cells) if (c.schools > 0 && result.get(c.key) === null) result.set(c.key, 'complementary');
    return result;
  }

  // Smallest visible siblings first: they cost the least information; ties keep input order
  // (Array.prototype.sort is stable).
  const candidates = cells
    .filter((c) => c.schools > 0 && result.get(c.key) === null)
    .sort((a, b) => a.schools - b.schools);
  for (const c of candidates) {
    if (hiddenCells >= 2 && hiddenSchools >= minSchools) break;
    result.set(c.key, 'complementary');
    hiddenCells += 1;
    hiddenSchools += c.schools;
  }
  return result;
}

/** Primary and complementary suppression applied to sibling cells with their values. */
export function publishSiblings<K>(
  cells: readonly (SiblingCell<K> & { value: number | null })[],
  minSchools: number,
): Map<K, Published> {
  const reasons = suppressSiblings(cells, minSchools);
  const result = new Map<K, Published>();
  for (const c of cells) {
    const reason = reasons.get(c.key) ?? null;
    if (reason !== null) result.set(c.key, { value: null, schools: null, suppressed: reason });
    else if (c.schools === 0) result.set(c.key, { value: null, schools: 0, suppressed: null });
    else result.set(c.key, { value: c.value, schools: c.schools, suppressed: null });
  }
  return result;
}
