/**
 * Turns a demo database into an empty one that can take real data: the synthetic schools with all
 * their facts, the demo accounts (public password) and the synthetic-data metadata (the banner) go,
 * in one transaction together with the rollups, so the dashboard never shows half a demo. The
 * geography, real accounts and the audit log stay. A marker stays behind so that the next start
 * does not seed the demo again.
 */
import type { Db } from '../db/connection.ts';
import { lockForRebuild } from '../db/dialect-sql.ts';
import { analyzeRollups, refreshRollupsIn, type RollupProgress } from '../rollups/index.ts';

export class DemoRemovalRefusedError extends Error {
  override readonly name = 'DemoRemovalRefusedError';
}

export interface DemoRemoval {
  schools: number;
  accounts: number;
}

/** Children before parents, for the foreign keys. */
const DEMO_DATA_TABLES = ['certificate', 'outcome', 'partner_agreement', 'scan_score', 'implementation_record', 'capacity', 'school'] as const;

export const DEMO_REMOVED_KEY = 'demo_removed_at';

export async function removeDemoData(db: Db, onProgress?: (p: RollupProgress) => void): Promise<DemoRemoval> {
  const removal = await db.kysely.transaction().execute(async (trx) => {
    await lockForRebuild(trx, db.dialect, 'rollups');
    const synthetic = await trx.selectFrom('dataset_meta').select('value').where('key', '=', 'synthetic').executeTakeFirst();
    if (synthetic?.value !== 'true') {
      throw new DemoRemovalRefusedError('Deze database bevat geen demodata; er is niets verwijderd.');
    }
    // Failed and refused runs (the refusal that names this command among them) and undone ones left no rows.
    const runs = await trx.selectFrom('import_run').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('result', '=', 'geslaagd').executeTakeFirstOrThrow();
    if (Number(runs.n) > 0) {
      // Before imports into a demo database were refused, real rows could land beside the demo
      // ones; nothing in the data tells which school is which, so nothing is guessed away.
      throw new DemoRemovalRefusedError(
        `Deze database bevat naast de demodata ook ${Number(runs.n)} geïmporteerde bestanden; demoscholen en echte scholen zijn ` +
        'niet meer van elkaar te scheiden, daarom is er niets verwijderd. Begin met een nieuwe, lege database (SEED_DEMO=false) ' +
        'en importeer de bestanden daarin opnieuw, met hetzelfde geheim voor de pseudoniemen.',
      );
    }
    const schools = await trx.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const table of DEMO_DATA_TABLES) await trx.deleteFrom(table).execute();
    // Their sessions go with them (on delete cascade).
    const accounts = await trx.deleteFrom('app_user').where('demo', '=', 1).executeTakeFirst();
    await trx.deleteFrom('dataset_meta').execute();
    await trx.insertInto('dataset_meta').values({ key: DEMO_REMOVED_KEY, value: new Date().toISOString() }).execute();
    await refreshRollupsIn(trx, db.dialect, undefined, onProgress);
    return { schools: Number(schools.n), accounts: Number(accounts.numDeletedRows) };
  });
  await analyzeRollups(db);
  return removal;
}
