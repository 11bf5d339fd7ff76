/**
 * The national demo dataset against the public reference bands of data/README.md ("Calibration"):
 * every figure in that table is computed here from a real database seeded with the default seed and
 * must lie in its documented band. The bands come from public Gezonde School figures and practice
 * (docs: ../shared/docs/domain.md); the direction-of-effect checks in demo-seed.test.ts complement them.
 *
 * It seeds all 25 regions (about half a minute on a quiet machine, longer on a loaded one), because
 * national totals cannot be checked on a subset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_YEARS } from '@rd/shared';
import { openDb, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemoData } from './demo-seed.ts';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-calibration-'));
  db = await openDb(path.join(dir, 'demo.sqlite'));
  await migrateToLatest(db);
  await seedDemoData(db);
}, 240_000);

afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function all<T>(query: string, ...params: unknown[]): T[] {
  return db.sqlite!.prepare(query).all(...params) as T[];
}

const [FIRST, COVID, AFTER_COVID] = DEMO_SCHOOL_YEARS as [string, string, string, ...string[]];
const LAST = DEMO_SCHOOL_YEARS.at(-1)!;

/** Per school year: national shares over all school locations. */
function perYear<T extends Record<string, number>>(select: string): Map<string, T> {
  return new Map(all<T & { year: string }>(`SELECT i.school_year AS year, ${select}
    FROM implementation_record i JOIN school s ON s.id = i.school_id GROUP BY 1 ORDER BY 1`).map((r) => [r.year, r]));
}

