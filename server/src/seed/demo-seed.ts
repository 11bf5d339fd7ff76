/**
 * Loads the synthetic demo dataset on the real geography (model: demo-model.ts, data/README.md).
 * SQLite: prepared statements on the raw better-sqlite3 handle in one transaction (fast path).
 * PostgreSQL: Kysely batched inserts in one transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import { insertBatchSize } from '../db/dialect-sql.ts';
import type { Database } from '../db/schema.ts';
import { refreshRollups } from '../rollups/index.ts';
import { addDemoDistricts } from './demo-districts.ts';
import { readDatasetMeta } from '../data/dataset.repository.ts';
import {
  DEMO_GENERATOR_VERSION,
  DEMO_SEED,
  SEED_TABLES,
  TABLE_COLUMNS,
  generateRegion,
  mboLocationsPerMunicipality,
  type Row,
  type SeedTable,
} from './demo-model.ts';
import { loadReferenceData, type ReferenceData } from './reference-data.ts';

export { DEMO_GENERATOR_VERSION, DEMO_SEED } from './demo-model.ts';

export interface SeedOptions {
  /** PRNG seed; the same seed gives an identical database. Default DEMO_SEED. */
  seed?: number;
  /** Restrict to these GGD regions (GGxxxx); default all 25. */
  regions?: string[];
  /** Multiplies the number of school locations (extra pseudonymous schools in the same municipalities). */
  scale?: number;
  onProgress?: (message: string) => void;
  /** Reference files; default data/reference of the repository. */
  reference?: ReferenceData;
  /**
   * 'auto': prepared statements on SQLite, Kysely batches on PostgreSQL. 'kysely' forces the portable
   * path, so that tests exercise it on SQLite until PostgreSQL runs in CI.
   */
  writer?: 'auto' | 'kysely';
}

export interface SeedSummary {
  seed: number;
  scale: number;
  regions: string[];
  rows: Record<SeedTable | 'dataset_meta', number>;
  seconds: number;
}

/** The date the synthetic figures pretend to describe: the end of school year 2024-2025. */
export const DEMO_DATA_DATE = '2025-08-01';
export const DEMO_DESCRIPTION =
  "Synthetische demodata op echte geografie (CBS-gemeenten en GGD-regio's 2025, aantallen schoollocaties DUO 2024, " +
  'achterstandsverdeling CBS 2019). Scholen, scores en cijfers zijn verzonnen en horen bij geen echte school.';

const nf = new Intl.NumberFormat('nl-NL');

/** Usually present already (prepareDatabase loads the whole reference geography): written only where missing. */
const GEOGRAPHY_TABLES: ReadonlySet<string> = new Set(['province', 'region', 'municipality']);

interface RowWriter {
  write(table: SeedTable | 'dataset_meta', rows: Row[]): Promise<void>;
}

