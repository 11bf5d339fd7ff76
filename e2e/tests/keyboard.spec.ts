import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

/** The overview by keyboard: the map's areas, a drill-down that keeps the focus, the tabs, and finding a municipality by name. */
test.beforeEach(async ({ page }) => {
  await login(page, DEMO.coordinator);
  await page.goto('/');
  await waitForData(page);
});

test('map areas are reachable with the arrow keys and open with Enter; focus lands on the new map', async ({ page }) => {
  const map = page.getByTestId('map-chart');
  await map.focus();
  await page.keyboard.press('ArrowRight');
  // Alphabetically first region, read out with its figure.
  await expect(page.getByTestId('map-chart-announcement')).toHaveText(/^Dienst Gezondheid & Jeugd ZHZ: \d+%\. Enter om te openen\.$/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('map-chart-announcement')).toHaveText(/^Veiligheids- en Gezondheidsregio Gelderland-Midden: /);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/regio=GG\d{4}/);
  await waitForData(page);
  await expect(page.locator('#kaart-titel')).toBeFocused();
  await expect(page.locator('#kaart-titel')).toContainText('per gemeente in Veiligheids- en Gezondheidsregio Gelderland-Midden');
});

test('a drill-down from the table keeps the keyboard focus on the new content', async ({ page }) => {
  await page.getByRole('button', { name: 'GGD Amsterdam: bekijk de gemeenten' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/regio=GG3406/);
  await expect(page.locator('#kaart-titel')).toBeFocused();
  await page.getByRole('button', { name: 'Amstelveen: toon kerncijfers' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/gemeente=GM0362/);
  await expect(page.locator('#kerncijfers')).toBeFocused();
});

test('chart and table tabs follow the ARIA tabs pattern', async ({ page }) => {
  const tabs = page.getByTestId('capacity-scatter').getByRole('tablist');
  const chart = tabs.getByRole('tab', { name: 'Grafiek' });
  const table = tabs.getByRole('tab', { name: 'Tabel' });
  await expect(table).toHaveAttribute('tabindex', '-1');
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  await expect(table).toBeFocused();
  await expect(table).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('capacity-scatter').getByRole('table')).toBeVisible();
  await page.keyboard.press('Home');
  await expect(chart).toBeFocused();
  await expect(chart).toHaveAttribute('aria-selected', 'true');
});

test('the first page finds a municipality by name and shows the data date', async ({ page }) => {
  await expect(page.getByTestId('data-date')).toHaveText(/^Peildatum gegevens: \d{1,2} \w+ \d{4}$/);
  const search = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  await search.fill('Zwolle');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/regio=GG\d{4}.*gemeente=GM0193|gemeente=GM0193.*regio=GG\d{4}/);
  await expect(page.locator('h1')).toHaveText('Overzicht: gemeente Zwolle');
  await expect(page.locator('#kerncijfers')).toBeFocused();
});

test('axe: the keyboard map, the search and the finding add no violations', async ({ page }) => {
  await page.getByTestId('map-chart').focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('Zw');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
});
