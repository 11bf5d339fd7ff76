import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearFit, meanDifference, pearsonCorrelation, weightedMean } from './statistics.ts';

describe('pearsonCorrelation', () => {
  it('is 1 and -1 for exact linear relations', () => {
    expect(pearsonCorrelation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
  });

  it('matches a hand-computed value', () => {
    // x = 1..5, y = 2,4,5,4,5: sxy = 6, sxx = 10, syy = 6 → r = 6 / sqrt(60).
    expect(pearsonCorrelation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('is null with fewer than 3 pairs or a constant series', () => {
    expect(pearsonCorrelation([], [])).toBeNull();
    expect(pearsonCorrelation([1, 2], [3, 4])).toBeNull();
    expect(pearsonCorrelation([5, 5, 5], [1, 2, 3])).toBeNull();
    expect(pearsonCorrelation([1, 2, 3], [7, 7, 7])).toBeNull();
    expect(pearsonCorrelation([0.1 + 0.2, 0.3, 0.3], [1, 2, 3])).toBeNull();
  });

  it('keeps precision for large offsets such as school years', () => {
    expect(pearsonCorrelation([2019, 2020, 2021, 2022], [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4])).toBeCloseTo(1, 9);
  });

  it('rejects series of different length and non-finite values', () => {
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2])).toThrow(RangeError);
    expect(() => pearsonCorrelation([1, 2, Number.NaN], [1, 2, 3])).toThrow(RangeError);
  });

  it('stays within [-1, 1], is symmetric and ignores positive linear rescaling', () => {
    const series = fc
      .integer({ min: 3, max: 25 })
      .chain((n) =>
        fc.tuple(
          // Integers keep a·x + b exact; with arbitrary doubles the rescaling itself loses the spread.
          fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 50 }), fc.integer({ min: -100, max: 100 }), ([xs, ys], a, b) => {
        const r = pearsonCorrelation(xs, ys);
        if (r === null) return;
        expect(Math.abs(r)).toBeLessThanOrEqual(1);
        expect(pearsonCorrelation(ys, xs)).toBeCloseTo(r, 9);
        expect(pearsonCorrelation(xs.map((x) => a * x + b), ys)).toBeCloseTo(r, 9);
      }),
    );
  });
});

describe('linearFit', () => {
  it('recovers an exact line', () => {
    const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(fit?.slope).toBeCloseTo(2, 12);
    expect(fit?.intercept).toBeCloseTo(1, 12);
  });

  it('is the least-squares line for scattered points', () => {
    // Same data as the correlation example: slope = sxy / sxx = 0.6, intercept = 4 - 0.6 × 3 = 2.2.
    const fit = linearFit([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit?.slope).toBeCloseTo(0.6, 12);
    expect(fit?.intercept).toBeCloseTo(2.2, 12);
  });

  it('fits two points exactly', () => {
    expect(linearFit([1, 3], [10, 4])).toEqual({ slope: -3, intercept: 13 });
  });

  it('is null with fewer than 2 points or a constant x', () => {
    expect(linearFit([], [])).toBeNull();
    expect(linearFit([1], [1])).toBeNull();
    expect(linearFit([2, 2, 2], [1, 2, 3])).toBeNull();
  });

  it('has residuals that sum to zero and are uncorrelated with x', () => {
    const points = fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(points, (pts) => {
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        const fit = linearFit(xs, ys);
        if (fit === null) {
          expect(new Set(xs).size).toBe(1);
          return;
        }
        const residuals = xs.map((x, i) => ys[i]! - (fit.intercept + fit.slope * x));
        expect(residuals.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
        expect(residuals.reduce((a, r, i) => a + r * xs[i]!, 0)).toBeCloseTo(0, 5);
      }),
    );
  });
});

describe('weightedMean', () => {
  it('weights values by their number of schools', () => {
    // 10 schools at 40% and 30 schools at 80% → 70%.
    expect(weightedMean([{ value: 40, weight: 10 }, { value: 80, weight: 30 }])).toBe(70);
  });

  it('ignores zero weights, even with a non-finite value attached', () => {
    expect(weightedMean([{ value: 50, weight: 4 }, { value: Number.NaN, weight: 0 }])).toBe(50);
  });

  it('is null without weight', () => {
    expect(weightedMean([])).toBeNull();
    expect(weightedMean([{ value: 12, weight: 0 }])).toBeNull();
  });

  it('rejects negative weights', () => {
    expect(() => weightedMean([{ value: 1, weight: -1 }])).toThrow(RangeError);
  });

  it('lies between the smallest and largest value', () => {
    const pairs = fc.array(fc.record({ value: fc.double({ min: 0, max: 100, noNaN: true }), weight: fc.integer({ min: 0, max: 500 }) }), { maxLength: 30 });
    fc.assert(
      fc.property(pairs, (ps) => {
        const m = weightedMean(ps);
        const weighted = ps.filter((p) => p.weight > 0);
        if (weighted.length === 0) {
          expect(m).toBeNull();
          return;
        }
        expect(m!).toBeGreaterThanOrEqual(Math.min(...weighted.map((p) => p.value)) - 1e-9);
        expect(m!).toBeLessThanOrEqual(Math.max(...weighted.map((p) => p.value)) + 1e-9);
      }),
    );
  });
});

describe('meanDifference', () => {
  it('gives the difference with a Welch 95 % interval matching the t table', () => {
    // Two groups of 5 with equal spread: df = 8, t(0.975, 8) = 2.306.
    const a = [60, 62, 64, 66, 68];
    const b = [50, 52, 54, 56, 58];
    const r = meanDifference(a, b)!;
    expect(r.difference).toBe(10);
    const se = Math.sqrt(10 / 5 + 10 / 5);
    expect(r.high - r.difference).toBeCloseTo(2.306 * se, 1);
    expect(r.difference - r.low).toBeCloseTo(r.high - r.difference, 10);
  });
  it('is null for a group of one and for groups without spread', () => {
    expect(meanDifference([1], [1, 2, 3])).toBeNull();
    expect(meanDifference([2, 2], [3, 3])).toBeNull();
  });
});
