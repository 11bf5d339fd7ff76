/**
 * Support planning for a GGD region: which schools get the region's advisory hours first. The
 * ranking is the documented support-priority score (@rd/shared `supportPriority`), the allocation
 * the transparent greedy `planSupport`; every chosen school carries the reasons in Dutch.
 */
import { DISADVANTAGE_BANDS, formatDecimal, formatNumber, formatPercent, planSupport, share } from '@rd/shared';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { priorityFromFactRow, type FactPriority } from './schools.repository.ts';

/** A school counts as high-need when its pupils have above-average or much disadvantage (band 3–4). */
export const HIGH_NEED_MIN_BAND = 3;
/** Hours per supported school in the Gezonde School support offer (grant plus about 10 adviser hours). */
export const DEFAULT_HOURS_PER_SCHOOL = 10;

export interface RegionCapacity {
  advisorFte: number;
  hoursForSchools: number;
  /** Hours for schools per advisor FTE in this region and year: converts a what-if FTE change. */
  hoursPerFte: number | null;
}

export async function readRegionCapacity(db: Db, regionCode: string, schoolYear: string): Promise<RegionCapacity | null> {
  const row = await db.kysely
    .selectFrom('capacity')
    .where('region_code', '=', regionCode)
    .where('school_year', '=', schoolYear)
    .select(['advisor_fte', 'hours_for_schools'])
    .executeTakeFirst();
  if (!row) return null;
  return {
    advisorFte: row.advisor_fte,
    hoursForSchools: row.hours_for_schools,
    hoursPerFte: row.advisor_fte > 0 ? row.hours_for_schools / row.advisor_fte : null,
  };
}

export interface PlanningCandidate {
  schoolId: string;
  sector: string;
  municipalityCode: string;
  municipality: string;
  disadvantageBand: number | null;
  implementation: number | null;
  kartrekker: boolean | null;
  supportHours: number | null;
  supportHoursPrevious: number | null;
  priority: FactPriority;
}

/**
 * The region's schools as planning candidates. With `limit`, only the first `limit` in the plan's
 * own order (priority, then school id), read through the (school_year, region_code, priority)
 * index: a budget reaches a few hundred schools, so a region of thousands is not materialised.
 */
export async function readPlanningCandidates(db: Db, regionCode: string, schoolYear: string, limit?: number): Promise<PlanningCandidate[]> {
  let query = db.kysely
    .selectFrom('school_year_fact as f')
    .innerJoin('municipality as m', 'm.code', 'f.municipality_code')
    .where('f.school_year', '=', schoolYear)
    .where('f.region_code', '=', regionCode)
    .select([
      'f.school_id', 'f.sector', 'f.municipality_code', 'm.name as municipality_name', 'f.disadvantage_band', 'f.degree_overall',
      'f.has_kartrekker', 'f.support_hours', 'f.support_hours_prev', 'f.priority_score', 'f.priority_need', 'f.priority_gap',
      'f.priority_no_kartrekker', 'f.priority_little_support',
    ]);
  if (limit !== undefined) query = query.orderBy('f.priority_score', 'desc').orderBy('f.school_id').limit(limit);
  const rows = await query.execute();
  return rows.map((r) => ({
    schoolId: r.school_id,
    sector: r.sector,
    municipalityCode: r.municipality_code,
    municipality: r.municipality_name,
    disadvantageBand: r.disadvantage_band,
    implementation: r.degree_overall,
    kartrekker: r.has_kartrekker === null ? null : r.has_kartrekker === 1,
    supportHours: r.support_hours,
    supportHoursPrevious: r.support_hours_prev,
    priority: priorityFromFactRow(r),
  }));
}

/** What a plan is measured against: the region's schools, and the support they actually received. */
export interface PlanningTotals {
  schools: number;
  highNeedSchools: number;
  schoolsSupported: number;
  hoursSupported: number;
  highNeedSupported: number;
}

/** The totals counted in SQL over the region's schools of the year. */
export async function readPlanningTotals(db: Db, regionCode: string, schoolYear: string): Promise<PlanningTotals> {
  const highNeed = sql`f.disadvantage_band >= ${HIGH_NEED_MIN_BAND}`;
  const row = await db.kysely
    .selectFrom('school_year_fact as f')
    .where('f.school_year', '=', schoolYear)
    .where('f.region_code', '=', regionCode)
    .select((eb) => [
      eb.fn.countAll<number>().as('schools'),
      sql<number>`sum(case when ${highNeed} then 1 else 0 end)`.as('high_need'),
      sql<number>`sum(case when f.support_hours > 0 then 1 else 0 end)`.as('supported'),
      sql<number>`sum(case when f.support_hours > 0 then f.support_hours else 0 end)`.as('hours'),
      sql<number>`sum(case when f.support_hours > 0 and ${highNeed} then 1 else 0 end)`.as('supported_high_need'),
    ])
    .executeTakeFirstOrThrow();
  return {
    schools: Number(row.schools),
    highNeedSchools: Number(row.high_need ?? 0),
    schoolsSupported: Number(row.supported ?? 0),
    hoursSupported: Number(row.hours ?? 0),
    highNeedSupported: Number(row.supported_high_need ?? 0),
  };
}

