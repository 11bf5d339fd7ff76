import { expect, type Page } from '@playwright/test';

/** Waits until no loading placeholder is left on the page (data and charts are in). */
export async function waitForData(page: Page): Promise<void> {
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 30_000 });
}

/** Text of a table cell, with the visually hidden explanation of "." removed. */
export async function cellText(page: Page, locator: ReturnType<Page['locator']>): Promise<string> {
  const text = await locator.evaluate((el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
    return clone.textContent ?? '';
  });
  return text.trim();
}

/** Parses a Dutch number as shown ("1.234,5", "45%"), or null for "." and "–". */
export function parseDutch(text: string): number | null {
  const t = text.replace('%', '').replace(/\s/g, '').replace(/\./g, '').replace(',', '.');
  if (t === '' || t === '–') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The demo accounts (they exist because the e2e server loads the synthetic demo data). */
export const DEMO = {
  adviseur: 'adviseur@demo.nl',
  beleid: 'beleid@demo.nl',
  coordinator: 'coordinator@demo.nl',
  beheerder: 'beheerder@demo.nl',
} as const;
export const DEMO_PASSWORD = 'demo-welbevinden';

/** The one account on the e2e server with a database that was never seeded (the echte-gegevens project). */
export const REAL_DATA_BEHEERDER = { email: 'beheerder@ggd-e2e.nl', password: 'e2e-echte-gegevens-2026', name: 'Echte beheerder' } as const;

/** Logs in through the login page, as a person would, and waits until the dashboard shows who is logged in. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
}
