/**
 * npm run audit:disclosure [-- --role coordinator|ggd-adviseur|beleidsmedewerker|beheerder]
 *   [--regions GG3406] [--municipalities GM0437,GM0362] [--years 2024-2025,...] [--show 20] [--per-family]
 *   [--collection-cache FILE]
 *
 * Plays the attacker of src/test-support/attacker against the database of DATABASE_URL (seeded or
 * imported): per role, collects every figure the procedures return, derives by linear programming
 * what can be learned about every hidden figure, and prints how many hidden figures each attack
 * breaks and which procedures hid them. Exit code 1 when anything is broken or the model does not
 * fit the data. Without --role: all four roles (advisor and policymaker on the first region with
 * municipalities, or the --regions/--municipalities given). --per-family attacks each quantity
 * family on its own (see quantityFamilies in model.ts): what the national demo allows in minutes.
 * --collection-cache FILE (one role) keeps the collected figures in FILE: the next run with the same
 * file skips collecting (minutes on the national demo) and attacks the kept figures; delete the file
 * after the data or the publication changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { testPrincipal } from '../src/test-support/principals.ts';
import { attackCollection, describeFinding, formatReport, runAttack, type AttackOptions, type AttackReport } from '../src/test-support/attacker/audit.ts';
import { collectFigures, type Collection } from '../src/test-support/attacker/collect.ts';
import { ROLES, isRole, type Principal, type Role } from '../src/auth/roles.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    regions: { type: 'string' },
    municipalities: { type: 'string' },
    years: { type: 'string' },
    show: { type: 'string', default: '10' },
    'per-family': { type: 'boolean', default: false },
    'collection-cache': { type: 'string' },
  },
});
const config = loadConfig(process.env);
const db = await openDb(config.databaseUrl);
const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

try {
  const municipalities = await db.kysely.selectFrom('municipality').select(['code', 'region_code']).orderBy('code').execute();
  const regions = list(values.regions) ?? [municipalities[0]?.region_code ?? ''];
  const own = list(values.municipalities) ?? municipalities.filter((m) => m.region_code === regions[0]).slice(0, 2).map((m) => m.code);
  const benchmarkRegions = [...new Set(municipalities.filter((m) => own.includes(m.code)).map((m) => m.region_code))];
  const principalOf = (role: Role): Principal => {
    if (role === 'coordinator' || role === 'beheerder') return testPrincipal(role, { national: true });
    if (role === 'ggd-adviseur') return testPrincipal(role, { regions });
    return testPrincipal(role, { municipalities: own, benchmarkRegions });
  };
  if (values.role && !isRole(values.role)) throw new Error(`Onbekende rol ${values.role}; kies uit ${ROLES.join(', ')}`);
  const roles: Role[] = values.role ? [values.role as Role] : ['ggd-adviseur', 'beleidsmedewerker', 'coordinator', 'beheerder'];
  const cache = values['collection-cache'];
  if (cache && roles.length !== 1) throw new Error('--collection-cache vraagt één --role');
  /** The collection of `principal`: from the cache file when it exists, else collected (and kept there). */
  const collected = async (principal: Principal): Promise<{ collection: Collection; ms: number }> => {
    // Kept figures belong to one account and one choice of years: another asks for a new collection.
    const key = JSON.stringify([principal.role, principal.national, principal.regions, principal.municipalities, list(values.years) ?? null]);
    if (cache && existsSync(cache)) {
      const kept = JSON.parse(readFileSync(cache, 'utf8')) as Omit<Collection, 'regions' | 'districts' | 'perProcedure'> & Record<'regions' | 'districts' | 'perProcedure', [string, never][]> & { key: string };
      if (kept.key !== key) throw new Error(`${cache} bevat de cijfers van een ander account of andere schooljaren: verwijder het bestand`);
      return { collection: { ...kept, regions: new Map(kept.regions), districts: new Map(kept.districts), perProcedure: new Map(kept.perProcedure) }, ms: 0 };
    }
    const started = performance.now();
    const collection = await collectFigures(db, config, principal, { years: list(values.years) });
    if (cache) writeFileSync(cache, JSON.stringify({ key, ...collection, regions: [...collection.regions], districts: [...collection.districts], perProcedure: [...collection.perProcedure] }));
    return { collection, ms: performance.now() - started };
  };
  let failed = false;
  for (const role of roles) {
    const principal = principalOf(role);
    console.log(`\n== ${role} ${principal.national ? 'NL' : [...principal.regions, ...principal.municipalities].join(',')}`);
    const attackOptions: AttackOptions = {
      years: list(values.years),
      perFamily: values['per-family'],
      // A family's verdict as soon as it is in: the whole run on the national demo takes hours.
      onPart: ({ year, index, of, judged, passed, broken, ms }) => {
        if (of > 1) console.error(`${year} family ${index + 1} of ${of}: ${judged} judged, ${passed} protected, ${broken} broken (${Math.round(ms / 1000)} s)`);
      },
    };
    let report: AttackReport;
    if (cache) {
      const { collection, ms } = await collected(principal);
      console.log(`collect ${Math.round(ms)} ms${ms === 0 ? ` (kept in ${cache})` : ''}: ${collection.calls} calls, ${collection.figures.length} figures`);
      report = await attackCollection(db, config, principal, collection, attackOptions, ms);
    } else report = await runAttack(db, config, principal, attackOptions);
    console.log(formatReport(report));
    for (const f of report.broken.slice(0, Number(values.show))) console.log(`  ${describeFinding(f)}`);
    failed ||= report.broken.length > 0 || report.modelErrors.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await db.close();
}
