import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

/**
 * A phone (390 px): no page of any role is wider than the screen, and the charts that drew nothing or
 * were crushed on a phone draw their bars.
 */
test.use({ viewport: { width: 390, height: 844 } });

const ROLES = {
  adviseur: { email: DEMO.adviseur, pages: ['/', '/?regio=GG3406', '/regio', '/vergelijken', '/gelijke-kansen', '/partners', '/planning', '/rapporten', '/methode', '/account'] },
  beleid: { email: DEMO.beleid, pages: ['/', '/vergelijken', '/gelijke-kansen', '/partners', '/rapporten', '/methode', '/toegankelijkheid'] },
  coordinator: { email: DEMO.coordinator, pages: ['/', '/?regio=GG2514&indicator=capacityFtePer100', '/regio/GG2514', '/vergelijken?gemeenten=GM0363,GM0599,GM0344', '/gelijke-kansen', '/partners?regio=GG4607', '/rapporten'] },
  beheerder: { email: DEMO.beheerder, pages: ['/', '/beheer', '/importeren', '/account'] },
} as const;

/** The page's width, and the innermost element whose content is wider than the screen (for the message). */
async function overflow(page: Page): Promise<{ width: number; culprit: string }> {
  return page.evaluate(() => {
    const width = document.documentElement.scrollWidth;
    const wide = Array.from(document.querySelectorAll('main *, header *, footer *'))
      .filter((el) => el.scrollWidth > window.innerWidth && getComputedStyle(el).overflowX === 'visible');
    const el = wide[wide.length - 1];
    return { width, culprit: el ? `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} "${(el.textContent ?? '').slice(0, 40)}"` : '' };
  });
}

for (const [role, { email, pages }] of Object.entries(ROLES)) {
  test(`phone: no page is wider than the screen for ${role}`, async ({ page }) => {
    test.setTimeout(180_000);
    await login(page, email);
    for (const url of pages) {
      await page.goto(url);
      await waitForData(page);
      const { width, culprit } = await overflow(page);
      expect(width, `${url} is ${width} px wide on a 390 px screen; widest: ${culprit}`).toBeLessThanOrEqual(390);
    }
  });
}

test('phone: the funnel and the 16-principles chart draw their bars', async ({ page }) => {
  await login(page, DEMO.coordinator);
  await page.goto('/?regio=GG3406');
  await waitForData(page);
  const funnel = page.locator('section[aria-labelledby="funnel-titel"] [data-rendered]').first();
  await funnel.scrollIntoViewIfNeeded();
  // Bars are SVG paths wider than a sliver inside the chart.
  const barWidths = async (chart: ReturnType<Page['locator']>) => chart.evaluate((el) =>
    Array.from(el.querySelectorAll('path')).map((p) => p.getBoundingClientRect()).filter((r) => r.height > 4 && r.height < 60).map((r) => r.width));
  expect((await barWidths(funnel)).filter((w) => w > 20).length).toBeGreaterThanOrEqual(3);

  await page.goto('/regio/GG3406');
  await waitForData(page);
  const profile = page.getByRole('img', { name: /implementatiegraad per leidend principe/ });
  await profile.scrollIntoViewIfNeeded();
  const widths = (await barWidths(profile)).filter((w) => w > 1);
  // 16 principles × (region, Nederland), each bar given at least a third of the screen at 50 %.
  expect(widths.length).toBeGreaterThanOrEqual(32);
  expect(Math.max(...widths)).toBeGreaterThan(120);
});

test('phone: the menu folds behind a button, opens and closes by keyboard, and the first figure is on the first screen', async ({ page }) => {
  await login(page, DEMO.coordinator);
  await page.goto('/');
  await waitForData(page);
  const first = await page.locator('.key-figure').first().boundingBox();
  expect(first!.y + first!.height, 'the first key figure ends within the first 844 px').toBeLessThanOrEqual(844);

  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  const toggle = nav.getByRole('button', { name: 'Menu' });
  const items = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(items).toBeHidden();

  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(items).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(items.getByRole('link', { name: 'Overzicht' })).toBeFocused();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), 'axe with the menu open').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(items).toBeHidden();
  await expect(toggle).toBeFocused();

  // Choosing a page folds the menu again.
  await page.keyboard.press('Space');
  await items.getByRole('link', { name: 'Methode' }).click();
  await expect(page.locator('main h1')).toContainText('Methode');
  await expect(items).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});

test('the header names the role once, beside the name (wide screen)', async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  await login(page, DEMO.coordinator);
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('button', { name: 'Menu' })).toBeHidden();
  const user = ((await page.locator('.site-user').textContent()) ?? '').replace(/\s+/g, ' ');
  expect(user).toContain('programmacoördinator (regio/landelijk)');
  expect(user.match(/programmacoördinator/gi), user).toHaveLength(1);
});
