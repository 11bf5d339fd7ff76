import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planEqualHours, planSupport } from './planning.ts';

describe('planSupport', () => {
  it('takes schools by priority until the hours run out', () => {
    const plan = planSupport(
      [
        { schoolId: 'S03', priority: 40, hoursNeeded: 10 },
        { schoolId: 'S01', priority: 90, hoursNeeded: 10 },
        { schoolId: 'S02', priority: 70, hoursNeeded: 10 },
      ],
      25,
    );
    expect(plan.selected).toEqual([
      { schoolId: 'S01', priority: 90, hours: 10, cumulativeHours: 10 },
      { schoolId: 'S02', priority: 70, hours: 10, cumulativeHours: 20 },
    ]);
    expect(plan.skipped).toEqual([{ schoolId: 'S03', priority: 40, hours: 10 }]);
    expect(plan.hoursUsed).toBe(20);
    expect(plan.hoursLeft).toBe(5);
    expect(plan.schoolsCovered).toBe(2);
  });

  it('skips a school that does not fit and still fits smaller ones below it', () => {
    const plan = planSupport(
      [
        { schoolId: 'A', priority: 80, hoursNeeded: 10 },
        { schoolId: 'B', priority: 70, hoursNeeded: 12 },
        { schoolId: 'C', priority: 60, hoursNeeded: 4 },
      ],
      15,
    );
    expect(plan.selected.map((s) => s.schoolId)).toEqual(['A', 'C']);
    expect(plan.skipped.map((s) => s.schoolId)).toEqual(['B']);
    expect(plan.hoursLeft).toBe(1);
  });

  it('breaks ties in priority by school id so the plan is reproducible', () => {
    const plan = planSupport(
      [
        { schoolId: 'SB', priority: 50, hoursNeeded: 10 },
        { schoolId: 'SA', priority: 50, hoursNeeded: 10 },
      ],
      10,
    );
    expect(plan.selected.map((s) => s.schoolId)).toEqual(['SA']);
  });

  it('fits fractional hours exactly at the budget despite float rounding', () => {
    const plan = planSupport(
      [
        { schoolId: 'A', priority: 3, hoursNeeded: 0.1 },
        { schoolId: 'B', priority: 2, hoursNeeded: 0.2 },
      ],
      0.3,
    );
    expect(plan.schoolsCovered).toBe(2);
    expect(plan.hoursLeft).toBe(0);
  });

  it('handles no schools and no hours', () => {
    expect(planSupport([], 100)).toEqual({ selected: [], skipped: [], hoursUsed: 0, hoursLeft: 100, schoolsCovered: 0 });
    const none = planSupport([{ schoolId: 'A', priority: 1, hoursNeeded: 10 }], 0);
    expect(none.schoolsCovered).toBe(0);
    expect(none.skipped).toHaveLength(1);
  });

  it('rejects negative or non-finite hours', () => {
    expect(() => planSupport([], -1)).toThrow(RangeError);
    expect(() => planSupport([{ schoolId: 'A', priority: 1, hoursNeeded: -2 }], 10)).toThrow(RangeError);
    expect(() => planSupport([{ schoolId: 'A', priority: Number.NaN, hoursNeeded: 2 }], 10)).toThrow(RangeError);
  });

  it('never exceeds the hours, accounts for every school once, and only skips what no longer fit', () => {
    const schools = fc.uniqueArray(
      fc.record({ schoolId: fc.string({ minLength: 1, maxLength: 4 }), priority: fc.integer({ min: 0, max: 100 }), hoursNeeded: fc.integer({ min: 0, max: 20 }) }),
      { selector: (s) => s.schoolId, maxLength: 40 },
    );
    fc.assert(
      fc.property(schools, fc.integer({ min: 0, max: 300 }), (list, hours) => {
        const plan = planSupport(list, hours);
        expect(plan.hoursUsed).toBeLessThanOrEqual(hours);
        expect(plan.hoursUsed + plan.hoursLeft).toBe(hours);
        expect(plan.selected.length + plan.skipped.length).toBe(list.length);
        expect(plan.hoursUsed).toBe(plan.selected.reduce((s, x) => s + x.hours, 0));
        // Selected schools appear in rank order with running totals.
        let running = 0;
        for (let k = 0; k < plan.selected.length; k++) {
          running += plan.selected[k]!.hours;
          expect(plan.selected[k]!.cumulativeHours).toBe(running);
          if (k > 0) expect(plan.selected[k]!.priority).toBeLessThanOrEqual(plan.selected[k - 1]!.priority);
        }
        // A skipped school needed more than was left at the end: otherwise greedy would have taken it.
        for (const s of plan.skipped) expect(s.hours).toBeGreaterThan(plan.hoursLeft);
      }),
    );
  });
});

describe('planEqualHours', () => {
  it('plans exactly as planSupport over that many schools of equal hours, float sums and all', () => {
    const hoursPerSchool = fc.oneof(fc.constantFrom(0, 0.1, 1e-9, 7.5, 10, 1 / 3), fc.double({ min: 0, max: 50, noNaN: true }));
    const budget = fc.oneof(fc.constantFrom(0, 0.3, 9.99, 10, 55, 1e6), fc.double({ min: 0, max: 500, noNaN: true }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), hoursPerSchool, budget, (schools, hours, available) => {
        const ids = Array.from({ length: schools }, (_, i) => `S${String(i).padStart(3, '0')}`);
        const reference = planSupport(ids.map((schoolId, i) => ({ schoolId, priority: schools - i, hoursNeeded: hours })), available);
        const plan = planEqualHours(schools, hours, available);
        expect(plan.cumulativeHours).toEqual(reference.selected.map((s) => s.cumulativeHours));
        expect(plan.hoursUsed).toBe(reference.hoursUsed);
        expect(plan.hoursLeft).toBe(reference.hoursLeft);
      }),
    );
  });

  it('rejects negative or non-finite hours and a broken count', () => {
    expect(() => planEqualHours(3, 10, -1)).toThrow(RangeError);
    expect(() => planEqualHours(3, Number.NaN, 10)).toThrow(RangeError);
    expect(() => planEqualHours(-1, 10, 10)).toThrow(RangeError);
  });
});
