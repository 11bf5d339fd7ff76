import { describe, expect, it } from 'vitest';
import { PRINCIPLES } from '../catalogue.ts';
import { implementationDegree, pillarScores, schoolImplementationDegree } from './implementation.ts';

describe('implementationDegree', () => {
  it('is the mean score as a share of the maximum score 3', () => {
    expect(implementationDegree(0, 16)).toBe(0);
    expect(implementationDegree(48, 16)).toBe(100);
    // 16 principles all "in uitvoering" (2) = two thirds of the way.
    expect(implementationDegree(32, 16)).toBeCloseTo(200 / 3, 12);
    expect(implementationDegree(1, 1)).toBeCloseTo(33.333333, 5);
  });

  it('does not round: rounding belongs to presentation', () => {
    expect(implementationDegree(7, 6)).toBeCloseTo((7 / 18) * 100, 12);
    expect(Number.isInteger(implementationDegree(7, 6))).toBe(false);
  });

  it('is null, not 0%, when nothing was scored', () => {
    expect(implementationDegree(0, 0)).toBeNull();
  });

  it('rejects impossible sums and counts', () => {
    expect(() => implementationDegree(-1, 3)).toThrow(RangeError);
    expect(() => implementationDegree(3, -1)).toThrow(RangeError);
    expect(() => implementationDegree(10, 3)).toThrow(RangeError);
    expect(() => implementationDegree(Number.NaN, 3)).toThrow(RangeError);
  });
});

describe('schoolImplementationDegree', () => {
  it('averages whichever principles the school scored', () => {
    expect(schoolImplementationDegree([3, 3, 0, 0])).toBe(50);
    expect(schoolImplementationDegree([1])).toBeCloseTo(100 / 3, 12);
  });

  it('is null for a school without scores', () => {
    expect(schoolImplementationDegree([])).toBeNull();
  });

  it('rejects scores off the 0–3 scale', () => {
    expect(() => schoolImplementationDegree([4])).toThrow(RangeError);
    expect(() => schoolImplementationDegree([-1])).toThrow(RangeError);
  });
});

describe('pillarScores', () => {
  it('gives each pillar the degree of its own principles and overall the mean of all principles', () => {
    // Beleid (1-5) all geborgd, Omgeving (6-10) all 0, Educatie (11-13) all 1, Signaleren (14-16) all 2.
    const scores = new Map<number, number>();
    for (const p of PRINCIPLES) {
      scores.set(p.id, { beleid: 3, omgeving: 0, educatie: 1, signaleren: 2 }[p.pillar]);
    }
    const result = pillarScores(scores);
    expect(result.pillars.beleid).toBe(100);
    expect(result.pillars.omgeving).toBe(0);
    expect(result.pillars.educatie).toBeCloseTo(100 / 3, 12);
    expect(result.pillars.signaleren).toBeCloseTo(200 / 3, 12);
    // 5×3 + 5×0 + 3×1 + 3×2 = 24 of 48: weighted by principle, not the mean of the four pillars (50 vs 50).
    expect(result.overall).toBe(50);
  });

  it('weights principles, not pillars, in the overall degree', () => {
    // Only Beleid (5 principles at 3) and Educatie (3 principles at 0): per principle 15/24 of max.
    const result = pillarScores({ 1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 11: 0, 12: 0, 13: 0 });
    expect(result.overall).toBeCloseTo((15 / 24) * 100, 12);
    expect(result.pillars.omgeving).toBeNull();
    expect(result.pillars.signaleren).toBeNull();
  });

  it('accepts a plain record and a map alike', () => {
    expect(pillarScores({ 14: 2, 15: 1 })).toEqual(pillarScores(new Map([[14, 2], [15, 1]])));
  });

  it('is all null for a school without scores', () => {
    expect(pillarScores(new Map())).toEqual({
      overall: null,
      pillars: { beleid: null, omgeving: null, educatie: null, signaleren: null },
    });
  });

  it('rejects unknown principles and scores off the scale', () => {
    expect(() => pillarScores({ 17: 2 })).toThrow(RangeError);
    expect(() => pillarScores({ 1: 5 })).toThrow(RangeError);
  });
});
