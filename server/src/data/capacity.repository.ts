/** Regional advisory capacity (advisor FTE, hours for schools) per school year. */
import { advisorFtePer100Schools, supportHoursPerSchool } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { sumCells } from './analytics.repository.ts';

export interface RegionCapacity {
  regionCode: string;
  advisorFte: number | null;
  hoursForSchools: number | null;
  /** All register schools of the region, every sector: capacity serves them all. */
  schools: number;
  advisorFtePer100Schools: number | null;
  hoursForSchoolsPerSchool: number | null;
}

/** Capacity of every region in a school year, with the region's schools (all sectors) as denominator. */
export async function capacityByRegion(db: Db, schoolYear: string): Promise<Map<string, RegionCapacity>> {
  return (await capacityByRegionForYears(db, [schoolYear])).get(schoolYear) ?? new Map();
}

/** The same for several school years in two queries (trend charts). */
export async function capacityByRegionForYears(db: Db, schoolYears: readonly string[]): Promise<Map<string, Map<string, RegionCapacity>>> {
  const years = schoolYears.length ? [...schoolYears] : [''];
  const [rows, schools] = await Promise.all([
    db.kysely.selectFrom('capacity').select(['school_year', 'region_code', 'advisor_fte', 'hours_for_schools']).where('school_year', 'in', years).execute(),
    // Only the denominator of a regional fact, never published itself: no decisions to read.
    sumCells(db, { schoolYears: years, sector: 'all' }, ['school_year', 'region_code'], ['schools'], []),
  ]);
  const result = new Map<string, Map<string, RegionCapacity>>();
  for (const year of schoolYears) {
    const schoolsOf = new Map(schools.filter((g) => g.key.school_year === year).map((g) => [g.key.region_code, g.sums.schools]));
    const byRegion = new Map(rows.filter((r) => r.school_year === year).map((r) => [r.region_code, r]));
    const perRegion = new Map<string, RegionCapacity>();
    for (const code of new Set([...schoolsOf.keys(), ...byRegion.keys()])) {
      const cap = byRegion.get(code);
      const n = schoolsOf.get(code) ?? 0;
      perRegion.set(code, {
        regionCode: code,
        advisorFte: cap?.advisor_fte ?? null,
        hoursForSchools: cap?.hours_for_schools ?? null,
        schools: n,
        advisorFtePer100Schools: cap ? advisorFtePer100Schools(cap.advisor_fte, n) : null,
        hoursForSchoolsPerSchool: cap ? supportHoursPerSchool(cap.hours_for_schools, n) : null,
      });
    }
    result.set(year, perRegion);
  }
  return result;
}

/** Capacity of several regions together (nation = all regions): sums first, ratios last. */
export function combineCapacity(regions: readonly RegionCapacity[]): Omit<RegionCapacity, 'regionCode'> & { regions: number } {
  const known = regions.filter((r) => r.advisorFte !== null);
  const schools = regions.reduce((a, r) => a + r.schools, 0);
  const knownSchools = known.reduce((a, r) => a + r.schools, 0);
  const fte = known.reduce((a, r) => a + (r.advisorFte ?? 0), 0);
  const hours = known.reduce((a, r) => a + (r.hoursForSchools ?? 0), 0);
  return {
    regions: regions.length,
    advisorFte: known.length ? fte : null,
    hoursForSchools: known.length ? hours : null,
    schools,
    // Regions without a capacity figure are left out of numerator and denominator alike.
    advisorFtePer100Schools: known.length ? advisorFtePer100Schools(fte, knownSchools) : null,
    hoursForSchoolsPerSchool: known.length ? supportHoursPerSchool(hours, knownSchools) : null,
  };
}
