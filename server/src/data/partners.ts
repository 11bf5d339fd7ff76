/**
 * Partners around the school (policymakers, advisors): coverage per municipality × partner type,
 * and gaps: missing partner types and telling combinations of a weak pillar with a missing link.
 * Aggregates only; municipalities are siblings within their region for the small-cell rule.
 * The scope's codes must exist (the router resolves them first).
 */
import {
  PARTNER_TYPES,
  sectorsOf,
  share,
  type PartnerTypeId,
  type Published,
  type ScopeInput,
  type ScopeYearSectorInput,
  type SectorFilter,
} from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { NATION_AREA, partnerPart, publishByDecision, readPartsDecisions, signalPart } from './disclosure.ts';
import {
  WEAK_PILLAR_BELOW,
  municipalitiesForScope,
  readPartnerCoverage,
  readPartnerSignals,
  type MunicipalityRef,
} from './partners.repository.ts';

/** Coverage below this share (%) is listed as a weak link in the gaps. */
const LOW_COVERAGE_BELOW = 25;
/** A combination is flagged when at least this share (%) of the municipality's schools shows it. */
const SIGNAL_FLAG_FROM = 25;

/** What the partner figures read: the database and the small-cell threshold they are published with. */
export interface FigureSource {
  db: Db;
  config: { minCellSchools: number };
}

/** Partner types offered to at least one of the selected sectors (schuldhulp only to mbo). */
export function relevantPartnerTypes(sector: SectorFilter) {
  const sectors = sectorsOf(sector);
  return PARTNER_TYPES.filter((t) => (t.sectors as readonly string[]).some((s) => sectors.includes(s)));
}

/** The region whose rows a scope reads (a municipality is judged among its region's), or null for the nation. */
function regionFilter(scope: ScopeInput, municipalities: readonly MunicipalityRef[]): string | null {
  if (scope.level === 'nation') return null;
  return scope.level === 'region' ? scope.code : (municipalities[0]?.regionCode ?? null);
}

/**
 * Publishes one value per area for each of several linked parts (partner types or signals) by their
 * stored decisions, read in one query: part → area code → published value.
 */
async function publishParts(
  ctx: FigureSource,
  filter: { schoolYear: string; sector: string },
  parts: readonly { part: string; areas: readonly string[]; cellOf: (code: string) => { value: number | null; schools: number } }[],
): Promise<Map<string, Map<string, Published>>> {
  const decisions = await readPartsDecisions(ctx.db.kysely, { ...filter, parts: parts.map((p) => p.part) });
  return new Map(parts.map((p) => {
    const decided = decisions.get(p.part)!;
    return [p.part, new Map(p.areas.map((code) => [code, publishByDecision(decided.get(code), p.cellOf(code), ctx.config.minCellSchools)]))];
  }));
}

function inScope(scope: ScopeInput, m: MunicipalityRef): boolean {
  return scope.level !== 'municipality' || m.code === scope.code;
}

/** The municipalities a scope shows, and every municipality its suppression depends on. */
interface ScopeMunicipalities {
  all: MunicipalityRef[];
}

async function scopeMunicipalities(ctx: FigureSource, scope: ScopeInput): Promise<ScopeMunicipalities> {
  const all = await municipalitiesForScope(ctx.db, scope);
  return { all };
}

export async function partnerCoverage(ctx: FigureSource, input: ScopeYearSectorInput) {
  return coverageOf(ctx, input, await scopeMunicipalities(ctx, input.scope));
}

async function coverageOf(ctx: FigureSource, input: ScopeYearSectorInput, municipalitiesOf: ScopeMunicipalities) {
  const minSchools = ctx.config.minCellSchools;
  const types = relevantPartnerTypes(input.sector);
  const allMunicipalities = municipalitiesOf.all;
  // The stored 'all' cells already count only the sectors each type is offered to.
  const region = regionFilter(input.scope, allMunicipalities);
  const counts = await readPartnerCoverage(ctx.db, input.schoolYear, input.sector, region ? [region] : null);
  const countsByType = new Map<string, Map<string, { schools: number; agreements: number }>>(types.map((t) => [t.id, new Map()]));
  for (const c of counts) countsByType.get(c.partnerType)?.set(c.municipalityCode, c);

  const shown = allMunicipalities.filter((m) => inScope(input.scope, m));
  // The scope as a whole. For a municipality that is exactly its own (sibling-checked) cell.
  const scopeArea = input.scope.level === 'nation' ? NATION_AREA : input.scope.code;
  const scopeCount = (t: string) => {
    const byMunicipality = countsByType.get(t)!;
    let schools = 0;
    let agreements = 0;
    for (const m of shown) {
      const c = byMunicipality.get(m.code);
      if (c) {
        schools += c.schools;
        agreements += c.agreements;
      }
    }
    return { value: share(agreements, schools), schools };
  };
  // Every type's municipalities and the scope's total, published by one read of their decisions.
  const published = await publishParts(ctx, input, types.map((t) => {
    const byMunicipality = countsByType.get(t.id)!;
    return {
      part: partnerPart(t.id),
      areas: input.scope.level === 'municipality' ? shown.map((m) => m.code) : [...shown.map((m) => m.code), scopeArea],
      cellOf: (code: string) => {
        if (code === scopeArea && input.scope.level !== 'municipality') return scopeCount(t.id);
        const c = byMunicipality.get(code);
        return c ? { value: share(c.agreements, c.schools), schools: c.schools } : { value: null, schools: 0 };
      },
    };
  }));
  const perType = new Map(types.map((t) => [t.id, published.get(partnerPart(t.id))!]));
  const municipalities = shown.map((m) => ({
    code: m.code,
    name: m.name,
    regionCode: m.regionCode,
    coverage: Object.fromEntries(types.map((t) => [t.id, perType.get(t.id)!.get(m.code)!])) as Partial<Record<PartnerTypeId, Published>>,
  }));
  const scopeTotals = types.map((t) => ({ partnerType: t.id, coverage: perType.get(t.id)!.get(scopeArea)! }));
  return {
    schoolYear: input.schoolYear,
    sector: input.sector,
    minCellSchools: minSchools,
    partnerTypes: types.map((t) => ({ id: t.id, label: t.label })),
    scopeTotals,
    municipalities,
  };
}

