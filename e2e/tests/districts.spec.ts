import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

test.describe('Wijken vergelijken', () => {
  test('the policymaker of Utrecht compares three demo districts on map and table and exports the comparison', async ({ page }) => {
    await login(page, DEMO.beleid);
    await page.goto('/wijken?gemeente=GM0344&jaar=2024-2025');
    await waitForData(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Wijken vergelijken' })).toBeVisible();
    await expect(page.getByTestId('districts-synthetic')).toContainText('Synthetische wijken');
    // The map of Utrecht's demo districts, with its summary in words.
    await expect(page.getByTestId('choropleth')).toBeVisible();
    await expect(page.getByTestId('map-summary')).toContainText('wijken');
    await expect(page.getByText(/Wijkgrenzen: CBS\/PDOK/)).toBeVisible();

    // One district at a time, as a person ticks them: each choice is in the address before the next.
    for (const n of [1, 2, 3]) {
      const box = page.getByRole('checkbox', { name: `Demowijk ${n} (synthetisch)` });
      await box.click();
      await expect(box).toBeChecked();
      await expect(page).toHaveURL(new RegExp(`WK03449${n - 1}`));
    }
    await expect(page).toHaveURL(/wijken=WK034490%2CWK034491%2CWK034492|wijken=WK034490,WK034491,WK034492/);
    await waitForData(page);
    const table = page.getByTestId('districts-table');
    for (const header of ['Demowijk 1 (synthetisch)', 'Demowijk 2 (synthetisch)', 'Demowijk 3 (synthetisch)', 'Utrecht', 'Nederland']) {
      await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
    }
    await expect(table.getByRole('rowheader', { name: 'Scholen', exact: true })).toBeVisible();
    // Equity: every figure per disadvantage band, the same columns beside each other, and the gap.
    const equity = page.getByTestId('districts-equity-table');
    for (const header of ['Demowijk 1 (synthetisch)', 'Utrecht', 'Nederland']) {
      await expect(equity.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
    }
    for (const row of ['Implementatiegraad, band 1: weinig achterstand', 'Implementatiegraad, band 4: veel achterstand', 'Scholen met vignet, band onbekend', 'Kansenkloof implementatie']) {
      await expect(equity.getByRole('rowheader', { name: row, exact: true })).toBeVisible();
    }
    // Nationally every band rests on many schools: the Nederland column shows a value in band 4.
    const nation = await equity.getByRole('columnheader').allTextContents();
    const band4 = equity.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Implementatiegraad, band 4: veel achterstand', exact: true }) });
    await expect(band4.getByRole('cell').nth(nation.indexOf('Nederland') - 1)).toHaveText(/\d+\s?%/);

    const group = page.getByTestId('export-wijken');
    const [download] = await Promise.all([page.waitForEvent('download'), group.getByRole('link', { name: /als CSV/ }).click()]);
    const text = readFileSync(await download.path()).toString('utf8');
    expect(text).toContain('Code;Naam;Soort;Aantal scholen');
    for (const n of [1, 2, 3]) expect(text).toMatch(new RegExp(`WK03449${n - 1};Demowijk ${n} \\(synthetisch\\);Wijk;`));
    expect(text).toMatch(/GM0344;Utrecht;Gemeente;\d+/);
    expect(text).toContain('Implementatiegraad, band 4: veel achterstand (%)');
    expect(text).toMatch(/synthetisch/i);
  });

  test('works at 390 px: the choice and the table fit the phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, DEMO.beleid);
    await page.goto('/wijken?gemeente=GM0344&jaar=2024-2025&wijken=WK034490,WK034491');
    await waitForData(page);
    await expect(page.getByTestId('districts-table')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
