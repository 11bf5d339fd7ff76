import { describe, expect, it } from 'vitest';
import { PRINCIPLES } from '@rd/shared';
import { FIXTURE_YEARS } from '../test-support/fixture.ts';
import { useFixtureCallers, degreeOf, rawSchools, scannedOf } from '../test-support/raw.ts';

const YEAR = '2024-2025';
const fx = useFixtureCallers('rd-impl-');

const principleScores = (p: number) => async (schoolId: string) => fx.t.db.kysely.selectFrom('scan_score').select('score')
  .where('school_id', '=', schoolId).where('school_year', '=', YEAR).where('principle_id', '=', p).execute();

describe('implementation.profile', () => {
  it('gives scope, parent and nation per principle, pillar and overall, matching raw scores', async () => {
    const raw = await rawSchools(fx.t.db, YEAR);
    const p = await fx.plain.implementation.profile({ scope: { level: 'municipality', code: 'GM9001' }, schoolYear: YEAR, sector: 'all' });
    expect(p.parent?.code).toBe('GG9001');
    const muni = raw.filter((s) => s.municipality === 'GM9001');
    const region = raw.filter((s) => s.region === 'GG9001');
    expect(p.overall.scope.value).toBeCloseTo(degreeOf(muni)!, 9);
    expect(p.overall.parent!.value).toBeCloseTo(degreeOf(region)!, 9);
    expect(p.overall.nation.value).toBeCloseTo(degreeOf(raw)!, 9);
    expect(p.overall.differenceFromNation).toBeCloseTo(degreeOf(muni)! - degreeOf(raw)!, 9);
    expect(p.pillars.map((x) => x.id)).toEqual(['beleid', 'omgeving', 'educatie', 'signaleren']);
    expect(p.pillars[1]!.scope.value).toBeCloseTo(degreeOf(muni, (s) => s.pillarScores.omgeving)!, 9);
    expect(p.principles).toHaveLength(PRINCIPLES.length);
    // Principle 14 straight from scan_score rows of the municipality's schools.
    const scores = (await Promise.all(scannedOf(muni).map((s) => principleScores(14)(s.id)))).flat().map((r) => r.score);
    expect(p.principles[13]!.scope.value).toBeCloseTo((scores.reduce((a, b) => a + b, 0) / scores.length / 3) * 100, 9);
    expect(p.principles[13]!.scope.schools).toBe(scores.length);
  });

  it('has no parent for the nation and hides a too-small municipality entirely', async () => {
    const nation = await fx.caller.implementation.profile({ scope: { level: 'nation' }, schoolYear: YEAR, sector: 'all' });
    expect(nation.parent).toBeNull();
    expect(nation.overall.parent).toBeNull();
    const small = await fx.caller.implementation.profile({ scope: { level: 'municipality', code: 'GM9003' }, schoolYear: YEAR, sector: 'all' });
    expect(small.overall.scope.value).toBeNull();
    expect(small.principles.every((x) => x.scope.value === null && x.scope.suppressed !== null)).toBe(true);
    expect(small.overall.parent!.value).not.toBeNull();
    // A hidden figure has no difference either: it would give the figure away.
    expect(small.overall.differenceFromNation).toBeNull();
  });
});

describe('implementation.trend', () => {
  it('has one entry per school year, matching raw scores', async () => {
    const tr = await fx.plain.implementation.trend({ scope: { level: 'region', code: 'GG9002' }, sector: 'po' });
    expect(tr.years.map((y) => y.schoolYear)).toEqual([...FIXTURE_YEARS]);
    for (const y of tr.years) {
      const raw = (await rawSchools(fx.t.db, y.schoolYear)).filter((s) => s.sector === 'po');
      expect(y.overall.value).toBeCloseTo(degreeOf(raw.filter((s) => s.region === 'GG9002'))!, 9);
      expect(y.nation.value).toBeCloseTo(degreeOf(raw)!, 9);
    }
  });
});

describe('implementation.heatmap', () => {
  it('gives municipalities × 16 principles with small municipalities and a complement hidden', async () => {
    const raw = await rawSchools(fx.t.db, YEAR);
    const h = await fx.caller.implementation.heatmap({ regionCode: 'GG9001', schoolYear: YEAR, sector: 'all' });
    expect(h.rows.map((r) => r.code).sort()).toEqual(['GM9001', 'GM9002', 'GM9003']);
    const row = (code: string) => h.rows.find((r) => r.code === code)!;
    expect(row('GM9003').principles.every((c) => c.suppressed !== null && c.value === null)).toBe(true);
    expect(row('GM9002').principles.every((c) => c.suppressed === 'complementary')).toBe(true);
    expect(row('GM9001').principles).toHaveLength(16);
    const muni = raw.filter((s) => s.municipality === 'GM9001');
    const ph = await fx.plain.implementation.heatmap({ regionCode: 'GG9001', schoolYear: YEAR, sector: 'all' });
    expect(ph.rows.find((r) => r.code === 'GM9001')!.overall.value).toBeCloseTo(degreeOf(muni)!, 9);
    expect(h.region.overall.value).toBeCloseTo(degreeOf(raw.filter((s) => s.region === 'GG9001'))!, 9);
  });

  it('rejects an unknown region in Dutch', async () => {
    await expect(fx.caller.implementation.heatmap({ regionCode: 'GG9999', schoolYear: YEAR, sector: 'all' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende GGD-regio GG9999' });
  });
});
