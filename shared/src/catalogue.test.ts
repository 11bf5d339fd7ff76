import { describe, expect, it } from 'vitest';
import {
  DEMO_SCHOOL_YEARS, PILLARS, PRINCIPLES, isSchoolYear, pillarOfPrinciple, principlesOfPillar,
  schoolYearFromStart, schoolYearStart,
} from './catalogue.ts';

describe('framework catalogue', () => {
  it('has 4 pillars and 16 leading principles numbered 1..16', () => {
    expect(PILLARS.map((p) => p.id)).toEqual(['beleid', 'omgeving', 'educatie', 'signaleren']);
    expect(PRINCIPLES.map((p) => p.id)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('groups the principles per pillar as in the seed document (5, 5, 3, 3)', () => {
    expect(principlesOfPillar('beleid')).toEqual([1, 2, 3, 4, 5]);
    expect(principlesOfPillar('omgeving')).toEqual([6, 7, 8, 9, 10]);
    expect(principlesOfPillar('educatie')).toEqual([11, 12, 13]);
    expect(principlesOfPillar('signaleren')).toEqual([14, 15, 16]);
    expect(pillarOfPrinciple(9)).toBe('omgeving');
    expect(() => pillarOfPrinciple(17)).toThrow(/Onbekend/);
  });
});

describe('school years', () => {
  it('accepts only consecutive years written as 2024-2025', () => {
    expect(isSchoolYear('2024-2025')).toBe(true);
    expect(isSchoolYear('2024-2026')).toBe(false);
    expect(isSchoolYear('2024/2025')).toBe(false);
    expect(isSchoolYear('24-25')).toBe(false);
  });

  it('converts between a start year and the label', () => {
    expect(schoolYearStart('2021-2022')).toBe(2021);
    expect(schoolYearFromStart(2021)).toBe('2021-2022');
    expect(DEMO_SCHOOL_YEARS).toEqual(['2019-2020', '2020-2021', '2021-2022', '2022-2023', '2023-2024', '2024-2025']);
  });
});
