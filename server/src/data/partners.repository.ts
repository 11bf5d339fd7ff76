/**
 * Partners around the school: coverage (share of schools with a structural agreement) per
 * municipality and partner type (rollup_partner of rollups/cells.ts summed over bands into
 * partner_coverage_rollup, which must therefore refresh after it), and telling
 * combinations of a weak pillar with a missing partner, pre-aggregated in partner_signal_rollup.
 *
 * partner_coverage_rollup holds one row per sector *filter* (po, so, vo, mbo and 'all'), so every
 * coverage question reads its cells as stored and sums nothing: a national question is ~2.5k rows.
 */
import { sql, type Kysely } from 'kysely';
import { PARTNER_TYPES } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import type { Database, PartnerSignalRollupTable, SchoolYearFactTable } from '../db/schema.ts';

/** Below this implementation degree (%) a pillar counts as weak. */
export const WEAK_PILLAR_BELOW = 50;

export interface MunicipalityRef { code: string; name: string; regionCode: string }

export interface PartnerCoverageCount {
  municipalityCode: string;
  partnerType: string;
  /** Schools that reported on this partner type; `agreements` of them have a structural agreement. */
  schools: number;
  agreements: number;
}

/** The municipalities whose rows a scope needs, including the siblings its suppression depends on. */
export async function municipalitiesForScope(
  db: Db,
  scope: { level: 'nation' } | { level: 'region' | 'municipality'; code: string },
): Promise<MunicipalityRef[]> {
  let query = db.kysely.selectFrom('municipality').select(['code', 'name', 'region_code']).orderBy('name').orderBy('code');
  if (scope.level === 'region') query = query.where('region_code', '=', scope.code);
  if (scope.level === 'municipality') {
    query = query.where('region_code', '=', db.kysely.selectFrom('municipality').select('region_code').where('code', '=', scope.code));
  }
  const rows = await query.execute();
  return rows.map((r) => ({ code: r.code, name: r.name, regionCode: r.region_code }));
}

/**
 * Rebuilds one year of partner_coverage_rollup from rollup_partner, for `municipalities` (default all;
 * the caller deleted their old rows):
 * a row per sector, then the 'all' row per municipality × partner type, which counts only the
 * sectors the type is offered to (schuldhulp: mbo schools only), as the catalogue says.
 */
export async function refreshPartnerCoverage(trx: Kysely<Database>, schoolYear: string, municipalities: readonly string[] | null = null): Promise<void> {
  const inArea = municipalities === null ? null : [...municipalities];
  await insertCoverageSums(trx, schoolYear, inArea, 'per sector');
  await insertCoverageSums(trx, schoolYear, inArea, 'all');
}

/**
 * One step of the refresh: 'per sector' sums rollup_partner over the bands; 'all' then sums those
 * sector rows over the sectors the partner type is offered to.
 */
async function insertCoverageSums(
  trx: Kysely<Database>,
  schoolYear: string,
  inArea: string[] | null,
  sectors: 'per sector' | 'all',
): Promise<void> {
  const perSector = sectors === 'per sector';
  await trx
    .insertInto('partner_coverage_rollup')
    .columns(['school_year', 'municipality_code', 'region_code', 'sector', 'partner_type', 'schools', 'agreements'])
    .expression(
      trx
        .selectFrom(perSector ? 'rollup_partner' : 'partner_coverage_rollup')
        .where('school_year', '=', schoolYear)
        .$if(inArea !== null, (q) => q.where('municipality_code', 'in', inArea!))
        .$if(!perSector, (q) => q.where((eb) => eb.or(PARTNER_TYPES.map((t) => eb.and([eb('partner_type', '=', t.id), eb('sector', 'in', t.sectors)])))))
        .select([
          'school_year', 'municipality_code', 'region_code', (perSector ? sql.ref<string>('sector') : sql<string>`'all'`).as('sector'), 'partner_type',
          (eb) => eb.fn.sum<number>('schools').as('schools'),
          (eb) => eb.fn.sum<number>('agreements').as('agreements'),
        ])
        .groupBy(['school_year', 'municipality_code', 'region_code', 'partner_type'])
        .$if(perSector, (q) => q.groupBy('sector')),
    )
    .execute();
}

