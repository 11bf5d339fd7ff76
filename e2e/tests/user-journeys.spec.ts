import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO, login, waitForData } from './helpers.ts';

/**
 * The corrected path of each user group, end to end: the advisor plans with Dutch decimals, the
 * policymaker moves between their own municipalities and sees the capacity finding without ever
 * being offered a refusal, the coordinator prints and exports a region report.
 */

async function api<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status(), procedure).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

const YEAR = '2024-2025';

test('advisor plans with "0,5" fte: read as a half, and unreadable input is refused in Dutch', async ({ page }) => {
  await login(page, DEMO.adviseur);
  await page.goto(`/planning?jaar=${YEAR}`);
  await expect(page).toHaveURL(/regio=GG3406/);
  await waitForData(page);
  const fte = page.getByLabel('Wat als de formatie verandert (fte erbij of eraf)');
  await fte.fill('0,5');
  await fte.press('Enter');
  await expect(page).toHaveURL(/fte=0\.5(&|$)/);
  await expect(fte).toHaveValue('0,5');

  // The plan on screen is the server's plan for half an fte more, not for five: the hours to
  // spread differ by 4,5 fte, whether or not either plan already reaches every school.
  type Plan = { coverage: { schools: number; schoolsReached: number }; budget: { fteDelta: number; availableHours: number } };
  const half = await api<Plan>(page, 'planning.plan', { regionCode: 'GG3406', schoolYear: YEAR, fteDelta: 0.5 });
  const five = await api<Plan>(page, 'planning.plan', { regionCode: 'GG3406', schoolYear: YEAR, fteDelta: 5 });
  const reached = page.getByTestId('key-figure-reached');
  await expect(reached.locator('.key-figure__value')).toHaveText(half.coverage.schoolsReached.toLocaleString('nl-NL'));
  expect(half.budget.fteDelta).toBe(0.5);
  expect(half.budget.availableHours).toBeLessThan(five.budget.availableHours);

  // Something that is not a number is refused with a Dutch message, and the plan stays as it was.
  await fte.fill('0,5,');
  await fte.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Niet gebruikt' })).toContainText('verwacht een getal');
  await expect(fte).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/fte=0\.5(&|$)/);
  await expect(reached.locator('.key-figure__value')).toHaveText(half.coverage.schoolsReached.toLocaleString('nl-NL'));
});

test('policymaker switches between own municipalities, sees the capacity finding, and is never offered a refusal', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, DEMO.beleid);
  await page.goto('/');
  await expect(page).toHaveURL(/gemeente=GM\d{4}/);
  await waitForData(page);
  const switcher = page.getByTestId('filter-municipality');
  const names = (await switcher.locator('option').allTextContents()).filter((n) => n !== 'Kies een gemeente');
  expect(names).toEqual(['Amsterdam', 'Rotterdam', 'Utrecht']);
  // The heading names the municipality, never its code.
  await expect(page.locator('h1')).toHaveText(/^Overzicht: gemeente (Amsterdam|Rotterdam|Utrecht)$/);
  await switcher.selectOption({ label: 'Utrecht' });
  await expect(page).toHaveURL(/gemeente=GM0344/);
  await expect(page.locator('h1')).toHaveText('Overzicht: gemeente Utrecht');
  await waitForData(page);

  // The central finding: capacity beside implementation first, and every region in the scatter with its trend line.
  const tiles = page.getByTestId('key-figures').first().locator('.key-figure__label');
  await expect(tiles.nth(0)).toHaveText('Implementatiegraad');
  await expect(tiles.nth(1)).toHaveText(/^Adviescapaciteit per 100 scholen/);
  const finding = page.getByTestId('capacity-scatter');
  await expect(finding.getByRole('heading')).toContainText('Kernbevinding');
  await expect(finding).toContainText(/r = 0,\d\d over 25 regio's/);
  await expect(finding).toContainText('GGD Regio Utrecht');

  // Regions are shown but not offered as links or buttons: this account may not open them.
  await expect(page.getByRole('button', { name: /bekijk de gemeenten/ })).toHaveCount(0);
  await expect(page.locator('a[href^="/regio"]')).toHaveCount(0);
  await page.getByTestId('map-chart').click({ position: { x: 300, y: 300 } });
  await expect(page).toHaveURL(/gemeente=GM0344/);
  await expect(page).not.toHaveURL(/regio=/);

  // Every link on every page of the menu leads somewhere this account may see.
  const menu = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  const seen = new Set<string>();
  for (const start of menu) {
    await page.goto(start);
    await waitForData(page);
    await expect(page.getByText(/geen toegang|buiten uw account/i), start).toHaveCount(0);
    const hrefs = await page.locator('main a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const href of hrefs) seen.add(href);
  }
  for (const href of seen) {
    // Downloads (CSV, Excel) are links too: each must be answered, not refused.
    if (href.startsWith('/api/')) {
      expect((await page.request.get(href)).status(), href).toBe(200);
      continue;
    }
    await page.goto(href);
    await waitForData(page);
    await expect(page.getByText(/geen toegang|buiten uw account/i), href).toHaveCount(0);
  }
});

test('coordinator prints a region page and exports its report as PDF and Excel, with no empty or refused pages', async ({ page }) => {
  test.setTimeout(240_000);
  await login(page, DEMO.coordinator);

  // Printing from the browser: whole tables, no menu or controls.
  await page.goto(`/regio/GG3406?jaar=${YEAR}`);
  await waitForData(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeHidden();
  const scroller = page.locator('.data-table__scroll').first();
  expect(await scroller.evaluate((el) => getComputedStyle(el).maxHeight)).toBe('none');
  expect(await scroller.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
  await page.emulateMedia({ media: 'screen' });

  await page.goto(`/rapporten?regio=GG3406&jaar=${YEAR}`);
  await page.getByTestId('report-generate').click();
  const link = page.getByTestId('report-download');
  await expect(link).toBeVisible({ timeout: 150_000 });
  const [pdf] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-journey-'));
  const file = path.join(dir, 'rapport.pdf');
  writeFileSync(file, readFileSync(await pdf.path()));
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  expect(pages).toBeGreaterThanOrEqual(5);
  for (let i = 1; i <= pages; i++) {
    const text = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), '-layout', file, '-'], { encoding: 'utf8' });
    // Page header and footer alone are about 100 characters: a page with content has far more.
    expect(text.replace(/\s+/g, ' ').trim().length, `page ${i} of ${pages} is (nearly) empty`).toBeGreaterThan(250);
    expect(text, `page ${i}`).not.toMatch(/buiten uw toegang|geen toegang/i);
  }
  // Chart axes in the PDF are Dutch: a decimal comma, never "0.5".
  const all = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(all).toMatch(/\b0,\d/);
  expect(all).not.toMatch(/(^|\s)0\.\d+(\s|$)/m);

  await page.getByLabel(/Excel/).check();
  await page.getByTestId('report-generate').click();
  await expect(link).toHaveText(/\.xlsx$/, { timeout: 150_000 });
  const [xlsx] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  expect(wb.worksheets.length).toBeGreaterThan(2);
  expect(wb.worksheets[0]!.name).toBe('Kerncijfers');
  for (const ws of wb.worksheets) expect(ws.rowCount, ws.name).toBeGreaterThan(1);
  const values = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat()).join(' ');
  expect(values).not.toMatch(/geen toegang|buiten uw toegang/i);
});
