import { expect, test, type Page } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

/**
 * Regional users and policymakers open every menu page on their own area: no page greets them with
 * "U hebt geen toegang tot dit gebied", and the area selects offer nothing they cannot open.
 */
async function visitEveryMenuPage(page: Page): Promise<string[]> {
  const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
  const labels = await menu.getByRole('link').allTextContents();
  expect(labels.length).toBeGreaterThan(4);
  const urls: string[] = [];
  for (const label of labels) {
    await menu.getByRole('link', { name: label, exact: true }).click();
    await waitForData(page);
    await expect(page.getByText(/geen toegang/i), `${label}: ${page.url()}`).toHaveCount(0);
    urls.push(new URL(page.url()).pathname + new URL(page.url()).search);
  }
  return urls;
}

test('the demo advisor opens every menu page on their own region', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, DEMO.adviseur);
  const urls = await visitEveryMenuPage(page);
  for (const path of ['/?', '/gelijke-kansen?', '/partners?', '/planning?', '/rapporten?']) {
    expect(urls.find((u) => u.startsWith(path)), path).toMatch(/regio=GG3406/);
  }
  expect(urls).toContain('/regio/GG3406');
  // The widest-gaps section is there, over the advisor's region; nationwide is not offered. Whether
  // any municipality of the region has both bands published depends on the linked suppression, so
  // the list or its explanation is shown, and a list's export carries the advisor's region.
  await page.goto('/gelijke-kansen');
  await waitForData(page);
  await expect(page.getByLabel('GGD-regio').locator('option')).toHaveText(['GGD Amsterdam']);
  await expect(page.getByRole('heading', { name: 'Gemeenten met de grootste kloof' })).toBeVisible();
  const table = page.getByRole('table', { name: /grootste kloof/ });
  await expect(table.or(page.getByText(/Geen gemeente heeft genoeg scholen in band 1 én band 4/))).toBeVisible();
  if (await table.isVisible()) {
    await expect(page.getByTestId('export-grootste-kloof').getByRole('link', { name: /CSV/ })).toHaveAttribute('href', /regio=GG3406/);
  }
});

test('the widest-gaps list of the nation exports and downloads for the coordinator', async ({ page }) => {
  await login(page, DEMO.coordinator);
  await page.goto('/gelijke-kansen');
  await waitForData(page);
  await expect(page.getByRole('table', { name: /grootste kloof/ })).toBeVisible();
  const csv = page.getByTestId('export-grootste-kloof').getByRole('link', { name: /CSV/ });
  await expect(csv).toHaveAttribute('href', /grootste-kloof/);
  expect((await page.request.get((await csv.getAttribute('href'))!)).status()).toBe(200);
});

test('the demo policymaker opens every menu page on their own municipality', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, DEMO.beleid);
  const urls = await visitEveryMenuPage(page);
  // The region page breaks regions down per municipality: not in a policymaker's menu.
  expect(urls.some((u) => u.startsWith('/regio'))).toBe(false);
  // Their municipalities are Amsterdam (GM0363, GGD Amsterdam), Rotterdam (GM0599) and Utrecht (GM0344).
  for (const path of ['/?', '/gelijke-kansen?', '/partners?']) expect(urls.find((u) => u.startsWith(path)), path).toMatch(/gemeente=GM(0363|0599|0344)/);
  expect(urls.find((u) => u.startsWith('/rapporten?'))).toMatch(/regio=GG\d{4}.*gemeente=GM(0363|0599|0344)/);

  // Partners of another own municipality, chosen from the policymaker's own list.
  await page.goto('/partners');
  await waitForData(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Amsterdam|Rotterdam|Utrecht/);
  const own = page.getByTestId('filter-municipality');
  await expect(own.locator('option')).toHaveText(['Amsterdam', 'Rotterdam', 'Utrecht']);
  await own.selectOption({ label: 'Rotterdam' });
  await expect(page).toHaveURL(/gemeente=GM0599/);
  await waitForData(page);
  await expect(page.getByText(/geen toegang/i)).toHaveCount(0);
  await expect(page.getByTestId('partner-matrix')).toContainText('Rotterdam');
  const gapsCsv = page.getByTestId('export-partnersignalen').getByRole('link', { name: /CSV/ });
  await expect(gapsCsv).toHaveAttribute('href', /gemeente=GM0599/);
  const download = await page.request.get((await gapsCsv.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(await download.text()).toContain('Rotterdam');
});
