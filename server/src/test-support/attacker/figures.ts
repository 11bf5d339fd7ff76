/**
 * A published figure as the attacker records it: which cell of the linked tables it describes,
 * which additive quantities of that cell its value and school count are made of, and what was
 * published (the value, the count, or that it is hidden).
 *
 * Cells are (school year, geography, sector filter, disadvantage band); partner types, phases,
 * themes and outcome indicators are separate quantities of a cell. Every quantity is a sum over
 * the schools of the cell, so every hierarchy (municipalities → region → nation, sectors → all,
 * bands → all) is additive in it.
 */
import { CONDITION_IDS, PHASE_IDS, PILLARS, PRINCIPLES, PARTNER_TYPES, THEMES, type ConditionId, type PillarId, type Published } from '@rd/shared';

export const ALL = 'all';
export const NATION_CODE = 'NL';
export const SECTORS = ['po', 'so', 'vo', 'mbo'] as const;
export const BANDS = ['1', '2', '3', '4', '0'] as const;

export interface Cell { year: string; geo: string; sector: string; band: string }

export function cellId(c: Cell): string {
  return `${c.year}|${c.geo}|${c.sector}|${c.band}`;
}

export function refOf(c: Cell, quantity: string): string {
  return `${cellId(c)}|${quantity}`;
}

/** How a figure's value and count are made of a cell's quantities: value = scale · num / den. */
export interface FigureShape {
  metric: string;
  num: string;
  /** null: the value is `num` itself (a number of schools). */
  den: string | null;
  scale: number;
  count: string;
  /** How the requirement judges the value's interval. */
  unit: 'percent' | 'hours' | 'count';
}

export interface Figure extends FigureShape {
  /** The procedure (and field) that published it. */
  source: string;
  cell: Cell;
  published: Published;
}

const DEGREE = 100 / 3;

export const SHAPES = {
  schools: { metric: 'schools', num: 'schools', den: null, scale: 1, count: 'schools', unit: 'count' },
  scannedSchools: { metric: 'scannedSchools', num: 'scanned', den: null, scale: 1, count: 'schools', unit: 'count' },
  implementation: { metric: 'implementation', num: 'score_sum', den: 'score_n', scale: DEGREE, count: 'scanned', unit: 'percent' },
  scanCoverage: { metric: 'scanCoverage', num: 'scanned', den: 'schools', scale: 100, count: 'schools', unit: 'percent' },
  vignetShare: { metric: 'vignetShare', num: 'vignet', den: 'schools', scale: 100, count: 'schools', unit: 'percent' },
  kartrekkerShare: { metric: 'kartrekkerShare', num: 'kartrekker', den: 'recorded', scale: 100, count: 'recorded', unit: 'percent' },
  supportedShare: { metric: 'supportedShare', num: 'supported', den: 'schools', scale: 100, count: 'schools', unit: 'percent' },
  supportHoursPerSchool: { metric: 'supportHoursPerSchool', num: 'hours', den: 'schools', scale: 1, count: 'schools', unit: 'hours' },
  partnerCoverage: { metric: 'partnerCoverage', num: 'partner_agreements', den: 'partner_pairs', scale: 100, count: 'partner_schools', unit: 'percent' },
  funnelRecorded: { metric: 'funnel:recorded', num: 'f:recorded', den: null, scale: 1, count: 'f:recorded', unit: 'count' },
  funnelVignet: { metric: 'funnel:vignet', num: 'f:vignet', den: null, scale: 1, count: 'f:recorded', unit: 'count' },
} as const satisfies Record<string, FigureShape>;

