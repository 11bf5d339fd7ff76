/**
 * The indicator catalogue: every figure the dashboard publishes, with the words, unit, rounding,
 * definition and colour classes that screens, maps, charts, CSV/XLSX exports, PDF reports and the
 * Methode page all render from. Change a figure's name or rounding here and nowhere else.
 *
 * Rounding: a share of schools (percent) is shown in whole percents everywhere, on screen and in
 * exports alike. A published cell rests on at least a handful of schools, so a share moves in steps
 * of several percent and a decimal would claim a precision the figure does not have. Differences
 * between percentages (pp) keep one decimal, so that a small gap is not shown as 0; hours one
 * decimal; fte two (0,05 fte is two hours a week).
 */
import { PILLARS, type PillarId, type SectorId, SECTOR_IDS, principlesOfPillar } from './catalogue.ts';
import type { Published } from './metrics/suppression.ts';

/**
 * The one unit vocabulary. `name` is the unit in prose (Methode page); `suffix` follows the number on screen and in PDFs ("45%", "2,5 uur");
 * `header` names the unit in a column header ("Scandekking (%)").
 */
export const UNITS = {
  percent: { name: 'procent', suffix: '%', header: '%', decimals: 0 },
  pp: { name: 'procentpunt', suffix: ' pp', header: 'procentpunt', decimals: 1 },
  count: { name: 'aantal', suffix: '', header: 'aantal', decimals: 0 },
  decimal: { name: 'getal', suffix: '', header: '', decimals: 2 },
  hours: { name: 'uur', suffix: ' uur', header: 'uur', decimals: 1 },
  fte: { name: 'fte', suffix: ' fte', header: 'fte', decimals: 2 },
} as const satisfies Record<string, { name: string; suffix: string; header: string; decimals: number }>;
export type Unit = keyof typeof UNITS;

/** The areas a figure exists for. */
export type IndicatorLevel = 'school' | 'municipality' | 'region' | 'nation';

export interface IndicatorDefinition {
  /** One sentence: what the figure says. */
  text: string;
  numerator: string;
  /** '—' for a difference, which has no denominator. */
  denominator: string;
  /** Which schools count. */
  schools: string;
}

export interface Indicator {
  id: string;
  /** Full name (map menu, legends, Methode page). */
  label: string;
  /** Name where room is short (key figure tiles, chart axes). */
  shortLabel: string;
  unit: Unit;
  decimals: number;
  /** What the unit counts per, when the unit alone does not say it ("per school"). */
  per?: string;
  higherIsBetter: boolean;
  definition: IndicatorDefinition;
  source: string;
  levels: readonly IndicatorLevel[];
  sectors: readonly SectorId[];
  /** Fixed legend class bounds (open below the first and above the last), so a colour means one value on every map. */
  classBounds: readonly number[];
}

const AREAS = ['municipality', 'region', 'nation'] as const satisfies readonly IndicatorLevel[];
const SCANNED_SCHOOLS = 'Alleen scholen met een scan in dat schooljaar; scholen zonder scan tellen niet mee. Omdat vooral ' +
  'betrokken scholen de scan invullen, beschrijft het cijfer die scholen.';

function pillarIndicator(pillar: (typeof PILLARS)[number]) {
  return {
    id: `pillar:${pillar.id}` as `pillar:${PillarId}`,
    label: `Implementatiegraad pijler ${pillar.label}`,
    shortLabel: `Pijler ${pillar.label}`,
    unit: 'percent',
    decimals: 0,
    higherIsBetter: true,
    definition: {
      text: `Implementatiegraad over de principes ${principlesOfPillar(pillar.id).at(0)} tot en met ${principlesOfPillar(pillar.id).at(-1)}.`,
      numerator: 'Som van de scanscores (0–3) op de principes van de pijler',
      denominator: '3 × het aantal scores op die principes',
      schools: SCANNED_SCHOOLS,
    },
    source: 'Scan',
    levels: ['school', ...AREAS],
    sectors: SECTOR_IDS,
    classBounds: [20, 30, 40, 50, 60],
  } as const satisfies Indicator;
}

