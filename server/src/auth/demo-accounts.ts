/**
 * Demo accounts, one per role, that exist only while the synthetic demo dataset is loaded. Their
 * passwords are public (the login page lists them), so they are removed as soon as the dataset is
 * not synthetic any more.
 */
import type { Db } from '../db/connection.ts';
import { readDatasetMeta } from '../data/dataset.repository.ts';
import { createUser } from './accounts.ts';
import type { Role } from './roles.ts';

export const DEMO_PASSWORD = 'demo-welbevinden';

export const DEMO_ACCOUNTS: readonly { email: string; name: string; role: Role; scope: string; description: string }[] = [
  { email: 'adviseur@demo.nl', name: 'Demo GGD-adviseur', role: 'ggd-adviseur', scope: 'GG3406', description: 'GGD-adviseur, GGD Amsterdam: scholenlijst en planning' },
  { email: 'beleid@demo.nl', name: 'Demo beleidsmedewerker', role: 'beleidsmedewerker', scope: 'GM0363,GM0599,GM0344', description: 'Beleidsmedewerker, gemeenten Amsterdam, Rotterdam en Utrecht: alleen groepscijfers' },
  { email: 'coordinator@demo.nl', name: 'Demo programmacoördinator', role: 'coordinator', scope: 'NL', description: 'Programmacoördinator, landelijk (niet de coördinator van een school): groepscijfers en exports' },
  { email: 'beheerder@demo.nl', name: 'Demo beheerder', role: 'beheerder', scope: 'NL', description: 'Beheerder: gebruikers en auditlog' },
];

export async function isSyntheticDataset(db: Db): Promise<boolean> {
  return (await readDatasetMeta(db)).synthetic === 'true';
}

/** Creates missing demo accounts when the data is synthetic; removes them when it is not. */
export async function syncDemoAccounts(db: Db): Promise<'created' | 'removed' | 'unchanged'> {
  if (!(await isSyntheticDataset(db))) {
    const removed = await db.kysely.deleteFrom('app_user').where('demo', '=', 1).executeTakeFirst();
    return Number(removed.numDeletedRows) > 0 ? 'removed' : 'unchanged';
  }
  let created = false;
  for (const account of DEMO_ACCOUNTS) {
    const exists = await db.kysely.selectFrom('app_user').select('id').where('email', '=', account.email).executeTakeFirst();
    if (exists) continue;
    await createUser(db, { ...account, password: DEMO_PASSWORD, demo: true });
    created = true;
  }
  return created ? 'created' : 'unchanged';
}
