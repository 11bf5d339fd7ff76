/**
 * The collector: plays a user of one role and asks every aggregate procedure that returns
 * school-based figures for everything that user may ask (every school year, sector filter and
 * scope in reach), and records each figure as a cell of the linked tables.
 *
 * It sees only what the procedures return; refused calls (FORBIDDEN) are counted, not fatal.
 * Exports (CSV/XLSX/PDF) are built from the same procedures (docs/security.md), so asking the
 * procedures suffices; the CSV exports round to 1 decimal, so they carry no more precision.
 *
 * Not asked (documented, not linear or not school-based): equity.widestGaps and the map's
 * equityGap (differences of two band rates: nonlinear), capacityFtePer100 (a regional fact),
 * partners.gaps (signals per municipality: rest on school-year facts this audit does not model).
 */
import { TRPCError } from '@trpc/server';
import { COMPARE_DISTRICTS, COMPARE_MUNICIPALITIES, CONDITION_IDS, PILLARS, type Published } from '@rd/shared';
import type { Db } from '../../db/connection.ts';
import type { AppConfig } from '../../config.ts';
import type { Principal } from '../../auth/roles.ts';
import { createTestCaller } from '../raw.ts';
import {
  ALL, MAP_SHAPES, NATION_CODE, SECTORS, SHAPES,
  conditionShape, outcomeShape, partnerTypeShape, phaseShape, pillarShape, principleShape, themeShape,
  type Cell, type Figure, type FigureShape,
} from './figures.ts';

export interface Collection {
  figures: Figure[];
  years: string[];
  /** Municipalities per region, as the geography procedures list them (public reference data). */
  regions: Map<string, string[]>;
  /** Municipality → its districts (the remainder district included), for the municipalities whose districts were published to this account. */
  districts: Map<string, string[]>;
  calls: number;
  refused: number;
  /** Procedures asked, with their number of calls. */
  perProcedure: Map<string, { calls: number; refused: number; ms: number }>;
}

export interface CollectOptions {
  /** Only these school years (default: all). */
  years?: readonly string[];
  sectors?: readonly string[];
}

type Caller = ReturnType<typeof createTestCaller>;