describe('the national demo dataset lies in the documented public bands', () => {
  it('advisory capacity: 1.0–2.5 FTE per 100 schools in every region and year, roughly 3–10 FTE per region, with spread and cuts', () => {
    const rows = all<{ region: string; year: string; fte: number; hours: number; schools: number }>(`
      WITH n AS (SELECT m.region_code, count(*) AS schools FROM school s JOIN municipality m ON m.code = s.municipality_code GROUP BY 1)
      SELECT c.region_code AS region, c.school_year AS year, c.advisor_fte AS fte, c.hours_for_schools AS hours, n.schools
      FROM capacity c JOIN n USING (region_code)`);
    expect(rows).toHaveLength(25 * DEMO_SCHOOL_YEARS.length);
    for (const r of rows) {
      const per100 = (100 * r.fte) / r.schools;
      expect(per100, `${r.region} ${r.year}`).toBeGreaterThanOrEqual(1.0);
      expect(per100, `${r.region} ${r.year}`).toBeLessThanOrEqual(2.5);
    }
    const last = rows.filter((r) => r.year === LAST).map((r) => r.fte).sort((a, b) => a - b);
    const median = last[Math.floor(last.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(3);
    expect(median).toBeLessThanOrEqual(10);
    // Nationally: 1.0–2.5 FTE per 100 of the ≈8,900 locations.
    const national = last.reduce((a, b) => a + b, 0);
    expect(national).toBeGreaterThan(89);
    expect(national).toBeLessThan(222);
    // Regions differ, and some cut their capacity (municipal budgets).
    const per100 = (year: string) => new Map(rows.filter((r) => r.year === year).map((r) => [r.region, r.fte / r.schools]));
    const [before, after] = [per100(AFTER_COVID), per100(LAST)];
    expect(Math.max(...after.values()) / Math.min(...after.values())).toBeGreaterThan(1.5);
    const cutting = [...after].filter(([region, v]) => v < 0.95 * before.get(region)!);
    expect(cutting.length).toBeGreaterThanOrEqual(3);
    expect(cutting.length).toBeLessThan(25);
  });

  it('direct advisory hours: 700–900 per FTE outside the COVID years, fewer in 2020-21 (staff redeployed)', () => {
    const rows = all<{ region: string; year: string; perFte: number }>('SELECT region_code AS region, school_year AS year, hours_for_schools / advisor_fte AS perFte FROM capacity');
    for (const r of rows.filter((x) => x.year !== COVID && x.year !== AFTER_COVID)) {
      expect(r.perFte, `${r.region} ${r.year}`).toBeGreaterThanOrEqual(700);
      expect(r.perFte, `${r.region} ${r.year}`).toBeLessThanOrEqual(900);
    }
    for (const r of rows.filter((x) => x.year === COVID)) expect(r.perFte, r.region).toBeLessThan(700);
  });

  it('Ondersteuningsaanbod: 5–9% of schools a year, about 10 hours each, and fewer in 2020-21 (770 → 464)', () => {
    const years = perYear<{ supported: number; hours: number; schools: number }>(
      'sum(i.ggd_support_hours > 0) AS supported, sum(i.ggd_support_hours) AS hours, count(*) AS schools');
    expect([...years.keys()]).toEqual(DEMO_SCHOOL_YEARS);
    for (const [year, y] of years) {
      expect(y.supported / y.schools, year).toBeGreaterThanOrEqual(0.05);
      expect(y.supported / y.schools, year).toBeLessThanOrEqual(0.09);
      expect(y.hours / y.supported, year).toBeGreaterThan(8);
      expect(y.hours / y.supported, year).toBeLessThan(12);
    }
    expect(years.get(COVID)!.supported).toBeLessThan(0.75 * years.get(FIRST)!.supported);
  });

  it('vignet: about 19% of locations from 2020 on, a plateau of 1,500–2,000 schools; vo below po, mbo not below po', () => {
    const years = perYear<{ vignet: number; schools: number }>(
      'sum(EXISTS (SELECT 1 FROM certificate c WHERE c.school_id = i.school_id AND c.school_year = i.school_year)) AS vignet, count(*) AS schools');
    for (const [year, y] of years) {
      expect(y.vignet / y.schools, year).toBeGreaterThanOrEqual(0.15);
      expect(y.vignet / y.schools, year).toBeLessThanOrEqual(0.22);
    }
    const plateau = DEMO_SCHOOL_YEARS.slice(1).map((y) => years.get(y)!.vignet);
    for (const count of plateau) {
      expect(count).toBeGreaterThanOrEqual(1500);
      expect(count).toBeLessThanOrEqual(2000);
    }
    expect((Math.max(...plateau) - Math.min(...plateau)) / years.get(LAST)!.schools).toBeLessThanOrEqual(0.03);

    const bySector = new Map(all<{ sector: string; share: number }>(`
      SELECT s.sector, avg(EXISTS (SELECT 1 FROM certificate c WHERE c.school_id = i.school_id AND c.school_year = i.school_year)) AS share
      FROM implementation_record i JOIN school s ON s.id = i.school_id WHERE i.school_year = ? GROUP BY 1`, FIRST).map((r) => [r.sector, r.share]));
    // 2018: po 1,088 of ≈6,400 locations (17%), vo 235 of ≈1,600 (15%), mbo 93 locations.
    expect(bySector.get('po')!).toBeGreaterThanOrEqual(0.14);
    expect(bySector.get('po')!).toBeLessThanOrEqual(0.22);
    expect(bySector.get('vo')!).toBeGreaterThanOrEqual(0.1);
    expect(bySector.get('vo')!).toBeLessThan(bySector.get('po')!);
    expect(bySector.get('mbo')!).toBeGreaterThanOrEqual(bySector.get('po')!);
  });

  it('most common certificates: Bewegen en sport, Voeding, Welbevinden; drug prevention common in vo and mbo only', () => {
    const themes = all<{ theme: string; n: number }>('SELECT theme, count(*) AS n FROM certificate WHERE school_year = ? GROUP BY 1 ORDER BY 2 DESC', LAST);
    expect(themes.slice(0, 3).map((t) => t.theme).sort()).toEqual(['bewegen_sport', 'voeding', 'welbevinden']);
    const drugSectors = all<{ sector: string }>(`SELECT DISTINCT s.sector FROM certificate c JOIN school s ON s.id = c.school_id WHERE c.theme = 'roken_alcohol_drugs'`).map((r) => r.sector).sort();
    expect(drugSectors.every((s) => ['mbo', 'so', 'vo'].includes(s))).toBe(true);
  });

  it('Gezonde School phase: most schools do not work with the approach, and it is a cycle, not a ladder', () => {
    const years = perYear<{ started: number; schools: number }>("sum(i.phase <> 'geen') AS started, count(*) AS schools");
    for (const [year, y] of years) {
      expect(y.started / y.schools, year).toBeGreaterThan(0.2);
      expect(y.started / y.schools, year).toBeLessThan(0.5);
    }
    const transitions = new Map(all<{ step: string; n: number }>(`
      SELECT a.phase || '>' || b.phase AS step, count(*) AS n FROM implementation_record a
      JOIN implementation_record b ON b.school_id = a.school_id
       AND CAST(substr(b.school_year, 1, 4) AS integer) = CAST(substr(a.school_year, 1, 4) AS integer) + 1
      GROUP BY 1`).map((r) => [r.step, r.n]));
    // A new cycle after evaluating, and schools that stop.
    expect(transitions.get('evalueren>voorbereiden') ?? 0).toBeGreaterThan(100);
    expect((transitions.get('uitvoeren>geen') ?? 0) + (transitions.get('voorbereiden>geen') ?? 0) + (transitions.get('evalueren>geen') ?? 0)).toBeGreaterThan(100);
  });

  it('scan coverage: a voluntary scan, well under half of schools, skewed towards engaged schools, lower in 2020-21', () => {
    const scanned = 'EXISTS (SELECT 1 FROM scan_score x WHERE x.school_id = i.school_id AND x.school_year = i.school_year)';
    const years = perYear<{ scanned: number; schools: number }>(`sum(${scanned}) AS scanned, count(*) AS schools`);
    for (const [year, y] of years) {
      expect(y.scanned / y.schools, year).toBeGreaterThan(0.1);
      expect(y.scanned / y.schools, year).toBeLessThan(0.4);
    }
    expect(years.get(COVID)!.scanned).toBeLessThan(years.get(FIRST)!.scanned);
    const skew = new Map(all<{ started: number; share: number }>(`
      SELECT i.phase <> 'geen' AS started, avg(${scanned}) AS share FROM implementation_record i WHERE i.school_year = ? GROUP BY 1`, LAST).map((r) => [r.started, r.share]));
    expect(skew.get(1)!).toBeGreaterThan(3 * skew.get(0)!);
  });

  it('trends: slow change with a COVID stall; implementation among scanned schools rises by a few points a year at most', () => {
    const degree = new Map(all<{ year: string; degree: number }>('SELECT school_year AS year, 100 * avg(score) / 3.0 AS degree FROM scan_score GROUP BY 1').map((r) => [r.year, r.degree]));
    const steps = DEMO_SCHOOL_YEARS.slice(1).map((y, k) => degree.get(y)! - degree.get(DEMO_SCHOOL_YEARS[k]!)!);
    for (const step of steps) expect(Math.abs(step)).toBeLessThan(5);
    // The closures: the step into 2020-21 is the smallest.
    expect(steps[0]!).toBe(Math.min(...steps));
    expect(degree.get(LAST)!).toBeGreaterThan(degree.get(FIRST)!);
  });

  it('youth outcomes: only vo, only the monitor rounds 2019, 2021 and 2023, worse in 2021 than in 2019, near the seed’s vo figures', () => {
    const rows = all<{ year: string; sector: string; indicator: string; value: number }>(`
      SELECT o.school_year AS year, s.sector, o.indicator, sum(o.value_pct * o.respondents) / sum(o.respondents) AS value
      FROM outcome o JOIN school s ON s.id = o.school_id GROUP BY 1, 2, 3`);
    expect([...new Set(rows.map((r) => r.sector))]).toEqual(['vo']);
    expect([...new Set(rows.map((r) => r.year))].sort()).toEqual(['2019-2020', '2021-2022', '2023-2024']);
    const value = (year: string, indicator: string) => rows.find((r) => r.year === year && r.indicator === indicator)!.value;
    // Stevens et al. (2023): vo emotional problems boys ~14%, girls ~46%; school pressure ~48%.
    expect(value('2019-2020', 'emotionele_problemen')).toBeGreaterThan(25);
    expect(value('2019-2020', 'emotionele_problemen')).toBeLessThan(36);
    expect(value('2019-2020', 'schooldruk')).toBeGreaterThan(42);
    expect(value('2019-2020', 'schooldruk')).toBeLessThan(54);
    expect(value('2021-2022', 'emotionele_problemen')).toBeGreaterThan(value('2019-2020', 'emotionele_problemen'));
    expect(value('2021-2022', 'schooldruk')).toBeGreaterThan(value('2019-2020', 'schooldruk'));
  });
});