export const INDICATORS = [
  {
    id: 'implementation', label: 'Implementatiegraad integrale aanpak', shortLabel: 'Implementatiegraad', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: {
      text: 'Gemiddelde scanscore over de 16 leidende principes, gedeeld door de maximale score 3, als percentage.',
      numerator: 'Som van de scanscores (0–3) over de principes',
      denominator: '3 × het aantal gescoorde principes',
      schools: SCANNED_SCHOOLS,
    },
    source: 'Scan', levels: ['school', ...AREAS], sectors: SECTOR_IDS, classBounds: [20, 30, 40, 50, 60],
  },
  ...PILLARS.map(pillarIndicator),
  {
    id: 'scanCoverage', label: 'Scandekking', shortLabel: 'Scandekking', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: {
      text: 'Aandeel scholen met een scan in het gekozen schooljaar.',
      numerator: 'Scholen met een scan in het schooljaar', denominator: 'Alle scholen in gebied en sector', schools: 'Alle scholen',
    },
    source: 'Scan; schoolregister', levels: AREAS, sectors: SECTOR_IDS, classBounds: [50, 60, 70, 80, 90],
  },
  {
    id: 'vignetShare', label: 'Scholen met Gezonde School-vignet', shortLabel: 'Scholen met vignet', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: {
      text: 'Aandeel scholen met ten minste één geldig themacertificaat (het vignet).',
      numerator: 'Scholen met een geldig certificaat', denominator: 'Alle scholen in gebied en sector', schools: 'Alle scholen',
    },
    source: 'Gezonde School-registratie', levels: AREAS, sectors: SECTOR_IDS, classBounds: [5, 10, 20, 30, 40],
  },
  {
    id: 'kartrekkerShare', label: 'Scholen met een kartrekker', shortLabel: 'Scholen met kartrekker', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: {
      text: 'Aandeel scholen met een vaste trekker van de aanpak (Gezonde School-coördinator).',
      numerator: 'Scholen met een kartrekker', denominator: 'Scholen met een Gezonde School-registratie in het schooljaar',
      schools: 'Scholen met een registratie (onbekend telt niet als nee)',
    },
    source: 'Gezonde School-registratie', levels: AREAS, sectors: SECTOR_IDS, classBounds: [20, 30, 40, 50, 60],
  },
  {
    id: 'supportedShare', label: 'Scholen met GGD-ondersteuning', shortLabel: 'Scholen met ondersteuning', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: {
      text: 'Aandeel scholen dat in het schooljaar uren GGD-ondersteuning kreeg.',
      numerator: 'Scholen met meer dan 0 uur', denominator: 'Alle scholen in gebied en sector', schools: 'Alle scholen',
    },
    source: 'Registratie GGD', levels: AREAS, sectors: SECTOR_IDS, classBounds: [20, 40, 60, 80],
  },
  {
    id: 'supportHoursPerSchool', label: 'GGD-ondersteuning', shortLabel: 'GGD-ondersteuning per school', unit: 'hours', per: 'per school', decimals: 1, higherIsBetter: true,
    definition: {
      text: 'Uren ondersteuning door de GGD-adviseur die de scholen van het gebied in het schooljaar ontvingen, gedeeld door het aantal scholen.',
      numerator: 'Som van de uren', denominator: 'Alle scholen in gebied en sector', schools: 'Alle scholen',
    },
    source: 'Registratie GGD', levels: ['school', ...AREAS], sectors: SECTOR_IDS, classBounds: [0.5, 1, 2, 3, 4],
  },
  {
    id: 'capacityFtePer100', label: 'Adviescapaciteit', shortLabel: 'Adviescapaciteit per 100 scholen (regiocijfer)', unit: 'fte', per: 'per 100 scholen', decimals: 2, higherIsBetter: true,
    definition: {
      text: 'Fte Gezonde School-advies van de GGD-regio per 100 scholen in de regio (alle sectoren). Een regiocijfer: advies is per ' +
        'GGD-regio georganiseerd, er is geen cijfer per gemeente.',
      numerator: 'Fte van de regio', denominator: '100 scholen van alle sectoren in de regio', schools: 'Alle scholen van de regio',
    },
    source: 'Opgave GGD', levels: ['region', 'nation'], sectors: SECTOR_IDS, classBounds: [0.1, 0.15, 0.2, 0.25, 0.3],
  },
  {
    id: 'advisorFte', label: 'Adviescapaciteit', shortLabel: 'Adviescapaciteit', unit: 'fte', decimals: 2, higherIsBetter: true,
    definition: {
      text: 'Fte Gezonde School-advies van de GGD-regio (of de regio\'s samen), voor alle sectoren.',
      numerator: 'Fte van de regio', denominator: '—', schools: 'Alle scholen van de regio',
    },
    source: 'Opgave GGD', levels: ['region', 'nation'], sectors: SECTOR_IDS, classBounds: [],
  },
  {
    id: 'schools', label: 'Aantal scholen', shortLabel: 'Scholen', unit: 'count', decimals: 0, higherIsBetter: true,
    definition: {
      text: 'Schoollocaties in gebied en sector.', numerator: 'Schoollocaties', denominator: '—', schools: 'Alle scholen in het schoolregister',
    },
    source: 'Schoolregister (DUO)', levels: AREAS, sectors: SECTOR_IDS, classBounds: [],
  },
  {
    id: 'equityGap', label: 'Kansenkloof implementatie band 1 − band 4', shortLabel: 'Kansenkloof implementatie', unit: 'pp', decimals: 1, higherIsBetter: false,
    definition: {
      text: 'Implementatiegraad van scholen met weinig achterstand min die van scholen met veel achterstand, in procentpunten. Positief: scholen met veel achterstand lopen achter.',
      numerator: 'Implementatiegraad band 1 min implementatiegraad band 4', denominator: '—',
      schools: 'Gescande scholen met een bekende achterstandsband',
    },
    source: 'Scan; achterstandsindicator per sector', levels: AREAS, sectors: SECTOR_IDS, classBounds: [0, 5, 10, 15, 20],
  },
  {
    id: 'partnerCoverage', label: 'Partnerdekking', shortLabel: 'Partnerdekking', unit: 'percent', decimals: 0, higherIsBetter: true,
    definition: {
      // The computation pools all types: one share over every (school, partner type) pair, not an
      // average of the per-type shares (which would weigh a type offered to few schools the same).
      text: 'Aandeel paren (school, partnertype) met een structurele afspraak, alle relevante typen samen.',
      numerator: 'Paren (school, partnertype) met een structurele afspraak',
      denominator: 'Paren (school, partnertype) voor de partnertypen die in de sector van de school bestaan',
      schools: 'Scholen met een partnerregistratie',
    },
    source: 'Partnerregistratie', levels: AREAS, sectors: SECTOR_IDS, classBounds: [40, 50, 60, 70],
  },
] as const satisfies readonly Indicator[];

