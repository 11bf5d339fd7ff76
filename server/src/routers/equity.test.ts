import { describe, expect, it } from 'vitest';
import { useFixtureCallers, degreeOf, rawSchools, scannedOf, type RawSchool } from '../test-support/raw.ts';

const YEAR = '2024-2025';
const MIN = 5;
const fx = useFixtureCallers('rd-equity-', { minCellSchools: MIN });

function weightedOutcome(schools: readonly RawSchool[], indicator: string): number | null {
  const rows = schools.map((s) => s.outcomes.get(indicator)).filter((o) => o !== undefined);
  const n = rows.reduce((a, o) => a + o.respondents, 0);
  return n ? rows.reduce((a, o) => a + o.value * o.respondents, 0) / n : null;
}

describe('equity.bands', () => {
  it('matches raw per-band figures for the nation, and the gap is band 1 minus band 4', async () => {
    const raw = await rawSchools(fx.t.db, YEAR);
    const res = await fx.caller.equity.bands({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'all' });
    expect(res.bands.map((b) => b.band)).toEqual([1, 2, 3, 4, 0]);
    for (const b of res.bands) {
      const of = raw.filter((s) => (s.band ?? 0) === b.band);
      if (b.schools.suppressed) {
        expect(b.implementation.value).toBeNull();
        continue;
      }
      expect(b.schools.value).toBe(of.length);
      expect(b.supportHoursPerSchool.value).toBeCloseTo(of.reduce((a, s) => a + s.hours, 0) / of.length, 9);
      if (b.implementation.suppressed === null) expect(b.implementation.value).toBeCloseTo(degreeOf(of)!, 9);
      const emo = b.outcomes.find((o) => o.indicator === 'emotionele_problemen')!.value;
      if (emo.suppressed === null) expect(emo.value).toBeCloseTo(weightedOutcome(of, 'emotionele_problemen')!, 9);
    }
    const [b1, , , b4] = res.bands;
    if (b1!.implementation.value !== null && b4!.implementation.value !== null) {
      expect(res.gap.implementation.value).toBeCloseTo(b1!.implementation.value - b4!.implementation.value, 12);
    } else {
      expect(res.gap.implementation.value).toBeNull();
    }
  });

  it('does not place a small sector\'s schools in their band by showing its other bands empty', async () => {
    // GM9004 has 3 mbo schools: their sector is hidden, and so is their band. A band "without mbo
    // schools" beside them would narrow down which band they are in, unless the municipality (or
    // the region) has no school in that band at all.
    const raw = await rawSchools(fx.t.db, YEAR);
    const mboOf = raw.filter((s) => s.municipality === 'GM9004' && s.sector === 'mbo');
    expect(mboOf.length).toBeGreaterThan(0);
    expect(mboOf.length).toBeLessThan(MIN);
    const mbo = await fx.caller.equity.bands({ scope: { level: 'municipality', code: 'GM9004' }, schoolYear: YEAR, sector: 'mbo' });
    const all = await fx.caller.equity.bands({ scope: { level: 'municipality', code: 'GM9004' }, schoolYear: YEAR, sector: 'all' });
    let hiddenEmpty = 0;
    for (const b of mbo.bands) {
      const inBand = mboOf.filter((s) => (s.band ?? 0) === b.band).length;
      expect(b.schools.value === null || b.schools.value === inBand).toBe(true);
      if (inBand > 0) expect(b.schools.suppressed).not.toBeNull();
      else if (b.schools.suppressed === null) expect(all.bands.find((x) => x.band === b.band)!.schools.value).toBe(0);
      else hiddenEmpty++;
    }
    expect(hiddenEmpty).toBeGreaterThan(0);
  });

  it('never shows a band on fewer than the minimum schools, nor a lone hidden band', async () => {
    for (const code of ['GM9001', 'GM9002', 'GM9004', 'GM9005']) {
      const res = await fx.caller.equity.bands({ scope: { level: 'municipality', code }, schoolYear: YEAR, sector: 'all' });
      const raw = scannedOf((await rawSchools(fx.t.db, YEAR)).filter((s) => s.municipality === code));
      const hidden = res.bands.filter((b) => b.implementation.suppressed !== null);
      for (const b of res.bands) {
        const n = raw.filter((s) => (s.band ?? 0) === b.band).length;
        if (n > 0 && n < MIN) expect(b.implementation.suppressed).not.toBeNull();
        if (b.implementation.suppressed === null && n > 0) expect(b.implementation.schools).toBe(n);
      }
      expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
    }
  });

  it('hides every band of a municipality that is itself hidden', async () => {
    const res = await fx.caller.equity.bands({ scope: { level: 'municipality', code: 'GM9003' }, schoolYear: YEAR, sector: 'all' });
    expect(res.bands.every((b) => b.implementation.value === null && b.schools.value === null)).toBe(true);
    expect(res.gap.implementation.value).toBeNull();
  });
});

describe('equity.widestGaps', () => {
  it('ranks only municipalities whose gap is visible, widest first', async () => {
    const res = await fx.caller.equity.widestGaps({ schoolYear: YEAR, sector: 'all', limit: 10 });
    const values = res.rows.map((r) => r.gap.value!);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    const raw = scannedOf(await rawSchools(fx.t.db, YEAR));
    for (const r of res.rows) {
      const of = raw.filter((s) => s.municipality === r.code);
      expect(r.gap.value).toBeCloseTo(degreeOf(of.filter((s) => s.band === 1))! - degreeOf(of.filter((s) => s.band === 4))!, 9);
      expect(r.band1.schools).toBeGreaterThanOrEqual(MIN);
    }
    expect(res.rows.some((r) => r.code === 'GM9003')).toBe(false);
    await expect(fx.caller.equity.widestGaps({ regionCode: 'GG9999', schoolYear: YEAR, sector: 'all', limit: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows a gap with a lower threshold where the data allow it', async () => {
    const res = await fx.plain.equity.widestGaps({ schoolYear: YEAR, sector: 'all', limit: 3 });
    expect(res.rows.length).toBeGreaterThan(0);
    expect(res.rows.length).toBeLessThanOrEqual(3);
  });

  it('gives the first of the same ranking whatever the limit, in the region asked', async () => {
    const all = await fx.plain.equity.widestGaps({ schoolYear: YEAR, sector: 'all', limit: 100 });
    expect(all.rows.length).toBeGreaterThan(1);
    for (let limit = 1; limit <= all.rows.length; limit++) {
      expect((await fx.plain.equity.widestGaps({ schoolYear: YEAR, sector: 'all', limit })).rows).toEqual(all.rows.slice(0, limit));
    }
    const regionCode = all.rows[0]!.regionCode;
    const inRegion = await fx.plain.equity.widestGaps({ regionCode, schoolYear: YEAR, sector: 'all', limit: 100 });
    expect(inRegion.rows).toEqual(all.rows.filter((r) => r.regionCode === regionCode));
  });
});
