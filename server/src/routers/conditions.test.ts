/**
 * The implementation conditions: shares per area checked against the raw implementation records,
 * published by the 'cell' table's decisions (hidden with the kartrekker share), and the association
 * with implementation against an independent per-school computation, refused for small groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CONDITION_IDS, formatSchoolYear, type ConditionId, type Published } from '@rd/shared';
import { FIXTURE_YEARS, createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { createTestCaller } from '../test-support/raw.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { NATIONAL_COORDINATOR, advisorOf } from '../test-support/principals.ts';
import { createExportCaller } from '../export/caller.ts';
import { DEMO_NOTICE } from '../export/document.ts';
import { exportTable } from '../export/service.ts';
import type { ExportFilters } from '../export/tables.ts';
import { createInnerContext } from '../context.ts';

const YEAR = FIXTURE_YEARS[1];
const MIN = 5;

interface RawRecord {
  school: string;
  municipality: string;
  region: string;
  meets: Record<ConditionId, boolean | null>;
  degree: number | null;
}

/** Written from the import's definitions (docs/import.md), not from the shared rule. */
async function rawRecords(t: TestDb, year: string): Promise<RawRecord[]> {
  const k = t.db.kysely;
  const [records, schools, munis, scores] = await Promise.all([
    k.selectFrom('implementation_record').selectAll().where('school_year', '=', year).execute(),
    k.selectFrom('school').selectAll().execute(),
    k.selectFrom('municipality').selectAll().execute(),
    k.selectFrom('scan_score').select(['school_id', 'score']).where('school_year', '=', year).execute(),
  ]);
  const muniOf = new Map(schools.map((s) => [s.id, s.municipality_code]));
  const regionOf = new Map(munis.map((m) => [m.code, m.region_code]));
  const scoresOf = new Map<string, number[]>();
  for (const s of scores) scoresOf.set(s.school_id, [...(scoresOf.get(s.school_id) ?? []), s.score]);
  return records.map((r) => {
    const sc = scoresOf.get(r.school_id);
    const four = (v: number | null | undefined) => (v == null ? null : v === 4 || v === 5);
    return {
      school: r.school_id,
      municipality: muniOf.get(r.school_id)!,
      region: regionOf.get(muniOf.get(r.school_id)!)!,
      degree: sc ? (sc.reduce((a, b) => a + b, 0) / sc.length / 3) * 100 : null,
      meets: {
        kartrekker: r.has_kartrekker === 1,
        enthusiasm: four(r.team_enthusiasm),
        parentSupport: four(r.parent_support),
        leadership: four(r.leadership_commitment),
        schoolSupport: four(r.school_support),
        interventions: r.recognised_interventions >= 1,
        ggdContact: r.ggd_contacts >= 1,
      },
    };
  });
}

function shareOf(records: readonly RawRecord[], id: ConditionId): { value: number | null; schools: number } {
  const known = records.filter((r) => r.meets[id] !== null);
  return { value: known.length ? (100 * known.filter((r) => r.meets[id]).length) / known.length : null, schools: known.length };
}

