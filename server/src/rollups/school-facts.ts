/**
 * The per-school facts of a school year (table school_year_fact), and from the same facts the partner
 * signals, the partner coverage and the Gezonde School funnel: one refresher of the rollup list
 * (rollups/index.ts). The advisor's school list reads these rows (data/schools.repository.ts).
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import {
  PILLAR_IDS,
  conditionsMet,
  principlesOfPillar,
  schoolYearFromStart,
  schoolYearStart,
  implementationDegree,
  supportPriority,
  type PillarId,
} from '@rd/shared';
import { insertInChunks } from '../db/dialect-sql.ts';
import type { Database, SchoolYearFactTable } from '../db/schema.ts';
import type { RollupRefreshContext } from './context.ts';
import { buildPartnerSignalRows, refreshPartnerCoverage } from '../data/partners.repository.ts';
import { NATION_AREA, buildFunnelRows, readValidCertificates, sumRegionAndNationFunnel } from '../data/funnel.repository.ts';
import { conditionRecordOf } from '../data/conditions.repository.ts';

function previousSchoolYear(schoolYear: string): string {
  return schoolYearFromStart(schoolYearStart(schoolYear) - 1);
}

/** null: every school; otherwise only the schools of these municipalities. */
type Area = readonly string[] | null;

/** Restricts a per-school query to the schools of `area`. */
function ofSchoolsIn<Q extends SelectQueryBuilder<Database, any, any>>(kysely: Kysely<Database>, area: Area, q: Q): Q {
  if (area === null) return q;
  return q.where('school_id', 'in', kysely.selectFrom('school').select('id').where('municipality_code', 'in', [...area])) as Q;
}

type ScanAggregate = { school_id: string; total_sum: number; total_n: number } & {
  [K in `${PillarId}_${'sum' | 'n'}`]: number;
};

async function readScanAggregates(kysely: Kysely<Database>, schoolYear: string, area: Area): Promise<Map<string, ScanAggregate>> {
  const pillarColumns = PILLAR_IDS.flatMap((pillar) => {
    const ids = sql.join(principlesOfPillar(pillar).map((id) => sql.lit(id)));
    return [
      sql<number>`sum(case when principle_id in (${ids}) then score else 0 end)`.as(`${pillar}_sum`),
      sql<number>`sum(case when principle_id in (${ids}) then 1 else 0 end)`.as(`${pillar}_n`),
    ];
  });
  const rows = await ofSchoolsIn(kysely, area, kysely
    .selectFrom('scan_score')
    .where('school_year', '=', schoolYear))
    .groupBy('school_id')
    .select([
      'school_id',
      sql<number>`sum(score)`.as('total_sum'),
      sql<number>`count(*)`.as('total_n'),
      ...pillarColumns,
    ])
    .execute();
  return new Map(rows.map((r) => [r.school_id, r as unknown as ScanAggregate]));
}

async function readRecords(kysely: Kysely<Database>, schoolYear: string, area: Area) {
  const rows = await ofSchoolsIn(kysely, area, kysely
    .selectFrom('implementation_record')
    .where('school_year', '=', schoolYear))
    .select(['school_id', 'phase', 'has_kartrekker', 'team_enthusiasm', 'parent_support', 'leadership_commitment', 'school_support', 'recognised_interventions', 'ggd_contacts', 'ggd_support_hours'])
    .execute();
  return new Map(rows.map((r) => [r.school_id, r]));
}

async function readPartnerFlags(kysely: Kysely<Database>, schoolYear: string, partnerType: string, area: Area): Promise<Map<string, number>> {
  const rows = await ofSchoolsIn(kysely, area, kysely
    .selectFrom('partner_agreement')
    .where('school_year', '=', schoolYear)
    .where('partner_type', '=', partnerType))
    .select(['school_id', 'has_agreement'])
    .execute();
  return new Map(rows.map((r) => [r.school_id, r.has_agreement ? 1 : 0]));
}

/**
 * Builds the fact rows of one school year from the raw tables, for the schools of `area` (default
 * all; exported for the tests' cross-check).
 */
