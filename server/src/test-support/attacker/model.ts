/**
 * From collected figures to the attacker's linear knowledge for one school year: the lattice of
 * cells (geography × sector filter × band), one variable per (cell, quantity), and
 * - every published figure as an equation (or an interval, with a `precision`),
 * - every additive hierarchy: municipalities → region → nation, po+so+vo+mbo = all (per quantity
 *   over the sectors it is defined for), bands 0–4 = all, pooled partner figures = Σ per type,
 *   funnel phases = recorded schools,
 * - natural bounds within a cell (0 ≤ sum ≤ max × count, shares of a subset ≤ the set),
 * - the adversary's prior knowledge (see ModelOptions).
 */
import { CONDITION_IDS, PARTNER_TYPES, PHASE_IDS, PILLARS, PRINCIPLES, OUTCOME_INDICATORS, THEMES } from '@rd/shared';
import type { Relation, Target, Term } from './lp.ts';
import {
  ALL, BANDS, CONDITION_KNOWN_APART, NATION_CODE, SECTORS, bandQuantity, cellId, refOf, sectorsOfQuantity,
  type Cell, type Figure,
} from './figures.ts';

export interface Precision { value: number; count: number }

export interface ModelOptions {
  /**
   * The strong adversary: school counts of the register per municipality × sector (and so per
   * region, nation and all sectors) are public (DUO open data). Pass the counts to fix them.
   */
  registerCounts?: ReadonlyMap<string, number> | null;
  /** With the register: the number of schools per disadvantage band is public too (default false). */
  publicBands?: boolean;
  /** Every scan scores all 16 principles (the scan's design, public): score_n = 16 × scanned. */
  completeScans?: boolean;
  /** Every school reports on every partner type offered to its sector (the form's design). */
  completePartnerReports?: boolean;
  /** Upper bound of support hours per school the adversary assumes. */
  maxHoursPerSchool?: number;
  /**
   * Outcome values rest on respondent counts that are never published, so every outcome cell adds
   * two unknowns and the outcome family becomes one large LP per indicator. Off: outcome figures
   * contribute their school counts only, and hidden outcome values are not judged (reported).
   */
  outcomeValues?: boolean;
  /** Half-widths of a published figure's value and count (rounding); default exact. */
  precision?: (f: Figure) => Precision;
}

export const DEFAULT_MAX_HOURS = 200;
/** Exact figures still pass through floating point: a tiny half-width keeps the LP feasible. */
const FLOAT_SLACK: Precision = { value: 1e-7, count: 0 };

export interface AuditTarget extends Target {
  cell: Cell;
  metric: string;
  unit: Figure['unit'];
  /** The procedures that hid it. */
  hiddenBy: string[];
}

export interface YearModel {
  relations: Relation[];
  targets: AuditTarget[];
  integerRefs: Set<string>;
}

const NON_INTEGER = (q: string) => q === 'hours' || /^o:.*:w$/.test(q);

