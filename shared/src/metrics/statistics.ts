/** Descriptive statistics for the capacity-versus-implementation analysis across regions. */

function assertPaired(xs: readonly number[], ys: readonly number[]): void {
  if (xs.length !== ys.length) throw new RangeError(`Reeksen verschillen in lengte: ${xs.length} en ${ys.length}`);
  for (const v of [...xs, ...ys]) {
    if (!Number.isFinite(v)) throw new RangeError(`Ongeldige waarde in reeks: ${v}`);
  }
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Centred sums of squares and products; two-pass so large offsets (e.g. years) do not lose precision. */
function moments(xs: readonly number[], ys: readonly number[]) {
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { mx, my, sxx, syy, sxy };
}

/** Relative tolerance below which a spread counts as zero (constant series up to rounding noise). */
function isZeroSpread(sumOfSquares: number, values: readonly number[]): boolean {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  return sumOfSquares <= (scale * 1e-12) ** 2 * values.length;
}

/**
 * Pearson's r in [-1, 1]; null when fewer than 3 pairs (two points always correlate perfectly,
 * which says nothing) or when either series is constant.
 */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): number | null {
  assertPaired(xs, ys);
  if (xs.length < 3) return null;
  const { sxx, syy, sxy } = moments(xs, ys);
  if (isZeroSpread(sxx, xs) || isZeroSpread(syy, ys)) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Ordinary least-squares line y = intercept + slope·x; null with fewer than 2 points or constant x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } | null {
  assertPaired(xs, ys);
  if (xs.length < 2) return null;
  const { mx, my, sxx, sxy } = moments(xs, ys);
  if (isZeroSpread(sxx, xs)) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * Weighted mean, e.g. combining per-municipality degrees by their number of schools.
 * Null when the total weight is 0 (no data). Negative weights are a bug and throw.
 */
export function weightedMean(pairs: readonly { value: number; weight: number }[]): number | null {
  let weightSum = 0;
  let sum = 0;
  for (const { value, weight } of pairs) {
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`Gewicht moet niet-negatief zijn, kreeg ${weight}`);
    if (weight === 0) continue;
    if (!Number.isFinite(value)) throw new RangeError(`Ongeldige waarde: ${value}`);
    weightSum += weight;
    sum += value * weight;
  }
  if (weightSum === 0) return null;
  return sum / weightSum;
}

/**
 * Difference of two group means (a − b) with its 95 % interval (Welch: unequal variances; the t
 * quantile by the Cornish–Fisher expansion, within 0.5 % of the table from 3 degrees of freedom).
 * Null when a group has fewer than 2 values or both groups have no spread.
 */
export function meanDifference(a: readonly number[], b: readonly number[]): { difference: number; low: number; high: number } | null {
  if (a.length < 2 || b.length < 2) return null;
  for (const v of [...a, ...b]) if (!Number.isFinite(v)) throw new RangeError(`Ongeldige waarde in reeks: ${v}`);
  const spread = (xs: readonly number[]) => {
    const m = mean(xs);
    let ss = 0;
    for (const x of xs) ss += (x - m) ** 2;
    return { m, v: ss / (xs.length - 1) / xs.length };
  };
  const ga = spread(a);
  const gb = spread(b);
  const se2 = ga.v + gb.v;
  const difference = ga.m - gb.m;
  if (se2 === 0) return null;
  const df = se2 ** 2 / (ga.v ** 2 / (a.length - 1) + gb.v ** 2 / (b.length - 1));
  const z = 1.959964;
  const t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
  const half = t * Math.sqrt(se2);
  return { difference, low: difference - half, high: difference + half };
}
