/**
 * The real 2025 geography (342 municipalities, 25 GGD regions, 12 provinces; data/reference,
 * CBS/PDOK) belongs in every database, demo or real: an import checks every municipality and
 * region code against it. It is loaded from the committed reference file at every start instead of
 * by a migration, so the file stays its only home; loading inserts what is missing and never
 * changes or removes a row that data may already refer to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { REPO_ROOT } from '../config.ts';
import type { Database } from './schema.ts';

const GEOGRAPHY_FILE = path.join(REPO_ROOT, 'data', 'reference', 'gemeenten_2025.csv');

export interface ReferenceMunicipality { code: string; name: string; regionCode: string; regionName: string; provinceCode: string; provinceName: string }

export function readReferenceMunicipalities(file = GEOGRAPHY_FILE): ReferenceMunicipality[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({
    code: r.gemeente_code!,
    name: r.gemeente_naam!,
    regionCode: r.ggd_code!,
    regionName: r.ggd_naam!,
    provinceCode: r.provincie_code!,
    provinceName: r.provincie_naam!,
  }));
}

/** Inserts the provinces, regions and municipalities of the reference file that are missing. Idempotent. */
export async function ensureReferenceGeography(db: Kysely<Database>, municipalities = readReferenceMunicipalities()): Promise<void> {
  const provinces = [...new Map(municipalities.map((m) => [m.provinceCode, m.provinceName]))].map(([code, name]) => ({ code, name }));
  const regions = [...new Map(municipalities.map((m) => [m.regionCode, m.regionName]))].map(([code, name]) => ({ code, name }));
  // One transaction, so a database never holds municipalities whose region is still missing.
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('province').values(provinces).onConflict((oc) => oc.column('code').doNothing()).execute();
    await trx.insertInto('region').values(regions).onConflict((oc) => oc.column('code').doNothing()).execute();
    await trx.insertInto('municipality')
      .values(municipalities.map((m) => ({ code: m.code, name: m.name, region_code: m.regionCode, province_code: m.provinceCode })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });
}
