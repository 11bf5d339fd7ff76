import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { areaColor, classIndex, classLabel, fixedClasses, legendClasses, niceStep, NO_DATA_COLOR, SUPPRESSED_COLOR } from './legend.ts';

describe('map legend classes', () => {
  it('uses round steps', () => {
    expect(niceStep(7.3)).toBe(10);
    expect(niceStep(4.1)).toBe(5);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(0.13)).toBeCloseTo(0.2);
  });

  it('implementation degrees between 31 and 68% get classes of 10 points from 30 to 70', () => {
    const classes = legendClasses([31, 45, 52, 68]);
    expect(classes.map((c) => [c.from, c.to])).toEqual([[30, 40], [40, 50], [50, 60], [60, 70]]);
  });

  it('every value falls in a class whose bounds contain it, including the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 100, noNaN: true }), { minLength: 2, maxLength: 60 }), (values) => {
        const classes = legendClasses(values);
        expect(classes.length).toBeGreaterThanOrEqual(1);
        expect(classes.length).toBeLessThanOrEqual(7);
        for (const v of values) {
          const c = classes[classIndex(v, classes)]!;
          expect(v).toBeGreaterThanOrEqual(c.from - 1e-6);
          expect(v).toBeLessThanOrEqual(c.to + 1e-6);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('colours darken with the value and keep separate colours for no data and suppressed', () => {
    const classes = legendClasses([0, 100]);
    const colors = classes.map((c) => c.color);
    expect(new Set(colors).size).toBe(colors.length);
    expect(colors).not.toContain(NO_DATA_COLOR);
    expect(colors).not.toContain(SUPPRESSED_COLOR);
    expect(areaColor({ kind: 'suppressed' }, classes)).toBe(SUPPRESSED_COLOR);
    expect(areaColor({ kind: 'noData' }, classes)).toBe(NO_DATA_COLOR);
    expect(areaColor({ kind: 'value', value: 0 }, classes)).toBe(colors[0]);
    expect(areaColor({ kind: 'value', value: 100 }, classes)).toBe(colors[colors.length - 1]);
  });

  it('no values → no classes', () => {
    expect(legendClasses([])).toEqual([]);
  });
});

describe('fixed map classes', () => {
  it('give a value the same colour whatever else is on the map', () => {
    const classes = fixedClasses([20, 30, 40, 50, 60]);
    const colour = (v: number) => areaColor({ kind: 'value', value: v }, classes);
    // The same 45% on a national map and after a drill-down into a region with only high values.
    expect(colour(45)).toBe(colour(45));
    expect(classIndex(45, classes)).toBe(3);
    expect(classIndex(10, classes)).toBe(0);
    expect(classIndex(95, classes)).toBe(classes.length - 1);
    expect(new Set(classes.map((c) => c.color)).size).toBe(classes.length);
  });

  it('name open first and last classes', () => {
    const classes = fixedClasses([0.5, 1, 2]);
    const fmt = (v: number) => String(v).replace('.', ',');
    expect(classes.map((c, i) => classLabel(c, i === classes.length - 1, fmt))).toEqual(['minder dan 0,5', '0,5 tot 1', '1 tot 2', '2 of meer']);
  });
});
