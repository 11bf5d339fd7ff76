/**
 * The implementation conditions per school (IMPLEMENTATION_CONDITIONS): how each goes with the
 * implementation degree across schools, and the readiness of a region's schools for the planning.
 * The shares per area are figures of rollup_cell (CELL_METRICS, CONDITION_METRICS) and published
 * by the publication layer like every other figure; nothing here is a share per area.
 */
import {
  IMPLEMENTATION_CONDITIONS,
  READINESS_BANDS,
  meanDifference,
  meetsCondition,
  readinessBand,
  type ConditionId,
  type ConditionRecord,
  type ReadinessBand,
  type SectorFilter,
} from '@rd/shared';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { ImplementationRecordTable } from '../db/schema.ts';
import { highNeedSql, plannedSchoolIds } from './planning.repository.ts';

interface SchoolConditions {
  schoolId: string;
  regionCode: string;
  disadvantageBand: number | null;
  /** Overall implementation degree (%); null without a scan this school year. */
  implementation: number | null;
  /** Null without an implementation record this school year. */
  record: ConditionRecord | null;
}

async function readSchoolConditions(db: Db, filter: { schoolYear: string; sector: SectorFilter }): Promise<SchoolConditions[]> {
  const rows = await db.kysely.selectFrom('school_year_fact as f')
    .leftJoin('implementation_record as ir', (j) => j.onRef('ir.school_id', '=', 'f.school_id').onRef('ir.school_year', '=', 'f.school_year'))
    .where('f.school_year', '=', filter.schoolYear)
    .$if(filter.sector !== 'all', (q) => q.where('f.sector', '=', filter.sector))
    .select(['f.school_id', 'f.region_code', 'f.disadvantage_band', 'f.degree_overall', 'ir.has_kartrekker', 'ir.team_enthusiasm', 'ir.parent_support',
      'ir.leadership_commitment', 'ir.school_support', 'ir.recognised_interventions', 'ir.ggd_contacts'])
    .execute();
  return rows.map((r) => ({
    schoolId: r.school_id,
    regionCode: r.region_code,
    disadvantageBand: r.disadvantage_band,
    implementation: r.degree_overall === null ? null : Number(r.degree_overall),
    record: r.has_kartrekker === null ? null : conditionRecordOf(r),
  }));
}

/** The conditions of one implementation_record row (the 1–5 scales added later may be empty). */
export function conditionRecordOf(r: Record<keyof Pick<ImplementationRecordTable, 'has_kartrekker' | 'team_enthusiasm' | 'parent_support' | 'leadership_commitment' | 'school_support' | 'recognised_interventions' | 'ggd_contacts'>, number | null | undefined>): ConditionRecord {
  return {
    hasKartrekker: Number(r.has_kartrekker) === 1,
    teamEnthusiasm: Number(r.team_enthusiasm),
    parentSupport: Number(r.parent_support),
    leadershipCommitment: r.leadership_commitment == null ? null : Number(r.leadership_commitment),
    schoolSupport: r.school_support == null ? null : Number(r.school_support),
    recognisedInterventions: Number(r.recognised_interventions),
    ggdContacts: Number(r.ggd_contacts),
  };
}

export interface ConditionAssociation {
  id: ConditionId;
  label: string;
  /** Scanned schools with and without the condition; null when either group is below the threshold. */
  schoolsWith: number | null;
  schoolsWithout: number | null;
  implementationWith: number | null;
  implementationWithout: number | null;
  /** Difference in implementation degree (percentage points), with its 95 % interval. */
  difference: number | null;
  low: number | null;
  high: number | null;
  suppressed: 'small_cell' | 'complementary' | null;
}

/**
 * Per condition: the mean implementation degree of the scanned schools that meet it against those
 * that do not, over a region or the nation, all sectors together. An association across schools,
 * not an effect.
 *
 * These means are sums over groups of schools beside other published sums, so they obey the same
 * rules as the linked tables (server/src/data/disclosure.ts), in their simplest form:
 * - all sectors only: per sector, "all sectors minus the other sectors" would give a small
 *   sector's group exactly;
 * - every group at least `minSchools` schools: those with the condition, those without, and the
 *   scanned schools whose condition is unknown (no record), which the published implementation
 *   degree over all scanned schools would otherwise give as a remainder;
 * - a region's comparison only when every region's groups are large enough: the nation is the sum
 *   of the regions, so one hidden region would be the nation minus the others.
 * A hidden comparison publishes nothing, not even the group sizes (they would tell how many schools
 * of a small group meet the condition).
 */
