import { expect, test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

test('copy link puts the address of the current view, with its filters, on the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  await login(page, DEMO.coordinator);
  await page.goto('/?regio=GG3406&sector=po&voorwaarde=leadership');
  await waitForData(page);
  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'gekopieerd' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(new URL(copied).searchParams.get('voorwaarde')).toBe('leadership');
  expect(new URL(copied).searchParams.get('sector')).toBe('po');
});