function sqliteWriter(db: Db): RowWriter {
  const sqlite = db.sqlite!;
  const columns: Record<string, readonly string[]> = { ...TABLE_COLUMNS, dataset_meta: ['key', 'value'] };
  const statements = new Map(
    Object.entries(columns).map(([table, cols]) => [
      table,
      sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})${GEOGRAPHY_TABLES.has(table) ? ' ON CONFLICT DO NOTHING' : ''}`),
    ]),
  );
  return {
    async write(table, rows) {
      const stmt = statements.get(table)!;
      for (const row of rows) stmt.run(row);
    },
  };
}

function kyselyWriter(trx: Kysely<Database>, dialect: Db['dialect']): RowWriter {
  const columns: Record<string, readonly string[]> = { ...TABLE_COLUMNS, dataset_meta: ['key', 'value'] };
  return {
    async write(table, rows) {
      const cols = columns[table]!;
      const batch = insertBatchSize(dialect, cols.length);
      for (let i = 0; i < rows.length; i += batch) {
        const values = rows.slice(i, i + batch).map((r) => Object.fromEntries(cols.map((c, k) => [c, r[k]])));
        await trx.insertInto(table as keyof Database).values(values as never)
          .$if(GEOGRAPHY_TABLES.has(table), (q) => q.onConflict((oc) => oc.doNothing()))
          .execute();
      }
    },
  };
}

/** Runs `work` in one transaction: raw BEGIN/COMMIT on SQLite (prepared statements), Kysely's otherwise. */
async function inTransaction(db: Db, mode: 'auto' | 'kysely', work: (writer: RowWriter) => Promise<void>): Promise<void> {
  if (db.dialect === 'sqlite' && db.sqlite && mode === 'auto') {
    const sqlite = db.sqlite;
    sqlite.exec('BEGIN');
    try {
      await work(sqliteWriter(db));
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
    return;
  }
  await db.kysely.transaction().execute((trx: Transaction<Database>) => work(kyselyWriter(trx, db.dialect)));
}

export async function seedDemoData(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const seed = options.seed ?? DEMO_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`Seed moet een niet-negatief geheel getal zijn, niet ${seed}`);
  if (!(scale > 0)) throw new RangeError(`Schaal moet groter dan 0 zijn, niet ${scale}`);
  const progress = options.onProgress ?? (() => {});
  const ref = options.reference ?? loadReferenceData();

  const allRegions = new Map(ref.municipalities.map((m) => [m.regionCode, m.regionName]));
  const unknown = (options.regions ?? []).filter((r) => !allRegions.has(r));
  if (unknown.length) throw new RangeError(`Onbekende GGD-regio: ${unknown.join(', ')}`);
  const regionCodes = (options.regions ?? [...allRegions.keys()]).slice().sort();
  const municipalities = ref.municipalities.filter((m) => regionCodes.includes(m.regionCode));
  const provinces = new Map(municipalities.map((m) => [m.provinceCode, m.provinceName]));
  progress(`Referentiedata geladen: ${municipalities.length} gemeenten in ${regionCodes.length} GGD-regio's (seed ${seed}, schaal ${scale}).`);

  const rows = Object.fromEntries([...SEED_TABLES, 'dataset_meta'].map((t) => [t, 0])) as SeedSummary['rows'];
  const mboLocations = mboLocationsPerMunicipality(seed, ref);
  const usedIds = new Set<string>();

  await inTransaction(db, options.writer ?? 'auto', async (writer) => {
    const write = async (table: SeedTable | 'dataset_meta', batch: Row[]) => {
      await writer.write(table, batch);
      rows[table] += batch.length;
    };
    await write('province', [...provinces].sort().map(([code, name]) => [code, name]));
    await write('region', regionCodes.map((code) => [code, allRegions.get(code)!]));
    await write('municipality', municipalities.map((m) => [m.code, m.name, m.regionCode, m.provinceCode]));

    for (const [index, regionCode] of regionCodes.entries()) {
      const batch = generateRegion({
        seed, scale, regionCode, regionName: allRegions.get(regionCode)!,
        municipalities: municipalities.filter((m) => m.regionCode === regionCode),
        ref, mboLocations, usedIds,
      });
      for (const table of SEED_TABLES) {
        if (table === 'province' || table === 'region' || table === 'municipality') continue;
        await write(table, batch[table]);
      }
      progress(`GGD-regio ${index + 1}/${regionCodes.length} (${batch.regionName}): ${nf.format(batch.school.length)} scholen, ${nf.format(batch.scan_score.length)} scanscores.`);
    }

    await write('dataset_meta', [
      ['synthetic', 'true'],
      ['description', DEMO_DESCRIPTION],
      ['data_date', DEMO_DATA_DATE],
      ['seed', String(seed)],
      ['scale', String(scale)],
      ['regions', regionCodes.length === allRegions.size ? 'alle' : regionCodes.join(',')],
      ['generator', 'server/src/seed/demo-seed.ts'],
      ['generator_version', DEMO_GENERATOR_VERSION],
    ]);
  });

  await addDemoDistricts(db.kysely, seed, municipalities.map((m) => m.code));
  progress('Rollups bijwerken…');
  await refreshRollups(db);

  const seconds = (performance.now() - started) / 1000;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  progress(`Demodata klaar: ${nf.format(total)} rijen in ${seconds.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} s.`);
  return { seed, scale, regions: regionCodes, rows, seconds };
}

/**
 * Replaces a demo dataset made by another generator version with the current one, with the same
 * seed, scale and regions. Demo data is never anyone's imported data (imports into it are refused),
 * so nothing is lost; a demo left at an old calibration or catalogue would show figures the product
 * no longer stands behind. Returns whether it reseeded.
 */
export async function refreshOutdatedDemo(db: Db, onProgress?: (message: string) => void): Promise<boolean> {
  const meta = await readDatasetMeta(db);
  if (meta.synthetic !== 'true' || meta.generator_version === DEMO_GENERATOR_VERSION) return false;
  const regions = meta.regions && meta.regions !== 'alle' ? meta.regions.split(',') : undefined;
  onProgress?.(`Demodata van generatorversie ${meta.generator_version ?? 'onbekend'} wordt vervangen door versie ${DEMO_GENERATOR_VERSION}…`);
  await clearData(db);
  await seedDemoData(db, {
    seed: Number.isInteger(Number(meta.seed)) && meta.seed ? Number(meta.seed) : DEMO_SEED,
    scale: Number(meta.scale) > 0 ? Number(meta.scale) : 1,
    ...(regions ? { regions } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  return true;
}

/** Data tables in an order that respects the foreign keys when deleting (children first). */
export const DATA_TABLES_DELETE_ORDER = [
  'certificate', 'outcome', 'partner_agreement', 'scan_score', 'implementation_record', 'capacity',
  'school', 'district_area', 'district', 'postcode_district', 'municipality', 'region', 'province', 'dataset_meta',
] as const satisfies readonly (keyof Database)[];

/** Empties every data table in one transaction (the rollups are rebuilt by the next seed or import). */
export async function clearData(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (const table of DATA_TABLES_DELETE_ORDER) await trx.deleteFrom(table).execute();
    // The rows earlier imports wrote or replaced are gone: their history stays, but not as undoable.
    await trx.deleteFrom('import_change').execute();
    await trx.updateTable('import_run').set({ can_undo: 0 }).where('can_undo', '=', 1).execute();
  });
}

/** Number of rows per data table. */
export async function countDataRows(db: Db): Promise<Record<(typeof DATA_TABLES_DELETE_ORDER)[number], number>> {
  const counts = {} as Record<(typeof DATA_TABLES_DELETE_ORDER)[number], number>;
  for (const table of DATA_TABLES_DELETE_ORDER) {
    const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