export type IndicatorId = (typeof INDICATORS)[number]['id'];

export function indicator(id: IndicatorId): Indicator {
  return INDICATORS.find((i) => i.id === id)!;
}

/** The name with its unit where the unit is not a plain share: "GGD-ondersteuning (uur per school)". */
export function indicatorTitle(ind: Indicator): string {
  return ind.per ? `${ind.label} (${UNITS[ind.unit].header} ${ind.per})` : ind.label;
}

/** A column header: the name and always its unit, "Scandekking (%)", "Kansenkloof … (procentpunt)". */
export function indicatorHeader(ind: Indicator, label = ind.label): string {
  const unit = UNITS[ind.unit].header;
  return ind.per ? `${label} (${unit} ${ind.per})` : unit && ind.unit !== 'count' ? `${label} (${unit})` : label;
}

/** The indicators a map colours areas by (overview.map `metric`). */
export const MAP_INDICATOR_IDS = [
  'implementation', 'pillar:beleid', 'pillar:omgeving', 'pillar:educatie', 'pillar:signaleren',
  'scanCoverage', 'vignetShare', 'kartrekkerShare', 'supportHoursPerSchool', 'capacityFtePer100', 'equityGap', 'partnerCoverage',
] as const satisfies readonly IndicatorId[];
export type MapIndicatorId = (typeof MAP_INDICATOR_IDS)[number];

/** A figure of the GGD region only (capacity): it has no value per municipality. */
export function isRegionLevel(ind: Indicator): boolean {
  return !ind.levels.includes('municipality');
}

/** What the overview's key figures procedure returns, as far as the key figure list reads it. */
export interface KeyFigureSource {
  implementation: Published;
  capacity: { advisorFtePer100Schools: number | null; advisorFte: number | null; regions: number };
  supportHoursPerSchool: Published;
  schools: Published;
  scanCoverage: Published;
  pillars: Record<PillarId, Published>;
  vignetShare: Published;
  kartrekkerShare: Published;
  partnerCoverage: Published;
}

export interface KeyFigure {
  indicator: Indicator;
  value: Published | number | null;
}

/**
 * The key figures of an area in their one order, for the overview's tiles, the PDF and the
 * kerncijfers export: the seed's central finding first, implementation against the advisory
 * capacity behind it.
 */
export function keyFigureList(k: KeyFigureSource): KeyFigure[] {
  const at = (id: IndicatorId, value: Published | number | null): KeyFigure => ({ indicator: indicator(id), value });
  return [
    at('implementation', k.implementation),
    at('capacityFtePer100', k.capacity.advisorFtePer100Schools),
    at('supportHoursPerSchool', k.supportHoursPerSchool),
    at('schools', k.schools),
    at('scanCoverage', k.scanCoverage),
    ...PILLARS.map((p) => at(`pillar:${p.id}`, k.pillars[p.id])),
    at('vignetShare', k.vignetShare),
    at('kartrekkerShare', k.kartrekkerShare),
    at('partnerCoverage', k.partnerCoverage),
  ];
}

/** The unit in prose with the rounding, for definitions: "procent, afgerond op hele getallen". */
export function unitDescription(ind: Indicator): string {
  const unit = [UNITS[ind.unit].name, ind.per].filter(Boolean).join(' ');
  return `${unit}, ${ind.decimals === 0 ? 'afgerond op hele getallen' : `${ind.decimals} ${ind.decimals === 1 ? 'decimaal' : 'decimalen'}`}`;
}
