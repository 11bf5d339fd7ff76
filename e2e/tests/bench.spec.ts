import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, login, waitForData } from './helpers.ts';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/client');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

test.describe('UI bench', () => {
  // A measurement, not a check of behaviour: it runs when asked for (npm run bench:ui).
  test.skip(!process.env.BENCH_UI, 'set BENCH_UI=1 to measure');

  test('initial JavaScript, gzip', async () => {
    const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
    const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(distDir, f))).length, 0);
    console.log(`initial JS: ${files.join(', ')} = ${(gzip / 1024).toFixed(1)} KB gzip (target ≤ 350 KB)`);
    expect(gzip).toBeLessThan(350 * 1024);
  });

  test('filter change → map and table rendered, national scale', async ({ page }) => {
    await login(page, DEMO.coordinator);
    const metrics = [
      ['scanCoverage', 'Scandekking'], ['vignetShare', 'Scholen met Gezonde School-vignet'], ['kartrekkerShare', 'Scholen met een kartrekker'],
      ['pillar:beleid', 'Implementatiegraad pijler Beleid'], ['partnerCoverage', 'Partnerdekking'], ['implementation', 'Implementatiegraad integrale aanpak'],
    ] as const;
    /** Changes the indicator on `on` to each of `metrics` in turn: the milliseconds until each was rendered. */
    const round = async (on: Page, choices: readonly (readonly [string, string])[]) => {
      const timings: number[] = [];
      for (const [value, label] of choices) {
        // Milliseconds until the map summary and the table caption both name the chosen indicator and
        // nothing is loading, or null when that does not happen within the limit.
        const ms = await on.evaluate(([v, l, limit]) => new Promise<number | null>((resolve) => {
          const select = document.querySelector('[data-testid=filter-metric]') as HTMLSelectElement;
          const done = () => {
            const summary = document.querySelector('[data-testid=map-summary]')?.textContent ?? '';
            const caption = document.querySelector('[data-testid=map-table] caption')?.textContent ?? '';
            return summary.startsWith(l) && caption.startsWith(l) && !document.querySelector('.skeleton');
          };
          const t0 = performance.now();
          const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, limit);
          const observer = new MutationObserver(() => {
            if (done()) {
              observer.disconnect();
              clearTimeout(timer);
              // The next frame: the browser has laid out and painted the new map and table.
              requestAnimationFrame(() => resolve(performance.now() - t0));
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!;
          setter.call(select, v);
          select.dispatchEvent(new Event('change', { bubbles: true }));
        }), [value, label, 10_000] as const);
        expect(ms, `${label}: kaart en tabel niet binnen 10 s getoond`).not.toBeNull();
        await expect(on.getByTestId('map-summary')).toContainText(label);
        await expect(on.locator('[data-testid=map-table] caption')).toContainText(label);
        timings.push(ms!);
      }
      return timings;
    };
    /** Changes the sector on `on` and waits until the map and its table show it: setting up a round, not measured. */
    const chooseSector = async (on: Page, sector: string) => {
      await on.selectOption('[data-testid=filter-sector]', sector);
      const label = (await on.locator(`[data-testid=filter-sector] option[value="${sector}"]`).textContent())!.toLowerCase();
      await expect(on.locator('[data-testid=map-table] caption')).toContainText(label);
      await expect(on.locator('section[aria-busy]')).toHaveCount(0);
      await waitForData(on);
    };
    const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');

    // 1. Asked from the server: a page that prefetches nothing (its idle callbacks never run), so each
    // change of indicator waits for the server's answer. On the fresh server that npm run bench:ui
    // starts, no process has computed these maps yet: the server computes each. In every sector the
    // page changes to the five indicators it does not show (the one it shows is in the browser already):
    // 25 changes, so the 95th percentile is not just the slowest one.
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 0;
      window.cancelIdleCallback = () => undefined;
    });
    await page.goto('/');
    await waitForData(page);
    const fromServer: number[] = [];
    let shown: string = 'implementation';
    for (const sector of ['all', 'po', 'so', 'vo', 'mbo']) {
      if (sector !== 'all') await chooseSector(page, sector);
      const others = metrics.filter(([value]) => value !== shown);
      fromServer.push(...await round(page, others));
      shown = others[others.length - 1]![0];
    }

    // 2. As a user who looks at the page first: it has prefetched the other indicators' maps when
    // idle, so the first change of each draws figures already in the browser.
    const settled = await page.context().newPage();
    await settled.goto('/');
    await waitForData(settled);
    await settled.waitForLoadState('networkidle');
    const prefetched = await round(settled, metrics);
    // 3. Again: each indicator drawn once before.
    const cached = [...await round(settled, metrics), ...await round(settled, metrics)];

    const p = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms`;
    console.log(`filter change → rendered: first time, asked from the server ${p(fromServer)} over ${fromServer.length} changes (target ≤ 100 ms); ` +
      `first time, after the idle prefetch ${p(prefetched)}; again (cached) ${p(cached)} (target ≤ 150 ms); ` +
      `machine load before ${loadBefore}, after ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${availableParallelism()} cores)`);
    // The target is for the client's own work: a change back to an indicator whose data it already has.
    // The first changes wait for the server (1) or for the prefetch (2) as well and are reported, not checked.
    expect(percentile(cached, 95)).toBeLessThanOrEqual(150);
  });
});
