/**
 * npm run audit:disclosure [-- --role coordinator|ggd-adviseur|beleidsmedewerker|beheerder]
 *   [--regions GG3406] [--municipalities GM0437,GM0362] [--years 2024-2025,...] [--show 20] [--per-family]
 *
 * Plays the attacker of src/test-support/attacker against the database of DATABASE_URL (seeded or
 * imported): per role, collects every figure the procedures return, derives by linear programming
 * what can be learned about every hidden figure, and prints how many hidden figures each attack
 * breaks and which procedures hid them. Exit code 1 when anything is broken or the model does not
 * fit the data. Without --role: all four roles (advisor and policymaker on the first region with
 * municipalities, or the --regions/--municipalities given). --per-family attacks each quantity
 * family on its own (see quantityFamilies in model.ts): what the national demo allows in minutes.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { testPrincipal } from '../src/test-support/principals.ts';
import { describeFinding, formatReport, runAttack } from '../src/test-support/attacker/audit.ts';
import { ROLES, isRole, type Principal, type Role } from '../src/auth/roles.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    regions: { type: 'string' },
    municipalities: { type: 'string' },
    years: { type: 'string' },
    show: { type: 'string', default: '10' },
    'per-family': { type: 'boolean', default: false },
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
  let failed = false;
  for (const role of roles) {
    const principal = principalOf(role);
    console.log(`\n== ${role} ${principal.national ? 'NL' : [...principal.regions, ...principal.municipalities].join(',')}`);
    const report = await runAttack(db, config, principal, { years: list(values.years), perFamily: values['per-family'] });
    console.log(formatReport(report));
    for (const f of report.broken.slice(0, Number(values.show))) console.log(`  ${describeFinding(f)}`);
    failed ||= report.broken.length > 0 || report.modelErrors.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await db.close();
}
