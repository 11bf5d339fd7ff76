import { expect, test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';
import { HEADER, REGION, YEAR, axe, capacity, uploadCapacity } from './import-support.ts';

/**
 * The import page on the demo server: real data may not go into the synthetic demo database, so an
 * upload is refused as a whole, with the command that removes the demo data, and the refusal is in
 * the history. The full journey with real data runs on a database that was never seeded
 * (import-real-data.spec.ts).
 */

test('an upload into the demo database is refused, naming db:remove-demo, and recorded in the history', async ({ page }) => {
  await login(page, DEMO.beheerder);
  const before = await capacity(page);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gegevens importeren' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gegevens importeren' })).toBeVisible();
  await waitForData(page);

  await uploadCapacity(page, 'capaciteit.csv', `${HEADER}\n${REGION};${YEAR};9,9;4800\n`);
  const refusal = page.getByTestId('import-refused');
  await expect(refusal.getByRole('alert')).toContainText('Import geweigerd: er is niets geïmporteerd uit capaciteit.csv.');
  await expect(refusal).toContainText('synthetische demodata');
  await expect(refusal).toContainText('npm run db:remove-demo');
  await expect(page.getByTestId('problems-table')).toHaveCount(0);
  const row = page.getByTestId('import-history').locator('tbody tr').first();
  await expect(row).toContainText('capaciteit.csv');
  await expect(row).toContainText('mislukt');
  await expect(row).toContainText('Demo-gebruiker beheer');
  await expect(row.getByRole('button')).toHaveCount(0);
  expect(await capacity(page)).toEqual(before);
  await axe(page);

  await page.goto('/beheer');
  await expect(page.getByTestId('audit-table')).toContainText('capacity capaciteit.csv: geweigerd (niets geschreven) door Demo-gebruiker beheer (beheerder@demo.nl)');
});

test('only the beheerder may upload', async ({ page }) => {
  await login(page, DEMO.coordinator);
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gegevens importeren' })).toHaveCount(0);
  const session = await (await page.request.get('/trpc/auth.session')).json() as { result: { data: { csrfToken: string } } };
  const res = await page.request.post('/api/import/capacity', {
    headers: { 'x-csrf-token': session.result.data.csrfToken, 'content-type': 'application/octet-stream', 'x-bestandsnaam': 'c.csv' },
    data: Buffer.from(`${HEADER}\n${REGION};${YEAR};1;1\n`),
  });
  expect(res.status()).toBe(403);
  const noCsrf = await page.request.post('/api/import/capacity', { headers: { 'content-type': 'application/octet-stream' }, data: Buffer.from(HEADER) });
  expect(noCsrf.status()).toBe(403);
});
