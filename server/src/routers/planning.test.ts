import { describe, expect, it } from 'vitest';
import { useAdvisorFixture } from '../test-support/raw.ts';
import { buildPlan, candidatesNeeded, readPlanningCandidates } from '../data/planning.repository.ts';

const YEAR = '2024-2025';
const fx = useAdvisorFixture('rd-planning-');

/** The region's schools with their listed priority, band and this year's actual support hours. */
async function regionSchools() {
  const list = await fx.caller.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, pageSize: 200 });
  return list.rows;
}

describe('planning.plan', () => {
  it('takes schools in priority order until the explicit budget runs out', async () => {
    const plan = await fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR, availableHours: 55 });
    const schools = await regionSchools();
    expect(plan.budget.source).toBe('explicit');
    expect(plan.selected).toHaveLength(5);
    expect(plan.hoursUsed).toBe(50);
    expect(plan.hoursLeft).toBe(5);
    expect(plan.selected.map((s) => s.schoolId)).toEqual(schools.slice(0, 5).map((s) => s.schoolId));
    const priorities = plan.selected.map((s) => s.priority.score);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    expect(plan.selected.at(-1)!.cumulativeHours).toBe(50);
    expect(plan.selected[0]!.reason).toMatch(/^Prioriteit \d+ van 100: /);
    expect(plan.selected.every((s) => /^S[0-9A-F]{16}$/.test(s.schoolId))).toBe(true);
  });

  it("uses the region's hours for schools, and converts a what-if FTE change at its hours per FTE", async () => {
    const capacity = await fx.t.db.kysely.selectFrom('capacity').where('region_code', '=', 'GG9001').where('school_year', '=', YEAR).selectAll().executeTakeFirstOrThrow();
    const base = await fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR });
    expect(base.budget.availableHours).toBe(capacity.hours_for_schools);
    const perFte = capacity.hours_for_schools / capacity.advisor_fte;
    const fteDelta = -(capacity.advisor_fte - 0.05);
    const whatIf = await fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR, fteDelta, hoursPerSchool: 8 });
    const expectedHours = capacity.hours_for_schools + fteDelta * perFte;
    expect(whatIf.budget.source).toBe('capacityWithFteChange');
    expect(whatIf.budget.availableHours).toBeCloseTo(expectedHours, 9);
    expect(whatIf.selected).toHaveLength(Math.floor(expectedHours / 8));
    expect(whatIf.hoursUsed).toBeLessThanOrEqual(whatIf.budget.availableHours);
    expect(whatIf.hoursUsed + whatIf.hoursLeft).toBeCloseTo(whatIf.budget.availableHours, 9);
  });

  it('reports expected coverage and the actual support of the year from the raw records', async () => {
    const plan = await fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR, availableHours: 120 });
    const raw = await fx.t.db.kysely.selectFrom('school as s').innerJoin('municipality as m', 'm.code', 's.municipality_code')
      .leftJoin('implementation_record as ir', (j) => j.onRef('ir.school_id', '=', 's.id').on('ir.school_year', '=', YEAR))
      .where('m.region_code', '=', 'GG9001').select(['s.id', 's.disadvantage_band', 'ir.ggd_support_hours']).execute();
    const highNeed = raw.filter((r) => (r.disadvantage_band ?? 0) >= 3);
    const chosen = new Set(plan.selected.map((s) => s.schoolId));
    expect(plan.coverage.schools).toBe(raw.length);
    expect(plan.coverage.highNeedSchools).toBe(highNeed.length);
    expect(plan.coverage.shareOfSchools).toBeCloseTo((100 * chosen.size) / raw.length, 10);
    expect(plan.coverage.shareOfHighNeed).toBeCloseTo((100 * highNeed.filter((r) => chosen.has(r.id)).length) / highNeed.length, 10);
    const supported = raw.filter((r) => (r.ggd_support_hours ?? 0) > 0);
    expect(plan.actual.schoolsSupported).toBe(supported.length);
    expect(plan.actual.hours).toBeCloseTo(supported.reduce((s, r) => s + r.ggd_support_hours!, 0), 9);
    expect(plan.actual.highNeedSupported).toBe(supported.filter((r) => (r.disadvantage_band ?? 0) >= 3).length);
    expect(plan.actual.overlapWithPlan).toBe(supported.filter((r) => chosen.has(r.id)).length);
  });

  it('reads only the best-ranked schools the budget can reach, and plans exactly as over the whole region', async () => {
    for (const regionCode of ['GG9001', 'GG9002']) {
      const all = await readPlanningCandidates(fx.t.db, regionCode, YEAR);
      for (const [availableHours, hoursPerSchool] of [[0, 10], [9.99, 10], [55, 10], [120, 7.5], [1e-9, 1e-9], [100, 3], [1e6, 10]] as const) {
        const plan = await fx.caller.planning.plan({ regionCode, schoolYear: YEAR, availableHours, hoursPerSchool });
        const { regionCode: _r, schoolYear: _y, budget: _b, highNeedDefinition: _h, priorityFormula: _p, ...planned } = plan;
        expect(planned, `${regionCode} ${availableHours}/${hoursPerSchool}`).toEqual(buildPlan(all, { availableHours, hoursPerSchool }));
        expect(candidatesNeeded(all.length, { availableHours, hoursPerSchool })).toBeLessThanOrEqual(Math.max(plan.selected.length + 1, 0));
      }
    }
  });

  it('spends nothing with zero hours and rejects unknown regions or missing capacity in Dutch', async () => {
    const none = await fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR, availableHours: 0 });
    expect(none.selected).toEqual([]);
    expect(none.hoursLeft).toBe(0);
    await expect(fx.caller.planning.plan({ regionCode: 'GG9999', schoolYear: YEAR })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: '2010-2011' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^Geen adviescapaciteit bekend/) });
    await expect(fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR, hoursPerSchool: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
