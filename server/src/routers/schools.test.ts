import { describe, expect, it } from 'vitest';
import { useAdvisorFixture } from '../test-support/raw.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import type { SchoolListRow } from '../data/schools.repository.ts';

const YEAR = '2024-2025';
const PREVIOUS = '2023-2024';
const fx = useAdvisorFixture('rd-schools-');

/**
 * The documented formula (PRIORITY_FORMULA), written out again from its text: need 30 × (¾ band
 * part + ¼ low parent support), gap 35 × (100 − degree)/100, no kartrekker 20, little support
 * 15 × max(0, 1 − hours/10) with last year's hours; unknown inputs score half.
 */
function documentedPriority(x: { band: number | null; parentSupport: number | null; degree: number | null; kartrekker: number | null; hoursBefore: number }) {
  const band = x.band === null ? 0.5 : (x.band - 1) / 3;
  const parents = x.parentSupport === null ? 0.5 : (5 - x.parentSupport) / 4;
  const need = 30 * (0.75 * band + 0.25 * parents);
  const implementationGap = 35 * (x.degree === null ? 0.5 : (100 - x.degree) / 100);
  const noKartrekker = 20 * (x.kartrekker === null ? 0.5 : x.kartrekker ? 0 : 1);
  const littleSupport = 15 * Math.max(0, 1 - x.hoursBefore / 10);
  return { score: need + implementationGap + noKartrekker + littleSupport, need, implementationGap, noKartrekker, littleSupport };
}

/** Every school of region GG9001, computed from the raw tables. */
async function rawRegion() {
  const k = fx.t.db.kysely;
  const schools = await k.selectFrom('school as s').innerJoin('municipality as m', 'm.code', 's.municipality_code')
    .where('m.region_code', '=', 'GG9001').select(['s.id', 's.sector', 's.municipality_code', 'm.name', 's.size_band', 's.disadvantage_band']).execute();
  const scans = await k.selectFrom('scan_score').where('school_year', '=', YEAR).selectAll().execute();
  const records = await k.selectFrom('implementation_record').where('school_year', 'in', [YEAR, PREVIOUS]).selectAll().execute();
  return schools.map((s) => {
    const own = scans.filter((x) => x.school_id === s.id);
    const degree = own.length ? (own.reduce((a, x) => a + x.score, 0) / own.length / 3) * 100 : null;
    const signaleren = own.filter((x) => x.principle_id >= 14);
    const record = records.find((r) => r.school_id === s.id && r.school_year === YEAR);
    const before = records.find((r) => r.school_id === s.id && r.school_year === PREVIOUS);
    return {
      ...s,
      degree,
      signaleren: signaleren.length ? (signaleren.reduce((a, x) => a + x.score, 0) / signaleren.length / 3) * 100 : null,
      hours: record?.ggd_support_hours ?? null,
      priority: documentedPriority({
        band: s.disadvantage_band, parentSupport: record?.parent_support ?? null, degree,
        kartrekker: record ? record.has_kartrekker : null, hoursBefore: before?.ggd_support_hours ?? 0,
      }),
    };
  });
}

async function allRows(input: Omit<Parameters<typeof fx.caller.schools.list>[0], 'page' | 'pageSize'>, pageSize = 7): Promise<{ rows: SchoolListRow[]; total: number }> {
  const rows: SchoolListRow[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const result = await fx.caller.schools.list({ ...input, page, pageSize });
    total = result.total;
    rows.push(...result.rows);
    if (result.rows.length < pageSize) break;
  }
  return { rows, total };
}

