/**
 * Going live as a data manager does it, through the real commands on an empty database that was
 * never seeded (the SEED_DEMO=false path): the geography is there, the demo and real data never
 * mix, and a lost or different pseudonym secret never duplicates schools.
 */
import { spawn } from 'node:child_process';
import { unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';
import { TEST_BACKENDS, type Backend } from '../test-support/databases.ts';
import { createImportTestDb, examplePath, type ImportTestDb } from '../test-support/import-files.ts';
import { prepareDatabase } from '../db/migrate.ts';
import { readReferenceMunicipalities } from '../db/reference-geography.ts';

interface CliResult { code: number | null; stdout: string; stderr: string }

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** Runs one of the server's npm scripts the way `npm run` does, against this test's database. */
function cli(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(TSX, [path.join(REPO_ROOT, 'server', 'scripts', script), ...args], {
      cwd: path.join(REPO_ROOT, 'server'),
      env: { ...process.env, PSEUDONYM_SECRET: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Eight schools in municipalities outside any test fixture (Bronckhorst, Zutphen, Lochem, ...). */
const SCHOOLS = [
  'brin_vestiging;sector;gemeente_code;wijk_code;grootte;achterstand_band;aandeel_laag_inkomen;aandeel_armoedeprobleemgebied',
  '91AA00;po;GM1876;;middel;2;12,0;8,5',
  '91AA01;po;GM1876;;klein;3;;',
  '91AB00;vo;GM0301;;groot;2;;',
  '91AC00;po;GM1859;;middel;1;;',
  '91AD00;so;GM0200;;klein;;;',
  '91AE00;po;GM0150;;middel;4;30,5;41,0',
  '91AF00;mbo;GM0153;;groot;2;;',
  '91AG00;po;GM0262;;klein;2;;',
].join('\n') + '\n';

describe.each(TEST_BACKENDS)('going live from an empty database (%s)', (backend: Backend) => {
  let t: ImportTestDb;
  let env: Record<string, string>;
  let schoolsFile: string;
  let secretFile: string;

  beforeEach(async () => {
    // Not migrated, not seeded: exactly what a new installation starts from.
    t = await createImportTestDb(backend, 'rd-golive-', 'empty');
    secretFile = path.join(t.dir, 'pseudonym.secret');
    env = { DATABASE_URL: t.file, PSEUDONYM_SECRET_FILE: secretFile, SEED_DEMO: 'false' };
    schoolsFile = path.join(t.dir, 'scholen.csv');
    writeFileSync(schoolsFile, SCHOOLS);
  }, 60_000);
  afterEach(() => t.cleanup());

  const countSchools = async () => Number((await t.db.kysely.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('imports schools anywhere in the country into a database that was never seeded', async () => {
    const result = await cli('import.ts', ['schools', schoolsFile], env);
    expect(result.stderr).not.toContain('onbekende gemeentecode');
    expect(result.code, result.stderr).toBe(0);
    expect(await countSchools()).toBe(8);
    const municipalities = readReferenceMunicipalities();
    expect(municipalities).toHaveLength(342);
    const count = async (table: 'municipality' | 'region' | 'province') =>
      Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('municipality')).toBe(342);
    expect(await count('region')).toBe(25);
    expect(await count('province')).toBe(12);
  }, 60_000);

  it('db:rebuild rebuilds the derived tables from the stored rows, and the import shows its refresh steps', async () => {
    await prepareDatabase(t.db);
    const { holdsNoData } = await import('../data/dataset.repository.ts');
    // The start-up path would seed the demo here, but never once real data is in.
    expect(await holdsNoData(t.db)).toBe(true);
        expect((await cli('import.ts', ['capacity', examplePath('capacity')], env)).code).toBe(0);
    expect(await holdsNoData(t.db)).toBe(false);
    expect((await cli('import.ts', ['schools', examplePath('schools')], env)).code).toBe(0);
    const scans = await cli('import.ts', ['scans', examplePath('scans')], env);
    expect(scans.code).toBe(0);
    expect(scans.stderr).toMatch(/dashboardcijfers bijwerken: stap 1 van \d+/);
    expect(scans.stderr).toContain('dashboardcijfers bijwerken: klaar');
    await t.db.kysely.updateTable('rollup_region').set({ schools: 999 }).execute();
    await t.db.kysely.deleteFrom('school_year_fact').execute();
    const { staleRollupTables } = await import('../test-support/rollup-check.ts');
    const rebuilt = await cli('db-rebuild.ts', [], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('Dashboardcijfers opnieuw opgebouwd');
    expect(await staleRollupTables(t.db)).toEqual([]);
    const facts = await t.db.kysely.selectFrom('school_year_fact').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(facts.n)).toBe(5);
  }, 90_000);

  it('loads the geography idempotently, also beside existing rows', async () => {
    await prepareDatabase(t.db);
    await prepareDatabase(t.db);
    const bronckhorst = await t.db.kysely.selectFrom('municipality').selectAll().where('code', '=', 'GM1876').execute();
    expect(bronckhorst).toEqual([{ code: 'GM1876', name: 'Bronckhorst', region_code: 'GG1413', province_code: 'PV25' }]);
    const n = Number((await t.db.kysely.selectFrom('municipality').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(n).toBe(342);
  }, 60_000);

  /** Imports the schools, loses the secret as `lose` does, and expects the same import refused with `message`. */
  async function expectRefusedAfter(lose: () => void, message: string) {
    expect((await cli('import.ts', ['schools', schoolsFile], env)).code).toBe(0);
    expect(await countSchools()).toBe(8);
    lose();
    const again = await cli('import.ts', ['schools', schoolsFile], env);
    // Today's code imported the same 8 schools again under new pseudonyms: 16.
    expect(await countSchools()).toBe(8);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(message);
    expect(again.stderr).toContain('back-up');
  }

  it('refuses to import without the secret once the database holds schools, instead of duplicating them', async () => {
    await expectRefusedAfter(() => unlinkSync(secretFile), 'Het geheim voor de pseudoniemen ontbreekt');
  }, 60_000);

  it('refuses a different secret once the database holds schools', async () => {
    await expectRefusedAfter(() => writeFileSync(secretFile, 'een-ander-geheim-dan-het-eerste\n'), 'Het geheim voor de pseudoniemen hoort niet bij deze database');
  }, 60_000);

  it('refuses to import into the demo dataset, naming the command that removes it, which leaves an empty database', async () => {
    await prepareDatabase(t.db);
    const { seedDemoData } = await import('../seed/demo-seed.ts');
    await seedDemoData(t.db, { regions: ['GG3606'] });
    const { syncDemoAccounts } = await import('../auth/demo-accounts.ts');
    expect(await syncDemoAccounts(t.db)).toBe('created');
    const demoSchools = await countSchools();
    expect(demoSchools).toBeGreaterThan(100);

    const refused = await cli('import.ts', ['schools', schoolsFile], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('synthetische demodata');
    expect(refused.stderr).toContain('npm run db:remove-demo');
    expect(await countSchools()).toBe(demoSchools);
    // The refusal is in the history and the audit log, and does not stop the removal.
    const k = t.db.kysely;
    expect(await k.selectFrom('import_run').select(['kind', 'file_name', 'result', 'can_undo']).execute())
      .toEqual([{ kind: 'schools', file_name: 'scholen.csv', result: 'mislukt', can_undo: 0 }]);
    expect((await k.selectFrom('audit_log').select('detail').where('action', '=', 'import_failed').execute()).map((a) => a.detail))
      .toEqual([expect.stringContaining('scholen.csv: geweigerd (niets geschreven)')]);

    const removed = await cli('db-remove-demo.ts', [], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`${demoSchools.toLocaleString('nl-NL')} demoscholen`);
    expect(await countSchools()).toBe(0);
    for (const table of ['scan_score', 'implementation_record', 'certificate', 'partner_agreement', 'outcome', 'capacity',
      'rollup_cell', 'rollup_region', 'rollup_partner', 'rollup_outcome', 'school_year_fact', 'funnel_rollup', 'partner_signal_rollup', 'partner_coverage_rollup'] as const) {
      const n = Number((await k.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(n, table).toBe(0);
    }
    expect(await k.selectFrom('app_user').select('email').where('demo', '=', 1).execute()).toEqual([]);
    const meta = await k.selectFrom('dataset_meta').select('key').execute();
    expect(meta.map((m) => m.key)).toEqual(['demo_removed_at']);
    expect(await k.selectFrom('audit_log').select('action').where('action', '=', 'demo_removed').execute()).toHaveLength(1);
    // The geography stays; the start-up path would neither seed the demo again nor create demo accounts.
    const { holdsNoData } = await import('../data/dataset.repository.ts');
    expect(await holdsNoData(t.db)).toBe(false);
    expect(await syncDemoAccounts(t.db)).toBe('unchanged');

    const imported = await cli('import.ts', ['schools', schoolsFile], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await countSchools()).toBe(8);
    expect(await syncDemoAccounts(t.db)).toBe('unchanged');
    expect((await cli('db-remove-demo.ts', [], env)).stderr).toContain('geen demodata');
  }, 120_000);
});
