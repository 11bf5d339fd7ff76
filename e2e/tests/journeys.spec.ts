import { expect, test } from '@playwright/test';
import { DEMO, cellText, login, parseDutch, waitForData } from './helpers.ts';

test.describe('user journeys', () => {
  test('advisor finds the top-priority schools of their region', async ({ page }) => {
    await login(page, DEMO.adviseur);
    await page.goto('/planning');
    // The page opens on the advisor's own region, the only one the select offers.
    await expect(page).toHaveURL(/regio=GG3406/);
    await waitForData(page);
    await expect(page.getByLabel('GGD-regio').locator('option')).toHaveText(['GGD Amsterdam']);

    // The plan lists schools in order of priority, highest first, by pseudonym only.
    const plan = page.getByTestId('plan-table');
    const planRows = plan.locator('tbody tr');
    await expect(planRows.first()).toBeVisible();
    const header = await plan.locator('thead th').allTextContents();
    const priorityCol = header.findIndex((h) => h.startsWith('Prioriteit'));
    const priorities: number[] = [];
    for (let i = 0; i < Math.min(10, await planRows.count()); i++) {
      priorities.push(parseDutch(await cellText(page, planRows.nth(i).locator('th, td').nth(priorityCol)))!);
    }
    expect(priorities.length).toBeGreaterThan(1);
    for (let i = 1; i < priorities.length; i++) expect(priorities[i]!).toBeLessThanOrEqual(priorities[i - 1]!);
    await expect(planRows.first().locator('th, td').nth(1)).not.toHaveText(/^\d{2}[A-Z]{2}\d{2}$/); // never a BRIN code

    // The full school list is sorted by the server on priority, and the top school matches the plan's first.
    const list = page.getByTestId('school-table');
    const listHeader = await list.locator('thead th').allTextContents();
    const listPriorityCol = listHeader.findIndex((h) => h.startsWith('Prioriteit'));
    const topListPriority = parseDutch(await cellText(page, list.locator('tbody tr').first().locator('th, td').nth(listPriorityCol)));
    expect(topListPriority).toBe(priorities[0]);

    // The server pages the plan: the next page goes on with the ranking, the total stays.
    const reachedText = (await page.getByTestId('key-figure-reached').locator('.key-figure__value').textContent())!;
    await expect(plan.getByText(`van ${reachedText}`)).toBeVisible();
    await plan.getByRole('button', { name: 'Volgende' }).click();
    await expect(planRows.first().locator('th, td').first()).toHaveText('11');
    await expect(plan.getByText(`Rij 11–`)).toBeVisible();

    // What-if: fewer hours means fewer schools in the plan, from its first page.
    const before = await page.getByTestId('key-figure-reached').locator('.key-figure__value').textContent();
    await page.getByLabel('Beschikbare uren (leeg = uren van de regio)').fill('20');
    await page.getByLabel('Beschikbare uren (leeg = uren van de regio)').press('Enter');
    await expect(page).toHaveURL(/uren=20/);
    await expect(page.getByTestId('key-figure-reached').locator('.key-figure__value')).toHaveText('2');
    expect(Number(before!.replace(/\./g, ''))).toBeGreaterThan(2);
    await expect(planRows).toHaveCount(2);
    await expect(planRows.first().locator('th, td').first()).toHaveText('1');
  });

  test('policymaker compares three municipalities', async ({ page }) => {
    await login(page, DEMO.beleid);
    // Policymakers see aggregates only: no planning (school rows) in their menu.
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Planning' })).toHaveCount(0);
    await page.goto('/vergelijken');
    await waitForData(page);
    const input = page.getByRole('combobox', { name: /Gemeente toevoegen/ });
    for (const name of ['Amsterdam', 'Rotterdam', 'Utrecht']) {
      await input.fill(name);
      await expect(page.getByRole('option').first()).toContainText(name);
      await input.press('Enter');
    }
    await expect(page).toHaveURL(/gemeenten=GM0363%2CGM0599%2CGM0344|gemeenten=GM0363,GM0599,GM0344/);
    await waitForData(page);
    const table = page.getByTestId('compare-table');
    // The table keeps the previous answer while the third municipality loads: wait for the full header row.
    await expect(table.locator('thead th')).toHaveCount(8);
    const headers = await table.locator('thead th').allTextContents();
    for (const name of ['Amsterdam', 'Rotterdam', 'Utrecht', 'Nederland']) expect(headers.join('|')).toContain(name);
    // Benchmarks: each municipality's region is there too.
    expect(headers.join('|')).toContain('Regio GGD Amsterdam');
    const implementationRow = table.locator('tbody tr', { hasText: 'Implementatiegraad' }).first();
    const values = await implementationRow.locator('td').allTextContents();
    expect(values.length).toBe(headers.length - 1);
    expect(values.some((v) => /\d+%/.test(v))).toBe(true);

    // Removing one and going back restores the shared link's state.
    await page.getByRole('button', { name: 'Utrecht verwijderen' }).click();
    await expect(page).not.toHaveURL(/GM0344/);
    await page.goBack();
    await expect(page).toHaveURL(/GM0344/);
    await expect(page.getByRole('button', { name: 'Utrecht verwijderen' })).toBeVisible();
  });

  test('policymaker compares their own municipalities in one click', async ({ page }) => {
    await login(page, DEMO.beleid);
    await page.goto('/vergelijken');
    await waitForData(page);
    // Offered, not applied: the page opens empty and the policymaker decides.
    await expect(page).not.toHaveURL(/gemeenten=/);
    const suggestion = page.getByRole('button', { name: /^Vergelijk uw gemeenten: / });
    for (const name of ['Amsterdam', 'Rotterdam', 'Utrecht']) await expect(suggestion).toContainText(name);
    await suggestion.click();
    for (const code of ['GM0363', 'GM0599', 'GM0344']) await expect(page).toHaveURL(new RegExp(`gemeenten=.*${code}`));
    await waitForData(page);
    await expect(page.getByTestId('compare-table').locator('thead th')).toHaveCount(8);
    // The comparison downloads for Excel with the same municipalities.
    const excel = page.getByTestId('export-vergelijking').getByRole('link', { name: /Excel/ });
    await expect(excel).toHaveAttribute('href', /gemeenten=GM/);
    const download = await page.request.get((await excel.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/vergelijking-.*\.xlsx/);
  });

  test('a national coordinator drills down on the map and reads the same numbers in the table', async ({ page }) => {
    await login(page, DEMO.coordinator);
    await page.goto('/');
    await waitForData(page);
    await expect(page.getByTestId('map-summary')).toContainText('25 GGD-regio');

    // Click the middle of the Netherlands on the map: that drills down into a region.
    // The chart (a canvas) draws its areas after the data arrive, and the page below may still settle:
    // click where the middle is at that moment, again until the click lands on a drawn region.
    const map = page.getByTestId('map-chart');
    await expect(map.locator('canvas').first()).toBeVisible();
    await expect(async () => {
      await map.scrollIntoViewIfNeeded();
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.52, box.y + box.height * 0.52);
      await expect(page).toHaveURL(/regio=GG\d{4}/, { timeout: 5_000 });
    }).toPass({ timeout: 15_000 });
    await waitForData(page);
    await expect(page.locator('#kaart-titel')).toContainText('per gemeente in');

    // The summary names the highest municipality and its value; the table shows the same value.
    const summary = (await page.getByTestId('map-summary').textContent())!;
    const match = /Hoogst: (.+?) \((\d+%)\)/.exec(summary);
    expect(match, summary).not.toBeNull();
    const [, name, value] = match!;
    const table = page.getByTestId('map-table');
    await table.getByLabel('Zoek in de tabel').fill(name!);
    const row = table.locator('tbody tr', { has: page.getByRole('button', { name: new RegExp(`^${name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`) }) });
    await expect(row.locator('td').first()).toHaveText(value!);

    // The tooltip on the map shows a municipality's number, its schools and the school year; the table agrees.
    await table.getByLabel('Zoek in de tabel').fill('');
    await map.scrollIntoViewIfNeeded();
    const drilled = (await map.boundingBox())!;
    const tooltip = map.locator('div', { hasText: 'Schooljaar: 2024–2025' }).last();
    for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.45], [0.55, 0.55], [0.5, 0.4], [0.5, 0.6]] as const) {
      await page.mouse.move(drilled.x + drilled.width * fx, drilled.y + drilled.height * fy);
      if (await tooltip.isVisible().catch(() => false)) break;
    }
    await expect(tooltip).toBeVisible();
    const tip = (await tooltip.innerText()).split('\n').map((l) => l.trim());
    const tipName = tip[0]!;
    const tipValue = /: (\d+%|\.)/.exec(tip[1]!)?.[1];
    const tipSchools = /Aantal scholen: (.+)$/.exec(tip[2]!)?.[1];
    await page.mouse.move(0, 0);
    await table.getByLabel('Zoek in de tabel').fill(tipName);
    const tipRow = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: new RegExp(`^${tipName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`) }) });
    const tipCells = tipRow.locator('td');
    expect(await cellText(page, tipCells.nth(0))).toBe(tipValue);
    expect(await cellText(page, tipCells.nth(1))).toBe(tipSchools);

    // And back.
    await page.getByRole('button', { name: /Terug naar heel Nederland/ }).click();
    await expect(page).not.toHaveURL(/regio=/);
    await page.goBack();
    await expect(page).toHaveURL(/regio=GG\d{4}/);
  });

  test("zooming in on a region shows its municipalities 50 to a page, not the regions' 25", async ({ page }) => {
    await login(page, DEMO.coordinator);
    await page.goto('/');
    await waitForData(page);
    await expect(page.getByTestId('map-table')).toContainText('Rij 1–25 van 25');
    // The region with the most municipalities (26).
    await page.selectOption('[data-testid=filter-region]', 'GG2514');
    await waitForData(page);
    await expect(page.locator('[data-testid=map-table] caption')).toContainText('per gemeente in');
    await expect(page.getByTestId('map-table')).toContainText('Rij 1–26 van 26');
  });

  test('the Methode page names the framework as the seed does and says what the demo builds in', async ({ page }) => {
    await login(page, DEMO.coordinator);
    // The role label cannot be taken for the school's own Gezonde School-coördinator.
    await expect(page.getByRole('banner')).toContainText('programmacoördinator (regio/landelijk)');
    await page.goto('/methode');
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: 'Methode, definities en bronnen' })).toBeVisible();
    await expect(main).toContainText('Ontwikkeling van alle leerlingen en studenten in kaart brengen en signaleren van diegenen die risico lopen op een lager sociaal, emotioneel en mentaal welbevinden');
    await expect(main).toContainText('Ingebouwd in het generatiemodel, dus geen bevinding');
    await expect(main).toContainText('Een structurele afspraak is');
    await expect(main).toContainText('Hygiëne');
    const figures = main.getByRole('table', { name: /Elk cijfer/ });
    for (const header of ['Teller', 'Noemer', 'Eenheid', 'Welke scholen', 'Bron']) await expect(figures.getByRole('columnheader', { name: header })).toBeVisible();
    await expect(figures.getByRole('row', { name: /^Implementatiegraad integrale aanpak Gemiddelde scanscore/ })).toContainText('Alleen scholen met een scan');
  });

  test('logged out, every page leads to the login page, which lists the demo accounts; login returns to the page', async ({ page }) => {
    await page.goto('/gelijke-kansen?sector=po');
    await expect(page).toHaveURL(/\/inloggen\?terug=/);
    await expect(page.getByRole('heading', { name: 'Demo-accounts' })).toBeVisible();
    await page.getByLabel('E-mailadres').fill(DEMO.beleid);
    await page.getByLabel('Wachtwoord').fill('fout-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page.getByRole('alert')).toContainText('klopt niet');
    await page.getByRole('button', { name: DEMO.beleid }).click();
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page).toHaveURL(/\/gelijke-kansen\?sector=po/);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page).toHaveURL(/\/inloggen/);
    await page.goto('/partners');
    await expect(page).toHaveURL(/\/inloggen/);
  });
});
