import { z } from 'zod';
import { NATION, PILLARS, PRINCIPLES, type Published } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { municipalitiesOfRegion, scopeAreas } from '../auth/access.ts';
import { ALL_COLUMNS, CELL_METRICS, emptySums, pillarMetric, principleMetric, publishMetricAmong, publishScope, scopeSiblings, sumCells, type CellSums, type RawMetric, type Siblings } from '../data/analytics.repository.ts';
import { listMunicipalities, listSchoolYears } from '../data/geography.repository.ts';
import { NATION_SCOPE, parentScope, regionCodeInput, resolveRegion, resolveScope, schoolYearInput, scopeInput, scopeYearSectorInput, sectorInput, type ResolvedScope } from './inputs.ts';

const NO_DATA: Published = { value: null, schools: 0, suppressed: null };

export const implementationRouter = router({
  /** Implementation degree per principle, per pillar and overall: the scope, its parent scope and the nation. */
  profile: aggregateProcedure(scopeAreas()).input(scopeYearSectorInput).query(async ({ ctx, input }) => {
    const min = ctx.config.minCellSchools;
    const scope = await resolveScope(ctx.db, input.scope);
    const parent = parentScope(scope);
    const levels: { scope: ResolvedScope; siblings: Siblings }[] = [];
    for (const s of [scope, parent, scope.level === 'nation' ? null : NATION_SCOPE]) {
      if (s && !levels.some((l) => l.scope.level === s.level)) levels.push({ scope: s, siblings: await scopeSiblings(ctx.db, s, input, ALL_COLUMNS) });
    }
    const at = (level: ResolvedScope['level'] | undefined, metric: (s: CellSums) => RawMetric): Published | null => {
      const l = levels.find((x) => x.scope.level === level);
      return l ? publishScope(l.siblings, metric, min) : null;
    };
    const triple = (metric: (s: CellSums) => RawMetric) => {
      const own = at(scope.level, metric)!;
      const nation = at('nation', metric)!;
      return {
        scope: own,
        parent: parent ? at(parent.level, metric) : null,
        nation,
        /** Scope minus nation in percentage points; only between two published figures. */
        differenceFromNation: own.value !== null && nation.value !== null ? own.value - nation.value : null,
      };
    };
    return {
      scope,
      parent,
      schoolYear: input.schoolYear,
      sector: input.sector,
      overall: triple(CELL_METRICS.implementation),
      pillars: PILLARS.map((p) => ({ id: p.id, label: p.label, ...triple((s) => pillarMetric(s, p.id)) })),
      principles: PRINCIPLES.map((p) => ({ id: p.id, label: p.label, pillar: p.pillar, ...triple((s) => principleMetric(s, p.id)) })),
    };
  }),

  /** Implementation overall and per pillar for every school year, with the nation as benchmark. */
  trend: aggregateProcedure(scopeAreas()).input(z.object({ scope: scopeInput, sector: sectorInput })).query(async ({ ctx, input }) => {
    const min = ctx.config.minCellSchools;
    const scope = await resolveScope(ctx.db, input.scope);
    const years = await listSchoolYears(ctx.db);
    const dim = scope.level === 'region' ? 'region_code' : 'municipality_code';
    const [scoped, national] = await Promise.all([
      scope.level === 'nation' ? Promise.resolve([]) : sumCells(ctx.db, { schoolYears: years, sector: input.sector, regionCode: scope.level === 'municipality' ? scope.regionCode! : undefined }, ['school_year', dim], undefined, ['scan']),
      sumCells(ctx.db, { sector: input.sector }, ['school_year'], undefined, ['scan']),
    ]);
    return {
      scope,
      sector: input.sector,
      years: years.map((year) => {
        const nationSums = national.find((g) => g.key.school_year === year)?.sums ?? emptySums();
        const siblings: Siblings = scope.level === 'nation'
          ? { key: NATION.code, siblings: [{ key: NATION.code, sums: nationSums }] }
          : { key: scope.code!, siblings: scoped.filter((g) => g.key.school_year === year).map((g) => ({ key: g.key[dim as 'region_code'], sums: g.sums })) };
        if (!siblings.siblings.some((s) => s.key === siblings.key)) siblings.siblings.push({ key: siblings.key, sums: emptySums() });
        return {
          schoolYear: year,
          overall: publishScope(siblings, CELL_METRICS.implementation, min),
          pillars: PILLARS.map((p) => ({ id: p.id, value: publishScope(siblings, (s) => pillarMetric(s, p.id), min) })),
          nation: publishMetricAmong([{ key: NATION.code, sums: nationSums }], CELL_METRICS.implementation, min).get(NATION.code)!,
        };
      }),
    };
  }),

  /** Municipalities of a region × the 16 leading principles; municipalities are siblings per principle. */
  heatmap: aggregateProcedure(municipalitiesOfRegion)
    .input(z.object({ regionCode: regionCodeInput, schoolYear: schoolYearInput, sector: sectorInput }))
    .query(async ({ ctx, input }) => {
      const min = ctx.config.minCellSchools;
      const region = await resolveRegion(ctx.db, input.regionCode);
      const [municipalities, groups, regionSiblings] = await Promise.all([
        listMunicipalities(ctx.db, { regionCode: region.code }),
        sumCells(ctx.db, { schoolYear: input.schoolYear, sector: input.sector, regionCode: region.code }, ['municipality_code'], ALL_COLUMNS),
        scopeSiblings(ctx.db, { level: 'region', code: region.code, regionCode: region.code }, input, ALL_COLUMNS),
      ]);
      const byCode = new Map(groups.map((g) => [g.key.municipality_code, g.sums]));
      const siblings = municipalities.map((m) => ({ key: m.code, sums: byCode.get(m.code) ?? emptySums() }));
      const overall = publishMetricAmong(siblings, CELL_METRICS.implementation, min);
      const perPrinciple = PRINCIPLES.map((p) => publishMetricAmong(siblings, (s) => principleMetric(s, p.id), min));
      return {
        region: {
          code: region.code,
          name: region.name,
          overall: publishScope(regionSiblings, CELL_METRICS.implementation, min),
          principles: PRINCIPLES.map((p) => publishScope(regionSiblings, (s) => principleMetric(s, p.id), min)),
        },
        principles: PRINCIPLES.map((p) => ({ id: p.id, label: p.label, pillar: p.pillar })),
        rows: municipalities.map((m) => ({
          code: m.code,
          name: m.name,
          overall: overall.get(m.code) ?? NO_DATA,
          principles: perPrinciple.map((map) => map.get(m.code) ?? NO_DATA),
        })),
      };
    }),
});
