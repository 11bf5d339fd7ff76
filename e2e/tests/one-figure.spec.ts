import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO, login, waitForData } from './helpers.ts';

/**
 * One figure, four renderings: the overview's key figure tile, the kerncijfers CSV, the kerncijfers
 * XLSX and the region's PDF report must show the same name, the same unit and the same digits.
 * Each rendering is read as a user gets it (the page's text, the downloaded files, pdftotext), so a
 * label, unit or rounding defined twice shows up here as soon as the two drift apart.
 */

const YEAR = '2024-2025';
const REGION = 'GG3406';
/** Figures of different units: a share, hours per school, fte per 100 schools, a count. */
const TILES = ['implementation', 'supportHoursPerSchool', 'capacityFtePer100', 'schools'] as const;

type Tile = { label: string; value: string };

/** "46%" → { digits: "46", unit: "%" }; "2,3 uur" → { digits: "2,3", unit: "uur" }; "1.234" → { digits: "1234", unit: "" }. */
function split(text: string): { digits: string; unit: string } {
  const m = /^([+-]?[\d.]*\d(?:,\d+)?)\s*(.*)$/.exec(text.trim());
  expect(m, `a number in "${text}"`).not.toBeNull();
  return { digits: m![1]!.replace(/\./g, ''), unit: m![2]!.trim() };
}

test('a figure has one name, unit and rounding on screen, in CSV, in XLSX and in the PDF', async ({ page }) => {
  // The PDF starts the server's browser.
  test.setTimeout(180_000);
  await login(page, DEMO.coordinator);
  await page.goto(`/?regio=${REGION}&jaar=${YEAR}`);
  await waitForData(page);

  const screen = new Map<string, Tile>();
  for (const id of TILES) {
    const tile = page.getByTestId(`key-figure-${id}`);
    screen.set(id, {
      label: (await tile.locator('.key-figure__label').textContent())!.trim(),
      value: (await tile.locator('.key-figure__value').textContent())!.trim(),
    });
  }

  // CSV: Kerncijfer;Eenheid;Waarde;Aantal scholen
  const csvRes = await page.request.get(`/api/export/kerncijfers.csv?regio=${REGION}&jaar=${YEAR}`);
  expect(csvRes.status()).toBe(200);
  const csvRows = (await csvRes.text()).slice(1).split('\r\n').map((l) => l.split(';'));
  // XLSX: the same table, typed numbers with a number format per cell.
  const xlsxRes = await page.request.get(`/api/export/kerncijfers.xlsx?regio=${REGION}&jaar=${YEAR}`);
  expect(xlsxRes.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsxRes.body()) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Kerncijfers')!;
  // PDF: the report of the region, as text.
  const pdfRes = await page.request.get(`/api/report/region/${REGION}.pdf?jaar=${YEAR}`, { timeout: 150_000 });
  expect(pdfRes.status()).toBe(200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-one-figure-')), 'rapport.pdf');
  writeFileSync(file, await pdfRes.body());
  // Content order (-raw), lines joined: a tile's label, however it wraps, is followed by its value.
  const pdfText = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

  for (const id of TILES) {
    const { label, value } = screen.get(id)!;
    const shown = split(value);

    const csv = csvRows.find((r) => r[0] === label);
    expect(csv, `CSV row "${label}"`).toBeDefined();
    expect(csv![2], `CSV value of ${label}`).toBe(shown.digits);
    // The unit column names the unit the screen writes after the number ("uur per school" for "uur").
    expect(csv![1]!.startsWith(shown.unit === '' ? '' : shown.unit), `CSV unit "${csv![1]}" of ${label} against "${value}"`).toBe(true);
    if (shown.unit === '') expect(['aantal', '']).toContain(csv![1]);

    let xlsxRow: ExcelJS.Row | undefined;
    ws.eachRow((r) => { if (r.getCell(1).value === label) xlsxRow = r; });
    expect(xlsxRow, `XLSX row "${label}"`).toBeDefined();
    expect(xlsxRow!.getCell(2).value).toBe(csv![1]);
    const cell = xlsxRow!.getCell(3);
    const decimals = /\.(0+)$/.exec(cell.numFmt ?? '')?.[1]?.length ?? 0;
    expect(typeof cell.value, `XLSX value of ${label}`).toBe('number');
    expect((cell.value as number).toFixed(decimals).replace('.', ','), `XLSX value of ${label}`).toBe(shown.digits);

    // In the PDF the tile's label is followed by its value, as on screen.
    expect(pdfText, `PDF tile of ${label}`).toContain(`${label} ${value}`);
  }
});

/**
 * The districts of a municipality: the comparison on screen and the table in the municipality's PDF
 * report must name each figure alike and write the same digits and unit for the same wijk.
 */
test('a district figure has one name and one rendering on screen and in the PDF', async ({ page }) => {
  test.setTimeout(180_000);
  const municipality = 'GM0344';
  const district = 'Demowijk 1 (synthetisch)';
  await login(page, DEMO.beleid);
  await page.goto(`/wijken?gemeente=${municipality}&jaar=${YEAR}&wijken=WK034490,WK034491`);
  await waitForData(page);
  const table = page.getByTestId('districts-table');
  await expect(table.getByRole('columnheader', { name: district, exact: true })).toBeVisible();
  // Figure name → the wijk's value as the screen writes it (a hidden value as its ".").
  const screen = new Map<string, string>();
  for (const row of await table.locator('tbody tr').all()) {
    const name = (await row.getByRole('rowheader').textContent())!.trim();
    const cell = row.getByRole('cell').first();
    screen.set(name, (await cell.locator('abbr.suppressed').count()) > 0 ? '.' : (await cell.textContent())!.trim());
  }
  expect(screen.size).toBeGreaterThan(3);

  const pdfRes = await page.request.get(`/api/report/municipality/${municipality}.pdf?jaar=${YEAR}`, { timeout: 150_000 });
  expect(pdfRes.status()).toBe(200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-one-figure-')), 'rapport.pdf');
  writeFileSync(file, await pdfRes.body());
  const pdfText = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  // The report's table: a header "Wijk" and its figures, then a row per wijk.
  const header = /Wijk ((?:(?!Demowijk).)+?) Demowijk 1 \(synthetisch\) /.exec(pdfText);
  expect(header, 'the district table of the PDF').not.toBeNull();
  const names = [...screen.keys()].filter((name) => header![1]!.includes(name));
  // Every figure of the PDF's table is one the screen names: its header is those names and nothing else.
  expect(header![1]!.trim()).toBe(names.sort((a, b) => header![1]!.indexOf(a) - header![1]!.indexOf(b)).join(' '));
  expect(pdfText).toContain(`${district} ${names.map((name) => screen.get(name)).join(' ')}`);
});
