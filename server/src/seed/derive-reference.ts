/**
 * Derives the project's own reference files in data/ from the public source data in ../shared/data.
 *
 * Privacy: the DUO register and the CBS scores are per real school (BRIN + name). The demo dataset
 * must never attach synthetic figures to an identifiable real school, so only aggregates per
 * municipality leave this script: location counts per sector and DUO type group, and counts of
 * schools per disadvantage band and size band. No name, BRIN or vestiging code is written.
 *
 * Run: `npx tsx server/src/seed/derive-reference.ts [sourceDir]` (default ../shared/data next to the
 * repository). The output is deterministic (sorted rows), so re-running gives byte-identical files.
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_SOURCE_DIR = path.resolve(REPO_ROOT, '../shared/data');
export const DATA_DIR = path.join(REPO_ROOT, 'data');

export const GEO_FILES = ['gemeente_2025.topojson', 'ggdregio_2025.topojson', 'provincie_2025.topojson'] as const;

/** DUO's own school type, grouped into a few groups that matter for the demo (see data/README.md). */
export function duoTypeGroup(sector: string, duoSoort: string): string {
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
export function quartileCuts(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return [at(0.25), at(0.5), at(0.75)];
}

export function bandOf(value: number, cuts: readonly [number, number, number]): 1 | 2 | 3 | 4 {
  if (value < cuts[0]) return 1;
  if (value < cuts[1]) return 2;
  if (value < cuts[2]) return 3;
  return 4;
}

export function sizeBandOfPupils(pupils: number): 'klein' | 'middel' | 'groot' {
  return pupils < 150 ? 'klein' : pupils < 500 ? 'middel' : 'groot';
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

export interface DeriveResult { schoolCountRows: number; distributionRows: number; cuts: [number, number, number] }

export function deriveReference(sourceDir = DEFAULT_SOURCE_DIR, outDir = DATA_DIR): DeriveResult {
  mkdirSync(path.join(outDir, 'geo'), { recursive: true });
  mkdirSync(path.join(outDir, 'reference'), { recursive: true });
  // The shared source files are read-only; the copies must stay writable so that re-running works.
  const copy = (from: string, to: string) => { copyFileSync(from, to); chmodSync(to, 0o644); };
  for (const f of GEO_FILES) copy(path.join(sourceDir, 'geo', f), path.join(outDir, 'geo', f));
  copy(path.join(sourceDir, 'reference', 'gemeenten_2025.csv'), path.join(outDir, 'reference', 'gemeenten_2025.csv'));
  const municipalities = readCsv(path.join(sourceDir, 'reference', 'gemeenten_2025.csv')).map((r) => r.gemeente_code!);

  const counts = new Map<string, number>();
  for (const s of readCsv(path.join(sourceDir, 'reference', 'schools_duo_2024.csv'))) {
    const key = `${s.gemeente_code},${s.sector},${duoTypeGroup(s.sector!, s.duo_soort!)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const countRows = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => [...k.split(','), n]);
  writeFileSync(path.join(outDir, 'reference', 'school_counts_2024.csv'), toCsv(['gemeente_code', 'sector', 'soort_groep', 'locaties'], countRows));

  const scored = readCsv(path.join(sourceDir, 'reference', 'achterstandsscores_scholen_2019.csv'))
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
  const result = deriveReference(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_SOURCE_DIR);
  console.log(`school_counts_2024.csv: ${result.schoolCountRows} rijen; achterstand_distribution_2019.csv: ${result.distributionRows} rijen`);
  console.log(`Kwartielgrenzen achterstandsscore per leerling: ${result.cuts.map((c) => c.toFixed(4)).join(' / ')}`);
}
