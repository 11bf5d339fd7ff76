import { expect, test } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

// Layout shift as Chrome counts it (the Layout Instability API), on a phone, where the menu and the
// demo banner are tallest: the page may not jump when they and the data arrive.
test.use({ viewport: { width: 412, height: 823 } });

for (const [name, url] of [['Overzicht', '/'], ['Regio', '/regio/GG3406'], ['Vergelijken', '/vergelijken?gemeenten=GM0363,GM0599,GM0344']] as const) {
  test(`no layout shift above 0,05 while ${name} loads`, async ({ page }) => {
    await login(page, DEMO.coordinator);
    await page.addInitScript(() => {
      const w = window as unknown as { __shift: number };
      w.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) w.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(url);
    await waitForData(page);
    await page.waitForTimeout(1500);
    const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
    expect(shift).toBeLessThan(0.05);
  });
}
