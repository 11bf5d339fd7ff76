import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** What the import specs share: one GGD region's capacity, which needs no schools of its own. */
export const YEAR = '2024-2025';
export const REGION = 'GG3406';
export const HEADER = 'ggd_code;schooljaar;adviseur_fte;uren_voor_scholen';

export type CapacityRow = { code: string; advisorFte: number | null; advisorFtePer100Schools: number | null };

/** The capacity figure of the region as the dashboard's API serves it. */
export async function capacity(page: Page): Promise<CapacityRow> {
  const input = { schoolYear: YEAR, sector: 'all' };
  const res = await page.request.get(`/trpc/capacity.regions?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status()).toBe(200);
  const data = ((await res.json()) as { result: { data: { rows: CapacityRow[] } } }).result.data;
  const row = data.rows.find((r) => r.code === REGION);
  expect(row, `${REGION} in capacity.regions`).toBeDefined();
  return row!;
}

export async function axe(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
}

export async function uploadCapacity(page: Page, name: string, content: string): Promise<void> {
  await page.getByLabel('Soort gegevens').selectOption({ label: 'Adviescapaciteit per GGD-regio' });
  await page.getByLabel('Bestand', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  await page.getByRole('button', { name: 'Importeren' }).click();
}
