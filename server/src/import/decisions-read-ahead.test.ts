// The publication layer's read-ahead after an import by another process: an import test, since the
// data layer does not import the import module.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/connection.ts';
import { importFile } from './import-file.ts';
import { TEST_BACKENDS } from '../test-support/databases.ts';
import { FIXTURE_MUNICIPALITIES, createTestDb, loadFixture, type TestDb } from '../test-support/fixture.ts';
import { CELL_PART, decisionsReadAhead, disclosureKey, keepDecisionsWarm, readDisclosure, readPartDecisions, type DisclosureKey } from '../data/disclosure.ts';

const YEAR = '2024-2025';
const MIN = 5;
const MUNICIPALITIES = FIXTURE_MUNICIPALITIES.map((m) => m.code);

describe.each(TEST_BACKENDS)('stored decisions read ahead after an import (%s)', (backend) => {
  let t: TestDb;
  /** A second instance on the same database, as another server process or a command-line import. */
  let other: Db;
  const read = (db: Db) => readPartDecisions(db.kysely, { schoolYear: YEAR, part: CELL_PART, sector: 'all', areas: MUNICIPALITIES });

  beforeAll(async () => {
    t = await createTestDb('rd-decisions-import-', backend);
    await loadFixture(t.db, 42, { minCellSchools: MIN });
    other = await openDb(t.file);
  });
  afterAll(async () => {
    await other.close();
    await t.cleanup();
  });

  it('read ahead are those of the last import, also when another instance imported', async () => {
    const stored = async () => new Map((await other.kysely.selectFrom('disclosure_cell').selectAll().execute())
      .map((r) => [disclosureKey({ schoolYear: r.school_year, part: r.part, area: r.area_code, sector: r.sector, band: r.band }), r.suppressed]));
    // Every stored cell, and two that are not cells (an area and a part never decided on: undefined).
    const keysOf = (decisions: Map<string, unknown>): DisclosureKey[] => [...decisions.keys(), `${YEAR}|${CELL_PART}|GM9999|po|1`, `${YEAR}|partner:bestaat-niet|GM9001|all|all`].map((key) => {
      const [schoolYear, part, area, sector, band] = key.split('|') as [string, string, string, string, string];
      return { schoolYear, part, area, sector, band };
    });
    const failed: unknown[] = [];
    const before = await stored();
    await keepDecisionsWarm(t.db.kysely, (error) => failed.push(error));
    expect(await readDisclosure(t.db.kysely, keysOf(before))).toEqual(before);

    // Three more po schools with this year's records in Kleinwijk, the municipality too small to
    // publish. The fixture calls itself synthetic, and imports refuse synthetic data.
    await other.kysely.deleteFrom('dataset_meta').where('key', '=', 'synthetic').execute();
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-decisions-import-'));
    try {
      const files = {
        schools: ['brin_vestiging;sector;gemeente_code;grootte', '93AA00;po;GM9003;klein', '93AA01;po;GM9003;middel', '93AA02;po;GM9003;groot'],
        implementation: ['brin_vestiging;schooljaar;fase;kartrekker;enthousiasme_team;draagvlak_ouders;erkende_interventies;ggd_uren;ggd_contacten;themacertificaten',
          ...['93AA00', '93AA01', '93AA02'].map((brin) => `${brin};${YEAR};uitvoeren;ja;4;3;2;6;2;`)],
      } as const;
      for (const [kind, lines] of Object.entries(files) as [keyof typeof files, readonly string[]][]) {
        const file = path.join(dir, `${kind}.csv`);
        writeFileSync(file, `${lines.join('\n')}\n`);
        expect(await importFile(other, kind, { path: file }, { secret: 'beslissingen-niet-geheim' }), kind).toMatchObject({ ok: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const imported = await stored();
    expect(imported).not.toEqual(before);

    // The first question after the import finds the new version, and the read-ahead of it starts.
    expect(await read(t.db)).toEqual(new Map(MUNICIPALITIES.map((m) => [m, imported.get(disclosureKey({ schoolYear: YEAR, part: CELL_PART, area: m, sector: 'all', band: 'all' }))])));
    await decisionsReadAhead(t.db.kysely);
    // Answered from what was read ahead, every cell as imported: a change behind the data version's back goes unseen.
    await other.kysely.updateTable('disclosure_cell').set({ suppressed: 'complementary' }).execute();
    expect(await stored()).not.toEqual(imported);
    expect(await readDisclosure(t.db.kysely, keysOf(imported))).toEqual(imported);
    expect(failed).toEqual([]);
  });
});
