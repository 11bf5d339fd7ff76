import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO, login } from './helpers.ts';

/**
 * Exports as a coordinator uses them: click the buttons, receive the files, and check the numbers
 * in them against the API's answers. PDF text comes from pdftotext (Debian: poppler-utils).
 */

const YEAR = '2024-2025';

async function api<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status(), procedure).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

type Published = { value: number | null; schools: number | null; suppressed: string | null };

test.describe('exports', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, DEMO.coordinator);
  });

  test('partner matrix as CSV: Dutch Excel format, same numbers as the API, suppressed stays "."', async ({ page }) => {
    await page.goto(`/partners?regio=GG3406&jaar=${YEAR}`);
    const group = page.getByTestId('export-partnerdekking');
    await expect(group).toBeVisible({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), group.getByRole('link', { name: /als CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^partnerdekking-ggd-amsterdam-2024-2025-all\.csv$/);
    const text = readFileSync(await download.path()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    const header = lines[0]!.split(';');
    expect(header.slice(0, 3)).toEqual(['Code', 'Gemeente', 'GGD-regio']);

    const coverage = await api<{ partnerTypes: { id: string; label: string }[]; municipalities: { code: string; coverage: Record<string, Published> }[] }>(
      page, 'partners.coverage', { scope: { level: 'region', code: 'GG3406' }, schoolYear: YEAR, sector: 'all' });
    for (const m of coverage.municipalities) {
      const fields = lines.find((l) => l.startsWith(`${m.code};`))!.split(';');
      coverage.partnerTypes.forEach((t, i) => {
        const p = m.coverage[t.id]!;
        const cell = fields[3 + i]!;
        if (p.suppressed) expect(cell).toBe('.');
        else if (p.value === null) expect(cell).toBe('–');
        else expect(cell).toBe(String(Math.round(p.value))); // whole percents, as on screen
      });
    }
    expect(text).toContain('Schooljaar: 2024–2025');
    expect(text).toContain('minder dan 5 scholen');
  });

  test('capacity as Excel: typed numbers equal to the API, a Toelichting sheet with the filters', async ({ page }) => {
    await page.goto(`/regio/GG3406?jaar=${YEAR}`);
    const group = page.getByTestId('export-capaciteit');
    await expect(group).toBeVisible({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), group.getByRole('link', { name: /Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.getWorksheet('Capaciteit')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    const implCol = headers.indexOf('Implementatiegraad (%)') + 1;
    const regions = await api<{ rows: { code: string; implementation: Published }[] }>(page, 'capacity.regions', { schoolYear: YEAR, sector: 'all' });
    expect(ws.rowCount - 1).toBe(regions.rows.length);
    ws.eachRow((row, i) => {
      if (i === 1) return;
      const apiRow = regions.rows.find((r) => r.code === row.getCell(1).value)!;
      const cell = row.getCell(implCol).value;
      if (apiRow.implementation.suppressed) expect(cell).toBe('.');
      else expect(cell).toBe(Math.round(apiRow.implementation.value!)); // whole percents, as on screen
    });
    const info = wb.getWorksheet('Toelichting')!.getSheetValues().flat().join(' ');
    expect(info).toContain('2024–2025');
    expect(info).toContain('Peildatum gegevens');
  });

  test('Rapporten: a region PDF with the filters, key figures, headings and the suppression notice', async ({ page }) => {
    // Generous: the first PDF starts the server's browser, and CI machines are shared.
    test.setTimeout(180_000);
    await page.goto(`/rapporten?regio=GG3406&jaar=${YEAR}`);
    await page.getByTestId('report-generate').click();
    await expect(page.getByTestId('report-status')).toContainText(/wordt gemaakt|Klaar/);
    const link = page.getByTestId('report-download');
    await expect(link).toBeVisible({ timeout: 150_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('rapport-ggd-amsterdam-2024-2025-all.pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-pdf-'));
    const file = path.join(dir, 'rapport.pdf');
    writeFileSync(file, readFileSync(await download.path()));

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(20);
    for (const heading of ['Rapportage welbevinden op school', 'Kerncijfers', 'Profiel: pijlers en leidende principes', 'Gelijke kansen',
      'Partners rond de school', 'Voorwaarden voor implementatie', 'Ontwikkeling over de schooljaren', 'Methode, definities en bronnen']) {
      expect(text, heading).toContain(heading);
    }
    expect(text).toContain('GGD Amsterdam (GG3406)');
    expect(text).toContain('2024–2025');
    expect(text).toContain('Alle sectoren');
    expect(text).toContain('Peildatum gegevens');
    expect(text).toContain('Afscherming');
    expect(text).toContain('minder dan 5 scholen');
    expect(text).toContain('Synthetische demonstratiegegevens');
    expect(text).toMatch(new RegExp(`Pagina 1 van ${pages}`));
    // The diagonal watermark is on every page, so no page can travel without it. pdftotext gives
    // diagonal text a character or two per line (in content order with -raw): join before searching.
    for (let p = 1; p <= pages; p++) {
      const pageText = execFileSync('pdftotext', ['-raw', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(pageText, `pagina ${p}`).toContain('Demonstratiegegevens');
    }

    // No half-empty pages: every page between the cover and the last is filled at least halfway
    // (the lowest dark pixel above the page footer; the light watermark does not count).
    execFileSync('pdftoppm', ['-gray', '-r', '30', file, path.join(dir, 'pagina')]);
    for (let p = 2; p < pages; p++) {
      const pgm = readFileSync(path.join(dir, `pagina-${String(p).padStart(String(pages).length, '0')}.pgm`));
      const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!.map(Number) as [number, number, number];
      const pixels = pgm.subarray(pgm.length - width * height);
      let lowest = 0;
      for (let y = 0; y < Math.floor(height * 0.93); y++) {
        if (pixels.subarray(y * width, (y + 1) * width).some((v) => v < 200)) lowest = y;
      }
      expect(lowest / height, `pagina ${p} is voor minder dan de helft gevuld`).toBeGreaterThan(0.5);
    }

    // Key figures as the API gives them, formatted as on screen (whole percent).
    const key = await api<{ implementation: Published; scanCoverage: Published; schools: Published }>(
      page, 'overview.keyFigures', { scope: { level: 'region', code: 'GG3406' }, schoolYear: YEAR, sector: 'all' });
    const kerncijfers = text.slice(text.indexOf('Kerncijfers'));
    expect(kerncijfers).toContain(`${Math.round(key.implementation.value!)}%`);
    expect(kerncijfers).toContain(`${Math.round(key.scanCoverage.value!)}%`);
    expect(kerncijfers).toContain(key.schools.value!.toLocaleString('nl-NL'));

    // The conditions section: each condition's row of the scope's table ends with this year's share,
    // as conditions.scope publishes it.
    const conditions = await api<{ conditions: { id: string; label: string }[]; trend: { schoolYear: string; values: Record<string, Published> }[] }>(
      page, 'conditions.scope', { scope: { level: 'region', code: 'GG3406' }, schoolYear: YEAR, sector: 'all' });
    const section = text.slice(text.indexOf('Voorwaarden voor implementatie'), text.indexOf('Ontwikkeling over de schooljaren'));
    expect(section).toContain('Aandeel scholen dat aan elke voorwaarde voldoet, per schooljaar');
    expect(section).toContain('samenhang tussen scholen, geen oorzaak');
    const latest = conditions.trend.at(-1)!.values;
    for (const c of conditions.conditions) {
      const p = latest[c.id]!;
      const row = section.split('\n').find((l) => l.trim().startsWith(c.label) && /%|\.\s*$/.test(l))!;
      expect(row, c.label).toBeDefined();
      expect(row.trim().split(/\s{2,}/).at(-1), c.label).toBe(p.suppressed ? '.' : p.value === null ? '–' : `${Math.round(p.value)}%`);
    }
  });
});

test('a policymaker cannot export a region outside their scope', async ({ page }) => {
  await login(page, DEMO.beleid);
  const res = await page.request.get(`/api/export/profiel.csv?regio=GG0111&jaar=${YEAR}`);
  expect(res.status()).toBe(403);
  const own = await page.request.get(`/api/export/profiel.csv?gemeente=GM0363&jaar=${YEAR}`);
  expect(own.status()).toBe(200);
});

test('a policymaker gets the PDF of their own municipality, without the parts outside their access', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, DEMO.beleid);
  const res = await page.request.get(`/api/report/municipality/GM0363.pdf?jaar=${YEAR}`, { timeout: 90_000 });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-pdf-'));
  const file = path.join(dir, 'gemeente.pdf');
  writeFileSync(file, await res.body());
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Gemeente Amsterdam (GM0363)');
  expect(text).toContain('Kerncijfers');
  // The map of every municipality of the region is not the policymaker's: left out, with one line
  // under the key figures instead of a page that says so.
  expect(text).not.toContain('Implementatiegraad per gemeente');
  expect(text.replace(/\s+/g, ' ')).toContain('hoort niet bij uw account');
});
