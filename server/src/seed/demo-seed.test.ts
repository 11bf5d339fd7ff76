import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SCHOOL_YEARS,
  capacitySchema,
  implementationRecordSchema,
  outcomeSchema,
  partnerAgreementSchema,
  scanScoreSchema,
  schoolSchema,
} from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import { openDb, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { SEED_TABLES } from './demo-model.ts';
import { IDENTIFYING_NAME_LENGTH, SOURCE_FILES, deriveReference, extractSources, schoolNameDigest } from './derive-reference.ts';
import { clearData, countDataRows, seedDemoData, type SeedSummary } from './demo-seed.ts';

/**
 * Seven smaller GGD regions of different character: the national seed (plus rollups) takes longer
 * than 30 s on a loaded 2-core machine, so the cross-region model checks run on this subset.
 */
const REGIONS = ['GG2209', 'GG3109', 'GG3606', 'GG4816', 'GG6011', 'GG6106', 'GG7306'];
const SMALL_REGION = 'GG3606';

const dirs: string[] = [];
const dbs: Db[] = [];

async function freshDb(): Promise<Db> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-seed-'));
  dirs.push(dir);
  const db = await openDb(path.join(dir, 'seed.sqlite'));
  dbs.push(db);
  await migrateToLatest(db);
  return db;
}

