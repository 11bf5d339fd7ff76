import { expect, test, type Page, type Route } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

/** Whether a request asks for the map of `metric`. */
function asksMap(route: Route, metric: string): boolean {
  return (new URL(route.request().url()).searchParams.get('input') ?? '').includes(`"metric":"${metric}"`);
}

/** Holds back the server's answer for a map of `metric` by `ms`: a slow network or a busy server. */
async function slowMap(page: Page, delays: Record<string, number>): Promise<void> {
  await page.route('**/trpc/overview.map**', async (route) => {
    const metric = Object.keys(delays).find((m) => asksMap(route, m));
    if (metric) await new Promise((resolve) => setTimeout(resolve, delays[metric]));
    await route.continue();
  });
}

const summary = (page: Page) => page.getByTestId('map-summary');
const caption = (page: Page) => page.locator('[data-testid=map-table] caption');

test.describe('choosing the map indicator', () => {
  test.beforeEach(async ({ page }) => {
    // No prefetch when idle: each choice asks the server, as a user's first choices do.
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 0;
      window.cancelIdleCallback = () => undefined;
    });
    await login(page, DEMO.coordinator);
    await page.goto('/');
    await waitForData(page);
  });

  test('a quick answer: map, table and address change together; back returns to the previous indicator', async ({ page }) => {
    const select = page.getByTestId('filter-metric');
    await select.selectOption('vignetShare');
    await expect(summary(page)).toContainText('Scholen met Gezonde School-vignet');
    await expect(caption(page)).toContainText('Scholen met Gezonde School-vignet per GGD-regio');
    await expect(page).toHaveURL(/indicator=vignetShare/);
    await expect(select).toHaveValue('vignetShare');

    await select.selectOption('scanCoverage');
    await expect(summary(page)).toContainText('Scandekking');
    await expect(page).toHaveURL(/indicator=scanCoverage/);

    await page.goBack();
    await expect(page).toHaveURL(/indicator=vignetShare/);
    await expect(select).toHaveValue('vignetShare');
    await expect(summary(page)).toContainText('Scholen met Gezonde School-vignet');
  });

  test('a slow answer: the choice shows at once, the page says the map is loading, then shows it', async ({ page }) => {
    await slowMap(page, { partnerCoverage: 1500 });
    const select = page.getByTestId('filter-metric');
    const mapSection = page.locator('section[aria-labelledby=kaart-titel]');
    await select.selectOption('partnerCoverage');
    await expect(select).toHaveValue('partnerCoverage');
    // Long before the answer: the address has the choice and the map says it is busy, over the old figures.
    await expect(page).toHaveURL(/indicator=partnerCoverage/, { timeout: 1000 });
    await expect(mapSection).toHaveAttribute('aria-busy', 'true', { timeout: 1000 });
    await expect(summary(page)).toContainText('Implementatiegraad');
    await expect(summary(page)).toContainText('Partnerdekking');
    await expect(mapSection).not.toHaveAttribute('aria-busy');
  });

  test('two choices in quick succession end on the last, whichever answer comes first', async ({ page }) => {
    await slowMap(page, { kartrekkerShare: 1200 });
    const select = page.getByTestId('filter-metric');
    await select.selectOption('kartrekkerShare');
    await select.selectOption('pillar:beleid');
    await expect(summary(page)).toContainText('Implementatiegraad pijler Beleid');
    await expect(page).toHaveURL(/indicator=pillar%3Abeleid|indicator=pillar:beleid/);
    // The first choice's answer arrives later and changes nothing.
    await page.waitForTimeout(1500);
    await expect(page).toHaveURL(/indicator=pillar%3Abeleid|indicator=pillar:beleid/);
    await expect(select).toHaveValue('pillar:beleid');
    await expect(summary(page)).toContainText('Implementatiegraad pijler Beleid');
    await expect(caption(page)).toContainText('Implementatiegraad pijler Beleid');
  });

  test('an answer that fails: the map says so and offers to try again, which works once the server answers', async ({ page }) => {
    let failing = true;
    await page.route('**/trpc/overview.map**', async (route) => {
      if (failing && asksMap(route, 'kartrekkerShare')) await route.abort('failed');
      else await route.continue();
    });
    await page.getByTestId('filter-metric').selectOption('kartrekkerShare');
    const alert = page.locator('section[aria-labelledby=kaart-titel]').getByRole('alert');
    await expect(alert).toContainText('Deze gegevens konden niet worden geladen.');
    await expect(page).toHaveURL(/indicator=kartrekkerShare/);
    failing = false;
    await alert.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await expect(summary(page)).toContainText('Scholen met een kartrekker');
    await expect(caption(page)).toContainText('Scholen met een kartrekker');
  });
});