describe('schools.list', () => {
  it("returns the region's schools with the documented priority, sorted by priority by default", async () => {
    const expected = await rawRegion();
    const { rows, total } = await allRows({ regionCode: 'GG9001', schoolYear: YEAR });
    expect(total).toBe(expected.length);
    expect(rows).toHaveLength(expected.length);
    for (const row of rows) {
      const e = expected.find((x) => x.id === row.schoolId)!;
      expect(row.schoolId).toMatch(/^S[0-9A-F]{16}$/);
      expect(row.municipality).toBe(e.name);
      expect(row.implementation ?? -1).toBeCloseTo(e.degree ?? -1, 10);
      expect(row.pillars.signaleren ?? -1).toBeCloseTo(e.signaleren ?? -1, 10);
      expect(row.supportHours).toBe(e.hours);
      expect(row.priority.score).toBeCloseTo(e.priority.score, 10);
      expect(row.priority.components.need).toBeCloseTo(e.priority.need, 10);
      expect(row.priority.components.implementationGap).toBeCloseTo(e.priority.implementationGap, 10);
      expect(row.priority.components.noKartrekker).toBeCloseTo(e.priority.noKartrekker, 10);
      expect(row.priority.components.littleSupport).toBeCloseTo(e.priority.littleSupport, 10);
    }
    const order = [...expected].sort((a, b) => b.priority.score - a.priority.score || (a.id < b.id ? -1 : 1)).map((e) => e.id);
    expect(rows.map((r) => r.schoolId)).toEqual(order);
  });

  it('sorts by any whitelisted column, missing values last, ties by school id', async () => {
    const expected = await rawRegion();
    const cases = [
      { column: 'implementation', value: (e: (typeof expected)[number]) => e.degree },
      { column: 'municipality', value: (e: (typeof expected)[number]) => e.name },
      { column: 'supportHours', value: (e: (typeof expected)[number]) => e.hours },
      { column: 'disadvantageBand', value: (e: (typeof expected)[number]) => e.disadvantage_band },
    ] as const;
    for (const c of cases) {
      for (const direction of ['asc', 'desc'] as const) {
        const { rows } = await allRows({ regionCode: 'GG9001', schoolYear: YEAR, sort: { column: c.column, direction } }, 10);
        const sorted = [...expected].sort((a, b) => {
          const va = c.value(a), vb = c.value(b);
          if (va === null && vb !== null) return 1;
          if (vb === null && va !== null) return -1;
          if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * (direction === 'asc' ? 1 : -1);
          return a.id < b.id ? -1 : 1;
        });
        expect(rows.map((r) => r.schoolId), `${c.column} ${direction}`).toEqual(sorted.map((e) => e.id));
      }
    }
  });

  it('filters by sector, municipality and search, with the total of the filtered set', async () => {
    const expected = await rawRegion();
    const vo = await allRows({ regionCode: 'GG9001', schoolYear: YEAR, sector: 'vo' });
    expect(vo.total).toBe(expected.filter((e) => e.sector === 'vo').length);
    expect(vo.rows.every((r) => r.sector === 'vo')).toBe(true);
    const dorp = await allRows({ regionCode: 'GG9001', schoolYear: YEAR, municipalityCode: 'GM9002' });
    expect(dorp.total).toBe(expected.filter((e) => e.municipality_code === 'GM9002').length);
    const search = await allRows({ regionCode: 'GG9001', schoolYear: YEAR, search: 'noord' });
    expect(search.total).toBe(expected.filter((e) => e.name.toLowerCase().includes('noord')).length);
    const one = expected[3]!;
    const byId = await fx.caller.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, search: one.id.toLowerCase() });
    expect(byId.rows.map((r) => r.schoolId)).toEqual([one.id]);
    // LIKE wildcards in a search are plain characters.
    expect((await fx.caller.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, search: '%' })).total).toBe(0);
  });

  it('pages: a page past the end is empty, the total stays', async () => {
    const page = await fx.caller.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, page: 100, pageSize: 10 });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe((await rawRegion()).length);
  });

  it('rejects an unknown sort column, a foreign municipality and an unknown region', async () => {
    await expect(fx.caller.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, sort: { column: 'id; drop table school' as never, direction: 'asc' } }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(fx.caller.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, municipalityCode: 'GM9004' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Gemeente GM9004 hoort niet bij GGD-regio GG9001' });
    await expect(fx.caller.schools.list({ regionCode: 'GG9999', schoolYear: YEAR })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe.each(TEST_BACKENDS)('schools.list pages (%s)', (backend) => {
  const px = useAdvisorFixture('rd-schools-pages-', backend);

  it('splits any order into pages at their boundaries, with the same total on every page and an empty page past the end', async () => {
    for (const query of [
      { regionCode: 'GG9001', schoolYear: YEAR, sort: { column: 'implementation', direction: 'desc' } },
      { regionCode: 'GG9001', schoolYear: YEAR, sort: { column: 'municipality', direction: 'asc' }, search: 'noord' },
      { regionCode: 'GG9002', schoolYear: YEAR, sort: { column: 'schoolId', direction: 'asc' }, sector: 'po' },
    ] as const) {
      const whole = await px.caller.schools.list({ ...query, pageSize: 200 });
      expect(whole.rows.length, JSON.stringify(query)).toBe(whole.total);
      expect(whole.total).toBeGreaterThan(7);
      const pages = [];
      for (let page = 1; page <= Math.ceil(whole.total / 7) + 1; page++) pages.push(await px.caller.schools.list({ ...query, page, pageSize: 7 }));
      const sizes = pages.map((p) => p.rows.length);
      expect(sizes, JSON.stringify(query)).toEqual([...Array(Math.floor(whole.total / 7)).fill(7), ...(whole.total % 7 ? [whole.total % 7] : []), 0]);
      expect(pages.every((p) => p.total === whole.total)).toBe(true);
      expect(pages.flatMap((p) => p.rows)).toEqual(whole.rows);
    }
  });
});
