/**
 * After every import the dashboard's figures are exactly those of a full rebuild from the stored
 * rows: the import refreshes every rollup row its file can change, and no other.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_KINDS } from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import { prepareDatabase } from '../db/migrate.ts';
import { createEmptyTestDb, TEST_BACKENDS, type TestDb } from '../test-support/databases.ts';
import { staleRollupTables } from '../test-support/rollup-check.ts';
import { importFile } from './import-file.ts';

const SECRET = 'rollup-secret-niet-geheim';
const EXAMPLES = path.join(REPO_ROOT, 'data', 'examples');
const example = (kind: string) => readFileSync(path.join(EXAMPLES, `${kind}.csv`), 'utf8');

describe.each(TEST_BACKENDS)('rollups after an import (%s)', (backend) => {
  let t: TestDb;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-import-rollups-'));
    t = await createEmptyTestDb(backend, 'rd-import-rollups-db-');
    await prepareDatabase(t.db);
    for (const kind of IMPORT_KINDS) {
      expect(await importFile(t.db, kind, { path: path.join(EXAMPLES, `${kind}.csv`) }, { secret: SECRET }), kind).toMatchObject({ ok: true });
    }
  }, 180_000);
  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function importText(kind: (typeof IMPORT_KINDS)[number], text: string) {
    const file = path.join(dir, `${kind}.csv`);
    writeFileSync(file, text);
    const result = await importFile(t.db, kind, { path: file }, { secret: SECRET });
    expect(result).toMatchObject({ ok: true });
  }

  it('match a full rebuild after the example files', async () => {
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it("match a full rebuild after last year's implementation records, which set this year's support received before", async () => {
    const lastYear = example('implementation').replaceAll('2024-2025;', '2023-2024;').replace(/welbevinden:[^;\n]*|voeding:[^;\n]*|bewegen_sport:[^;\n]*/g, '')
      .replace('99XX01;2023-2024;voorbereiden;nee;3;2;0;6;2;', '99XX01;2023-2024;voorbereiden;nee;3;2;0;40;2;');
    await importText('implementation', lastYear);
    const fact = await t.db.kysely.selectFrom('school_year_fact').select('support_hours_prev')
      .where('school_year', '=', '2024-2025').where('support_hours_prev', '=', 40).execute();
    expect(fact).toHaveLength(1);
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it('match a full rebuild after changed scores, partners, outcomes and certificates of one school', async () => {
    await importText('scans', example('scans').replace('99XX00;2024-2025;4;3', '99XX00;2024-2025;4;0'));
    expect(await staleRollupTables(t.db)).toEqual([]);
    await importText('partners', example('partners').replace(/^(99XX00;2024-2025;jgz;)ja$/m, '$1nee').replace(/^(99XX00;2024-2025;jeugdhulp;)nee$/m, '$1ja'));
    expect(await staleRollupTables(t.db)).toEqual([]);
    await importText('outcomes', example('outcomes').replace('86,9', '55,5'));
    expect(await staleRollupTables(t.db)).toEqual([]);
    await importText('implementation', example('implementation').replace('welbevinden:2022-2023|voeding:2024-2025', 'gehoor:2023-2024'));
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it('match a full rebuild after capacity for a year that had none and a new school year of scans', async () => {
    await importText('capacity', example('capacity').replaceAll('2024-2025', '2025-2026'));
    expect(await staleRollupTables(t.db)).toEqual([]);
    await importText('scans', example('scans').replaceAll('2024-2025', '2026-2027'));
    expect(await staleRollupTables(t.db)).toEqual([]);
    await importText('capacity', example('capacity').replace('6,4', '6,9'));
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it('match a full rebuild after new schools in one municipality and a school that moves to another region', async () => {
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;po;GM1876;klein\n91AA01;vo;GM1876;groot\n');
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it('move a speciaal basisonderwijs school imported as so to po when it is imported again as sbo, keeping its other rows', async () => {
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;so;GM1876;klein\n');
    await importText('implementation', example('implementation').split('\n').slice(0, 1).join('\n') + '\n91AA00;2024-2025;uitvoeren;ja;4;3;2;8;4;welbevinden:2024-2025\n');
    const sectors = () => t.db.kysely.selectFrom('school').select('sector').where('municipality_code', '=', 'GM1876').execute();
    expect(await sectors()).toEqual([{ sector: 'so' }]);
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;SBO;GM1876;klein\n');
    expect(await sectors()).toEqual([{ sector: 'po' }]);
    const records = await t.db.kysely.selectFrom('implementation_record as i').innerJoin('school as s', 's.id', 'i.school_id')
      .select(['i.phase']).where('s.municipality_code', '=', 'GM1876').execute();
    expect(records).toEqual([{ phase: 'uitvoeren' }]);
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it("refresh only the regions of the file's schools", async () => {
    // A marker in another region's rows: a refresh that rebuilt everything would wipe it.
    const marked = () => t.db.kysely.selectFrom('rollup_region').select('schools').where('region_code', '=', 'GG4607').where('sector', '=', 'so').execute();
    await t.db.kysely.updateTable('rollup_region').set({ schools: 999 }).where('region_code', '=', 'GG4607').where('sector', '=', 'so').execute();
    // The scans file's schools lie in Amsterdam, Utrecht and Groningen; the marked row is Rotterdam's.
    await importText('scans', example('scans').replace('99XX00;2024-2025;4;3', '99XX00;2024-2025;4;0'));
    expect(await marked()).toEqual([{ schools: 999 }]);
    expect(await staleRollupTables(t.db)).toEqual(['rollup_region']);
  });

  it("keep a region's totals over all its municipalities when only one of them is refreshed", async () => {
    // Amstelveen lies in GGD Amsterdam, beside Amsterdam (99XX00, 99XX01).
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;po;GM0362;klein\n');
    const scan = (code: string, score: number) => 'brin_vestiging;schooljaar;principe;score\n' +
      Array.from({ length: 16 }, (_, i) => `${code};2024-2025;${i + 1};${score}`).join('\n') + '\n';
    await importText('scans', scan('91AA00', 3));
    await importText('implementation', example('implementation').split('\n').slice(0, 1).join('\n') + '\n91AA00;2024-2025;uitvoeren;ja;4;3;2;8;4;gehoor:2024-2025\n');
    expect(await staleRollupTables(t.db)).toEqual([]);
    // Now only Amsterdam is refreshed; the region's rows must still count Amstelveen's school.
    await importText('scans', scan('99XX00', 1));
    await importText('implementation', example('implementation').replace('welbevinden:2022-2023|voeding:2024-2025', ''));
    const region = await t.db.kysely.selectFrom('rollup_region').select((eb) => eb.fn.sum<number>('schools').as('n'))
      .where('region_code', '=', 'GG3406').where('school_year', '=', '2024-2025').executeTakeFirstOrThrow();
    expect(Number(region.n)).toBe(3);
    expect(await staleRollupTables(t.db)).toEqual([]);
  });

  it('match a full rebuild after a school moves to another municipality', async () => {
    await importText('schools', example('schools').replace('99XX01;po;GM0363;;klein', '99XX01;po;GM1876;;klein'));
    expect(await staleRollupTables(t.db)).toEqual([]);
  });
});