export function buildYearModel(
  figures: readonly Figure[],
  regions: ReadonlyMap<string, readonly string[]>,
  year: string,
  options: ModelOptions = {},
  districts: ReadonlyMap<string, readonly string[]> = new Map(),
): YearModel {
  const precisionOf = options.precision ?? (() => FLOAT_SLACK);
  const maxHours = options.maxHoursPerSchool ?? DEFAULT_MAX_HOURS;
  const yearFigures = figures.filter((f) => f.cell.year === year);
  const relations: Relation[] = [];
  const quantities = new Set<string>(['schools']);
  for (const f of yearFigures) {
    const parts = options.outcomeValues === true || !f.num.startsWith('o:') ? [f.num, f.den, f.count] : [f.count];
    for (const q of parts) if (q) quantities.add(q);
  }
  const has = (...qs: string[]) => qs.every((q) => quantities.has(q));

  // Geography: the nation, every region, and the municipalities of every region any figure breaks down.
  const regionOf = new Map<string, string>();
  for (const [r, ms] of regions) for (const m of ms) regionOf.set(m, r);
  const brokenDown = new Set<string>();
  for (const f of yearFigures) {
    const r = regionOf.get(f.cell.geo);
    if (r) brokenDown.add(r);
  }
  const municipalGeos = [...brokenDown].flatMap((r) => regions.get(r) ?? []);
  const geos = [NATION_CODE, ...regions.keys(), ...municipalGeos, ...[...districts.keys()].filter((m) => !municipalGeos.includes(m)), ...[...districts.values()].flat()];
  const sectors = [ALL, ...SECTORS];
  const bandsOf = (q: string) => (bandQuantity(q) ? [ALL, ...BANDS] : [ALL]);
  const cell = (geo: string, sector: string, band: string): Cell => ({ year, geo, sector, band });
  const ref = (geo: string, sector: string, band: string, q: string) => refOf(cell(geo, sector, band), q);
  const eq = (kind: string, terms: Term[], value = 0) => relations.push({ kind, terms, lower: value, upper: value });
  const le = (kind: string, terms: Term[], upper = 0) => relations.push({ kind, terms, lower: -Infinity, upper });

  // Additive hierarchies.
  for (const q of quantities) {
    const qSectors = sectorsOfQuantity(q);
    for (const sector of sectors) {
      if (sector !== ALL && !qSectors.includes(sector)) continue;
      for (const band of bandsOf(q)) {
        eq('geography', [{ ref: ref(NATION_CODE, sector, band, q), coef: 1 }, ...[...regions.keys()].map((r) => ({ ref: ref(r, sector, band, q), coef: -1 }))]);
        for (const r of brokenDown) {
          eq('geography', [{ ref: ref(r, sector, band, q), coef: 1 }, ...(regions.get(r) ?? []).map((m) => ({ ref: ref(m, sector, band, q), coef: -1 }))]);
        }
        for (const [m, ds] of districts) eq('geography', [{ ref: ref(m, sector, band, q), coef: 1 }, ...ds.map((d) => ({ ref: ref(d, sector, band, q), coef: -1 }))]);
      }
    }
    for (const geo of geos) {
      for (const band of bandsOf(q)) {
        eq('sector', [{ ref: ref(geo, ALL, band, q), coef: 1 }, ...qSectors.map((s) => ({ ref: ref(geo, s, band, q), coef: -1 }))]);
      }
      if (bandQuantity(q)) {
        for (const sector of sectors) {
          if (sector !== ALL && !qSectors.includes(sector)) continue;
          eq('band', [{ ref: ref(geo, sector, ALL, q), coef: 1 }, ...BANDS.map((b) => ({ ref: ref(geo, sector, b, q), coef: -1 }))]);
        }
      }
    }
  }

  // Within a cell: natural bounds and identities.
  const offered = (sector: string) => PARTNER_TYPES.filter((t) => sector === ALL || (t.sectors as readonly string[]).includes(sector));
  for (const geo of geos) {
    for (const sector of sectors) {
      for (const band of [ALL, ...BANDS]) {
        const r = (q: string) => ref(geo, sector, band, q);
        const inCell = (...qs: string[]) => has(...qs) && qs.every((q) => band === ALL || bandQuantity(q)) && qs.every((q) => sector === ALL || sectorsOfQuantity(q).includes(sector));
        const sub = (kind: string, part: string, whole: string, factor = 1) => {
          if (inCell(part, whole)) le(kind, [{ ref: r(part), coef: 1 }, { ref: r(whole), coef: -factor }]);
        };
        sub('bound', 'scanned', 'schools');
        sub('bound', 'recorded', 'schools');
        sub('bound', 'kartrekker', 'recorded');
        for (const id of CONDITION_IDS) {
          if (id === 'kartrekker') continue;
          const base = CONDITION_KNOWN_APART.includes(id) ? `c:${id}:known` : 'recorded';
          sub('bound', `c:${id}`, base);
          if (base !== 'recorded') sub('bound', base, 'recorded');
        }
        sub('bound', 'vignet', 'schools');
        sub('bound', 'supported', 'schools');
        sub('bound', 'supported', 'recorded');
        sub('bound', 'hours', 'supported', maxHours);
        sub('bound', 'hours', 'schools', maxHours);
        sub('bound', 'score_sum', 'score_n', 3);
        sub('bound', 'score_n', 'scanned', 16);
        if (inCell('score_n', 'scanned')) le('bound', [{ ref: r('scanned'), coef: 1 }, { ref: r('score_n'), coef: -1 }]);
        if (options.completeScans && inCell('score_n', 'scanned')) eq('scan-design', [{ ref: r('score_n'), coef: 1 }, { ref: r('scanned'), coef: -16 }]);
        for (const p of PILLARS) {
          const k = PRINCIPLES.filter((x) => x.pillar === p.id).length;
          sub('bound', `${p.id}_sum`, `${p.id}_n`, 3);
          sub('bound', `${p.id}_n`, 'scanned', k);
          if (options.completeScans && inCell(`${p.id}_n`, 'scanned')) eq('scan-design', [{ ref: r(`${p.id}_n`), coef: 1 }, { ref: r('scanned'), coef: -k }]);
          const principles = PRINCIPLES.filter((x) => x.pillar === p.id);
          for (const part of ['sum', 'n']) {
            const parts = principles.map((x) => `p${x.id}_${part}`);
            if (inCell(`${p.id}_${part}`, ...parts)) eq('pillar', [{ ref: r(`${p.id}_${part}`), coef: 1 }, ...parts.map((q) => ({ ref: r(q), coef: -1 }))]);
          }
        }
        for (const part of ['sum', 'n']) {
          const parts = PILLARS.map((p) => `${p.id}_${part}`);
          if (inCell(`score_${part}`, ...parts)) eq('pillar', [{ ref: r(`score_${part}`), coef: 1 }, ...parts.map((q) => ({ ref: r(q), coef: -1 }))]);
        }
        for (const p of PRINCIPLES) {
          sub('bound', `p${p.id}_sum`, `p${p.id}_n`, 3);
          sub('bound', `p${p.id}_n`, 'scanned');
          if (options.completeScans && inCell(`p${p.id}_n`, 'scanned')) eq('scan-design', [{ ref: r(`p${p.id}_n`), coef: 1 }, { ref: r('scanned'), coef: -1 }]);
        }
        // Partners: per type within the pooled figure.
        sub('bound', 'partner_schools', 'schools');
        sub('bound', 'partner_agreements', 'partner_pairs');
        for (const t of offered(sector)) {
          const n = `pt:${t.id}:n`;
          const a = `pt:${t.id}:a`;
          sub('bound', a, n);
          sub('bound', n, 'partner_schools');
          sub('bound', n, 'schools');
          if (options.completePartnerReports && sector !== ALL && inCell(n, 'partner_schools')) eq('partner-design', [{ ref: r(n), coef: 1 }, { ref: r('partner_schools'), coef: -1 }]);
        }
        if (sector !== ALL) {
          for (const [pooled, part] of [['partner_pairs', 'n'], ['partner_agreements', 'a']] as const) {
            const parts = offered(sector).map((t) => `pt:${t.id}:${part}`);
            if (inCell(pooled, ...parts)) eq('partner-pooled', [{ ref: r(pooled), coef: 1 }, ...parts.map((q) => ({ ref: r(q), coef: -1 }))]);
          }
        }
        // Outcomes: respondent-weighted percentages. No upper bound of 100 %: imports do not enforce it.
        for (const o of OUTCOME_INDICATORS) {
          sub('bound', `o:${o.id}:n`, `o:${o.id}:r`);
          sub('bound', `o:${o.id}:n`, 'schools');
        }
        // Funnel.
        if (inCell('f:recorded', 'recorded')) eq('funnel-recorded', [{ ref: r('f:recorded'), coef: 1 }, { ref: r('recorded'), coef: -1 }]);
        sub('bound', 'f:recorded', 'schools');
        const phases = PHASE_IDS.map((p) => `f:phase:${p}`);
        if (inCell('f:recorded', ...phases)) eq('funnel-phases', [{ ref: r('f:recorded'), coef: 1 }, ...phases.map((q) => ({ ref: r(q), coef: -1 }))]);
        for (const p of phases) sub('bound', p, 'f:recorded');
        sub('bound', 'f:vignet', 'f:recorded');
        for (const t of THEMES) {
          sub('bound', `f:cert:${t.id}`, `f:base:${t.id}`);
          sub('bound', `f:due:${t.id}`, `f:cert:${t.id}`);
          sub('bound', `f:cert:${t.id}`, 'f:vignet');
          if (sector !== ALL && inCell(`f:base:${t.id}`, 'f:recorded')) eq('funnel-theme-base', [{ ref: r(`f:base:${t.id}`), coef: 1 }, { ref: r('f:recorded'), coef: -1 }]);
        }
      }
    }
  }

  // Public register counts (DUO), per band too where the adversary knows every school's band.
  if (options.registerCounts) {
    for (const geo of geos) for (const sector of sectors) for (const band of options.publicBands === true ? [ALL, ...BANDS] : [ALL]) {
      const n = options.registerCounts.get(cellId(cell(geo, sector, band)));
      if (n !== undefined) eq('register (DUO)', [{ ref: refOf(cell(geo, sector, band), 'schools'), coef: 1 }], n);
    }
  }

  // Published figures, and the hidden ones as targets.
  const targets = new Map<string, AuditTarget>();
  for (const f of yearFigures) {
    const p = f.published;
    const pr = precisionOf(f);
    const num = refOf(f.cell, f.num);
    const count = refOf(f.cell, f.count);
    const kind = `published:${f.source}`;
    const valueModelled = options.outcomeValues === true || !f.num.startsWith('o:');
    if (p.suppressed !== null) {
      const id = `${cellId(f.cell)}|${f.metric}`;
      const t = targets.get(id);
      if (t) {
        if (!t.hiddenBy.includes(f.source)) t.hiddenBy.push(f.source);
      } else {
        targets.set(id, { id, num, den: f.den ? refOf(f.cell, f.den) : null, scale: f.scale, count, cell: f.cell, metric: f.metric, unit: f.unit, hiddenBy: [f.source], needValue: valueModelled });
      }
      continue;
    }
    if (p.schools !== null) relations.push({ kind, terms: [{ ref: count, coef: 1 }], lower: p.schools - pr.count, upper: p.schools + pr.count });
    if (p.value !== null && valueModelled) {
      if (f.den === null) relations.push({ kind, terms: [{ ref: num, coef: 1 }], lower: (p.value - pr.value) / f.scale, upper: (p.value + pr.value) / f.scale });
      else if (pr.value <= FLOAT_SLACK.value) {
        // num = v/scale · den: linear even when den is unknown; one row (two nearly parallel ones trouble the solver).
        relations.push({ kind, terms: [{ ref: num, coef: 1 }, { ref: refOf(f.cell, f.den), coef: -p.value / f.scale }], lower: -1e-6, upper: 1e-6 });
      } else {
        const den = refOf(f.cell, f.den);
        // (v − h)/scale · den ≤ num ≤ (v + h)/scale · den.
        le(kind, [{ ref: num, coef: -1 }, { ref: den, coef: (p.value - pr.value) / f.scale }]);
        le(kind, [{ ref: num, coef: 1 }, { ref: den, coef: -(p.value + pr.value) / f.scale }]);
      }
    }
  }

  const integerRefs = new Set<string>();
  for (const r of relations) for (const t of r.terms) {
    const q = t.ref.slice(t.ref.lastIndexOf('|') + 1);
    if (!NON_INTEGER(q)) integerRefs.add(t.ref);
  }
  return { relations, targets: [...targets.values()], integerRefs };
}

