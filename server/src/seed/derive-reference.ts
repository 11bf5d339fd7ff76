/**
 * Derives the project's own reference files in data/ from the public source data in ../shared/data,
 * in two steps:
 * 1. extractSources: the boundary files and the municipality list are copied; of the DUO register and
 *    the CBS scores only the columns the derivation needs are kept, in data/sources/, without the
 *    school's name, BRIN or vestiging code; the real school names are kept only as digests, so a test
 *    can check that no data file names a real school.
 * 2. deriveReference: from data/sources, the aggregates per municipality the demo uses.
 *
 * Privacy: the DUO register and the CBS scores are per real school (BRIN + name). The demo dataset
 * must never attach synthetic figures to an identifiable real school, so no name, BRIN or vestiging
 * code leaves this script. Step 2 needs nothing outside the repository, so a clean clone can check
 * that the committed reference files follow from the committed sources.
 *
 * Run: `npx tsx server/src/seed/derive-reference.ts [sourceDir]` (default ../shared/data next to the
 * repository). The output is deterministic (sorted rows), so re-running gives byte-identical files.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEFAULT_SOURCE_DIR = path.resolve(REPO_ROOT, '../shared/data');
const DATA_DIR = path.join(REPO_ROOT, 'data');

const GEO_FILES = ['gemeente_2025.topojson', 'ggdregio_2025.topojson', 'provincie_2025.topojson'] as const;

/** DUO's own school type, grouped into a few groups that matter for the demo (see data/README.md). */
function duoTypeGroup(sector: string, duoSoort: string): string {
  if (sector === 'po') return 'basisschool';
  if (sector === 'so') {
    const map: Record<string, string> = { SBAO: 'sbao', SO: 'so', VSO: 'vso', '(V)SO': 'so_vso' };
    return map[duoSoort] ?? 'so_vso';
  }
  if (duoSoort === 'BRUGJAAR') return 'brugjaar';
  if (duoSoort === 'PRO') return 'pro';
  const parts = duoSoort.split('/');
  const vmbo = parts.some((p) => p === 'VBO' || p === 'MAVO');
  const havoVwo = parts.some((p) => p === 'HAVO' || p === 'VWO');
  if (vmbo && havoVwo) return 'breed';
  return havoVwo ? 'havo_vwo' : 'vmbo';
}

/**
 * Disadvantage per pupil = CBS achterstandsscore without threshold / funded pupils, so that large and
 * small schools compare. Bands are the national quartiles of that ratio (band 4 = most disadvantaged).
 */
function quartileCuts(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return [at(0.25), at(0.5), at(0.75)];
}

function bandOf(value: number, cuts: readonly [number, number, number]): 1 | 2 | 3 | 4 {
  if (value < cuts[0]) return 1;
  if (value < cuts[1]) return 2;
  if (value < cuts[2]) return 3;
  return 4;
}

function sizeBandOfPupils(pupils: number): 'klein' | 'middel' | 'groot' {
  return pupils < 150 ? 'klein' : pupils < 500 ? 'middel' : 'groot';
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The files of data/sources: the source columns the derivation needs, one row per real school, unnamed. */
export const SOURCE_FILES = {
  locations: 'sources/duo_locations_2024.csv',
  disadvantage: 'sources/cbs_achterstand_2019.csv',
  nameDigests: 'sources/school_name_digests.csv',
} as const;

/** School names shorter than this also occur as ordinary words ("De Ark"); longer ones identify a school. */
export const IDENTIFYING_NAME_LENGTH = 12;

/** The digest under which a real school name is kept: lower-cased, SHA-256, first 16 hex digits. */
export function schoolNameDigest(name: string): string {
  return createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 16);
}

export interface ExtractResult { locations: number; disadvantage: number; nameDigests: number }

