import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEMO, cellText, login, parseDutch, waitForData } from './helpers.ts';

test.describe('implementation conditions', () => {
  test('a coordinator sees per municipality the share of schools meeting a condition, its trend and its association with implementation', async ({ page }) => {
    await login(page, DEMO.coordinator);
    await page.goto('/?regio=GG3406');
    await waitForData(page);
    const section = page.getByTestId('conditions-section');
    await expect(section.getByRole('heading', { level: 2 })).toContainText('Voorwaarden voor implementatie');

    // The trend table: one row per condition, one column per school year, shares as percentages.
    const trend = section.getByTestId('conditions-trend').locator('tbody tr');
    await expect(trend).toHaveCount(7);
    await expect(trend.first().locator('th, td').first()).toHaveText('Kartrekker');
    const leadership = trend.filter({ hasText: 'Betrokken schoolleiding' }).locator('td').last();
    const share = parseDutch(await cellText(page, leadership));
    expect(share).not.toBeNull();
    expect(share!).toBeGreaterThan(0);
    expect(share!).toBeLessThan(100);

    // Per municipality, for the chosen condition (kept in the URL), with the year before beside it.
    const areas = section.getByTestId('conditions-areas');
    await expect(areas.locator('tbody tr').filter({ hasText: 'Amsterdam' })).toHaveCount(1);
    await section.getByTestId('condition-select').selectOption('parentSupport');
    await expect(page).toHaveURL(/voorwaarde=parentSupport/);
    await expect(areas.locator('thead')).toContainText('Draagvlak bij ouders');
    await expect(areas.locator('thead')).toContainText('Verschil (pp)');
    const amsterdam = areas.locator('tbody tr').filter({ hasText: 'Amsterdam' }).locator('td');
    expect(parseDutch(await cellText(page, amsterdam.nth(0)))).not.toBeNull();

    // The association: worded as such, with the interval and the number of schools in both groups.
    const association = section.getByTestId('conditions-association');
    await expect(association).toContainText('samenhang tussen scholen, geen oorzaak');
    const kartrekker = association.locator('tbody tr').filter({ hasText: 'Kartrekker' });
    const cells = kartrekker.locator('td');
    const header = await association.locator('thead th').allTextContents();
    const col = (name: string) => header.findIndex((h) => h.startsWith(name));
    const difference = parseDutch((await cellText(page, kartrekker.locator('th, td').nth(col('Verschil')))).replace(/^\+|\s*pp$/g, ''));
    expect(difference).not.toBeNull();
    // The demo builds the seed's direction in: schools with a kartrekker implement further.
    expect(difference!).toBeGreaterThan(0);
    expect(parseDutch(await cellText(page, kartrekker.locator('th, td').nth(col('Scholen met'))))).toBeGreaterThanOrEqual(5);
    await expect(kartrekker.locator('th, td').nth(col('95%-interval'))).toContainText('tot');
    expect(await cells.count()).toBeGreaterThan(3);
  });

  test('the per-municipality table downloads as CSV with the numbers of the screen, for every condition shown', async ({ page }) => {
    await login(page, DEMO.coordinator);
    await page.goto('/?regio=GG3406');
    await waitForData(page);
    const section = page.getByTestId('conditions-section');
    const group = section.getByTestId('export-voorwaarden');
    const [download] = await Promise.all([page.waitForEvent('download'), group.getByRole('link', { name: /als CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^voorwaarden-ggd-amsterdam-\d{4}-\d{4}-all\.csv$/);
    const text = readFileSync(await download.path()).toString('utf8');
    const lines = text.slice(1).split('\r\n');
    const csvHeader = lines[0]!.split(';');
    expect(text).toContain('Synthetische demonstratiegegevens');

    const areas = section.getByTestId('conditions-areas');
    let compared = 0;
    for (const condition of ['kartrekker', 'leadership', 'ggdContact']) {
      await section.getByTestId('condition-select').selectOption(condition);
      // The screen's headers: "<voorwaarde>, <jaar>" and "<jaar ervoor>"; the file's: "<voorwaarde>, <jaar> (%)" for both.
      const headers = areas.locator('thead th');
      const header = async (i: number) => (await cellText(page, headers.nth(i))).replace(/[↕↑↓]/g, '').trim();
      const [now, before] = [await header(1), await header(2)];
      const label = now!.slice(0, now!.lastIndexOf(', '));
      const nowCol = csvHeader.indexOf(`${now} (%)`);
      const beforeCol = csvHeader.indexOf(`${label}, ${before} (%)`);
      expect(nowCol, `${now} in ${csvHeader.join(';')}`).toBeGreaterThan(1);
      expect(beforeCol).toBeGreaterThan(1);
      const rows = areas.locator('tbody tr');
      for (let i = 0; i < (await rows.count()); i++) {
        const name = await cellText(page, rows.nth(i).locator('th, td').first());
        const fields = lines.find((l) => l.split(';')[1] === name)!.split(';');
        for (const [cell, col] of [[rows.nth(i).locator('td').nth(0), nowCol], [rows.nth(i).locator('td').nth(1), beforeCol]] as const) {
          const screen = await cellText(page, cell);
          const file = fields[col]!;
          if (screen === '.' || screen === '–') expect(file, `${name} ${label}`).toBe(screen);
          else expect(Number(file.replace(',', '.')), `${name} ${label}`).toBe(parseDutch(screen));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(6);
  });

  test('the Methode page lists every condition with its meaning and source, and the section says when a school meets it in the same words', async ({ page }) => {
    await login(page, DEMO.coordinator);
    await page.goto('/?regio=GG3406');
    await waitForData(page);
    const note = page.getByTestId('conditions-section').locator('details', { has: page.getByText('Wanneer voldoet een school?') });
    await note.locator('summary').click();
    const inSection = (await note.locator('li').allTextContents()).map((t) => t.trim());
    expect(inSection).toHaveLength(7);

    await page.getByRole('link', { name: 'Methode, voorwaarden voor implementatie' }).click();
    const table = page.getByTestId('method-conditions');
    await expect(page.getByRole('heading', { name: 'Voorwaarden voor implementatie' })).toBeInViewport();
    await expect(table).toBeVisible();
    await expect(table.locator('thead')).toContainText('Wanneer voldoet een school?');
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(7);
    const onMethod: string[] = [];
    for (let i = 0; i < 7; i++) {
      const [label, meaning, meets, source] = (await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.trim());
      expect(meaning!.length, label).toBeGreaterThan(20);
      expect(source, label).toMatch(/Onderbouwing/);
      onMethod.push(`${label}: ${meets}`);
    }
    expect(onMethod).toEqual(inSection);
    await expect(table).toContainText('Jansen e.a., 2023');
  });

  test('an advisor sees in Planning where the plan lands by readiness and need', async ({ page }) => {
    await login(page, DEMO.adviseur);
    await page.goto('/planning');
    await waitForData(page);
    const grid = page.getByTestId('readiness-grid');
    await expect(grid).toContainText('gereedheid × behoefte');
    const planned = async () => {
      let inPlan = 0;
      for (const readiness of ['laag', 'midden', 'hoog', 'onbekend']) {
        for (const need of ['hoog', 'overig']) {
          const [p] = (await grid.getByTestId(`readiness-${readiness}-${need}`).textContent())!.split('/').map((x) => Number(x.trim()));
          inPlan += p!;
        }
      }
      return inPlan;
    };
    // Every school the plan reaches is in one box of the grid.
    const reached = Number((await page.getByTestId('key-figure-reached').locator('.key-figure__value').textContent())!.replace(/\./g, ''));
    await expect.poll(planned).toBe(reached);
    // Fewer hours: fewer schools, and the grid follows the plan.
    await page.getByLabel('Beschikbare uren (leeg = uren van de regio)').fill('20');
    await page.getByLabel('Beschikbare uren (leeg = uren van de regio)').press('Enter');
    await expect(page.getByTestId('key-figure-reached').locator('.key-figure__value')).toHaveText('2');
    await expect.poll(planned).toBe(2);
  });
});
