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

/** Names say whose demo account it is, not the role: the header shows the role label beside the name. */
export const DEMO_ACCOUNTS: readonly { email: string; name: string; role: Role; scope: string; description: string }[] = [
  { email: 'adviseur@demo.nl', name: 'Demo-gebruiker GGD Amsterdam', role: 'ggd-adviseur', scope: 'GG3406', description: 'GGD-adviseur, GGD Amsterdam: scholenlijst en planning' },
  { email: 'beleid@demo.nl', name: 'Demo-gebruiker gemeenten', role: 'beleidsmedewerker', scope: 'GM0363,GM0599,GM0344', description: 'Beleidsmedewerker, gemeenten Amsterdam, Rotterdam en Utrecht: alleen groepscijfers' },
  { email: 'coordinator@demo.nl', name: 'Demo-gebruiker landelijk', role: 'coordinator', scope: 'NL', description: 'Programmacoördinator, landelijk (niet de coördinator van een school): groepscijfers en exports' },
  { email: 'beheerder@demo.nl', name: 'Demo-gebruiker beheer', role: 'beheerder', scope: 'NL', description: 'Beheerder: gebruikers en auditlog' },
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
    const exists = await db.kysely.selectFrom('app_user').select(['id', 'name', 'demo']).where('email', '=', account.email).executeTakeFirst();
    if (exists) {
      // A demo account made by an older version gets the current name.
      if (exists.demo === 1 && exists.name !== account.name) await db.kysely.updateTable('app_user').set({ name: account.name }).where('id', '=', exists.id).execute();
      continue;
    }
    await createUser(db, { ...account, password: DEMO_PASSWORD, demo: true });
    created = true;
  }
  return created ? 'created' : 'unchanged';
}