export async function conditionAssociations(
  db: Db,
  filter: { schoolYear: string; regionCode: string | null },
  minSchools: number,
): Promise<ConditionAssociation[]> {
  const schools = await readSchoolConditions(db, { schoolYear: filter.schoolYear, sector: 'all' });
  const scanned = schools.filter((s) => s.implementation !== null);
  const byRegion = new Map<string, SchoolConditions[]>();
  for (const s of scanned) byRegion.set(s.regionCode, [...(byRegion.get(s.regionCode) ?? []), s]);
  return IMPLEMENTATION_CONDITIONS.map((c) => {
    const groupsOf = (members: readonly SchoolConditions[]) => {
      const withIt: number[] = [];
      const without: number[] = [];
      let unknown = 0;
      for (const s of members) {
        const meets = s.record === null ? null : meetsCondition(c.id, s.record);
        if (meets === true) withIt.push(s.implementation!);
        else if (meets === false) without.push(s.implementation!);
        else unknown++;
      }
      const safe = withIt.length >= minSchools && without.length >= minSchools && (unknown === 0 || unknown >= minSchools);
      return { withIt, without, safe };
    };
    const hidden = { id: c.id, label: c.label, schoolsWith: null, schoolsWithout: null, implementationWith: null, implementationWithout: null, difference: null, low: null, high: null };
    const own = groupsOf(filter.regionCode === null ? scanned : byRegion.get(filter.regionCode) ?? []);
    if (!own.safe) return { ...hidden, suppressed: 'small_cell' as const };
    if (filter.regionCode !== null && ![...byRegion.values()].every((members) => groupsOf(members).safe)) {
      return { ...hidden, suppressed: 'complementary' as const };
    }
    const { withIt, without } = own;
    const d = meanDifference(withIt, without);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      id: c.id, label: c.label,
      schoolsWith: withIt.length, schoolsWithout: without.length,
      implementationWith: mean(withIt), implementationWithout: mean(without),
      difference: mean(withIt) - mean(without), low: d?.low ?? null, high: d?.high ?? null,
      suppressed: null,
    };
  });
}

export interface ReadinessCell {
  readiness: ReadinessBand | 'onbekend';
  highNeed: boolean;
  schools: number;
  /** Of which in the support plan. */
  planned: number;
}

/**
 * A region's schools by readiness (conditions met) × need (high-need band or not), and how many of
 * each the plan reaches (its `plannedCount` best-ranked schools): school-row information, for the
 * region's advisors only. Counted in SQL from the fact rows' conditions_met (the region list index
 * carries it), so the region's schools are not read one by one; the bands are those of READINESS_BANDS.
 */
export async function readinessGrid(db: Db, regionCode: string, schoolYear: string, plannedCount: number): Promise<ReadinessCell[]> {
  const rows = await db.kysely.selectFrom('school_year_fact as f')
    .where('f.school_year', '=', schoolYear)
    .where('f.region_code', '=', regionCode)
    .select((eb) => [
      'f.conditions_met',
      sql<number>`case when ${highNeedSql('f')} then 1 else 0 end`.as('high_need'),
      eb.fn.countAll<number>().as('schools'),
      sql<number>`sum(case when f.school_id in (${plannedSchoolIds(db, regionCode, schoolYear, plannedCount)}) then 1 else 0 end)`.as('planned'),
    ])
    .groupBy(['f.conditions_met', sql`2`])
    .execute();
  const bands = [...READINESS_BANDS.map((b) => b.id), 'onbekend' as const];
  const cells = new Map<string, ReadinessCell>();
  for (const readiness of bands) for (const highNeed of [true, false]) cells.set(`${readiness}|${highNeed}`, { readiness, highNeed, schools: 0, planned: 0 });
  for (const r of rows) {
    // No implementation record this school year: readiness unknown.
    const readiness = r.conditions_met === null ? 'onbekend' : readinessBand(Number(r.conditions_met));
    const cell = cells.get(`${readiness}|${Number(r.high_need) === 1}`)!;
    cell.schools += Number(r.schools);
    cell.planned += Number(r.planned ?? 0);
  }
  return [...cells.values()];
}
