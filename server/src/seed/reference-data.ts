/**
 * Reads the project's committed reference files in data/reference (real geography and aggregate
 * school counts; see data/README.md). Nothing here identifies a school.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SectorId } from '@rd/shared';
import { REPO_ROOT } from '../config.ts';
import { readReferenceMunicipalities, type ReferenceMunicipality } from '../db/reference-geography.ts';

export type { ReferenceMunicipality } from '../db/reference-geography.ts';

export const REFERENCE_DIR = path.join(REPO_ROOT, 'data', 'reference');

export interface BandDistribution {
  /** Primary schools per disadvantage band 1–4 (CBS 2019, national quartiles per pupil). */
  bands: [number, number, number, number];
  /** Primary schools per size band klein / middel / groot (funded pupils 2019). */
  sizes: [number, number, number];
}

export interface ReferenceData {
  municipalities: ReferenceMunicipality[];
  /** DUO locations (Nov 2024) per municipality: [sector, type group, count] in file order. */
  schoolCounts: Map<string, { sector: Exclude<SectorId, 'mbo'>; typeGroup: string; locations: number }[]>;
  distributions: Map<string, BandDistribution>;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export function loadReferenceData(dir = REFERENCE_DIR): ReferenceData {
  const municipalities = readReferenceMunicipalities(path.join(dir, 'gemeenten_2025.csv'));
  const schoolCounts: ReferenceData['schoolCounts'] = new Map();
  for (const r of readCsv(path.join(dir, 'school_counts_2024.csv'))) {
    const list = schoolCounts.get(r.gemeente_code!) ?? [];
    list.push({ sector: r.sector as 'po' | 'so' | 'vo', typeGroup: r.soort_groep!, locations: Number(r.locaties) });
    schoolCounts.set(r.gemeente_code!, list);
  }
  const distributions: ReferenceData['distributions'] = new Map();
  for (const r of readCsv(path.join(dir, 'achterstand_distribution_2019.csv'))) {
    distributions.set(r.gemeente_code!, {
      bands: [Number(r.band_1), Number(r.band_2), Number(r.band_3), Number(r.band_4)],
      sizes: [Number(r.klein), Number(r.middel), Number(r.groot)],
    });
  }
  return { municipalities, schoolCounts, distributions };
}
