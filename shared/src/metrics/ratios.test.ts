import { describe, expect, it } from 'vitest';
import { advisorFtePer100Schools, disadvantageGap, share, supportHoursPerSchool } from './ratios.ts';

describe('share', () => {
  it('is a 0–100 percentage, unrounded', () => {
    expect(share(21, 100)).toBe(21);
    expect(share(1, 3)).toBeCloseTo(33.3333333, 6);
    expect(share(0, 7)).toBe(0);
    expect(share(7, 7)).toBe(100);
  });

  it('is null when there is nothing to take a share of', () => {
    expect(share(0, 0)).toBeNull();
  });

  it('rejects a part larger than the whole and negative counts', () => {
    expect(() => share(8, 7)).toThrow(RangeError);
    expect(() => share(-1, 7)).toThrow(RangeError);
    expect(() => share(1, -7)).toThrow(RangeError);
    expect(() => share(Number.NaN, 7)).toThrow(RangeError);
  });
});

describe('advisorFtePer100Schools', () => {
  it('scales FTE to 100 school locations', () => {
    // A region with 4.2 FTE for 350 schools has 1.2 FTE per 100 schools.
    expect(advisorFtePer100Schools(4.2, 350)).toBeCloseTo(1.2, 12);
    expect(advisorFtePer100Schools(0, 350)).toBe(0);
  });

  it('is null without schools and rejects negatives', () => {
    expect(advisorFtePer100Schools(3, 0)).toBeNull();
    expect(() => advisorFtePer100Schools(-1, 10)).toThrow(RangeError);
  });
});

describe('supportHoursPerSchool', () => {
  it('divides the hours over the schools', () => {
    expect(supportHoursPerSchool(2100, 1000)).toBeCloseTo(2.1, 12);
    expect(supportHoursPerSchool(0, 10)).toBe(0);
  });

  it('is null without schools and rejects negatives', () => {
    expect(supportHoursPerSchool(10, 0)).toBeNull();
    expect(() => supportHoursPerSchool(10, -2)).toThrow(RangeError);
  });
});

describe('disadvantageGap', () => {
  it('is band 1 minus band 4 in percentage points; positive when disadvantaged schools lag', () => {
    expect(disadvantageGap(62.5, 48)).toBeCloseTo(14.5, 12);
    expect(disadvantageGap(40, 55)).toBe(-15);
    expect(disadvantageGap(50, 50)).toBe(0);
  });

  it('is null when either band has no published degree', () => {
    expect(disadvantageGap(null, 40)).toBeNull();
    expect(disadvantageGap(40, null)).toBeNull();
    expect(disadvantageGap(null, null)).toBeNull();
  });
});
