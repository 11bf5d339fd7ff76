/**
 * Gezonde School funnel: schools per phase, schools holding a valid themacertificaat per theme,
 * and certificates that expire at the end of the school year (due for renewal next school year).
 * Counts are pre-aggregated in funnel_rollup for every municipality, region and the nation.
 */
import { sql, type Kysely } from 'kysely';
import { CERTIFICATE_VALID_YEARS, THEMES, schoolYearFromStart, schoolYearStart, type SuppressionReason } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import type { Database, FunnelRollupTable, SchoolYearFactTable } from '../db/schema.ts';
import { ALL, CELL_PART, FUNNEL_PART, NATION_AREA, funnelThemePart, readPartsDecisions } from './disclosure.ts';

/** Funnel rows use the same area code for the nation as the publication decisions. */
export { NATION_AREA };


/** School years whose certificates are still valid in `schoolYear` (awarded this year or the two before). */
export function validAwardYears(schoolYear: string): string[] {
  const start = schoolYearStart(schoolYear);
  return Array.from({ length: CERTIFICATE_VALID_YEARS }, (_, i) => schoolYearFromStart(start - i));
}

/** A certificate awarded in this school year expires at the end of `schoolYear` and is due for renewal next year. */
export function renewalDueAwardYear(schoolYear: string): string {
  return schoolYearFromStart(schoolYearStart(schoolYear) + 1 - CERTIFICATE_VALID_YEARS);
}

export interface HeldCertificate { school_id: string; theme: string; awarded_year: string }

export async function readValidCertificates(kysely: Kysely<Database>, schoolYear: string): Promise<HeldCertificate[]> {
  return kysely
    .selectFrom('certificate')
    .where('school_year', '=', schoolYear)
    .where('awarded_year', 'in', validAwardYears(schoolYear))
    .select(['school_id', 'theme', 'awarded_year'])
    .execute();
}

type FactForFunnel = Pick<SchoolYearFactTable, 'school_year' | 'school_id' | 'municipality_code' | 'region_code' | 'sector' | 'phase'>;

/** Counts per area (municipality, region, nation) × sector × measure × key, from one year's facts. */
export function buildFunnelRows(facts: readonly FactForFunnel[], certificates: readonly HeldCertificate[]): FunnelRollupTable[] {
  const certsBySchool = new Map<string, HeldCertificate[]>();
  for (const c of certificates) {
    const list = certsBySchool.get(c.school_id) ?? [];
    list.push(c);
    certsBySchool.set(c.school_id, list);
  }
  const counts = new Map<string, FunnelRollupTable>();
  const add = (row: Omit<FunnelRollupTable, 'schools' | 'area_code'>, areas: readonly string[]) => {
    for (const area_code of areas) {
      const key = `${row.school_year}|${area_code}|${row.sector}|${row.measure}|${row.key}`;
      const found = counts.get(key);
      if (found) found.schools += 1;
      else counts.set(key, { ...row, area_code, schools: 1 });
    }
  };
  for (const fact of facts) {
    if (fact.phase === null) continue; // no implementation record this year: not in the funnel
    const areas = [fact.municipality_code, fact.region_code, NATION_AREA];
    const base = { school_year: fact.school_year, sector: fact.sector };
    add({ ...base, measure: 'recorded', key: '' }, areas);
    add({ ...base, measure: 'phase', key: fact.phase }, areas);
    const held = certsBySchool.get(fact.school_id) ?? [];
    if (held.length > 0) add({ ...base, measure: 'vignet', key: '' }, areas);
    const dueYear = renewalDueAwardYear(fact.school_year);
    for (const c of held) {
      add({ ...base, measure: 'certificate', key: c.theme }, areas);
      if (c.awarded_year === dueYear) add({ ...base, measure: 'renewal_due', key: c.theme }, areas);
    }
  }
  return [...counts.values()];
}

/**
 * The funnel rows of `regions` and of the nation for one year, summed from the municipalities' rows
 * (every school lies in one municipality and one region), after a refresh that rebuilt only some
 * municipalities; the caller deleted the old rows of these regions and of the nation.
 */
export async function sumRegionAndNationFunnel(trx: Kysely<Database>, schoolYear: string, regions: readonly string[]): Promise<void> {
  if (regions.length > 0) {
    await trx.insertInto('funnel_rollup')
      .columns(['school_year', 'area_code', 'sector', 'measure', 'key', 'schools'])
      .expression(trx.selectFrom('funnel_rollup as f')
        .innerJoin('municipality as m', 'm.code', 'f.area_code')
        .where('f.school_year', '=', schoolYear)
        .where('m.region_code', 'in', [...regions])
        .select(['f.school_year', 'm.region_code', 'f.sector', 'f.measure', 'f.key', (eb) => eb.fn.sum<number>('f.schools').as('schools')])
        .groupBy(['f.school_year', 'm.region_code', 'f.sector', 'f.measure', 'f.key']))
      .execute();
  }
  await trx.insertInto('funnel_rollup')
    .columns(['school_year', 'area_code', 'sector', 'measure', 'key', 'schools'])
    .expression(trx.selectFrom('funnel_rollup')
      .where('school_year', '=', schoolYear)
      .where('area_code', 'in', trx.selectFrom('region').select('code'))
      .select(['school_year', sql<string>`${sql.lit(NATION_AREA)}`.as('area_code'), 'sector', 'measure', 'key', (eb) => eb.fn.sum<number>('schools').as('schools')])
      .groupBy(['school_year', 'sector', 'measure', 'key']))
    .execute();
}

export interface FunnelCount { sector: string; measure: string; key: string; schools: number }

export async function readFunnelCounts(db: Db, schoolYear: string, areaCode: string, sectors: readonly string[]): Promise<FunnelCount[]> {
  return db.kysely
    .selectFrom('funnel_rollup')
    .where('school_year', '=', schoolYear)
    .where('area_code', '=', areaCode)
    .where('sector', 'in', sectors)
    .select(['sector', 'measure', 'key', 'schools'])
    .execute();
}

export type Scope = { level: 'nation' } | { level: 'region'; code: string } | { level: 'municipality'; code: string };

/** Why the funnel's steps (phases, vignet) and its figures per theme are hidden for a scope (null: published). */
export interface FunnelDecisions { steps: SuppressionReason | null; theme: (theme: string) => SuppressionReason | null }

/**
 * Whether the funnel of a scope must be hidden: the stored publication decisions of its funnel cells
 * (area × sector filter, all bands), which hide at least what the cell of the figures over all
 * schools hides. A scope without funnel rows (no school recorded) has the cell's decision; a year
 * without rollups has nothing to hide. Certificates and renewals are judged per theme over all
 * sectors only: for one sector they are hidden, to protect the small sectors they would pin.
 */
export async function funnelDecisions(db: Db, scope: Scope, schoolYear: string, sector: string): Promise<FunnelDecisions> {
  const area = scope.level === 'nation' ? NATION_AREA : scope.code;
  const overAllSectors = sector === ALL;
  const themeParts = overAllSectors ? THEMES.map((t) => funnelThemePart(t.id)) : [];
  const decided = await readPartsDecisions(db.kysely, { schoolYear, parts: [FUNNEL_PART, CELL_PART, ...themeParts], sector });
  const of = (part: string) => decided.get(part)!.get(area) ?? decided.get(CELL_PART)!.get(area) ?? null;
  return { steps: of(FUNNEL_PART), theme: (theme) => (overAllSectors ? of(funnelThemePart(theme)) : 'complementary') };
}
