import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { REAL_DATA_BEHEERDER, login, waitForData } from './helpers.ts';
import { HEADER, REGION, YEAR, axe, capacity, uploadCapacity } from './import-support.ts';

/**
 * The beheerder loads real data through the web page into a database that was never seeded (the
 * echte-gegevens server of playwright.config.ts): the example schools and capacity first, then a
 * file with an error is refused with the error in a table, the fixed file is imported and changes a
 * dashboard figure, and undoing the run brings the figure back.
 */

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/examples');
const BY = `${REAL_DATA_BEHEERDER.name} (${REAL_DATA_BEHEERDER.email})`;

async function openImportPage(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gegevens importeren' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gegevens importeren' })).toBeVisible();
  await waitForData(page);
}

async function uploadExample(page: Page, label: string, kind: string): Promise<void> {
  await page.getByLabel('Soort gegevens').selectOption({ label });
  await page.getByLabel('Bestand', { exact: true }).setInputFiles(path.join(EXAMPLES, `${kind}.csv`));
  await page.getByRole('button', { name: 'Importeren' }).click();
  await expect(page.getByRole('status').filter({ hasText: `geslaagd` })).toContainText(`uit ${kind}.csv`);
}

test.describe.configure({ mode: 'serial' });

test('beheerder uploads a file with an error, fixes it, sees the figure change and undoes the import', async ({ page }) => {
  await login(page, REAL_DATA_BEHEERDER.email, REAL_DATA_BEHEERDER.password);
  await openImportPage(page);
  await expect(page.getByText('Er is nog niets geïmporteerd.')).toBeVisible();
  await uploadExample(page, 'Scholen (schoollocaties)', 'schools');
  await uploadExample(page, 'Adviescapaciteit per GGD-regio', 'capacity');
  const before = await capacity(page);
  expect(before.advisorFte).toBeCloseTo(6.4, 6);
  const newFte = 9.3;

  // A value that is not a number: refused, the problem in the table, nothing changed.
  await uploadCapacity(page, 'capaciteit-fout.csv', `${HEADER}\n${REGION};${YEAR};zes;4800\n`);
  const problems = page.getByTestId('problems-table');
  await expect(problems.locator('tbody tr')).toHaveCount(1);
  const cells = problems.locator('tbody tr').first().locator('td');
  await expect(cells.nth(0)).toHaveText('2');
  await expect(cells.nth(1)).toHaveText('adviseur_fte');
  await expect(cells.nth(2)).toContainText('zes');
  await expect(page.getByRole('alert').filter({ hasText: 'Er is niets geïmporteerd' })).toContainText('1 probleem in capaciteit-fout.csv');
  const history = page.getByTestId('import-history');
  const failedRow = history.locator('tbody tr').first();
  await expect(failedRow).toContainText('capaciteit-fout.csv');
  await expect(failedRow).toContainText('mislukt: 1 probleem');
  await expect(failedRow).toContainText(REAL_DATA_BEHEERDER.name);
  // The complete list as CSV for Excel.
  const csv = await page.request.get((await page.getByRole('link', { name: /^Alle 1 probleem downloaden/ }).getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  const csvText = (await csv.text()).replace(/^\uFEFF/, '');
  expect(csvText.split('\r\n')[0]).toBe('rij;kolom;melding');
  expect(csvText.split('\r\n')[1]).toMatch(/^2;adviseur_fte;.*zes/);
  expect(await capacity(page)).toEqual(before);
  await axe(page);

  // The fixed file: imported, and the figure on the dashboard follows.
  await uploadCapacity(page, 'capaciteit.csv', `${HEADER}\n${REGION};${YEAR};${String(newFte).replace('.', ',')};4800\n`);
  const success = page.getByRole('status').filter({ hasText: 'geslaagd' });
  await expect(success).toContainText('1 rijen uit capaciteit.csv (0 nieuw, 1 gewijzigd, 0 ongewijzigd)');
  const runId = /Import (\d+) geslaagd/.exec((await success.textContent())!)![1]!;
  const after = await capacity(page);
  expect(after.advisorFte).toBeCloseTo(newFte, 6);
  expect(after.advisorFtePer100Schools).not.toEqual(before.advisorFtePer100Schools);
  const successRow = history.locator('tbody tr').first();
  await expect(successRow.locator('th')).toHaveText(runId);
  await expect(successRow).toContainText('geslaagd: 0 nieuw, 1 gewijzigd');

  // Undo, after confirming in a dialog: the figure is back.
  await successRow.getByRole('button', { name: `Ongedaan maken import ${runId}` }).click();
  const dialog = page.getByRole('dialog', { name: `Import ${runId} ongedaan maken?` });
  await expect(dialog).toBeVisible();
  await axe(page);
  await dialog.getByRole('button', { name: 'Ja, ongedaan maken' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Import ${runId} (` })).toContainText('is ongedaan gemaakt: 0 rijen verwijderd en 1 rijen teruggezet');
  await expect(dialog).toBeHidden();
  await expect(successRow).toContainText('ongedaan gemaakt');
  await expect(successRow.getByRole('button')).toHaveCount(0);
  expect(await capacity(page)).toEqual(before);

  // The audit log names who imported and who undid it.
  await page.goto('/beheer');
  const audit = page.getByTestId('audit-table');
  await expect(audit).toContainText(`import ${runId}, 0 nieuw, 1 gewijzigd) door ${BY}`);
  await expect(audit).toContainText(`import ${runId} (capacity capaciteit.csv) ongedaan gemaakt door ${BY}`);
  await expect(audit).toContainText('import mislukt');
});

test('the import page works on a phone: everything reachable, no serious accessibility violations', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await login(page, REAL_DATA_BEHEERDER.email, REAL_DATA_BEHEERDER.password);
  await page.goto('/importeren');
  await waitForData(page);
  await expect(page.getByLabel('Soort gegevens')).toBeVisible();
  await expect(page.getByLabel('Bestand', { exact: true })).toBeVisible();
  // With a problems table and a history row on screen:
  await uploadCapacity(page, 'capaciteit-met-een-lange-naam-voor-de-telefoon.csv', `${HEADER}\n${REGION};${YEAR};6,4;veel\n`);
  await expect(page.getByTestId('problems-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('import-history').locator('tbody tr').first()).toContainText('mislukt');
  // The page itself does not scroll sideways; wide tables scroll inside their own region.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await axe(page);
});
