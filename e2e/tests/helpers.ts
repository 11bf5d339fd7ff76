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
