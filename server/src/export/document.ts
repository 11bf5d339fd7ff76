/**
 * What every export states besides its table: the filters that produced it, the data date, the
 * suppression rule and, for demo data, that the figures are synthetic. Shared by CSV, XLSX and PDF.
 */
import {
  CONDITION_SHARE_SCHOOLS, IMPLEMENTATION_CONDITIONS, INDICATORS, NATION, SECTOR_FILTER_LABELS, equityIndicatorName, formatDate, formatSchoolYear, indicatorTitle,
  IMPLEMENTATION_SCALE, type Published,
} from '@rd/shared';
import type { Caller, ExportFilters } from './tables.ts';

export interface ExportDocument {
  title: string;
  scopeName: string;
  schoolYear: string;
  sector: string;
  dataDate: string | null;
  synthetic: boolean;
  minCellSchools: number;
  createdAt: Date;
}

/** `areaName` names the area when the filters' scope does not (a comparison of municipalities). */
export async function describeExport(caller: Caller, title: string, f: ExportFilters, areaName?: string): Promise<ExportDocument> {
  const meta = await caller.meta.dataset();
  const scopeName = areaName ?? (await scopeNameOf(caller, f.scope));
  return {
    title,
    scopeName,
    schoolYear: f.schoolYear,
    sector: f.sector,
    dataDate: meta.dataDate,
    synthetic: meta.synthetic,
    minCellSchools: meta.minCellSchools,
    createdAt: new Date(),
  };
}

async function scopeNameOf(caller: Caller, scope: ExportFilters['scope']): Promise<string> {
  if (scope.level === 'region') return (await caller.geography.regions()).find((r) => r.code === scope.code)?.name ?? scope.code;
  if (scope.level === 'municipality') return (await caller.geography.municipalities()).find((m) => m.code === scope.code)?.name ?? scope.code;
  return NATION.name;
}

/** The notice every export of demo data carries (CSV footer, XLSX Toelichting and print header of every sheet, PDF). */
export const DEMO_NOTICE = 'Synthetische demonstratiegegevens: gegenereerd, niet gemeten. Geen cijfer hoort bij een echte school.';

/** "Label: value" lines stating filters, data date and provenance (CSV footer, XLSX Toelichting, PDF cover). */
export function filterLines(doc: ExportDocument): [string, string][] {
  return [
    ['Gebied', doc.scopeName],
    ['Schooljaar', formatSchoolYear(doc.schoolYear)],
    ['Sector', SECTOR_FILTER_LABELS[doc.sector] ?? doc.sector],
    ['Peildatum gegevens', doc.dataDate ? formatDate(doc.dataDate) : 'onbekend'],
    ['Gemaakt op', formatDate(doc.createdAt.toISOString())],
    ['Gegevens', doc.synthetic ? DEMO_NOTICE : 'Scans en registraties van scholen en GGD\'en'],
  ];
}

/** The definitions under every workbook: each figure of the catalogue, then the scales and sources. */
export const DEFINITIONS: [string, string][] = [
  ...INDICATORS.map((ind): [string, string] => [indicatorTitle(ind), `${ind.definition.text} Teller: ${ind.definition.numerator}. Noemer: ${ind.definition.denominator}. Scholen: ${ind.definition.schools}. Bron: ${ind.source}.`]),
  ...IMPLEMENTATION_CONDITIONS.map((c): [string, string] => [`Voorwaarde: ${c.label}`, `${c.meaning} Voldoet: ${c.meets} Scholen: ${CONDITION_SHARE_SCHOOLS} Bron: ${c.source}`]),
  ['Schaal van de scan', IMPLEMENTATION_SCALE.map((s) => `${s.score} ${s.label.toLowerCase()}`).join(', ')],
  ['Pijlers', 'Beleid (principes 1–5), Omgeving (6–10), Educatie (11–13), Signaleren (14–16): de vier pijlers van de Gezonde School.'],
  ['Achterstandsband', `1 = weinig achterstand … 4 = veel achterstand; indicator per sector: ${equityIndicatorName('all')}; kansenkloof = band 1 − band 4 in procentpunten.`],
  ['Bronnen', 'Gebiedsindeling CBS/PDOK 2025 (CC BY 4.0), DUO-register schoollocaties november 2024, scans en registraties van scholen en GGD\'en (of synthetische demodata).'],
];

/** A published cell is hidden when suppressed, or (defence in depth) when it rests on too few schools. */
export function isHidden(p: Published, minCellSchools: number): boolean {
  return p.suppressed !== null || p.schools === null || (p.schools > 0 && p.schools < minCellSchools);
}