export function pillarShape(p: PillarId): FigureShape {
  return { metric: `pillar:${p}`, num: `${p}_sum`, den: `${p}_n`, scale: DEGREE, count: 'scanned', unit: 'percent' };
}
export function principleShape(id: number): FigureShape {
  return { metric: `principle:${id}`, num: `p${id}_sum`, den: `p${id}_n`, scale: DEGREE, count: `p${id}_n`, unit: 'percent' };
}
export function partnerTypeShape(type: string): FigureShape {
  return { metric: `partner:${type}`, num: `pt:${type}:a`, den: `pt:${type}:n`, scale: 100, count: `pt:${type}:n`, unit: 'percent' };
}
export function outcomeShape(indicator: string): FigureShape {
  return { metric: `outcome:${indicator}`, num: `o:${indicator}:w`, den: `o:${indicator}:r`, scale: 1, count: `o:${indicator}:n`, unit: 'percent' };
}
/** A condition's share: of the recorded schools, or of those whose record states it (the 1–5 scales added later). */
export function conditionShape(id: ConditionId): FigureShape {
  if (id === 'kartrekker') return SHAPES.kartrekkerShare;
  const base = CONDITION_KNOWN_APART.includes(id) ? `c:${id}:known` : 'recorded';
  return { metric: `condition:${id}`, num: `c:${id}`, den: base, scale: 100, count: base, unit: 'percent' };
}
/** Conditions that an older record may leave empty: their base is the schools whose record states them. */
export const CONDITION_KNOWN_APART: readonly ConditionId[] = ['leadership', 'schoolSupport'];
export const CONDITION_QUANTITIES = CONDITION_IDS.filter((id) => id !== 'kartrekker').flatMap((id) => [`c:${id}`, ...(CONDITION_KNOWN_APART.includes(id) ? [`c:${id}:known`] : [])]);
export function phaseShape(phase: string): FigureShape {
  return { metric: `funnel:phase:${phase}`, num: `f:phase:${phase}`, den: null, scale: 1, count: 'f:recorded', unit: 'count' };
}
export function themeShape(theme: string, what: 'cert' | 'due'): FigureShape {
  return { metric: `funnel:${what}:${theme}`, num: `f:${what}:${theme}`, den: null, scale: 1, count: `f:base:${theme}`, unit: 'count' };
}

/** The map metrics that are school-based figures (capacity is a regional fact; the equity gap is not linear). */
export const MAP_SHAPES: Record<string, FigureShape> = {
  implementation: SHAPES.implementation,
  ...Object.fromEntries(PILLARS.map((p) => [`pillar:${p.id}`, pillarShape(p.id)])),
  scanCoverage: SHAPES.scanCoverage,
  vignetShare: SHAPES.vignetShare,
  kartrekkerShare: SHAPES.kartrekkerShare,
  partnerCoverage: SHAPES.partnerCoverage,
};

/** Quantities that are split by disadvantage band in some publication (the others exist for band 'all' only). */
export function bandQuantity(q: string): boolean {
  return q === 'schools' || q === 'scanned' || q === 'score_sum' || q === 'score_n' || q === 'supported' || q === 'hours' || q === 'vignet' || q.startsWith('o:');
}

/** The sectors whose cells add up to the 'all' cell of a quantity (schuldhulp: mbo only; themes: where offered). */
export function sectorsOfQuantity(q: string): readonly string[] {
  const pt = /^pt:([^:]+):/.exec(q);
  if (pt) return PARTNER_TYPES.find((t) => t.id === pt[1])?.sectors ?? SECTORS;
  const theme = /^f:(?:cert|due|base):(.+)$/.exec(q);
  if (theme) return THEMES.find((t) => t.id === theme[1])?.sectors ?? SECTORS;
  return SECTORS;
}

/** Every quantity a cell has, for the natural bounds and the within-cell relations. */
export function cellQuantities(): string[] {
  return [
    'schools', 'scanned', 'recorded', 'kartrekker', 'vignet', 'supported', 'hours',
    'score_sum', 'score_n', ...PILLARS.flatMap((p) => [`${p.id}_sum`, `${p.id}_n`]),
    ...PRINCIPLES.flatMap((p) => [`p${p.id}_sum`, `p${p.id}_n`]),
    'partner_schools', 'partner_pairs', 'partner_agreements', ...PARTNER_TYPES.flatMap((t) => [`pt:${t.id}:n`, `pt:${t.id}:a`]),
    'f:recorded', 'f:vignet', ...PHASE_IDS.map((p) => `f:phase:${p}`), ...THEMES.flatMap((t) => [`f:cert:${t.id}`, `f:due:${t.id}`, `f:base:${t.id}`]),
    ...CONDITION_QUANTITIES,
  ];
}