afterAll(async () => {
  for (const db of dbs) await db.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function all<T>(db: Db, query: string, ...params: unknown[]): T[] {
  return db.sqlite!.prepare(query).all(...params) as T[];
}

/** A checksum over every row of every seeded table, independent of physical row order. */
function tableChecksums(db: Db): Record<string, string> {
  const result: Record<string, string> = {};
  for (const table of [...SEED_TABLES, 'dataset_meta']) {
    const rows = (db.sqlite!.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
    result[table] = createHash('sha256').update(rows.join('\n')).digest('hex');
  }
  return result;
}

function pearson(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('synthetic demo dataset on the real geography', () => {
  let db: Db;
  let summary: SeedSummary;
  const progress: string[] = [];

  beforeAll(async () => {
    db = await freshDb();
    summary = await seedDemoData(db, { regions: REGIONS, onProgress: (m) => progress.push(m) });
  });

  it('loads the real municipalities of the chosen GGD regions and reports what it wrote', async () => {
    const municipalities = parse(readFileSync(path.join(REPO_ROOT, 'data/reference/gemeenten_2025.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const expected = municipalities.filter((m) => REGIONS.includes(m.ggd_code!)).map((m) => m.gemeente_code).sort();
    expect(all<{ code: string }>(db, 'SELECT code FROM municipality ORDER BY code').map((r) => r.code)).toEqual(expected);
    expect(all<{ code: string }>(db, 'SELECT code FROM region ORDER BY code').map((r) => r.code)).toEqual([...REGIONS].sort());
    expect(summary.regions).toEqual([...REGIONS].sort());
    const counts = await countDataRows(db);
    for (const table of SEED_TABLES) expect(summary.rows[table], table).toBe(counts[table]);
    expect(progress.some((m) => m.startsWith('Demodata klaar'))).toBe(true);
  });

  it('takes the number of po, so and vo locations per municipality from the DUO counts', () => {
    const reference = parse(readFileSync(path.join(REPO_ROOT, 'data/reference/school_counts_2024.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const municipalityCodes = new Set(all<{ code: string }>(db, 'SELECT code FROM municipality').map((r) => r.code));
    const expected = new Map<string, number>();
    for (const r of reference) {
      if (!municipalityCodes.has(r.gemeente_code!)) continue;
      const key = `${r.gemeente_code}/${r.sector}`;
      expected.set(key, (expected.get(key) ?? 0) + Number(r.locaties));
    }
    const actual = new Map(
      all<{ k: string; n: number }>(db, "SELECT municipality_code || '/' || sector AS k, count(*) AS n FROM school WHERE sector <> 'mbo' GROUP BY 1").map((r) => [r.k, r.n]),
    );
    expect(actual).toEqual(expected);
    // Synthetic mbo locations exist, in a few municipalities only.
    const mbo = all<{ n: number; m: number }>(db, "SELECT count(*) AS n, count(DISTINCT municipality_code) AS m FROM school WHERE sector = 'mbo'")[0]!;
    expect(mbo.n).toBeGreaterThan(10);
    expect(mbo.m).toBeLessThan(municipalityCodes.size);
  });

  it('produces records that all validate against the shared schemas', () => {
    for (const r of all<Record<string, unknown>>(db, 'SELECT * FROM school')) {
      schoolSchema.parse({
        id: r.id, sector: r.sector, municipalityCode: r.municipality_code, districtCode: r.district_code, sizeBand: r.size_band,
        disadvantageBand: r.disadvantage_band, lowIncomeShare: r.low_income_share, povertyAreaShare: r.poverty_area_share,
      });
    }
    const certificates = new Map<string, { theme: string; awardedYear: string }[]>();
    for (const c of all<Record<string, string>>(db, 'SELECT * FROM certificate')) {
      const key = `${c.school_id}/${c.school_year}`;
      certificates.set(key, [...(certificates.get(key) ?? []), { theme: c.theme!, awardedYear: c.awarded_year! }]);
    }
    for (const r of all<Record<string, never>>(db, 'SELECT * FROM implementation_record')) {
      implementationRecordSchema.parse({
        schoolId: r.school_id, schoolYear: r.school_year, phase: r.phase, hasKartrekker: r.has_kartrekker === 1,
        teamEnthusiasm: r.team_enthusiasm, parentSupport: r.parent_support, recognisedInterventions: r.recognised_interventions,
        ggdSupportHours: r.ggd_support_hours, ggdContacts: r.ggd_contacts, certificates: certificates.get(`${r.school_id}/${r.school_year}`) ?? [],
      });
    }
    for (const r of all<Record<string, never>>(db, 'SELECT * FROM capacity')) {
      capacitySchema.parse({ regionCode: r.region_code, schoolYear: r.school_year, advisorFte: r.advisor_fte, hoursForSchools: r.hours_for_schools });
    }
    for (const r of all<Record<string, never>>(db, 'SELECT * FROM partner_agreement WHERE rowid % 5 = 0')) {
      partnerAgreementSchema.parse({ schoolId: r.school_id, schoolYear: r.school_year, partnerType: r.partner_type, hasAgreement: r.has_agreement === 1 });
    }
    for (const r of all<Record<string, never>>(db, 'SELECT * FROM scan_score WHERE rowid % 7 = 0')) {
      scanScoreSchema.parse({ schoolId: r.school_id, schoolYear: r.school_year, principleId: r.principle_id, score: r.score });
    }
    for (const r of all<Record<string, never>>(db, 'SELECT * FROM outcome')) {
      outcomeSchema.parse({ schoolId: r.school_id, schoolYear: r.school_year, indicator: r.indicator, valuePct: r.value_pct, respondents: r.respondents });
    }
  });

  it('labels the data as synthetic in the database itself', () => {
    const meta = Object.fromEntries(all<{ key: string; value: string }>(db, 'SELECT key, value FROM dataset_meta').map((r) => [r.key, r.value]));
    expect(meta.synthetic).toBe('true');
    expect(meta.description).toMatch(/^Synthetische demodata op echte geografie/);
    expect(meta.data_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(meta.seed).toBe(String(summary.seed));
    expect(meta.generator_version).toBeTruthy();
  });

  it('covers all six school years with one implementation record per school per year and capacity per region', () => {
    const years = all<{ school_year: string; n: number }>(db, 'SELECT school_year, count(*) AS n FROM implementation_record GROUP BY 1 ORDER BY 1');
    const schools = all<{ n: number }>(db, 'SELECT count(*) AS n FROM school')[0]!.n;
    expect(years.map((y) => y.school_year)).toEqual(DEMO_SCHOOL_YEARS);
    for (const y of years) expect(y.n).toBe(schools);
    expect(all<{ n: number }>(db, 'SELECT count(*) AS n FROM capacity')[0]!.n).toBe(REGIONS.length * DEMO_SCHOOL_YEARS.length);
    const scanYears = all<{ school_year: string }>(db, 'SELECT DISTINCT school_year FROM scan_score ORDER BY 1').map((r) => r.school_year);
    expect(scanYears).toEqual(DEMO_SCHOOL_YEARS);
  });

  it('has realistic magnitudes: about a fifth supported, about 10 hours each, most schools scanned', () => {
    const perYear = all<{ supported: number; hours: number; schools: number }>(db, `
      SELECT sum(ggd_support_hours > 0) AS supported, sum(ggd_support_hours) AS hours, count(*) AS schools
      FROM implementation_record GROUP BY school_year`);
    for (const y of perYear) {
      expect(y.supported / y.schools).toBeGreaterThan(0.1);
      expect(y.supported / y.schools).toBeLessThan(0.35);
      expect(y.hours / y.supported).toBeGreaterThan(8);
      expect(y.hours / y.supported).toBeLessThan(12);
    }
    // Nationally about 18–22% (data/README.md); seven regions are a sample of strongly differing capacity.
    const overall = perYear.reduce((a, y) => ({ s: a.s + y.supported, n: a.n + y.schools }), { s: 0, n: 0 });
    expect(overall.s / overall.n).toBeGreaterThan(0.12);
    expect(overall.s / overall.n).toBeLessThan(0.28);

    const coverage = all<{ region: string; year: string; share: number }>(db, `
      SELECT m.region_code AS region, i.school_year AS year,
             avg(EXISTS (SELECT 1 FROM scan_score x WHERE x.school_id = i.school_id AND x.school_year = i.school_year)) AS share
      FROM implementation_record i JOIN school s ON s.id = i.school_id JOIN municipality m ON m.code = s.municipality_code
      GROUP BY 1, 2`);
    for (const c of coverage) {
      expect(c.share, `${c.region} ${c.year}`).toBeGreaterThan(0.45);
      expect(c.share, `${c.region} ${c.year}`).toBeLessThan(0.98);
    }
    const shares = coverage.filter((c) => c.year === '2024-2025').map((c) => c.share);
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.1);

    // Vignet (at least one valid themacertificaat) rises from about 11% towards 19%.
    const vignet = all<{ year: string; share: number }>(db, `
      SELECT i.school_year AS year, avg(EXISTS (SELECT 1 FROM certificate c WHERE c.school_id = i.school_id AND c.school_year = i.school_year)) AS share
      FROM implementation_record i GROUP BY 1 ORDER BY 1`);
    expect(vignet[0]!.share).toBeGreaterThan(0.05);
    expect(vignet[0]!.share).toBeLessThan(0.2);
    expect(vignet.at(-1)!.share).toBeGreaterThan(vignet[0]!.share + 0.03);
  });

  it('keeps certificates valid for three school years', () => {
    const bad = all<{ n: number }>(db, `
      SELECT count(*) AS n FROM certificate
      WHERE CAST(substr(school_year, 1, 4) AS integer) - CAST(substr(awarded_year, 1, 4) AS integer) NOT BETWEEN 0 AND 2`)[0]!.n;
    expect(bad).toBe(0);
  });

  it('follows the seed: more advisory capacity per school goes with higher implementation across regions', () => {
    const rows = all<{ region: string; hoursPerSchool: number; implementation: number }>(db, `
      WITH schools AS (SELECT m.region_code, count(*) AS n FROM school s JOIN municipality m ON m.code = s.municipality_code GROUP BY 1),
           impl AS (SELECT m.region_code, avg(x.score) / 3.0 AS degree FROM scan_score x JOIN school s ON s.id = x.school_id
                    JOIN municipality m ON m.code = s.municipality_code WHERE x.school_year = '2024-2025' GROUP BY 1)
      SELECT c.region_code AS region, c.hours_for_schools * 1.0 / schools.n AS hoursPerSchool, impl.degree AS implementation
      FROM capacity c JOIN schools USING (region_code) JOIN impl USING (region_code) WHERE c.school_year = '2024-2025'`);
    expect(rows).toHaveLength(REGIONS.length);
    const r = pearson(rows.map((x) => x.hoursPerSchool), rows.map((x) => x.implementation));
    expect(r).toBeGreaterThan(0.3);
    // Regions differ strongly in capacity per school.
    const hours = rows.map((x) => x.hoursPerSchool);
    expect(Math.max(...hours) / Math.min(...hours)).toBeGreaterThan(1.5);
  });

  it('follows the seed: kartrekker schools implement more, disadvantaged schools less', () => {
    const byKartrekker = all<{ k: number; degree: number }>(db, `
      SELECT i.has_kartrekker AS k, avg(x.score) AS degree FROM scan_score x
      JOIN implementation_record i ON i.school_id = x.school_id AND i.school_year = x.school_year
      WHERE x.school_year = '2024-2025' GROUP BY 1 ORDER BY 1`);
    expect(byKartrekker[1]!.degree).toBeGreaterThan(byKartrekker[0]!.degree);
    const byBand = new Map(all<{ band: number; degree: number }>(db, `
      SELECT s.disadvantage_band AS band, avg(x.score) AS degree FROM scan_score x JOIN school s ON s.id = x.school_id
      WHERE x.school_year = '2024-2025' GROUP BY 1`).map((r) => [r.band, r.degree]));
    expect(byBand.get(4)!).toBeLessThan(byBand.get(1)!);
    // Equity indicators are consistent with the band.
    const income = all<{ band: number; share: number }>(db, 'SELECT disadvantage_band AS band, avg(low_income_share) AS share FROM school GROUP BY 1 ORDER BY 1');
    for (let i = 1; i < income.length; i++) expect(income[i]!.share).toBeGreaterThan(income[i - 1]!.share);
    // Disadvantaged schools get priority for support.
    const support = new Map(all<{ band: number; share: number }>(db, `
      SELECT s.disadvantage_band AS band, avg(i.ggd_support_hours > 0) AS share FROM implementation_record i JOIN school s ON s.id = i.school_id GROUP BY 1`).map((r) => [r.band, r.share]));
    expect(support.get(4)!).toBeGreaterThan(support.get(1)!);
  });

  it('lets schools improve over the years, with scores that rarely drop', () => {
    const trend = all<{ year: string; degree: number }>(db, 'SELECT school_year AS year, avg(score) AS degree FROM scan_score GROUP BY 1 ORDER BY 1');
    for (let i = 1; i < trend.length; i++) expect(trend[i]!.degree).toBeGreaterThan(trend[i - 1]!.degree);
    // Consecutive scanned years of the same school and principle.
    const scores = all<{ s: string; p: number; y: string; score: number }>(db,
      'SELECT school_id AS s, principle_id AS p, school_year AS y, score FROM scan_score ORDER BY school_id, principle_id, school_year');
    let pairs = 0;
    let drops = 0;
    for (let i = 1; i < scores.length; i++) {
      const [a, b] = [scores[i - 1]!, scores[i]!];
      if (a.s !== b.s || a.p !== b.p || Number(b.y.slice(0, 4)) !== Number(a.y.slice(0, 4)) + 1) continue;
      pairs++;
      if (b.score < a.score) drops++;
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(drops / pairs).toBeLessThan(0.03);
  });

  it('gives a region seeded alone exactly the rows it gets in a larger seed', async () => {
    const alone = await freshDb();
    await seedDemoData(alone, { regions: [SMALL_REGION] });
    const inSubset = all<unknown>(db, `
      SELECT x.* FROM scan_score x JOIN school s ON s.id = x.school_id JOIN municipality m ON m.code = s.municipality_code
      WHERE m.region_code = ? ORDER BY 1, 2, 3`, SMALL_REGION);
    expect(all<unknown>(alone, 'SELECT * FROM scan_score ORDER BY 1, 2, 3')).toEqual(inSubset);
  });
});

describe('determinism, scale and clearing', () => {
  it('gives identical tables for the same seed and different ones for another seed', async () => {
    const a = await freshDb();
    const b = await freshDb();
    const c = await freshDb();
    await seedDemoData(a, { regions: [SMALL_REGION], seed: 42 });
    await seedDemoData(b, { regions: [SMALL_REGION], seed: 42 });
    await seedDemoData(c, { regions: [SMALL_REGION], seed: 43 });
    expect(tableChecksums(b)).toEqual(tableChecksums(a));
    const other = tableChecksums(c);
    expect(other.school).not.toBe(tableChecksums(a).school);
    expect(other.municipality).toBe(tableChecksums(a).municipality);
  });

  it('writes the same rows through the portable Kysely path (used for PostgreSQL) as through prepared statements', async () => {
    const raw = await freshDb();
    const portable = await freshDb();
    await seedDemoData(raw, { regions: [SMALL_REGION] });
    await seedDemoData(portable, { regions: [SMALL_REGION], writer: 'kysely' });
    expect(tableChecksums(portable)).toEqual(tableChecksums(raw));
  });

  it('multiplies the schools per municipality with scale, keeping per-school capacity', async () => {
    const one = await freshDb();
    const three = await freshDb();
    await seedDemoData(one, { regions: [SMALL_REGION] });
    await seedDemoData(three, { regions: [SMALL_REGION], scale: 3 });
    const per = (db: Db) => new Map(all<{ m: string; n: number }>(db, 'SELECT municipality_code AS m, count(*) AS n FROM school GROUP BY 1').map((r) => [r.m, r.n]));
    const base = per(one);
    for (const [m, n] of per(three)) expect(n, m).toBe(3 * base.get(m)!);
    const hoursPerSchool = (db: Db) => all<{ h: number }>(db, "SELECT c.hours_for_schools * 1.0 / (SELECT count(*) FROM school) AS h FROM capacity c WHERE school_year = '2019-2020'")[0]!.h;
    expect(hoursPerSchool(three)).toBeCloseTo(hoursPerSchool(one), 0);
  });

  it('clears every data table in one go so that a forced reseed starts empty', async () => {
    const db = await freshDb();
    await seedDemoData(db, { regions: [SMALL_REGION] });
    await clearData(db);
    expect(Object.values(await countDataRows(db)).every((n) => n === 0)).toBe(true);
    await seedDemoData(db, { regions: [SMALL_REGION] });
    expect((await countDataRows(db)).school).toBeGreaterThan(0);
  });

  it('refuses unknown regions and a non-positive scale', async () => {
    const db = await freshDb();
    await expect(seedDemoData(db, { regions: ['GG9999'] })).rejects.toThrow(/Onbekende GGD-regio/);
    await expect(seedDemoData(db, { scale: 0 })).rejects.toThrow(/Schaal/);
  });
});

describe('committed reference data in data/', () => {
  const dataDir = path.join(REPO_ROOT, 'data');
  const sharedData = path.resolve(REPO_ROOT, '../shared/data');
  // The reference data, its unnamed sources and its README; data/examples holds import examples with made-up codes (99XX00).
  const files = ['README.md', ...['geo', 'reference', 'sources'].flatMap((d) => readdirSync(path.join(dataDir, d)).map((f) => path.join(d, f)))]
    .filter((f) => existsSync(path.join(dataDir, f)))
    .map((f) => path.join(dataDir, f));

  it('holds the three boundary files byte-identical to the cartomap/nl originals', () => {
    // SHA-256 of the originals, as recorded with the source data (data/README.md gives the commit).
    const originals = {
      'gemeente_2025.topojson': '12f0da7537f29582ae20ba43713cf7291dcc61bfbe81914febbbf95b3945d077',
      'ggdregio_2025.topojson': '8481582e5e0b3297f9ff12f2190a93b66e2efbc481f2101479d2abc36ca8d2ec',
      'provincie_2025.topojson': 'f36dd9c50f81d701b8a86a79c9f04b5b51b2eba1170286ae07ed0e57dcf2e04f',
    };
    for (const [f, sha256] of Object.entries(originals)) {
      const ours = readFileSync(path.join(dataDir, 'geo', f));
      expect(JSON.parse(ours.toString('utf8')).type).toBe('Topology');
      expect(createHash('sha256').update(ours).digest('hex'), f).toBe(sha256);
    }
  });

  it('is reproduced byte for byte by derive-reference.ts from the sources in data/sources', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rd-derive-'));
    dirs.push(out);
    const result = deriveReference(dataDir, out);
    expect(result.distributionRows).toBe(342);
    for (const f of ['reference/school_counts_2024.csv', 'reference/achterstand_distribution_2019.csv']) {
      expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(dataDir, f))), f).toBe(true);
    }
  });

  // The public per-school files live beside the checkout, not in it; without them there is nothing to extract from.
  it.skipIf(!existsSync(sharedData))('has its geography and unnamed sources extracted byte for byte from ../shared/data', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rd-extract-'));
    dirs.push(out);
    extractSources(sharedData, out);
    for (const f of ['geo/gemeente_2025.topojson', 'reference/gemeenten_2025.csv', ...Object.values(SOURCE_FILES)]) {
      expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(dataDir, f))), f).toBe(true);
    }
  });

  it('contains no BRIN or vestiging code', () => {
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const tokens = readFileSync(f, 'utf8').match(/[A-Za-z0-9]+/g) ?? [];
      const brinLike = tokens.filter((t) => /^\d{2}[A-Z]{2}(\d{2})?$/.test(t));
      expect(brinLike, path.relative(dataDir, f)).toEqual([]);
    }
  });

  it('keeps only codes, sectors, school types and numbers of the per-school sources', () => {
    const locations = parse(readFileSync(path.join(dataDir, SOURCE_FILES.locations), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(locations).toHaveLength(8622);
    expect(Object.keys(locations[0]!)).toEqual(['gemeente_code', 'sector', 'duo_soort']);
    const duoSoort = /^(basisschool|\(V\)SO|SBAO|SO|VSO|BRUGJAAR|(VBO|MAVO|HAVO|VWO|PRO)(\/(VBO|MAVO|HAVO|VWO|PRO))*)$/;
    expect(locations.filter((r) => !/^GM\d{4}$/.test(r.gemeente_code!) || !['po', 'so', 'vo'].includes(r.sector!) || !duoSoort.test(r.duo_soort!))).toEqual([]);
    const scores = parse(readFileSync(path.join(dataDir, SOURCE_FILES.disadvantage), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(scores).toHaveLength(6295);
    expect(Object.keys(scores[0]!)).toEqual(['gemeente_code', 'aantal_bekostigde_leerlingen', 'achterstandsscore_zonder_drempel']);
    expect(scores.filter((r) => !/^(GM\d{4})?$/.test(r.gemeente_code!) || !/^\d+$/.test(r.aantal_bekostigde_leerlingen!)
      || !/^-?\d+(\.\d+)?$/.test(r.achterstandsscore_zonder_drempel!))).toEqual([]);
  });

  // A name is a run of whole words: every text of a known name's length that starts and ends at a word
  // boundary is looked up by its digest.
  function namesIn(text: string, digests: Set<string>, lengths: number[]): string[] {
    const lower = text.toLowerCase();
    const inWord = (i: number) => i >= 0 && i < lower.length && /[\p{L}\p{N}]/u.test(lower[i]!);
    const found: string[] = [];
    for (let i = 0; i < lower.length; i++) {
      if (inWord(i - 1)) continue;
      for (const n of lengths) {
        if (i + n > lower.length || inWord(i + n)) continue;
        if (digests.has(schoolNameDigest(lower.slice(i, i + n)))) found.push(lower.slice(i, i + n));
      }
    }
    return found;
  }
  const nameDigests = () => {
    const rows = parse(readFileSync(path.join(dataDir, SOURCE_FILES.nameDigests), 'utf8'), { columns: true }) as Record<string, string>[];
    return { digests: new Set(rows.map((d) => d.digest!)), lengths: [...new Set(rows.map((d) => Number(d.lengte)))], rows: rows.length };
  };

  it('finds a school name by its digest wherever a word starts with it', () => {
    const name = 'Gezonde Basisschool Het Anker';
    const known = new Set([schoolNameDigest(name)]);
    expect(namesIn(`Bezocht: ${name.toUpperCase()}, twee keer.`, known, [name.length])).toEqual([name.toLowerCase()]);
    expect(namesIn(`xGezonde Basisschool Het Anker`, known, [name.length])).toEqual([]);
    expect(namesIn(`Gezonde Basisschool Het Ankers`, known, [name.length])).toEqual([]);
  });

  it('contains no real school name (the register is kept as digests of its names)', () => {
    const { digests, lengths, rows } = nameDigests();
    expect(rows).toBeGreaterThan(1000);
    expect(Math.min(...lengths)).toBe(IDENTIFYING_NAME_LENGTH);
    for (const f of files.filter((x) => !x.endsWith('.topojson') && !x.includes(`${path.sep}sources${path.sep}`))) {
      expect(namesIn(readFileSync(f, 'utf8'), digests, lengths), path.relative(dataDir, f)).toEqual([]);
    }
  });

  const register = path.join(sharedData, 'reference/schools_duo_2024.csv');
  // The register itself lives beside the checkout, not in it; without it there are no names to try.
  it.skipIf(!existsSync(register))('recognises the register\'s names by their digests (needs ../shared/data)', () => {
    const { digests, lengths } = nameDigests();
    const names = (parse(readFileSync(register, 'utf8'), { columns: true }) as Record<string, string>[])
      .map((s) => s.naam!).filter((n) => n.length >= IDENTIFYING_NAME_LENGTH).slice(0, 50);
    for (const n of names) expect(namesIn(`Naam: ${n}.`, digests, lengths), n).toContain(n.toLowerCase());
  });
});