/** The stored cells of one sector filter ('all' or a sector), nationally or for the given regions. */
export async function readPartnerCoverage(
  db: Db,
  schoolYear: string,
  sector: string,
  regionCodes: readonly string[] | null,
): Promise<PartnerCoverageCount[]> {
  if (regionCodes?.length === 0) return [];
  let query = db.kysely
    .selectFrom('partner_coverage_rollup')
    .where('school_year', '=', schoolYear)
    .where('sector', '=', sector);
  if (regionCodes) query = query.where('region_code', 'in', [...regionCodes]);
  // Integer columns: both drivers return numbers, so the rows are the answer as read (a national
  // question is some four thousand; a copy of each cost as much as the read).
  return query.select(['municipality_code as municipalityCode', 'partner_type as partnerType', 'schools', 'agreements']).execute();
}

/** National totals per partner type of one sector filter, summed in the database. */
export async function sumPartnerCoverageByType(db: Db, schoolYear: string, sector: string) {
  const rows = await db.kysely
    .selectFrom('partner_coverage_rollup')
    .where('school_year', '=', schoolYear)
    .where('sector', '=', sector)
    .select(['partner_type', (eb) => eb.fn.sum<number>('schools').as('schools'), (eb) => eb.fn.sum<number>('agreements').as('agreements')])
    .groupBy('partner_type')
    .execute();
  return new Map(rows.map((r) => [r.partner_type, { schools: Number(r.schools), agreements: Number(r.agreements) }]));
}

type FactForSignals = Pick<
  SchoolYearFactTable,
  'school_year' | 'municipality_code' | 'sector' | 'degree_omgeving' | 'degree_signaleren' | 'has_jgz' | 'has_youth_care'
>;

/**
 * Per (municipality, sector): scanned schools that reported both JGZ and youth care, and how many
 * of them combine a weak pillar with a missing partner.
 */
export function buildPartnerSignalRows(facts: readonly FactForSignals[]): PartnerSignalRollupTable[] {
  const rows = new Map<string, PartnerSignalRollupTable>();
  for (const f of facts) {
    if (f.degree_signaleren === null || f.degree_omgeving === null || f.has_jgz === null || f.has_youth_care === null) continue;
    const key = `${f.municipality_code}|${f.sector}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        school_year: f.school_year, municipality_code: f.municipality_code, sector: f.sector, schools: 0,
        weak_signaleren: 0, weak_signaleren_no_jgz: 0, weak_omgeving: 0, weak_omgeving_no_youth_care: 0,
      };
      rows.set(key, row);
    }
    row.schools += 1;
    if (f.degree_signaleren < WEAK_PILLAR_BELOW) {
      row.weak_signaleren += 1;
      if (f.has_jgz === 0) row.weak_signaleren_no_jgz += 1;
    }
    if (f.degree_omgeving < WEAK_PILLAR_BELOW) {
      row.weak_omgeving += 1;
      if (f.has_youth_care === 0) row.weak_omgeving_no_youth_care += 1;
    }
  }
  return [...rows.values()];
}

export async function readPartnerSignals(db: Db, schoolYear: string, regionCode: string | null, sectors: readonly string[]) {
  let query = db.kysely
    .selectFrom('partner_signal_rollup as p')
    .where('p.school_year', '=', schoolYear)
    .where('p.sector', 'in', sectors);
  if (regionCode) {
    query = query.innerJoin('municipality as m', 'm.code', 'p.municipality_code').where('m.region_code', '=', regionCode);
  }
  const rows = await query
    .select([
      'p.municipality_code',
      (eb) => eb.fn.sum<number>('p.schools').as('schools'),
      (eb) => eb.fn.sum<number>('p.weak_signaleren_no_jgz').as('weak_signaleren_no_jgz'),
      (eb) => eb.fn.sum<number>('p.weak_omgeving_no_youth_care').as('weak_omgeving_no_youth_care'),
    ])
    .groupBy('p.municipality_code')
    .execute();
  return new Map(rows.map((r) => [r.municipality_code, {
    schools: Number(r.schools),
    weakSignalerenNoJgz: Number(r.weak_signaleren_no_jgz),
    weakOmgevingNoYouthCare: Number(r.weak_omgeving_no_youth_care),
  }]));
}