async function computeSchoolFacts(kysely: Kysely<Database>, schoolYear: string, area: Area = null): Promise<SchoolYearFactTable[]> {
  const [schools, scans, records, previousRecords, jgz, youthCare] = await Promise.all([
    kysely
      .selectFrom('school')
      .innerJoin('municipality', 'municipality.code', 'school.municipality_code')
      .$if(area !== null, (q) => q.where('school.municipality_code', 'in', [...area!]))
      .select(['school.id', 'school.sector', 'school.municipality_code', 'municipality.region_code', 'school.size_band', 'school.disadvantage_band'])
      .orderBy('school.id')
      .execute(),
    readScanAggregates(kysely, schoolYear, area),
    readRecords(kysely, schoolYear, area),
    readRecords(kysely, previousSchoolYear(schoolYear), area),
    readPartnerFlags(kysely, schoolYear, 'jgz', area),
    readPartnerFlags(kysely, schoolYear, 'jeugdhulp', area),
  ]);
  return schools.map((school) => {
    const scan = scans.get(school.id);
    const record = records.get(school.id);
    const previous = previousRecords.get(school.id);
    const degree = (pillar: PillarId) => (scan ? implementationDegree(Number(scan[`${pillar}_sum`]), Number(scan[`${pillar}_n`])) : null);
    const degreeOverall = scan ? implementationDegree(Number(scan.total_sum), Number(scan.total_n)) : null;
    // Support received *before* this school year: using this year's hours would make the plan for
    // this year circular (schools already helped this year would drop down the list).
    const priority = supportPriority({
      implementationDegree: degreeOverall,
      disadvantageBand: school.disadvantage_band,
      hasKartrekker: record ? record.has_kartrekker === 1 : null,
      parentSupport: record ? record.parent_support : null,
      supportHoursReceived: previous?.ggd_support_hours ?? 0,
    });
    return {
      school_year: schoolYear,
      school_id: school.id,
      region_code: school.region_code,
      municipality_code: school.municipality_code,
      sector: school.sector,
      size_band: school.size_band,
      disadvantage_band: school.disadvantage_band,
      degree_overall: degreeOverall,
      degree_beleid: degree('beleid'),
      degree_omgeving: degree('omgeving'),
      degree_educatie: degree('educatie'),
      degree_signaleren: degree('signaleren'),
      phase: record?.phase ?? null,
      has_kartrekker: record ? record.has_kartrekker : null,
      parent_support: record?.parent_support ?? null,
      support_hours: record?.ggd_support_hours ?? null,
      support_hours_prev: previous?.ggd_support_hours ?? null,
      has_jgz: jgz.get(school.id) ?? null,
      has_youth_care: youthCare.get(school.id) ?? null,
      conditions_met: record ? conditionsMet(conditionRecordOf(record)) : null,
      priority_score: priority.score,
      priority_need: priority.components.need,
      priority_gap: priority.components.implementationGap,
      priority_no_kartrekker: priority.components.noKartrekker,
      priority_little_support: priority.components.littleSupport,
    };
  });
}

export const SCHOOL_FACT_ROLLUP_TABLES = ['school_year_fact', 'partner_signal_rollup', 'funnel_rollup', 'partner_coverage_rollup'] as const;

/**
 * The school-facts rollup (see ROLLUPS in rollups/index.ts): rebuilds school_year_fact and, from the same facts,
 * the partner signals and the Gezonde School funnel for ctx.schoolYears, inside ctx.trx. The
 * priority formula lives in @rd/shared, so a formula change needs a refresh.
 */
export async function refreshSchoolFactRollups(ctx: RollupRefreshContext): Promise<void> {
  const { trx, dialect, fullRebuild, municipalities, regions } = ctx;
  if (municipalities !== null && municipalities.length === 0) return;
  const schoolYears = fullRebuild ? ctx.schoolYears : await withFollowingYears(trx, ctx.schoolYears);
  if (fullRebuild) {
    for (const table of SCHOOL_FACT_ROLLUP_TABLES) await trx.deleteFrom(table).execute();
  } else if (schoolYears.length > 0) {
    const inYears = [...schoolYears];
    await trx.deleteFrom('school_year_fact').where('school_year', 'in', inYears)
      .$if(municipalities !== null, (q) => q.where('municipality_code', 'in', [...municipalities!])).execute();
    await trx.deleteFrom('partner_signal_rollup').where('school_year', 'in', inYears)
      .$if(municipalities !== null, (q) => q.where('municipality_code', 'in', [...municipalities!])).execute();
    await trx.deleteFrom('partner_coverage_rollup').where('school_year', 'in', inYears)
      .$if(municipalities !== null, (q) => q.where('municipality_code', 'in', [...municipalities!])).execute();
    // The nation's funnel rows are summed again below from every region's.
    await trx.deleteFrom('funnel_rollup').where('school_year', 'in', inYears)
      .$if(municipalities !== null, (q) => q.where('area_code', 'in', [...municipalities!, ...regions!, NATION_AREA])).execute();
  }
  for (const schoolYear of schoolYears) {
    const facts = await computeSchoolFacts(trx, schoolYear, municipalities);
    await insertInChunks(trx, dialect, 'school_year_fact', facts);
    await insertInChunks(trx, dialect, 'partner_signal_rollup', buildPartnerSignalRows(facts));
    const funnel = buildFunnelRows(facts, await readValidCertificates(trx, schoolYear));
    if (municipalities === null) {
      await insertInChunks(trx, dialect, 'funnel_rollup', funnel);
    } else {
      // Only some of the regions' schools are in `facts`: their totals are summed from the municipalities.
      const own = new Set(municipalities);
      await insertInChunks(trx, dialect, 'funnel_rollup', funnel.filter((r) => own.has(r.area_code)));
      await sumRegionAndNationFunnel(trx, schoolYear, regions!);
    }
    await refreshPartnerCoverage(trx, schoolYear, municipalities);
  }
}

/**
 * A year's facts read the previous year's support hours (support_hours_prev and the priority), so
 * a change in year Y also changes the facts of Y + 1 where that year has facts.
 */
async function withFollowingYears(trx: Kysely<Database>, schoolYears: readonly string[]): Promise<string[]> {
  const following = schoolYears.map((y) => schoolYearFromStart(schoolYearStart(y) + 1)).filter((y) => !schoolYears.includes(y));
  if (following.length === 0) return [...schoolYears];
  const present = await trx.selectFrom('school_year_fact').select('school_year').distinct().where('school_year', 'in', following).execute();
  return [...new Set([...schoolYears, ...present.map((r) => r.school_year)])].sort();
}
