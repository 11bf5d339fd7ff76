/**
 * Support planning for a GGD region: which schools get the region's advisory hours first. The
 * ranking is the documented support-priority score (@rd/shared `supportPriority`), the allocation
 * the transparent greedy `planSupport`, which with equal hours per school is `planEqualHours`; every
 * chosen school on the page shown carries the reasons in Dutch.
 */
import { DISADVANTAGE_BANDS, formatDecimal, formatNumber, formatPercent, share, type EqualHoursPlan } from '@rd/shared';
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

/** isHighNeed and "supported this year" in SQL, on the fact row (or a selection of it) named `table`. */
export const highNeedSql = (table: string) => sql`${sql.ref(`${table}.disadvantage_band`)} >= ${HIGH_NEED_MIN_BAND}`;
const supportedSql = (table: string) => sql`${sql.ref(`${table}.support_hours`)} > 0`;

/** The region's fact rows in the plan's ranking: priority, then school id (the order of the region list index). */
function rankedFacts(db: Db, regionCode: string, schoolYear: string) {
  return db.kysely
    .selectFrom('school_year_fact as f')
    .where('f.school_year', '=', schoolYear)
    .where('f.region_code', '=', regionCode)
    .orderBy('f.priority_score', 'desc')
    .orderBy('f.school_id');
}

/**
 * The region's schools as planning candidates, in the plan's ranking. With `range`, only those
 * ranks (0-based offset): a page of the plan is read without materialising the region.
 */
export async function readPlanningCandidates(db: Db, regionCode: string, schoolYear: string, range?: { offset: number; limit: number }): Promise<PlanningCandidate[]> {
  if (range && range.limit <= 0) return [];
  // The ranks wanted are found in the region list index alone; only their rows are read from the table.
  let ranked = rankedFacts(db, regionCode, schoolYear).select('f.school_id');
  if (range) ranked = ranked.limit(range.limit).offset(range.offset);
  const rows = await db.kysely
    .selectFrom(ranked.as('r'))
    .innerJoin('school_year_fact as f', (j) => j.onRef('f.school_id', '=', 'r.school_id').on('f.school_year', '=', schoolYear))
    .innerJoin('municipality as m', 'm.code', 'f.municipality_code')
    .orderBy('f.priority_score', 'desc')
    .orderBy('f.school_id')
    .select([
      'f.school_id', 'f.sector', 'f.municipality_code', 'm.name as municipality_name', 'f.disadvantage_band', 'f.degree_overall',
      'f.has_kartrekker', 'f.support_hours', 'f.support_hours_prev', 'f.priority_score', 'f.priority_need', 'f.priority_gap',
      'f.priority_no_kartrekker', 'f.priority_little_support',
    ])
    .execute();
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

/** The ids of the region's `count` best-ranked schools, as a subquery: the schools a plan of that many reaches. */
export function plannedSchoolIds(db: Db, regionCode: string, schoolYear: string, count: number) {
  return rankedFacts(db, regionCode, schoolYear).select('f.school_id').limit(Math.max(0, count));
}

/** Of the region's `count` best-ranked schools: how many are high-need, and how many were actually supported this year. */
export async function readPlannedCounts(db: Db, regionCode: string, schoolYear: string, count: number): Promise<{ highNeed: number; supported: number }> {
  if (count <= 0) return { highNeed: 0, supported: 0 };
  const planned = rankedFacts(db, regionCode, schoolYear).select(['f.disadvantage_band', 'f.support_hours']).limit(count).as('p');
  const row = await db.kysely
    .selectFrom(planned)
    .select([
      sql<number>`sum(case when ${highNeedSql('p')} then 1 else 0 end)`.as('high_need'),
      sql<number>`sum(case when ${supportedSql('p')} then 1 else 0 end)`.as('supported'),
    ])
    .executeTakeFirstOrThrow();
  return { highNeed: Number(row.high_need ?? 0), supported: Number(row.supported ?? 0) };
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
  const highNeed = highNeedSql('f');
  const supported = supportedSql('f');
  const row = await db.kysely
    .selectFrom('school_year_fact as f')
    .where('f.school_year', '=', schoolYear)
    .where('f.region_code', '=', regionCode)
    .select((eb) => [
      eb.fn.countAll<number>().as('schools'),
      sql<number>`sum(case when ${highNeed} then 1 else 0 end)`.as('high_need'),
      sql<number>`sum(case when ${supported} then 1 else 0 end)`.as('supported'),
      sql<number>`sum(case when ${supported} then f.support_hours else 0 end)`.as('hours'),
      sql<number>`sum(case when ${supported} and ${highNeed} then 1 else 0 end)`.as('supported_high_need'),
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

export function isHighNeed(school: { disadvantageBand: number | null }): boolean {
  return school.disadvantageBand !== null && school.disadvantageBand >= HIGH_NEED_MIN_BAND;
}

/**
 * One page of the plan, with the figures of the whole plan. Every school costs the same hours, so
 * the plan is the first `plan.cumulativeHours.length` schools of the region's ranking
 * (planEqualHours); `page` holds the candidates of the ranks from `offset`, `planned` the counts
 * over all planned schools (readPlannedCounts). Only the page's schools get a Dutch reason.
 */
export function buildPlanPage(plan: EqualHoursPlan, hoursPerSchool: number, page: readonly PlanningCandidate[], offset: number, planned: { highNeed: number; supported: number }, totals: PlanningTotals) {
  const reached = plan.cumulativeHours.length;
  const selected = page.slice(0, Math.max(0, reached - offset)).map((school, i) => ({
    rank: offset + i + 1,
    schoolId: school.schoolId,
    sector: school.sector,
    municipalityCode: school.municipalityCode,
    municipality: school.municipality,
    disadvantageBand: school.disadvantageBand,
    implementation: school.implementation,
    kartrekker: school.kartrekker,
    highNeed: isHighNeed(school),
    supportedThisYear: (school.supportHours ?? 0) > 0,
    priority: school.priority,
    hours: hoursPerSchool,
    cumulativeHours: plan.cumulativeHours[offset + i]!,
    reason: explainPriority(school),
  }));
  const { schools, highNeedSchools: highNeed, highNeedSupported: actualHighNeed } = totals;
  return {
    selected,
    /** Schools in the whole plan, over all pages. */
    total: reached,
    hoursUsed: plan.hoursUsed,
    hoursLeft: plan.hoursLeft,
    coverage: {
      schools,
      highNeedSchools: highNeed,
      schoolsReached: reached,
      highNeedReached: planned.highNeed,
      shareOfSchools: share(reached, schools),
      shareOfHighNeed: share(planned.highNeed, highNeed),
    },
    actual: {
      schoolsSupported: totals.schoolsSupported,
      hours: totals.hoursSupported,
      highNeedSupported: actualHighNeed,
      shareOfSchools: share(totals.schoolsSupported, schools),
      shareOfHighNeed: share(actualHighNeed, highNeed),
      /** Planned schools that also received support in reality this school year. */
      overlapWithPlan: planned.supported,
    },
  };
}
