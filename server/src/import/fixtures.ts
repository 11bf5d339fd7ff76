/**
 * A small slice of the real 2025 geography (CBS codes), enough for the example files in
 * data/examples, the import tests and the import benchmark without depending on the seed.
 */
import type { Db } from '../db/connection.ts';

export const FIXTURE_PROVINCES = [
  { code: 'PV20', name: 'Groningen' },
  { code: 'PV26', name: 'Utrecht' },
  { code: 'PV27', name: 'Noord-Holland' },
  { code: 'PV28', name: 'Zuid-Holland' },
];
export const FIXTURE_REGIONS = [
  { code: 'GG0111', name: 'GGD Groningen' },
  { code: 'GG2514', name: 'GGD Regio Utrecht' },
  { code: 'GG3406', name: 'GGD Amsterdam' },
  { code: 'GG4607', name: 'GGD Rotterdam-Rijnmond' },
];
export const FIXTURE_MUNICIPALITIES = [
  { code: 'GM0014', name: 'Groningen', region_code: 'GG0111', province_code: 'PV20' },
  { code: 'GM0344', name: 'Utrecht', region_code: 'GG2514', province_code: 'PV26' },
  { code: 'GM0363', name: 'Amsterdam', region_code: 'GG3406', province_code: 'PV27' },
  { code: 'GM0599', name: 'Rotterdam', region_code: 'GG4607', province_code: 'PV28' },
];

/** Adds the fixture geography where missing; a seeded database already has it. */
export async function ensureFixtureGeography(db: Db): Promise<void> {
  await db.kysely.insertInto('province').values(FIXTURE_PROVINCES).onConflict((oc) => oc.doNothing()).execute();
  await db.kysely.insertInto('region').values(FIXTURE_REGIONS).onConflict((oc) => oc.doNothing()).execute();
  await db.kysely.insertInto('municipality').values(FIXTURE_MUNICIPALITIES).onConflict((oc) => oc.doNothing()).execute();
}