export async function collectFigures(db: Db, config: AppConfig, principal: Principal, options: CollectOptions = {}): Promise<Collection> {
  const caller: Caller = createTestCaller(db, config, principal);
  const figures: Figure[] = [];
  const perProcedure = new Map<string, { calls: number; refused: number; ms: number }>();
  let calls = 0;
  let refused = 0;

  /** Calls a procedure; FORBIDDEN/UNAUTHORIZED are recorded and yield null. */
  async function ask<T>(procedure: string, call: () => Promise<T>): Promise<T | null> {
    calls += 1;
    const stat = perProcedure.get(procedure) ?? { calls: 0, refused: 0, ms: 0 };
    stat.calls += 1;
    perProcedure.set(procedure, stat);
    const started = performance.now();
    try {
      return await call();
    } catch (error) {
      if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED')) {
        refused += 1;
        stat.refused += 1;
        return null;
      }
      throw error;
    } finally {
      stat.ms += performance.now() - started;
      if (process.env.ATTACK_DEBUG === '1' && calls % 500 === 0) console.error(`collect: ${calls} calls, ${figures.length} figures; ${[...perProcedure].map(([p, x]) => `${p} ${x.calls}/${Math.round(x.ms)}ms`).join(', ')}`);
    }
  }
  const add = (source: string, cell: Cell, shape: FigureShape, published: Published | null | undefined) => {
    if (published) figures.push({ ...shape, source, cell, published });
  };

  const yearsAll = (await caller.geography.schoolYears()).years;
  const years = options.years ? yearsAll.filter((y) => options.years!.includes(y)) : yearsAll;
  const sectors = options.sectors ?? [ALL, ...SECTORS];
  const regionRows = await caller.geography.regions();
  const municipalityRows = await caller.geography.municipalities();
  const regions = new Map<string, string[]>(regionRows.map((r) => [r.code, []]));
  for (const m of municipalityRows) regions.get(m.regionCode)?.push(m.code);
  const districts = new Map<string, string[]>();

  type Scope = { level: 'nation' } | { level: 'region'; code: string } | { level: 'municipality'; code: string };
  // Every scope a user might try: the access rules decide, the collector just asks.
  const scopes: Scope[] = [
    { level: 'nation' },
    ...regionRows.map((r) => ({ level: 'region' as const, code: r.code })),
    ...municipalityRows.map((m) => ({ level: 'municipality' as const, code: m.code })),
  ];
  const geoOf = (s: Scope) => (s.level === 'nation' ? NATION_CODE : s.code);
  // Scopes refused once are refused for every year and sector: don't ask again.
  const refusedScopes = new Set<string>();
  const askScoped = async <T>(procedure: string, scope: Scope, call: () => Promise<T>): Promise<T | null> => {
    const key = `${procedure}|${geoOf(scope)}`;
    if (refusedScopes.has(key)) return null;
    const r = await ask(procedure, call);
    if (r === null) refusedScopes.add(key);
    return r;
  };

  for (const sector of sectors) {
    const sectorInput = sector as 'all' | 'po' | 'so' | 'vo' | 'mbo';
    // implementation.trend covers every school year at once.
    for (const scope of scopes) {
      const trend = await askScoped('implementation.trend', scope, () => caller.implementation.trend({ scope, sector: sectorInput }));
      if (!trend) continue;
      for (const y of trend.years) {
        if (!years.includes(y.schoolYear)) continue;
        const cell = { year: y.schoolYear, geo: geoOf(scope), sector, band: ALL };
        add('implementation.trend', cell, SHAPES.implementation, y.overall);
        for (const p of y.pillars) add('implementation.trend', cell, pillarShape(p.id), p.value);
        add('implementation.trend', { ...cell, geo: NATION_CODE }, SHAPES.implementation, y.nation);
      }
    }
    // The implementation conditions: every school year per scope, and per region or municipality with the year before.
    for (const scope of scopes) {
      const conditions = await askScoped('conditions.scope', scope, () => caller.conditions.scope({ scope, schoolYear: years[0]!, sector: sectorInput }));
      if (!conditions) continue;
      for (const y of conditions.trend) {
        if (!years.includes(y.schoolYear)) continue;
        for (const id of CONDITION_IDS) add('conditions.scope', { year: y.schoolYear, geo: geoOf(scope), sector, band: ALL }, conditionShape(id), y.values[id]);
      }
    }
    for (const year of years) {
      for (const regionCode of [undefined, ...regions.keys()]) {
        const areas = await ask('conditions.areas', () => caller.conditions.areas({ level: regionCode ? 'municipality' : 'region', regionCode, schoolYear: year, sector: sectorInput }));
        for (const row of areas?.rows ?? []) {
          for (const id of CONDITION_IDS) {
            add('conditions.areas', { year, geo: row.code, sector, band: ALL }, conditionShape(id), row.values[id]);
            if (row.previous && areas!.previousYear && years.includes(areas!.previousYear)) add('conditions.areas', { year: areas!.previousYear, geo: row.code, sector, band: ALL }, conditionShape(id), row.previous[id]);
          }
        }
      }
    }
    // Districts: the figures of every district of a municipality, which add up to the municipality.
    for (const scope of scopes) {
      if (scope.level !== 'municipality') continue;
      for (const year of years) {
        const list = await askScoped('districts.list', scope, () => caller.districts.list({ municipalityCode: scope.code, schoolYear: year, sector: sectorInput }));
        if (!list || list.districts.length === 0) continue;
        districts.set(scope.code, list.districts.map((d) => d.code));
        for (const d of list.districts) {
          const c = { year, geo: d.code, sector, band: ALL };
          const f = d.figures;
          add('districts.list', c, SHAPES.schools, f.schools);
          add('districts.list', c, SHAPES.vignetShare, f.vignetShare);
          add('districts.list', c, SHAPES.kartrekkerShare, f.kartrekkerShare);
          add('districts.list', c, SHAPES.supportedShare, f.supportedShare);
          add('districts.list', c, SHAPES.supportHoursPerSchool, f.supportHoursPerSchool);
          add('districts.list', c, SHAPES.scanCoverage, f.scanCoverage);
          add('districts.list', c, SHAPES.implementation, f.implementation);
        }
        // Equity: every district per band, with the municipality, region and nation per band, in comparisons of all districts.
        const codes = list.districts.map((d) => d.code);
        for (let i = 0; i < codes.length; i += COMPARE_DISTRICTS.max) {
          let group = codes.slice(i, i + COMPARE_DISTRICTS.max);
          if (group.length < COMPARE_DISTRICTS.min) group = codes.slice(Math.max(0, codes.length - COMPARE_DISTRICTS.min));
          if (group.length < COMPARE_DISTRICTS.min) break;
          const cmp = await ask('districts.compare', () => caller.districts.compare({ municipalityCode: scope.code, codes: group, schoolYear: year, sector: sectorInput }));
          for (const col of cmp?.columns ?? []) {
            for (const b of col.equity.bands) {
              const c = { year, geo: col.code, sector, band: String(b.band) };
              const s = 'districts.compare';
              add(s, c, SHAPES.schools, b.figures.schools);
              add(s, c, SHAPES.implementation, b.figures.implementation);
              add(s, c, SHAPES.vignetShare, b.figures.vignetShare);
              add(s, c, SHAPES.supportHoursPerSchool, b.figures.supportHoursPerSchool);
            }
          }
        }
      }
    }
    const capTrend = await ask('capacity.trend', () => caller.capacity.trend({ sector: sectorInput }));
    for (const y of capTrend?.years ?? []) {
      if (!years.includes(y.schoolYear)) continue;
      for (const r of y.regions) {
        const cell = { year: y.schoolYear, geo: r.code, sector, band: ALL };
        add('capacity.trend', cell, SHAPES.supportHoursPerSchool, r.supportHoursPerSchool);
        add('capacity.trend', cell, SHAPES.implementation, r.implementation);
      }
    }

    for (const year of years) {
      const base = { year, sector, band: ALL };
      const input = { schoolYear: year, sector: sectorInput };

      // The comparison takes municipalities the user may see one by one (the same access rule as keyFigures).
      const comparable: string[] = [];
      for (const scope of scopes) {
        const geo = geoOf(scope);
        const cell = { ...base, geo };
        const kf = await askScoped('overview.keyFigures', scope, () => caller.overview.keyFigures({ scope, ...input }));
        if (kf) {
          if (scope.level === 'municipality') comparable.push(scope.code);
          const s = 'overview.keyFigures';
          add(s, cell, SHAPES.schools, kf.schools);
          add(s, cell, SHAPES.scannedSchools, kf.scannedSchools);
          add(s, cell, SHAPES.scanCoverage, kf.scanCoverage);
          add(s, cell, SHAPES.implementation, kf.implementation);
          for (const p of PILLARS) add(s, cell, pillarShape(p.id), kf.pillars[p.id]);
          add(s, cell, SHAPES.vignetShare, kf.vignetShare);
          add(s, cell, SHAPES.kartrekkerShare, kf.kartrekkerShare);
          add(s, cell, SHAPES.supportedShare, kf.supportedShare);
          add(s, cell, SHAPES.supportHoursPerSchool, kf.supportHoursPerSchool);
          add(s, cell, SHAPES.partnerCoverage, kf.partnerCoverage);
        }
        const profile = await askScoped('implementation.profile', scope, () => caller.implementation.profile({ scope, ...input }));
        if (profile) {
          const s = 'implementation.profile';
          const levels = [
            { geo, pick: 'scope' as const },
            { geo: profile.parent ? (profile.parent.level === 'nation' ? NATION_CODE : profile.parent.code!) : null, pick: 'parent' as const },
            { geo: NATION_CODE, pick: 'nation' as const },
          ];
          for (const l of levels) {
            if (!l.geo) continue;
            const c = { ...base, geo: l.geo };
            add(s, c, SHAPES.implementation, profile.overall[l.pick]);
            for (const p of profile.pillars) add(s, c, pillarShape(p.id), p[l.pick]);
            for (const p of profile.principles) add(s, c, principleShape(p.id), p[l.pick]);
          }
        }
        const bands = await askScoped('equity.bands', scope, () => caller.equity.bands({ scope, ...input }));
        if (bands) {
          const s = 'equity.bands';
          for (const b of bands.bands) {
            const c = { ...cell, band: String(b.band) };
            add(s, c, SHAPES.schools, b.schools);
            add(s, c, SHAPES.implementation, b.implementation);
            add(s, c, SHAPES.supportHoursPerSchool, b.supportHoursPerSchool);
            add(s, c, SHAPES.supportedShare, b.supportedShare);
            for (const o of b.outcomes) add(s, c, outcomeShape(o.indicator), o.value);
          }
        }
        const funnel = await askScoped('funnel.gezondeSchool', scope, () => caller.funnel.gezondeSchool({ scope, ...input }));
        if (funnel) {
          const s = 'funnel.gezondeSchool';
          add(s, cell, SHAPES.funnelRecorded, funnel.schools);
          for (const p of funnel.phases) add(s, cell, phaseShape(p.phase), p.count);
          add(s, cell, SHAPES.funnelVignet, funnel.vignet.count);
          for (const t of funnel.themes) {
            add(s, cell, themeShape(t.theme, 'cert'), t.holders);
            add(s, cell, themeShape(t.theme, 'due'), t.renewalDue);
          }
        }
        {
          const coverage = await askScoped('partners.coverage', scope, () => caller.partners.coverage({ scope, ...input }));
          if (coverage) {
            const s = 'partners.coverage';
            for (const m of coverage.municipalities) {
              for (const [type, p] of Object.entries(m.coverage)) add(s, { ...base, geo: m.code }, partnerTypeShape(type), p);
            }
            for (const t of coverage.scopeTotals) add(s, cell, partnerTypeShape(t.partnerType), t.coverage);
          }
        }
      }

      // Maps: every region nationally, and the municipalities of each region (and of the whole country).
      for (const [metric, shape] of Object.entries(MAP_SHAPES)) {
        const m = metric as 'implementation';
        const regionMap = await ask('overview.map', () => caller.overview.map({ level: 'region', metric: m, ...input }));
        for (const r of regionMap?.rows ?? []) add('overview.map', { ...base, geo: r.code }, shape, r.value);
        const national = await ask('overview.map', () => caller.overview.map({ level: 'municipality', metric: m, ...input }));
        for (const r of national?.rows ?? []) add('overview.map', { ...base, geo: r.code }, shape, r.value);
        if (!national) {
          for (const region of regions.keys()) {
            const map = await askScoped('overview.map', { level: 'region', code: region }, () => caller.overview.map({ level: 'municipality', regionCode: region, metric: m, ...input }));
            for (const r of map?.rows ?? []) add('overview.map', { ...base, geo: r.code }, shape, r.value);
          }
        }
      }
      for (const region of regions.keys()) {
        const heat = await askScoped('implementation.heatmap', { level: 'region', code: region }, () => caller.implementation.heatmap({ regionCode: region, ...input }));
        if (!heat) continue;
        const s = 'implementation.heatmap';
        add(s, { ...base, geo: region }, SHAPES.implementation, heat.region.overall);
        heat.region.principles.forEach((p, i) => add(s, { ...base, geo: region }, principleShape(heat.principles[i]!.id), p));
        for (const row of heat.rows) {
          add(s, { ...base, geo: row.code }, SHAPES.implementation, row.overall);
          row.principles.forEach((p, i) => add(s, { ...base, geo: row.code }, principleShape(heat.principles[i]!.id), p));
        }
      }
      const cap = await ask('capacity.regions', () => caller.capacity.regions(input));
      for (const r of cap?.rows ?? []) {
        const c = { ...base, geo: r.code };
        add('capacity.regions', c, SHAPES.schools, r.schools);
        add('capacity.regions', c, SHAPES.supportHoursPerSchool, r.supportHoursPerSchool);
        add('capacity.regions', c, SHAPES.supportedShare, r.supportedShare);
        add('capacity.regions', c, SHAPES.implementation, r.implementation);
        add('capacity.regions', c, SHAPES.scanCoverage, r.scanCoverage);
      }

      // Comparison: the municipalities a user may compare, in groups, with their regions and the nation.
      for (let i = 0; i < comparable.length; i += COMPARE_MUNICIPALITIES.max) {
        let group = comparable.slice(i, i + COMPARE_MUNICIPALITIES.max);
        if (group.length < COMPARE_MUNICIPALITIES.min) group = comparable.slice(Math.max(0, comparable.length - COMPARE_MUNICIPALITIES.min));
        if (group.length < COMPARE_MUNICIPALITIES.min) break;
        const cmp = await ask('compare.municipalities', () => caller.compare.municipalities({ codes: group, ...input }));
        if (!cmp) continue;
        const s = 'compare.municipalities';
        for (const col of [...cmp.municipalities, ...cmp.regions, cmp.nation]) {
          const c = { ...base, geo: col.code };
          const f = col.figures;
          add(s, c, SHAPES.schools, f.schools);
          add(s, c, SHAPES.scanCoverage, f.scanCoverage);
          add(s, c, SHAPES.implementation, f.implementation);
          add(s, c, SHAPES.vignetShare, f.vignetShare);
          add(s, c, SHAPES.kartrekkerShare, f.kartrekkerShare);
          add(s, c, SHAPES.supportHoursPerSchool, f.supportHoursPerSchool);
          add(s, c, SHAPES.partnerCoverage, f.partnerCoverage);
          for (const p of PILLARS) add(s, c, pillarShape(p.id), col.pillars[p.id]);
          for (const p of col.partners) add(s, c, partnerTypeShape(p.type), p.coverage);
        }
      }
    }
  }
  return { figures, years, regions, districts, calls, refused, perProcedure };
}
