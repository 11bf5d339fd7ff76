import path from 'node:path';
import { test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

const dir = process.env.SCREENSHOT_DIR;
const PAGES = [
  ['01-overzicht', '/'],
  ['02-overzicht-regio', '/?regio=GG2514'],
  ['03-regio', '/regio/GG2514'],
  ['04-vergelijken', '/vergelijken?gemeenten=GM0363,GM0599,GM0344'],
  ['05-gelijke-kansen', '/gelijke-kansen'],
  ['06-partners', '/partners?regio=GG4607'],
  ['07-planning', '/planning?regio=GG3406'],
  ['08-methode', '/methode'],
  ['09-toegankelijkheid', '/toegankelijkheid'],
] as const;

test.describe('screenshots', () => {
  // Screenshots are a review aid written outside the repository, so they only run when asked for.
  test.skip(!dir, 'set SCREENSHOT_DIR to write page screenshots');
  for (const [name, url] of PAGES) {
    test(name, async ({ page }) => {
      await login(page, url.startsWith('/planning') ? DEMO.adviseur : DEMO.coordinator);
      await page.goto(url);
      await waitForData(page);
      await page.screenshot({ path: path.join(dir!, `${name}.png`), fullPage: true });
    });
  }
});