describe.each(TEST_BACKENDS)('conditions (%s)', (backend) => {
  let t: TestDb;
  let raw: RawRecord[];
  beforeAll(async () => {
    t = await createTestDb('rd-conditions-', backend);
    await loadFixture(t.db, 42, { minCellSchools: MIN });
    raw = await rawRecords(t, YEAR);
  }, 120_000);
  afterAll(async () => t.cleanup());

  it('publishes per area the share meeting each condition, as the raw records give it, hidden with the kartrekker share', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }));
    let visible = 0;
    let hidden = 0;
    for (const where of [{ level: 'municipality', regionCode: 'GG9001' }, { level: 'municipality', regionCode: 'GG9002' }, { level: 'region' }] as const) {
      const result = await caller.conditions.areas({ ...where, schoolYear: YEAR, sector: 'all' });
      const map = await caller.overview.map({ ...where, schoolYear: YEAR, sector: 'all', metric: 'kartrekkerShare' });
      expect(result.previousYear).toBe(FIXTURE_YEARS[0]);
      expect(result.rows.map((r) => r.code).sort()).toEqual(map.rows.map((r) => r.code).sort());
      for (const row of result.rows) {
        const kartrekker = map.rows.find((r) => r.code === row.code)!.value;
        const own = raw.filter((r) => (where.level === 'region' ? r.region : r.municipality) === row.code);
        for (const id of CONDITION_IDS) {
          const published = row.values[id];
          // One decision per cell of the 'cell' table: a condition is hidden exactly where the kartrekker share is.
          expect(published.suppressed === null).toBe(kartrekker.suppressed === null);
          if (published.suppressed !== null) {
            hidden++;
            expect(published.value).toBeNull();
            continue;
          }
          visible++;
          const expected = shareOf(own, id);
          expect(published.schools).toBe(expected.schools);
          expect(published.value).toBeCloseTo(expected.value!, 10);
        }
        expect(row.previous).not.toBeNull();
      }
    }
    // Kleinwijk (GM9003) has 3 schools: below the threshold.
    const gg9001 = await caller.conditions.areas({ level: 'municipality', regionCode: 'GG9001', schoolYear: YEAR, sector: 'all' });
    expect(gg9001.rows.find((r) => r.code === 'GM9003')!.values.leadership.suppressed).toBe('small_cell');
    expect(visible).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
  });

  it('gives the scope a trend over every school year, equal to the per-area figure of that year', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }));
    const result = await caller.conditions.scope({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    expect(result.trend.map((y) => y.schoolYear)).toEqual([...FIXTURE_YEARS]);
    const latest = result.trend.at(-1)!.values;
    for (const id of CONDITION_IDS) {
      const expected = shareOf(raw.filter((r) => r.region === 'GG9001'), id);
      expect(latest[id].schools).toBe(expected.schools);
      expect(latest[id].value).toBeCloseTo(expected.value!, 10);
    }
    const older = await rawRecords(t, FIXTURE_YEARS[0]);
    expect(result.trend[0]!.values.leadership.value).toBeCloseTo(shareOf(older.filter((r) => r.region === 'GG9001'), 'leadership').value!, 10);
  });

  it('compares implementation with and without each condition over the region or the nation, all sectors, only where no group is small', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }));
    const scannedIn = (region: string | null) => raw.filter((r) => (region === null || r.region === region) && r.degree !== null);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const groups = (region: string | null, id: ConditionId, min = MIN) => {
      const scanned = scannedIn(region);
      const withIt = scanned.filter((r) => r.meets[id] === true).map((r) => r.degree!);
      const without = scanned.filter((r) => r.meets[id] === false).map((r) => r.degree!);
      const unknown = scanned.length - withIt.length - without.length;
      return { withIt, without, safe: withIt.length >= min && without.length >= min && (unknown === 0 || unknown >= min) };
    };
    const regions = [...new Set(raw.map((r) => r.region))];
    const conditionIds = () => CONDITION_IDS;
    let shown = 0;
    let complementary = 0;
    for (const [scope, region] of [[{ level: 'municipality', code: 'GM9001' }, 'GG9001'], [{ level: 'nation' }, null]] as const) {
      // A sector filter does not change the comparison: per sector it would be all minus the other sectors.
      const [result, po] = await Promise.all(['all', 'po'].map((sector) => caller.conditions.scope({ scope, schoolYear: YEAR, sector: sector as 'all' | 'po' })));
      expect(po!.association).toEqual(result!.association);
      expect(result!.association.over.code).toBe(region);
      for (const row of result!.association.rows) {
        const own = groups(region, row.id);
        if (!own.safe) {
          expect(row).toMatchObject({ suppressed: 'small_cell', schoolsWith: null, schoolsWithout: null, difference: null });
          continue;
        }
        // A region's comparison beside a hidden one of another region would make that one the nation minus the rest.
        if (region !== null && !regions.every((r) => groups(r, row.id).safe)) {
          expect(row).toMatchObject({ suppressed: 'complementary', schoolsWith: null, difference: null });
          complementary++;
          continue;
        }
        shown++;
        expect(row.schoolsWith).toBe(own.withIt.length);
        expect(row.schoolsWithout).toBe(own.without.length);
        expect(row.difference).toBeCloseTo(mean(own.withIt) - mean(own.without), 8);
        expect(row.low!).toBeLessThan(row.difference!);
        expect(row.high!).toBeGreaterThan(row.difference!);
      }
    }
    expect(shown).toBeGreaterThan(0);
    // A threshold at which some condition is safe in GG9001 but not in another region: hidden there too.
    const ids = conditionIds();
    const threshold = Array.from({ length: 30 }, (_, i) => i + 2).find((min) => ids.some((id) => groups('GG9001', id, min).safe && !regions.every((r) => groups(r, id, min).safe)));
    expect(threshold, 'the fixture has a threshold that separates the regions').toBeDefined();
    const atThreshold = await createTestCaller(t.db, testConfig({ minCellSchools: threshold! })).conditions.scope({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    for (const row of atThreshold.association.rows) {
      if (groups('GG9001', row.id, threshold!).safe && !regions.every((r) => groups(r, row.id, threshold!).safe)) {
        expect(row).toMatchObject({ suppressed: 'complementary', difference: null, schoolsWith: null });
        complementary++;
      }
    }
    expect(complementary).toBeGreaterThan(0);

    // The same comparison at a threshold above both groups' sizes publishes nothing of it.
    const strict = createTestCaller(t.db, testConfig({ minCellSchools: scannedIn('GG9001').length }));
    const refused = await strict.conditions.scope({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    for (const row of refused.association.rows) expect(row).toMatchObject({ suppressed: 'small_cell', difference: null, schoolsWith: null });
  });

  it('exports the per-area table as CSV and XLSX with the shares the router publishes for both years, hidden stays "."', async () => {
    const caller = createExportCaller(createInnerContext(t.db, testConfig({ minCellSchools: MIN }), { user: NATIONAL_COORDINATOR }));
    // A share is written in whole percents, as on screen; a hidden cell as ".", no data as "–".
    const expected = (p: Published | null | undefined) => (!p || p.suppressed !== null ? '.' : p.value === null ? '–' : Math.round(p.value));
    const base = { schoolYear: YEAR, sector: 'all', indicator: 'implementation', municipalities: [] } as const;
    let hidden = 0;
    let visible = 0;
    for (const [filters, areaHeader] of [
      [{ ...base, scope: { level: 'region', code: 'GG9001' }, level: 'municipality' }, 'Gemeente'],
      [{ ...base, scope: { level: 'nation' }, level: 'region' }, 'GGD-regio'],
    ] as const satisfies readonly (readonly [ExportFilters, string])[]) {
      const api = await caller.conditions.areas({ level: filters.level, ...(filters.scope.level === 'region' ? { regionCode: filters.scope.code } : {}), schoolYear: YEAR, sector: 'all' });
      const text = (await exportTable(caller, 'voorwaarden', 'csv', filters)).body.toString('utf8');
      const lines = text.replace(/^\uFEFF/, '').split('\r\n');
      const header = lines[0]!.split(';');
      expect(header.slice(0, 4)).toEqual(['Code', areaHeader, `Kartrekker, ${formatSchoolYear(YEAR)} (%)`, `Kartrekker, ${formatSchoolYear(FIXTURE_YEARS[0])} (%)`]);
      expect(header).toHaveLength(2 + 2 * CONDITION_IDS.length);
      expect(text).toContain(DEMO_NOTICE);
      for (const row of api.rows) {
        const fields = lines.find((l) => l.startsWith(`${row.code};`))!.split(';');
        CONDITION_IDS.forEach((id, i) => {
          for (const [cell, p] of [[fields[2 + 2 * i], row.values[id]], [fields[3 + 2 * i], row.previous?.[id]]] as const) {
            expect(cell, `${row.code} ${id}`).toBe(String(expected(p)));
            if (cell === '.') hidden++;
            else visible++;
          }
        });
      }

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await exportTable(caller, 'voorwaarden', 'xlsx', filters)).body as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('Voorwaarden')!;
      expect(ws.rowCount - 1).toBe(api.rows.length);
      ws.eachRow((r, i) => {
        if (i === 1) return;
        const row = api.rows.find((x) => x.code === r.getCell(1).value)!;
        CONDITION_IDS.forEach((id, c) => {
          expect(r.getCell(3 + 2 * c).value).toBe(expected(row.values[id]));
          expect(r.getCell(4 + 2 * c).value).toBe(expected(row.previous?.[id]));
        });
      });
    }
    expect(hidden).toBeGreaterThan(0);
    expect(visible).toBeGreaterThan(0);
  });

  it('shows an advisor where the plan lands by readiness × need, adding up to the region and the plan', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }), advisorOf('GG9001'));
    const input = { regionCode: 'GG9001', schoolYear: YEAR, availableHours: 100, hoursPerSchool: 10 };
    const [plan, grid] = await Promise.all([caller.planning.plan(input), caller.planning.readiness(input)]);
    const regionSchools = raw.filter((r) => r.region === 'GG9001');
    expect(grid.cells.reduce((a, c) => a + c.schools, 0)).toBe(plan.coverage.schools);
    expect(grid.cells.reduce((a, c) => a + c.planned, 0)).toBe(plan.selected.length);
    expect(grid.cells.filter((c) => c.highNeed).reduce((a, c) => a + c.planned, 0)).toBe(plan.selected.filter((s) => s.highNeed).length);
    // Readiness from the raw records: 5 or more of the 7 conditions met is 'hoog'.
    const high = regionSchools.filter((r) => Object.values(r.meets).filter((m) => m === true).length >= 5).length;
    expect(grid.cells.filter((c) => c.readiness === 'hoog').reduce((a, c) => a + c.schools, 0)).toBe(high);
  });

  it('counts every readiness × need cell of the region as its raw records and the plan give it', async () => {
    const caller = createTestCaller(t.db, testConfig({ minCellSchools: MIN }), advisorOf('GG9001'));
    const input = { regionCode: 'GG9001', schoolYear: YEAR, availableHours: 300, hoursPerSchool: 10 };
    const [plan, grid] = await Promise.all([caller.planning.plan({ ...input, pageSize: 200 }), caller.planning.readiness(input)]);
    expect(plan.selected.length).toBe(30);
    const planned = new Set(plan.selected.map((s) => s.schoolId));
    const recordOf = new Map(raw.map((r) => [r.school, r]));
    const schools = await t.db.kysely.selectFrom('school as s').innerJoin('municipality as m', 'm.code', 's.municipality_code')
      .where('m.region_code', '=', 'GG9001').select(['s.id', 's.disadvantage_band']).execute();
    // Readiness from the raw records (0–2 laag, 3–4 midden, 5–7 hoog; no record: onbekend), need from the band (3 or higher).
    const expected = new Map<string, { schools: number; planned: number }>();
    for (const s of schools) {
      const r = recordOf.get(s.id);
      const met = r ? Object.values(r.meets).filter((m) => m === true).length : null;
      const readiness = met === null ? 'onbekend' : met >= 5 ? 'hoog' : met >= 3 ? 'midden' : 'laag';
      const key = `${readiness}|${s.disadvantage_band !== null && s.disadvantage_band >= 3}`;
      const cell = expected.get(key) ?? { schools: 0, planned: 0 };
      expected.set(key, { schools: cell.schools + 1, planned: cell.planned + (planned.has(s.id) ? 1 : 0) });
    }
    expect(grid.cells).toHaveLength(8);
    for (const c of grid.cells) {
      expect({ cell: `${c.readiness}|${c.highNeed}`, schools: c.schools, planned: c.planned })
        .toEqual({ cell: `${c.readiness}|${c.highNeed}`, ...(expected.get(`${c.readiness}|${c.highNeed}`) ?? { schools: 0, planned: 0 }) });
    }
    // The fixture fills more than one cell of each kind, so the grid is not trivially right.
    expect(grid.cells.filter((c) => c.schools > 0).length).toBeGreaterThan(3);
    expect(grid.cells.filter((c) => c.planned > 0).length).toBeGreaterThan(1);
  });
});
