import { describe, expect, it } from 'vitest';
import { planSupport } from '@rd/shared';
import { useAdvisorFixture, type TestCaller } from '../test-support/raw.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { explainPriority, isHighNeed, readPlanningCandidates } from '../data/planning.repository.ts';

const YEAR = '2024-2025';
const fx = useAdvisorFixture('rd-planning-');

type PlanQuery = Parameters<TestCaller['planning']['plan']>[0];

/** Every planned school, read page by page, and the plan's figures as each page reported them. */
async function allPlanRows(caller: TestCaller, input: Omit<PlanQuery, 'page' | 'pageSize'>, pageSize: number) {
  const pages = [];
  for (let page = 1; ; page++) {
    const result = await caller.planning.plan({ ...input, page, pageSize });
    pages.push(result);
    if (result.selected.length < pageSize) break;
  }
  return { rows: pages.flatMap((p) => p.selected), pages };
}

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
    expect(whatIf.total).toBe(Math.floor(expectedHours / 8));
    expect(whatIf.coverage.schoolsReached).toBe(whatIf.total);
    expect(whatIf.hoursUsed).toBeLessThanOrEqual(whatIf.budget.availableHours);
    expect(whatIf.hoursUsed + whatIf.hoursLeft).toBeCloseTo(whatIf.budget.availableHours, 9);
  });

  it('reports expected coverage and the actual support of the year from the raw records', async () => {
    const plan = await fx.caller.planning.plan({ regionCode: 'GG9001', schoolYear: YEAR, availableHours: 120, pageSize: 200 });
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

  it('plans, page by page, exactly as the greedy over all schools of the region', async () => {
    for (const regionCode of ['GG9001', 'GG9002']) {
      const all = await readPlanningCandidates(fx.t.db, regionCode, YEAR);
      const byId = new Map(all.map((c) => [c.schoolId, c]));
      for (const [availableHours, hoursPerSchool] of [[0, 10], [9.99, 10], [55, 10], [120, 7.5], [1e-9, 1e-9], [100, 3], [1e6, 10]] as const) {
        const label = `${regionCode} ${availableHours}/${hoursPerSchool}`;
        const reference = planSupport(all.map((c) => ({ schoolId: c.schoolId, priority: c.priority.score, hoursNeeded: hoursPerSchool })), availableHours);
        const { rows, pages } = await allPlanRows(fx.caller, { regionCode, schoolYear: YEAR, availableHours, hoursPerSchool }, 7);
        expect(rows.map((r) => [r.rank, r.schoolId, r.hours, r.cumulativeHours]), label)
          .toEqual(reference.selected.map((s, i) => [i + 1, s.schoolId, s.hours, s.cumulativeHours]));
        expect(rows.map((r) => r.reason), label).toEqual(rows.map((r) => explainPriority(byId.get(r.schoolId)!)));
        const chosen = reference.selected.map((s) => byId.get(s.schoolId)!);
        for (const plan of pages) {
          expect(plan.total, label).toBe(reference.selected.length);
          expect([plan.hoursUsed, plan.hoursLeft], label).toEqual([reference.hoursUsed, reference.hoursLeft]);
          expect(plan.coverage.schoolsReached, label).toBe(reference.selected.length);
          expect(plan.coverage.highNeedReached, label).toBe(chosen.filter(isHighNeed).length);
          expect(plan.actual.overlapWithPlan, label).toBe(chosen.filter((c) => (c.supportHours ?? 0) > 0).length);
        }
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

describe.each(TEST_BACKENDS)('planning.plan pages (%s)', (backend) => {
  const px = useAdvisorFixture('rd-planning-pages-', backend);
  const base = { regionCode: 'GG9001', schoolYear: YEAR } as const;

  it('pages the planned schools in plan order, with the whole plan\'s total and figures on every page', async () => {
    // 120 hours at 10 per school: 12 schools, pages of 5, 5 and 2.
    const pages = await Promise.all([1, 2, 3].map((page) => px.caller.planning.plan({ ...base, availableHours: 120, page, pageSize: 5 })));
    expect(pages.map((p) => p.selected.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.selected.map((s) => s.rank))).toEqual([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]);
    expect(pages.map((p) => [p.page, p.pageSize, p.total])).toEqual([[1, 5, 12], [2, 5, 12], [3, 5, 12]]);
    expect(pages[2]!.selected.map((s) => s.cumulativeHours)).toEqual([110, 120]);
    const { selected: _s, page: _p, ...figures } = pages[0]!;
    for (const p of pages.slice(1)) {
      const { selected: _ps, page: _pp, ...rest } = p;
      expect(rest).toEqual(figures);
    }
    // The same 12 schools, in the same order, as the top of the school list sorted by priority.
    const list = await px.caller.schools.list({ ...base, pageSize: 12 });
    expect(pages.flatMap((p) => p.selected.map((s) => s.schoolId))).toEqual(list.rows.map((r) => r.schoolId));
  });

  it('ends exactly at a page boundary, and a page past the end is empty with the total kept', async () => {
    const full = await px.caller.planning.plan({ ...base, availableHours: 100, page: 2, pageSize: 5 });
    expect(full.selected.map((s) => s.rank)).toEqual([6, 7, 8, 9, 10]);
    const after = await px.caller.planning.plan({ ...base, availableHours: 100, page: 3, pageSize: 5 });
    expect(after.selected).toEqual([]);
    expect(after.total).toBe(10);
    expect(after.coverage).toEqual(full.coverage);
    const far = await px.caller.planning.plan({ ...base, availableHours: 100, page: 1000, pageSize: 200 });
    expect(far.selected).toEqual([]);
    expect(far.total).toBe(10);
    // A budget that reaches every school: the total is the region's school count, and the last page holds the rest.
    const everyone = await px.caller.planning.plan({ ...base, availableHours: 1e6, page: 4, pageSize: 10 });
    expect(everyone.total).toBe(everyone.coverage.schools);
    expect(everyone.selected.map((s) => s.rank)).toEqual(Array.from({ length: everyone.total - 30 }, (_, i) => 31 + i));
  });

  it('refuses a page or page size out of range in Dutch', async () => {
    await expect(px.caller.planning.plan({ ...base, availableHours: 100, page: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('pagina begint bij 1') });
    await expect(px.caller.planning.plan({ ...base, availableHours: 100, pageSize: 201 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('hoogstens 200 rijen per pagina') });
  });
});
