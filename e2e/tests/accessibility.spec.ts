import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

const PAGES = [
  ['Overzicht', '/'],
  ['Overzicht, ingezoomd op een regio', '/?regio=GG2514&indicator=scanCoverage'],
  ['Regio', '/regio/GG2514'],
  ['Gemeenten vergelijken', '/vergelijken?gemeenten=GM0363,GM0599,GM0344'],
  ['Wijken vergelijken', '/wijken?gemeente=GM0344&wijken=WK034490,WK034491,WK034492'],
  ['Gelijke kansen', '/gelijke-kansen'],
  ['Partners', '/partners?regio=GG4607'],
  ['Planning', '/planning?regio=GG3406'],
  ['Methode', '/methode'],
  ['Toegankelijkheid', '/toegankelijkheid'],
] as const;

// Page screenshots are a review aid written outside the repository: with SCREENSHOT_DIR set, each page
// checked here is also saved there, as the reviewer sees it once its data is in.
const screenshotDir = process.env.SCREENSHOT_DIR;

for (const [index, [name, url]] of PAGES.entries()) {
  test(`axe: no serious or critical violations on ${name}`, async ({ page }) => {
    // Planning shows school rows: GGD advisors only. Every other page as a national coordinator.
    await login(page, url.startsWith('/planning') ? DEMO.adviseur : DEMO.coordinator);
    await page.goto(url);
    await waitForData(page);
    await expect(page.locator('.state--error')).toHaveCount(0);
    if (screenshotDir) {
      const file = `${String(index + 1).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '')}.png`;
      await page.screenshot({ path: path.join(screenshotDir, file), fullPage: true });
    }
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
  });
}

test('axe: no serious or critical violations on the login page and the admin page', async ({ page }) => {
  const check = async () => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
  };
  await page.goto('/inloggen');
  await expect(page.getByRole('heading', { name: 'Demo-accounts' })).toBeVisible();
  await check();
  await login(page, DEMO.beheerder);
  await page.goto('/beheer');
  await expect(page.getByTestId('audit-table')).toBeVisible();
  await expect(page.getByTestId('audit-table')).toContainText('ingelogd');
  await check();
});

test('skip link moves focus to the content, and every page has one h1 and the landmarks', async ({ page }) => {
  await login(page, DEMO.coordinator);
  await page.goto('/methode');
  await waitForData(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Naar de inhoud' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#inhoud$/);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
});

test('the synthetic-data banner is shown on every page', async ({ page }) => {
  await login(page, DEMO.coordinator);
  for (const [, url] of PAGES.slice(0, 3)) {
    await page.goto(url);
    await expect(page.getByRole('note', { name: 'Let op: demonstratiegegevens' })).toBeVisible();
  }
});