/** Quantities every family keeps: the school counts that bound nearly every other quantity. */
const SHARED_QUANTITIES = new Set(['schools', 'recorded', 'scanned']);
/**
 * Relations that do not join families: a pillar is the sum of its principles and the score the sum
 * of its pillars. Each level (the implementation degree, each pillar, each principle) is attacked in
 * its own linked tables; combining levels is left to the whole model.
 */
const BETWEEN_FAMILIES = new Set(['pillar']);
/** The quantity of a ref (year|geo|sector|band|quantity). */
export const quantityOf = (ref: string) => ref.slice(ref.lastIndexOf('|') + 1);

/**
 * The model split into quantity families: quantities tied by a relation other than through the
 * school counts (`schools`, `recorded`, `scanned`) are one family (each level of the scan scores;
 * the funnel; the partner figures; support hours with supported schools; each condition). Each part keeps the relations
 * wholly inside its family and the school counts, so it is a relaxation of the whole: an attacker
 * who sees one family's figures across every cell, sector, band and level at once, but does not
 * combine families. Every attack of differencing within one figure's tables (sectors, geography,
 * bands, pooled vs per type, funnel phases) lives inside one family; what a part finds broken is
 * broken in the whole, and what it protects is protected against that attacker only.
 */
export function quantityFamilies<T extends AuditTarget>(model: { relations: readonly Relation[]; targets: readonly T[] }): { relations: Relation[]; targets: T[] }[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const r of model.relations) for (const t of r.terms) {
    const q = quantityOf(t.ref);
    if (!parent.has(q)) parent.set(q, q);
  }
  for (const r of model.relations) {
    if (BETWEEN_FAMILIES.has(r.kind)) continue;
    const qs = [...new Set(r.terms.map((t) => quantityOf(t.ref)))].filter((q) => !SHARED_QUANTITIES.has(q));
    for (let i = 1; i < qs.length; i++) {
      const a = find(qs[0]!);
      const b = find(qs[i]!);
      if (a !== b) parent.set(a, b);
    }
  }
  const familyOf = (q: string) => (SHARED_QUANTITIES.has(q) ? '' : find(q));
  const families = new Map<string, { relations: Relation[]; targets: T[] }>();
  const part = (family: string) => {
    let m = families.get(family);
    if (!m) families.set(family, (m = { relations: [], targets: [] }));
    return m;
  };
  for (const r of model.relations) {
    const own = [...new Set(r.terms.map((t) => familyOf(quantityOf(t.ref))))].filter((f) => f !== '');
    if (own.length === 0) {
      // Relations among school counts only belong to every family.
      for (const f of new Set([...parent.keys()].map(familyOf))) part(f).relations.push(r);
    } else if (own.length === 1) part(own[0]!).relations.push(r);
  }
  for (const t of model.targets) part(familyOf(quantityOf(t.num))).targets.push(t);
  return [...families.values()].filter((m) => m.targets.length > 0);
}
