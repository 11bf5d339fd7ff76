import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITY_FORMULA, PRIORITY_WEIGHTS, SUPPORT_HOURS_REFERENCE, supportPriority, type SupportPriorityInput } from './priority.ts';

const base: SupportPriorityInput = {
  implementationDegree: 50,
  disadvantageBand: 2,
  hasKartrekker: true,
  parentSupport: 3,
  supportHoursReceived: 0,
};

describe('supportPriority', () => {
  it('gives the full 100 to a school with every reason for support', () => {
    const result = supportPriority({
      implementationDegree: 0,
      disadvantageBand: 4,
      hasKartrekker: false,
      parentSupport: 1,
      supportHoursReceived: 0,
    });
    expect(result.score).toBe(100);
    expect(result.components).toEqual({ need: 30, implementationGap: 35, noKartrekker: 20, littleSupport: 15 });
    expect(result.missing).toEqual([]);
  });

  it('gives 0 to a fully implemented, advantaged, well-supported school', () => {
    const result = supportPriority({
      implementationDegree: 100,
      disadvantageBand: 1,
      hasKartrekker: true,
      parentSupport: 5,
      supportHoursReceived: 12,
    });
    expect(result.score).toBe(0);
  });

  it('computes each part as documented', () => {
    // band 3 → 2/3, parent support 2 → 3/4: need = 30 × (0.75 × 2/3 + 0.25 × 3/4) = 20.625.
    // degree 60 → gap 35 × 0.4 = 14; kartrekker present → 0; 4 hours → 15 × 0.6 = 9.
    const result = supportPriority({ implementationDegree: 60, disadvantageBand: 3, hasKartrekker: true, parentSupport: 2, supportHoursReceived: 4 });
    expect(result.components.need).toBeCloseTo(20.625, 12);
    expect(result.components.implementationGap).toBeCloseTo(14, 12);
    expect(result.components.noKartrekker).toBe(0);
    expect(result.components.littleSupport).toBeCloseTo(9, 12);
    expect(result.score).toBeCloseTo(43.625, 12);
  });

  it('scores an unknown input at the midpoint of its part and lists it as missing', () => {
    const known = supportPriority(base);
    const unknown = supportPriority({ ...base, implementationDegree: null, hasKartrekker: null });
    expect(unknown.components.implementationGap).toBe(PRIORITY_WEIGHTS.implementationGap / 2);
    expect(unknown.components.noKartrekker).toBe(PRIORITY_WEIGHTS.noKartrekker / 2);
    expect(unknown.components.need).toBe(known.components.need);
    expect(unknown.missing).toEqual(['implementationDegree', 'hasKartrekker']);
    const noEquityData = supportPriority({ ...base, disadvantageBand: null, parentSupport: null });
    expect(noEquityData.components.need).toBe(PRIORITY_WEIGHTS.need / 2);
    expect(noEquityData.missing).toEqual(['disadvantageBand', 'parentSupport']);
  });

  it('stops counting support received at the typical offer of 10 hours', () => {
    expect(SUPPORT_HOURS_REFERENCE).toBe(10);
    expect(supportPriority({ ...base, supportHoursReceived: 10 }).components.littleSupport).toBe(0);
    expect(supportPriority({ ...base, supportHoursReceived: 40 }).components.littleSupport).toBe(0);
    expect(supportPriority({ ...base, supportHoursReceived: 5 }).components.littleSupport).toBe(7.5);
  });

  it('rejects inputs off their scales', () => {
    expect(() => supportPriority({ ...base, disadvantageBand: 5 })).toThrow(RangeError);
    expect(() => supportPriority({ ...base, parentSupport: 0 })).toThrow(RangeError);
    expect(() => supportPriority({ ...base, implementationDegree: 101 })).toThrow(RangeError);
    expect(() => supportPriority({ ...base, supportHoursReceived: -1 })).toThrow(RangeError);
  });

  it('has weights that add up to 100 and a Dutch explanation naming them', () => {
    expect(Object.values(PRIORITY_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    for (const points of ['30', '35', '20', '15']) expect(PRIORITY_FORMULA).toContain(`${points} punten`);
    expect(PRIORITY_FORMULA).toContain('kartrekker');
  });
});

describe('supportPriority properties', () => {
  const input = fc.record({
    implementationDegree: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
    disadvantageBand: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    hasKartrekker: fc.option(fc.boolean(), { nil: null }),
    parentSupport: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    supportHoursReceived: fc.double({ min: 0, max: 60, noNaN: true }),
  });
  const score = (i: SupportPriorityInput) => supportPriority(i).score;

  it('stays within 0–100 and equals the sum of its parts', () => {
    fc.assert(
      fc.property(input, (i) => {
        const { score: s, components } = supportPriority(i);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100 + 1e-9);
        expect(s).toBeCloseTo(components.need + components.implementationGap + components.noKartrekker + components.littleSupport, 9);
      }),
    );
  });

  it('never drops when the pupils are more disadvantaged', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (i, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(score({ ...i, disadvantageBand: high })).toBeGreaterThanOrEqual(score({ ...i, disadvantageBand: low }));
      }),
    );
  });

  it('never drops when implementation is lower', () => {
    fc.assert(
      fc.property(input, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (i, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(score({ ...i, implementationDegree: low })).toBeGreaterThanOrEqual(score({ ...i, implementationDegree: high }));
      }),
    );
  });

  it('never drops when the kartrekker is missing', () => {
    fc.assert(
      fc.property(input, (i) => {
        expect(score({ ...i, hasKartrekker: false })).toBeGreaterThan(score({ ...i, hasKartrekker: true }));
        expect(score({ ...i, hasKartrekker: null })).toBeGreaterThan(score({ ...i, hasKartrekker: true }));
      }),
    );
  });

  it('never drops when parent support is weaker or fewer hours were received', () => {
    fc.assert(
      fc.property(
        input,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (i, p1, p2, h1, h2) => {
          const [weak, strong] = p1 <= p2 ? [p1, p2] : [p2, p1];
          expect(score({ ...i, parentSupport: weak })).toBeGreaterThanOrEqual(score({ ...i, parentSupport: strong }));
          const [few, many] = h1 <= h2 ? [h1, h2] : [h2, h1];
          expect(score({ ...i, supportHoursReceived: few })).toBeGreaterThanOrEqual(score({ ...i, supportHoursReceived: many }));
        },
      ),
    );
  });

  it('ranks an unknown input between its best and worst known value', () => {
    fc.assert(
      fc.property(input, (i) => {
        const unknown = score({ ...i, disadvantageBand: null });
        expect(unknown).toBeGreaterThan(score({ ...i, disadvantageBand: 1 }));
        expect(unknown).toBeLessThan(score({ ...i, disadvantageBand: 4 }));
      }),
    );
  });
});
