/**
 * Exports read back (csv-parse, exceljs) and compared with the API's own answers through a caller
 * on a real SQLite fixture: same numbers, suppressed cells stay suppressed, filters and notice present.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { AddressInfo } from 'node:net';
import express from 'express';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { UNITS, indicator, type Published } from '@rd/shared';
import { createFixtureDb, createTestDb, loadFixture, testConfig, type TestDb } from '../test-support/fixture.ts';
import { createInnerContext, type Context } from '../context.ts';
import { logger } from '../logger.ts';
import { createExportCaller, type Caller } from './caller.ts';
import { EXPORT_TABLES, type ExportFilters } from './tables.ts';
import { exportReportWorkbook, exportTable } from './service.ts';
import { exportRouter } from './routes.ts';
import { DEMO_NOTICE } from './document.ts';

const YEAR = '2024-2025';
const MIN = 5;
const config = testConfig({ minCellSchools: MIN });
let t: TestDb;
let caller: Caller;

// A national reader, so these tests are about numbers; access rules are tested with authentication.
const nationalReader = {
  userId: 1, email: 'coordinator@test.nl', name: 'Test', role: 'coordinator', national: true,
  regions: [], municipalities: [], benchmarkRegions: [], csrfToken: 'x', sessionId: null,
};

beforeAll(async () => {
  t = await createTestDb('rd-export-');
  await loadFixture(t.db);
  caller = createExportCaller({ ...createInnerContext(t.db, config), user: nationalReader } as Context);
});
afterAll(async () => t.cleanup());

const region = (code: string): ExportFilters => ({ schoolYear: YEAR, sector: 'all', scope: { level: 'region', code }, level: 'municipality', indicator: 'implementation', municipalities: [] });
const nation: ExportFilters = { schoolYear: YEAR, sector: 'all', scope: { level: 'nation' }, level: 'region', indicator: 'implementation', municipalities: [] };
const comparison = (...codes: string[]): ExportFilters => ({ ...nation, municipalities: codes });

/** CSV text → rows of fields (header first), up to the empty line before the footnotes. */
function readCsv(body: Buffer): { table: string[][]; footer: string[] } {
  const text = body.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const records: string[][] = parse(text.slice(1), { delimiter: ';', relax_column_count: true, skip_empty_lines: false });
  const blank = records.findIndex((r) => r.length === 1 && r[0] === '');
  return { table: records.slice(0, blank), footer: records.slice(blank + 1).map((r) => r.join(';')) };
}

/** "62,5" → 62.5; "." and "–" stay as they are. */
const dutchNumber = (s: string): number => {
  expect(s).toMatch(/^-?\d+(,\d+)?$/);
  return Number(s.replace(',', '.'));
};

