/**
 * Support planning for a GGD region: which schools get the region's advisory hours first. The
 * ranking is the documented support-priority score (@rd/shared `supportPriority`), the allocation
 * the transparent greedy `planSupport`; every chosen school carries the reasons in Dutch.
 */
import { DISADVANTAGE_BANDS, formatDecimal, formatNumber, formatPercent, planSupport, share } from '@rd/shared';
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

export async function readPlanningCandidates(db: Db, regionCode: string, schoolYear: string): Promise<PlanningCandidate[]> {
  const rows = await db.kysely
    .selectFrom('school_year_fact as f')
    .innerJoin('municipality as m', 'm.code', 'f.municipality_code')
    .where('f.school_year', '=', schoolYear)
    .where('f.region_code', '=', regionCode)
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

/** Ranks the candidates and allocates the hours; pure, so the router and the tests share no SQL. */
export function buildPlan(candidates: readonly PlanningCandidate[], input: PlanInput) {
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
  const schools = candidates.length;
  const highNeed = candidates.filter(isHighNeed).length;
  const plannedHighNeed = selected.filter((s) => s.highNeed).length;
  const actual = candidates.filter((c) => (c.supportHours ?? 0) > 0);
  const actualHighNeed = actual.filter(isHighNeed).length;
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
      schoolsSupported: actual.length,
      hours: actual.reduce((sum, c) => sum + (c.supportHours ?? 0), 0),
      highNeedSupported: actualHighNeed,
      shareOfSchools: share(actual.length, schools),
      shareOfHighNeed: share(actualHighNeed, highNeed),
      /** Planned schools that also received support in reality this school year. */
      overlapWithPlan: selected.filter((s) => s.supportedThisYear).length,
    },
  };
}
