/**
 * After every import the dashboard's figures are exactly those of a full rebuild from the stored
 * rows: the import refreshes every rollup row its file can change, and no other.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportKind } from '@rd/shared';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { exampleText, useImportTestDb } from '../test-support/import-files.ts';
import { staleRollupTables } from '../test-support/rollup-check.ts';
import { importFile } from './import-file.ts';

const SECRET = 'rollup-secret-niet-geheim';

describe.each(TEST_BACKENDS)('rollups after an import (%s)', (backend) => {
  const fx = useImportTestDb(backend, 'rd-import-rollups-', 'prepared', { examplesSecret: SECRET, timeout: 180_000 });

  async function importText(kind: ImportKind, text: string) {
    const file = path.join(fx.t.dir, `${kind}.csv`);
    writeFileSync(file, text);
    const result = await importFile(fx.t.db, kind, { path: file }, { secret: SECRET });
    expect(result).toMatchObject({ ok: true });
  }

  /** Imports `text` and checks that every rollup then equals a full rebuild. */
  async function importAndCompare(kind: ImportKind, text: string) {
    await importText(kind, text);
    expect(await staleRollupTables(fx.t.db), kind).toEqual([]);
  }

  it('match a full rebuild after the example files', async () => {
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  });

  it("match a full rebuild after last year's implementation records, which set this year's support received before", async () => {
    const lastYear = exampleText('implementation').replaceAll('2024-2025;', '2023-2024;').replace(/welbevinden:[^;\n]*|voeding:[^;\n]*|bewegen_sport:[^;\n]*/g, '')
      .replace('99XX01;2023-2024;voorbereiden;nee;3;2;0;6;2;', '99XX01;2023-2024;voorbereiden;nee;3;2;0;40;2;');
    await importText('implementation', lastYear);
    const fact = await fx.t.db.kysely.selectFrom('school_year_fact').select('support_hours_prev')
      .where('school_year', '=', '2024-2025').where('support_hours_prev', '=', 40).execute();
    expect(fact).toHaveLength(1);
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  });

  it('match a full rebuild after changed scores, partners, outcomes and certificates of one school', async () => {
    await importAndCompare('scans', exampleText('scans').replace('99XX00;2024-2025;4;3', '99XX00;2024-2025;4;0'));
    await importAndCompare('partners', exampleText('partners').replace(/^(99XX00;2024-2025;jgz;)ja$/m, '$1nee').replace(/^(99XX00;2024-2025;jeugdhulp;)nee$/m, '$1ja'));
    await importAndCompare('outcomes', exampleText('outcomes').replace('86,9', '55,5'));
    await importAndCompare('implementation', exampleText('implementation').replace('welbevinden:2022-2023|voeding:2024-2025', 'gehoor:2023-2024'));
  });

  it('match a full rebuild after capacity for a year that had none and a new school year of scans', async () => {
    await importAndCompare('capacity', exampleText('capacity').replaceAll('2024-2025', '2025-2026'));
    await importAndCompare('scans', exampleText('scans').replaceAll('2024-2025', '2026-2027'));
    await importAndCompare('capacity', exampleText('capacity').replace('6,4', '6,9'));
  });

  it('match a full rebuild after new schools in one municipality and a school that moves to another region', async () => {
    await importAndCompare('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;po;GM1876;klein\n91AA01;vo;GM1876;groot\n');
  });

  it('move a speciaal basisonderwijs school imported as so to po when it is imported again as sbo, keeping its other rows', async () => {
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;so;GM1876;klein\n');
    await importText('implementation', exampleText('implementation').split('\n').slice(0, 1).join('\n') + '\n91AA00;2024-2025;uitvoeren;ja;4;3;2;8;4;welbevinden:2024-2025\n');
    const sectors = () => fx.t.db.kysely.selectFrom('school').select('sector').where('municipality_code', '=', 'GM1876').execute();
    expect(await sectors()).toEqual([{ sector: 'so' }]);
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;SBO;GM1876;klein\n');
    expect(await sectors()).toEqual([{ sector: 'po' }]);
    const records = await fx.t.db.kysely.selectFrom('implementation_record as i').innerJoin('school as s', 's.id', 'i.school_id')
      .select(['i.phase']).where('s.municipality_code', '=', 'GM1876').execute();
    expect(records).toEqual([{ phase: 'uitvoeren' }]);
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  });

  it("refresh only the regions of the file's schools", async () => {
    // A marker in another region's rows: a refresh that rebuilt everything would wipe it.
    const marked = () => fx.t.db.kysely.selectFrom('rollup_region').select('schools').where('region_code', '=', 'GG4607').where('sector', '=', 'so').execute();
    await fx.t.db.kysely.updateTable('rollup_region').set({ schools: 999 }).where('region_code', '=', 'GG4607').where('sector', '=', 'so').execute();
    // The scans file's schools lie in Amsterdam, Utrecht and Groningen; the marked row is Rotterdam's.
    await importText('scans', exampleText('scans').replace('99XX00;2024-2025;4;3', '99XX00;2024-2025;4;0'));
    expect(await marked()).toEqual([{ schools: 999 }]);
    expect(await staleRollupTables(fx.t.db)).toEqual(['rollup_region']);
  });

  it("keep a region's totals over all its municipalities when only one of them is refreshed", async () => {
    // Amstelveen lies in GGD Amsterdam, beside Amsterdam (99XX00, 99XX01).
    await importText('schools', 'brin_vestiging;sector;gemeente_code;grootte\n91AA00;po;GM0362;klein\n');
    const scan = (code: string, score: number) => 'brin_vestiging;schooljaar;principe;score\n' +
      Array.from({ length: 16 }, (_, i) => `${code};2024-2025;${i + 1};${score}`).join('\n') + '\n';
    await importText('scans', scan('91AA00', 3));
    await importAndCompare('implementation', exampleText('implementation').split('\n').slice(0, 1).join('\n') + '\n91AA00;2024-2025;uitvoeren;ja;4;3;2;8;4;gehoor:2024-2025\n');
    // Now only Amsterdam is refreshed; the region's rows must still count Amstelveen's school.
    await importText('scans', scan('99XX00', 1));
    await importText('implementation', exampleText('implementation').replace('welbevinden:2022-2023|voeding:2024-2025', ''));
    const region = await fx.t.db.kysely.selectFrom('rollup_region').select((eb) => eb.fn.sum<number>('schools').as('n'))
      .where('region_code', '=', 'GG3406').where('school_year', '=', '2024-2025').executeTakeFirstOrThrow();
    expect(Number(region.n)).toBe(3);
    expect(await staleRollupTables(fx.t.db)).toEqual([]);
  });

  it('match a full rebuild after a school moves to another municipality', async () => {
    await importAndCompare('schools', exampleText('schools').replace('99XX01;po;GM0363;;klein', '99XX01;po;GM1876;;klein'));
  });
});