/** The same totals over candidates already in memory. */
export function planningTotalsOf(candidates: readonly PlanningCandidate[]): PlanningTotals {
  const actual = candidates.filter((c) => (c.supportHours ?? 0) > 0);
  return {
    schools: candidates.length,
    highNeedSchools: candidates.filter(isHighNeed).length,
    schoolsSupported: actual.length,
    hoursSupported: actual.reduce((sum, c) => sum + (c.supportHours ?? 0), 0),
    highNeedSupported: actual.filter(isHighNeed).length,
  };
}

/**
 * How many of the best-ranked candidates can decide the plan: every school costs the same hours,
 * so the greedy takes a prefix of the ranking of at most budget / hours schools (one more covers
 * its rounding tolerance).
 */
export function candidatesNeeded(schools: number, input: PlanInput): number {
  return Math.min(schools, Math.floor(input.availableHours / input.hoursPerSchool) + 1);
}

function formatHours(hours: number): string {
  return `${formatDecimal(hours, 1)} uur`;
}

/** Dutch explanation of why a school ranks where it does, strongest component first. */
export function explainPriority(school: PlanningCandidate): string {
  const band = DISADVANTAGE_BANDS.find((b) => b.id === school.disadvantageBand);
  const parts: { weight: number; text: string }[] = [
    {
      weight: school.priority.components.need,
      text: band ? `${band.label.toLowerCase()} (achterstandsband ${band.id})` : 'achterstand onbekend',
    },
    {
      weight: school.priority.components.implementationGap,
      text: school.implementation === null ? 'geen scan dit schooljaar' : `implementatiegraad ${formatPercent(school.implementation)}`,
    },
    {
      weight: school.priority.components.noKartrekker,
      text: school.kartrekker === null ? 'kartrekker onbekend' : school.kartrekker ? 'heeft een kartrekker' : 'geen kartrekker',
    },
    {
      weight: school.priority.components.littleSupport,
      text: school.supportHoursPrevious
        ? `vorig schooljaar ${formatHours(school.supportHoursPrevious)} GGD-ondersteuning`
        : 'vorig schooljaar geen GGD-ondersteuning',
    },
  ];
  const ordered = [...parts].sort((a, b) => b.weight - a.weight);
  const score = formatNumber(school.priority.score);
  return `Prioriteit ${score} van 100: ${ordered.map((p) => p.text).join(', ')}.`;
}

export interface PlanInput {
  availableHours: number;
  hoursPerSchool: number;
}

export function isHighNeed(school: { disadvantageBand: number | null }): boolean {
  return school.disadvantageBand !== null && school.disadvantageBand >= HIGH_NEED_MIN_BAND;
}

/**
 * Ranks the candidates and allocates the hours; pure, so the router and the tests share no SQL.
 * `totals` describe the whole region when `candidates` are only its best-ranked schools.
 */
export function buildPlan(candidates: readonly PlanningCandidate[], input: PlanInput, totals: PlanningTotals = planningTotalsOf(candidates)) {
  const byId = new Map(candidates.map((c) => [c.schoolId, c]));
  const plan = planSupport(
    candidates.map((c) => ({ schoolId: c.schoolId, priority: c.priority.score, hoursNeeded: input.hoursPerSchool })),
    input.availableHours,
  );
  const selected = plan.selected.map((s, index) => {
    const school = byId.get(s.schoolId)!;
    return {
      rank: index + 1,
      schoolId: s.schoolId,
      sector: school.sector,
      municipalityCode: school.municipalityCode,
      municipality: school.municipality,
      disadvantageBand: school.disadvantageBand,
      implementation: school.implementation,
      kartrekker: school.kartrekker,
      highNeed: isHighNeed(school),
      supportedThisYear: (school.supportHours ?? 0) > 0,
      priority: school.priority,
      hours: s.hours,
      cumulativeHours: s.cumulativeHours,
      reason: explainPriority(school),
    };
  });
  const { schools, highNeedSchools: highNeed, highNeedSupported: actualHighNeed } = totals;
  const plannedHighNeed = selected.filter((s) => s.highNeed).length;
  return {
    selected,
    hoursUsed: plan.hoursUsed,
    hoursLeft: plan.hoursLeft,
    coverage: {
      schools,
      highNeedSchools: highNeed,
      schoolsReached: selected.length,
      highNeedReached: plannedHighNeed,
      shareOfSchools: share(selected.length, schools),
      shareOfHighNeed: share(plannedHighNeed, highNeed),
    },
    actual: {
      schoolsSupported: totals.schoolsSupported,
      hours: totals.hoursSupported,
      highNeedSupported: actualHighNeed,
      shareOfSchools: share(totals.schoolsSupported, schools),
      shareOfHighNeed: share(actualHighNeed, highNeed),
      /** Planned schools that also received support in reality this school year. */
      overlapWithPlan: selected.filter((s) => s.supportedThisYear).length,
    },
  };
}