/** The file's cell against the API's published value, at the file's precision. */
function expectCell(cell: string | number | null | undefined, p: Published, decimals: number) {
  if (p.suppressed !== null) return expect(cell).toBe('.');
  if (p.value === null) return expect(cell).toBe('–');
  const n = typeof cell === 'number' ? cell : dutchNumber(String(cell));
  expect(Math.abs(n - p.value)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

describe('CSV export', () => {
  it('map per municipality: same values as overview.map, the tiny municipality stays suppressed', async () => {
    const api = await caller.overview.map({ level: 'municipality', regionCode: 'GG9001', schoolYear: YEAR, sector: 'all', metric: 'implementation' });
    expect(api.rows.some((r) => r.value.suppressed !== null)).toBe(true);
    const file = await exportTable(caller, 'kaart', 'csv', region('GG9001'));
    expect(file.contentType).toContain('text/csv');
    const { table, footer } = readCsv(file.body);
    expect(table[0]).toEqual(['Code', 'Gemeente', 'Implementatiegraad integrale aanpak (%)', 'Aantal scholen']);
    expect(table.length - 1).toBe(api.rows.length);
    for (const row of api.rows) {
      const line = table.find((l) => l[0] === row.code)!;
      expect(line[1]).toBe(row.name);
      expectCell(line[2], row.value, indicator('implementation').decimals);
      if (row.value.suppressed) expect(line[3]).toBe('.');
      else expect(line[3]).toBe(String(row.value.schools));
    }
    expect(table.find((l) => l[0] === 'GM9003')![2]).toBe('.');
    // Footnotes: the filters, the data date and the threshold.
    expect(footer.join('\n')).toContain('Gebied: GGD Noord');
    expect(footer.join('\n')).toContain('Schooljaar: 2024–2025');
    expect(footer.join('\n')).toContain('Sector: Alle sectoren');
    expect(footer.join('\n')).toContain('Peildatum gegevens');
    expect(footer.join('\n')).toContain(`minder dan ${MIN} scholen`);
  });

  it('partner coverage per municipality: every partner type as the API answers it', async () => {
    const api = await caller.partners.coverage({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const { table } = readCsv((await exportTable(caller, 'partnerdekking', 'csv', region('GG9001'))).body);
    expect(table[0]!.slice(3)).toEqual(api.partnerTypes.map((p) => `${p.label} (%)`));
    let hidden = 0;
    for (const m of api.municipalities) {
      const line = table.find((l) => l[0] === m.code)!;
      api.partnerTypes.forEach((p, i) => {
        const published = m.coverage[p.id]!;
        if (published.suppressed) hidden++;
        expectCell(line[3 + i], published, indicator('partnerCoverage').decimals);
      });
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('widest gaps: the same municipalities, order and published gaps as equity.widestGaps; no list for one municipality', async () => {
    // The small fixture has no municipality with 5 schools in both band 1 and band 4: decisions taken at a threshold of 1 make gaps visible.
    const plainDb = await createFixtureDb('rd-export-plain-', 1);
    onTestFinished(() => plainDb.cleanup());
    const lenient = createExportCaller({ ...createInnerContext(plainDb.db, testConfig({ minCellSchools: 1 })), user: nationalReader } as Context);
    const api = await lenient.equity.widestGaps({ schoolYear: YEAR, sector: 'all', limit: 25 });
    expect(api.rows.length).toBeGreaterThan(0);
    const { table } = readCsv((await exportTable(lenient, 'grootste-kloof', 'csv', nation)).body);
    expect(table[0]).toEqual(['Code', 'Gemeente', 'GGD-regio', 'Kloof (procentpunt)', 'Implementatiegraad band 1: weinig achterstand (%)', 'Implementatiegraad band 4: veel achterstand (%)']);
    expect(table.slice(1).map((l) => l[0])).toEqual(api.rows.map((r) => r.code));
    api.rows.forEach((r, i) => {
      expectCell(table[1 + i]![3], r.gap, indicator('equityGap').decimals);
      expectCell(table[1 + i]![4], r.band1, indicator('implementation').decimals);
      expectCell(table[1 + i]![5], r.band4, indicator('implementation').decimals);
    });
    const inRegion = await lenient.equity.widestGaps({ regionCode: 'GG9001', schoolYear: YEAR, sector: 'all', limit: 25 });
    const regional = readCsv((await exportTable(lenient, 'grootste-kloof', 'csv', region('GG9001'))).body).table;
    expect(regional.slice(1).map((l) => l[0])).toEqual(inRegion.rows.map((r) => r.code));
    await expect(exportTable(lenient, 'grootste-kloof', 'csv', { ...nation, scope: { level: 'municipality', code: api.rows[0]!.code } })).rejects.toThrow(/gemeenten naast elkaar/);
  });

  it('partner gaps: missing and weak partners and the signal shares of partners.gaps, suppressed stays "."', async () => {
    const api = await caller.partners.gaps({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const wb = await readXlsx((await exportTable(caller, 'partnersignalen', 'xlsx', region('GG9001'))).body);
    const ws = wb.getWorksheet('Partnersignalen')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['Code', 'Gemeente', 'GGD-regio', 'Geen enkele school heeft een afspraak met', `Minder dan ${api.thresholds.lowCoverageBelow}% van de scholen`, 'Afgeschermde partnertypen']);
    expect(header.slice(6)).toEqual(api.signalDefinitions.map((s) => `${s.label} (% scholen)`));
    for (const m of api.municipalities) {
      let row: ExcelJS.Row | undefined;
      ws.eachRow((r) => { if (r.getCell(1).value === m.code) row = r; });
      expect(row, m.code).toBeDefined();
      expect(row!.getCell(4).value).toBe(m.missing.length ? m.missing.map((x) => x.label).join(', ') : '–');
      expect(row!.getCell(6).value).toBe(m.hiddenTypes);
      m.signals.forEach((sig, i) => expectCell(row!.getCell(7 + i).value as number | string, sig.share, UNITS.percent.decimals));
    }
  });

  it('comparison: one row per municipality, region and the nation, as compare.municipalities answers', async () => {
    const codes = ['GM9001', 'GM9004', 'GM9003'];
    const api = await caller.compare.municipalities({ codes, schoolYear: YEAR, sector: 'all' });
    const file = await exportTable(caller, 'vergelijking', 'csv', comparison(...codes));
    expect(file.fileName).toBe('vergelijking-noordstad-zuidstad-en-kleinwijk-2024-2025-all.csv');
    const { table, footer } = readCsv(file.body);
    const header = table[0]!;
    expect(header.slice(0, 5)).toEqual(['Code', 'Naam', 'Soort', 'GGD-regio', 'Aantal scholen']);
    const areas = [...api.municipalities, ...api.regions, api.nation];
    expect(table.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ...api.municipalities.map((m) => [m.code, 'Gemeente']), ...api.regions.map((r) => [r.code, 'GGD-regio']), ['NL', 'Nederland'],
    ]);
    const at = (name: string) => header.indexOf(name);
    areas.forEach((area, i) => {
      const row = table[i + 1]!;
      expectCell(row[at('Implementatiegraad (%)')], area.figures.implementation, indicator('implementation').decimals);
      expectCell(row[at('Pijler Signaleren (%)')], area.pillars.signaleren, indicator('pillar:signaleren').decimals);
      expectCell(row[at('Kansenkloof implementatie band 1 − band 4 (procentpunt)')], area.equityGap, indicator('equityGap').decimals);
      for (const p of area.partners) expectCell(row[at(`${p.label} (%)`)], p.coverage, indicator('partnerCoverage').decimals);
    });
    // Kleinwijk rests on too few schools: "." in the file, exactly as on screen.
    expect(table.find((r) => r[0] === 'GM9003')![at('Implementatiegraad (%)')]).toBe('.');
    expect(footer.join('\n')).toContain('Gebied: Noordstad, Zuidstad en Kleinwijk');
  });

  it('comparison: asks for the municipalities in Dutch when they are missing', async () => {
    await expect(exportTable(caller, 'vergelijking', 'csv', nation)).rejects.toThrow(/geef de parameter gemeenten mee/);
  });

  it('uses ";" and a decimal comma; text with a separator is quoted', async () => {
    // Capacity has fte with two decimals.
    const file = await exportTable(caller, 'capaciteit', 'csv', nation);
    const text = file.body.toString('utf8');
    expect(text.split('\r\n')[0]).toContain(';');
    expect(text).toMatch(/;\d+,\d\d;/);
    expect(text).not.toMatch(/;\d+\.\d+;/);
  });

  it('every table exports for the nation and a region', async () => {
    // 'scholen' has its own tests (advisors only); 'grootste-kloof' is empty at this fixture's threshold and tested above at 1;
    // 'wijken' needs districts, which this fixture has not: routers/districts.test.ts exports it.
    for (const table of EXPORT_TABLES.filter((x) => x.id !== 'scholen' && x.id !== 'grootste-kloof' && x.id !== 'wijken')) {
      const filters = { region: [region('GG9001')], municipalities: [comparison('GM9001', 'GM9004')], districts: [] };
      for (const f of table.requires ? filters[table.requires] : [nation, region('GG9002')]) {
        const { table: rows } = readCsv((await exportTable(caller, table.id, 'csv', f)).body);
        expect(rows.length, table.id).toBeGreaterThan(1);
        for (const r of rows) expect(r.length, table.id).toBe(rows[0]!.length);
      }
    }
  });
});

describe('demo notice', () => {
  // 'wijken': the demo notice on it is checked in routers/districts.test.ts (this fixture has no districts).
  const tables = EXPORT_TABLES.filter((x) => x.id !== 'scholen' && x.id !== 'grootste-kloof' && x.id !== 'wijken');
  const filtersOf = (table: (typeof EXPORT_TABLES)[number]) =>
    table.requires === 'municipalities' ? comparison('GM9001', 'GM9004') : region('GG9001');

  it('is in every CSV and on every XLSX sheet while the data is synthetic', async () => {
    for (const table of tables) {
      const { footer } = readCsv((await exportTable(caller, table.id, 'csv', filtersOf(table))).body);
      expect(footer.join('\n'), table.id).toContain(DEMO_NOTICE);
      const wb = await readXlsx((await exportTable(caller, table.id, 'xlsx', filtersOf(table))).body);
      for (const ws of wb.worksheets.filter((w) => w.name !== 'Toelichting')) expect(ws.headerFooter.oddHeader, `${table.id} ${ws.name}`).toContain(DEMO_NOTICE);
      const info = wb.getWorksheet('Toelichting')!;
      expect(info.getSheetValues().flat().join(' '), table.id).toContain(DEMO_NOTICE);
    }
  });

  it('is absent from exports of real data', async () => {
    await t.db.kysely.updateTable('dataset_meta').set({ value: 'false' }).where('key', '=', 'synthetic').execute();
    onTestFinished(async () => {
      await t.db.kysely.updateTable('dataset_meta').set({ value: 'true' }).where('key', '=', 'synthetic').execute();
    });
    const table = tables[0]!;
    const { footer } = readCsv((await exportTable(caller, table.id, 'csv', filtersOf(table))).body);
    expect(footer.join('\n')).not.toContain('demonstratiegegevens');
    const wb = await readXlsx((await exportTable(caller, table.id, 'xlsx', filtersOf(table))).body);
    // ExcelJS reads a sheet without header or footer as null.
    expect((wb.worksheets[0]!.headerFooter as { oddHeader?: string } | null)?.oddHeader ?? '').not.toContain(DEMO_NOTICE);
  });
});

describe('school list export', () => {
  const advisorOf = (region: string) => createExportCaller({ ...createInnerContext(t.db, config), user: { ...nationalReader, role: 'ggd-adviseur', national: false, regions: [region] } } as Context);

  it('has every school of the region (no row limit), as the paged list answers it', async () => {
    const advisor = advisorOf('GG9001');
    const page1 = await advisor.schools.list({ regionCode: 'GG9001', schoolYear: YEAR, page: 1, pageSize: 5, sort: { column: 'priority', direction: 'desc' } });
    expect(page1.total).toBeGreaterThan(5);
    const { table } = readCsv((await exportTable(advisor, 'scholen', 'csv', region('GG9001'))).body);
    expect(table.length - 1).toBe(page1.total);
    expect(table.slice(1, 6).map((r) => r[0])).toEqual(page1.rows.map((r) => r.schoolId));
  });

  it('is refused to roles that may not see school rows, as on screen', async () => {
    await expect(exportTable(caller, 'scholen', 'csv', region('GG9001'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('XLSX export', () => {
  it('capacity per region: typed numbers equal to capacity.regions, frozen header, Toelichting with filters', async () => {
    const api = await caller.capacity.regions({ schoolYear: YEAR, sector: 'all' });
    const file = await exportTable(caller, 'capaciteit', 'xlsx', nation);
    const wb = await readXlsx(file.body);
    const ws = wb.getWorksheet('Capaciteit')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toContain('Implementatiegraad (%)');
    const col = (name: string) => headers.indexOf(name) + 1;
    expect(ws.rowCount - 1).toBe(api.rows.length);
    for (let i = 2; i <= ws.rowCount; i++) {
      const row = ws.getRow(i);
      const apiRow = api.rows.find((r) => r.code === row.getCell(1).value)!;
      expect(row.getCell(2).value).toBe(apiRow.name);
      expectCell(row.getCell(col('Implementatiegraad (%)')).value as number | string, apiRow.implementation, indicator('implementation').decimals);
      const fte = row.getCell(col('Adviescapaciteit (fte)'));
      expect(typeof fte.value).toBe('number');
      expect(fte.numFmt).toBe('#,##0.00');
      expect(fte.value).toBeCloseTo(apiRow.advisorFte!, 2);
      expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(10);
    }
    const info = wb.getWorksheet('Toelichting')!;
    const text = info.getSheetValues().flat().filter((v) => typeof v === 'string' || typeof v === 'number').join('\n');
    expect(text).toContain('Nederland');
    expect(text).toContain('2024–2025');
    expect(text).toContain('Alle sectoren');
    expect(text).toContain('Peildatum gegevens');
    expect(text).toContain('Implementatiegraad');
    expect(text).toContain(`minder dan ${MIN} scholen`);
  });

  it('the report workbook opens with the key figures of the area, as the overview shows them', async () => {
    const k = await caller.overview.keyFigures({ scope: { level: 'region', code: 'GG9001' }, schoolYear: YEAR, sector: 'all' });
    const wb = await readXlsx((await exportReportWorkbook(caller, region('GG9001'))).body);
    expect(wb.worksheets[0]!.name).toBe('Kerncijfers');
    const ws = wb.getWorksheet('Kerncijfers')!;
    const byName = new Map<string, ExcelJS.Row>();
    for (let i = 2; i <= ws.rowCount; i++) byName.set(String(ws.getRow(i).getCell(1).value), ws.getRow(i));
    expectCell(byName.get('Implementatiegraad')!.getCell(3).value as number | string, k.implementation, indicator('implementation').decimals);
    expect(byName.get('Implementatiegraad')!.getCell(4).value).toBe(k.implementation.schools);
    expect(byName.get(indicator('capacityFtePer100').shortLabel)!.getCell(3).value).toBeCloseTo(k.capacity.advisorFtePer100Schools!, 2);
    expectCell(byName.get('Scholen')!.getCell(3).value as number | string, k.schools, indicator('schools').decimals);
  });

  it('heatmap: suppressed principle cells are "." and visible ones numbers', async () => {
    const api = await caller.implementation.heatmap({ regionCode: 'GG9001', schoolYear: YEAR, sector: 'all' });
    const wb = await readXlsx((await exportTable(caller, 'heatmap', 'xlsx', region('GG9001'))).body);
    const ws = wb.worksheets[0]!;
    let hidden = 0;
    for (const apiRow of api.rows) {
      let row: ExcelJS.Row | undefined;
      ws.eachRow((r) => { if (r.getCell(1).value === apiRow.code) row = r; });
      expectCell(row!.getCell(3).value as number | string, apiRow.overall, indicator('implementation').decimals);
      apiRow.principles.forEach((p, i) => {
        if (p.suppressed) hidden++;
        expectCell(row!.getCell(4 + i).value as number | string, p, indicator('implementation').decimals);
      });
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('the report workbook has one sheet per report table and a Toelichting', async () => {
    const wb = await readXlsx((await exportReportWorkbook(caller, region('GG9001'))).body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Kerncijfers', 'Profiel', 'Trend', 'Gelijke kansen', 'Partnerdekking', 'Capaciteit', 'Gemeenten x principes', 'Voorwaarden', 'Toelichting']);
  });
});

describe('GET /api/export', () => {
  let base = '';
  let close: () => void = () => undefined;
  beforeAll(async () => {
    const app = express();
    // The app puts the session's principal here; the router records each download under it.
    app.use((_req, res, next) => { res.locals.principal = nationalReader; next(); });
    app.use(exportRouter({ callerFor: () => caller, reports: null, logger, db: t.db }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('serves a CSV download with filters from the query string', async () => {
    const res = await fetch(`${base}/api/export/kaart.csv?jaar=${YEAR}&regio=GG9001&indicator=scanCoverage`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kaart-ggd-noord-2024-2025-all\.csv"$/);
    const { table } = readCsv(Buffer.from(await res.arrayBuffer()));
    expect(table[0]![2]).toBe('Scandekking (%)');
  });

  it('serves the comparison with the municipalities of the page URL and records them in the audit log', async () => {
    const res = await fetch(`${base}/api/export/vergelijking.xlsx?jaar=${YEAR}&gemeenten=GM9001,GM9004`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('vergelijking-noordstad-en-zuidstad');
    const wb = await readXlsx(Buffer.from(await res.arrayBuffer()));
    expect(wb.getWorksheet('Vergelijking')!.getRow(2).getCell(1).value).toBe('GM9001');
    const last = await t.db.kysely.selectFrom('audit_log').select('detail').where('action', '=', 'export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.detail).toContain('vergelijking.xlsx · gebied GM9001,GM9004');
  });

  it('records each download once in the audit log (who, table, format, scope, year, sector), refused ones not', async () => {
    const before = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'export').execute();
    const ok = await fetch(`${base}/api/export/profiel.xlsx?jaar=${YEAR}&regio=GG9001&sector=po`);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    expect((await fetch(`${base}/api/export/profiel.csv?regio=GG0000`)).status).toBe(404);
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'export').orderBy('id').execute();
    const added = rows.slice(before.length);
    expect(added.map((r) => [r.user_id, r.email, r.detail])).toEqual([
      [1, 'coordinator@test.nl', `profiel.xlsx · gebied GG9001 · schooljaar ${YEAR} · sector po · /api/export/profiel.xlsx?jaar=${YEAR}&regio=GG9001&sector=po`],
    ]);
  });

  it('answers unknown tables, bad filters and unknown areas in Dutch', async () => {
    const unknown = await fetch(`${base}/api/export/bestaat-niet.csv`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Onbekende tabel');
    const badYear = await fetch(`${base}/api/export/kaart.xlsx?jaar=2024`);
    expect(badYear.status).toBe(400);
    const noRegion = await fetch(`${base}/api/export/heatmap.csv`);
    expect(noRegion.status).toBe(400);
    expect(await noRegion.text()).toContain('regio');
    const area = await fetch(`${base}/api/export/profiel.csv?regio=GG0000`);
    expect(area.status).toBe(404);
    const oneMunicipality = await fetch(`${base}/api/export/vergelijking.csv?gemeenten=GM9001`);
    expect(oneMunicipality.status).toBe(400);
    expect(await oneMunicipality.text()).toContain('kies minstens 2 gemeenten');
    const badCode = await fetch(`${base}/api/export/vergelijking.csv?gemeenten=GM9001,Amsterdam`);
    expect(badCode.status).toBe(400);
    const pdf = await fetch(`${base}/api/report/region/GG9001.pdf`);
    expect(pdf.status).toBe(503);
  });
});