const PARTNER_SIGNALS = [
  {
    id: 'signaleren_zonder_jgz',
    label: 'Zwak signaleren zonder JGZ',
    explanation:
      `Scholen met een implementatiegraad onder ${WEAK_PILLAR_BELOW}% op de pijler Signaleren die geen structurele afspraak ` +
      'hebben met de jeugdgezondheidszorg (JGZ). Deze scholen missen de partner die helpt problemen vroeg te zien: ' +
      'kinderen met lager welbevinden lopen het risico te laat in beeld te komen.',
  },
  {
    id: 'omgeving_zonder_jeugdhulp',
    label: 'Zwakke omgeving zonder jeugdhulp/wijkteam',
    explanation:
      `Scholen met een implementatiegraad onder ${WEAK_PILLAR_BELOW}% op de pijler Omgeving die geen structurele afspraak ` +
      'hebben met jeugdhulp of het wijkteam. Samenwerken met externe zorgpartners (leidend principe 9) ontbreekt juist ' +
      'waar de school haar omgeving nog weinig betrekt; leerlingen die hulp nodig hebben worden minder snel doorverwezen.',
  },
] as const;
type PartnerSignalId = (typeof PARTNER_SIGNALS)[number]['id'];

export async function partnerGaps(ctx: FigureSource, input: ScopeYearSectorInput) {
  const municipalitiesOf = await scopeMunicipalities(ctx, input.scope);
  const coverage = await coverageOf(ctx, input, municipalitiesOf);
  const minSchools = ctx.config.minCellSchools;
  const signals = await readPartnerSignals(ctx.db, input.schoolYear, regionFilter(input.scope, municipalitiesOf.all), sectorsOf(input.sector));
  const cellOf = (id: PartnerSignalId) => (code: string) => {
    const s = signals.get(code);
    if (!s) return { value: null, schools: 0 };
    const count = id === 'signaleren_zonder_jgz' ? s.weakSignalerenNoJgz : s.weakOmgevingNoYouthCare;
    return { value: share(count, s.schools), schools: s.schools };
  };
  const shownCodes = coverage.municipalities.map((m) => m.code);
  const byPart = await publishParts(ctx, input, PARTNER_SIGNALS.map((sig) => ({ part: signalPart(sig.id), areas: shownCodes, cellOf: cellOf(sig.id) })));
  const published = new Map(PARTNER_SIGNALS.map((sig) => [sig.id, byPart.get(signalPart(sig.id))!]));
  const labelOf = new Map(coverage.partnerTypes.map((t) => [t.id, t.label]));

  const municipalities = coverage.municipalities.map((m) => {
    const entries = Object.entries(m.coverage) as [PartnerTypeId, Published][];
    return {
      code: m.code,
      name: m.name,
      regionCode: m.regionCode,
      /** Relevant partner types no school in the municipality has an agreement with. */
      missing: entries.filter(([, p]) => p.value === 0).map(([id]) => ({ partnerType: id, label: labelOf.get(id)! })),
      /** Relevant partner types with an agreement at fewer than LOW_COVERAGE_BELOW % of the schools. */
      weak: entries
        .filter(([, p]) => p.value !== null && p.value > 0 && p.value < LOW_COVERAGE_BELOW)
        .map(([id, p]) => ({ partnerType: id, label: labelOf.get(id)!, coverage: p.value! })),
      /** Partner types whose coverage is hidden under the small-cell rule: neither missing nor present is known. */
      hiddenTypes: entries.filter(([, p]) => p.suppressed !== null).length,
      signals: PARTNER_SIGNALS.map((sig) => {
        const share = published.get(sig.id)!.get(m.code)!;
        return { id: sig.id, share, flagged: share.value !== null && share.value >= SIGNAL_FLAG_FROM };
      }),
    };
  });
  return {
    schoolYear: input.schoolYear,
    sector: input.sector,
    minCellSchools: minSchools,
    thresholds: { weakPillarBelow: WEAK_PILLAR_BELOW, lowCoverageBelow: LOW_COVERAGE_BELOW, signalFlagFrom: SIGNAL_FLAG_FROM },
    signalDefinitions: PARTNER_SIGNALS.map((s) => ({ ...s })),
    municipalities,
  };
}