export function extractSources(sourceDir = DEFAULT_SOURCE_DIR, outDir = DATA_DIR): ExtractResult {
  for (const d of ['geo', 'reference', 'sources']) mkdirSync(path.join(outDir, d), { recursive: true });
  // The shared source files are read-only; the copies must stay writable so that re-running works.
  const copy = (from: string, to: string) => { copyFileSync(from, to); chmodSync(to, 0o644); };
  for (const f of GEO_FILES) copy(path.join(sourceDir, 'geo', f), path.join(outDir, 'geo', f));
  copy(path.join(sourceDir, 'reference', 'gemeenten_2025.csv'), path.join(outDir, 'reference', 'gemeenten_2025.csv'));

  const register = readCsv(path.join(sourceDir, 'reference', 'schools_duo_2024.csv'));
  const locations = register.map((s) => [s.gemeente_code!, s.sector!, s.duo_soort!].join(',')).sort(byText);
  writeFileSync(path.join(outDir, SOURCE_FILES.locations), ['gemeente_code,sector,duo_soort', ...locations].join('\n') + '\n');

  const scores = readCsv(path.join(sourceDir, 'reference', 'achterstandsscores_scholen_2019.csv'))
    .map((r) => [r.gemeente_code!, r.aantal_bekostigde_leerlingen!, r.achterstandsscore_zonder_drempel!].join(','))
    .sort(byText);
  writeFileSync(path.join(outDir, SOURCE_FILES.disadvantage), ['gemeente_code,aantal_bekostigde_leerlingen,achterstandsscore_zonder_drempel', ...scores].join('\n') + '\n');

  // Municipality and region names are geography, not school names, even where a school shares one.
  const geography = new Set(readCsv(path.join(sourceDir, 'reference', 'gemeenten_2025.csv'))
    .flatMap((g) => [g.gemeente_naam!, g.ggd_naam!, g.provincie_naam!].map((n) => n.toLowerCase())));
  const names = [...new Set(register.map((s) => s.naam!.toLowerCase()))]
    .filter((n) => n.length >= IDENTIFYING_NAME_LENGTH && !geography.has(n));
  const digests = [...new Set(names.map((n) => `${n.length},${schoolNameDigest(n)}`))].sort(byText);
  writeFileSync(path.join(outDir, SOURCE_FILES.nameDigests), ['lengte,digest', ...digests].join('\n') + '\n');
  return { locations: locations.length, disadvantage: scores.length, nameDigests: digests.length };
}

export interface DeriveResult { schoolCountRows: number; distributionRows: number; cuts: [number, number, number] }

/** The reference aggregates in outDir/reference from the unnamed sources in dataDir (both data/ by default). */
export function deriveReference(dataDir = DATA_DIR, outDir = DATA_DIR): DeriveResult {
  mkdirSync(path.join(outDir, 'reference'), { recursive: true });
  const municipalities = readCsv(path.join(dataDir, 'reference', 'gemeenten_2025.csv')).map((r) => r.gemeente_code!);

  const counts = new Map<string, number>();
  for (const s of readCsv(path.join(dataDir, SOURCE_FILES.locations))) {
    const key = `${s.gemeente_code},${s.sector},${duoTypeGroup(s.sector!, s.duo_soort!)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const countRows = [...counts.entries()].sort(([a], [b]) => byText(a, b)).map(([k, n]) => [...k.split(','), n]);
  writeFileSync(path.join(outDir, 'reference', 'school_counts_2024.csv'), toCsv(['gemeente_code', 'sector', 'soort_groep', 'locaties'], countRows));

  const scored = readCsv(path.join(dataDir, SOURCE_FILES.disadvantage))
    .filter((r) => r.gemeente_code && Number(r.aantal_bekostigde_leerlingen) > 0)
    .map((r) => ({
      municipality: r.gemeente_code!,
      pupils: Number(r.aantal_bekostigde_leerlingen),
      perPupil: Math.max(0, Number(r.achterstandsscore_zonder_drempel)) / Number(r.aantal_bekostigde_leerlingen),
    }));
  const cuts = quartileCuts(scored.map((s) => s.perPupil));
  const perMunicipality = new Map<string, number[]>(municipalities.map((m) => [m, [0, 0, 0, 0, 0, 0, 0]]));
  for (const s of scored) {
    const c = perMunicipality.get(s.municipality);
    if (!c) throw new Error(`Onbekende gemeentecode in CBS-scores: ${s.municipality}`);
    c[bandOf(s.perPupil, cuts) - 1]! += 1;
    c[4 + ['klein', 'middel', 'groot'].indexOf(sizeBandOfPupils(s.pupils))]! += 1;
  }
  const distRows = [...perMunicipality.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, c]) => [m, c[0]! + c[1]! + c[2]! + c[3]!, ...c]);
  writeFileSync(
    path.join(outDir, 'reference', 'achterstand_distribution_2019.csv'),
    toCsv(['gemeente_code', 'scholen', 'band_1', 'band_2', 'band_3', 'band_4', 'klein', 'middel', 'groot'], distRows),
  );
  return { schoolCountRows: countRows.length, distributionRows: distRows.length, cuts };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const extracted = extractSources(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_SOURCE_DIR);
  console.log(`sources: ${extracted.locations} locaties, ${extracted.disadvantage} scores, ${extracted.nameDigests} schoolnamen als digest`);
  const result = deriveReference();
  console.log(`school_counts_2024.csv: ${result.schoolCountRows} rijen; achterstand_distribution_2019.csv: ${result.distributionRows} rijen`);
  console.log(`Kwartielgrenzen achterstandsscore per leerling: ${result.cuts.map((c) => c.toFixed(4)).join(' / ')}`);
}
