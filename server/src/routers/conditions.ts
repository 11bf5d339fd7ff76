/**
 * The seed's implementation conditions (IMPLEMENTATION_CONDITIONS): the share of schools meeting
 * each, per area and over the years, published by the stored decisions of the 'cell' table; and
 * how each goes with implementation across schools (an association, not an effect).
 */
import { IMPLEMENTATION_CONDITIONS, type ConditionId, type Published } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { mapAreas, scopeAreas } from '../auth/access.ts';
import { CELL_METRICS, CONDITION_METRICS, emptySums, publishMetricAmong, publishScope, scopeSiblings, sumCells, type CellSums } from '../data/analytics.repository.ts';
import { conditionAssociations } from '../data/conditions.repository.ts';
import { listMunicipalities, listRegions, listSchoolYears } from '../data/geography.repository.ts';
import { mapAreasInput, resolveRegion, resolveScope, scopeYearSectorInput } from './inputs.ts';

const CONDITIONS = IMPLEMENTATION_CONDITIONS.map((c) => ({ id: c.id, label: c.label, meets: c.meets }));
type ConditionValues = Record<ConditionId, Published>;

export const conditionsRouter = router({
  /**
   * The scope's share of schools meeting each condition in every school year, and how each condition
   * goes with implementation over the scope's region (a municipality: its region) or the nation.
   */
  scope: aggregateProcedure(scopeAreas()).input(scopeYearSectorInput).query(async ({ ctx, input }) => {
    const min = ctx.config.minCellSchools;
    const scope = await resolveScope(ctx.db, input.scope);
    const years = await listSchoolYears(ctx.db);
    const trend = await Promise.all(years.map(async (schoolYear) => {
      const siblings = await scopeSiblings(ctx.db, scope, { schoolYear, sector: input.sector });
      const values = Object.fromEntries(CONDITIONS.map((c) => [c.id, publishScope(siblings, CELL_METRICS[CONDITION_METRICS[c.id]], min)])) as ConditionValues;
      return { schoolYear, values };
    }));
    const over = scope.level === 'nation' ? { level: 'nation' as const, code: null, name: 'Nederland' } : { level: 'region' as const, code: scope.regionCode!, name: scope.regionName ?? '' };
    return {
      scope,
      schoolYear: input.schoolYear,
      sector: input.sector,
      conditions: CONDITIONS,
      trend,
      association: { over, minSchools: min, sector: 'all' as const, rows: await conditionAssociations(ctx.db, { schoolYear: input.schoolYear, regionCode: over.code }, min) },
    };
  }),

  /** Per region (nationally) or per municipality (of a region): each condition's share this year and the year before. */
  areas: aggregateProcedure(mapAreas)
    .input(mapAreasInput)
    .query(async ({ ctx, input }) => {
      const min = ctx.config.minCellSchools;
      if (input.regionCode) await resolveRegion(ctx.db, input.regionCode);
      const years = await listSchoolYears(ctx.db);
      const previousYear = years[years.indexOf(input.schoolYear) - 1] ?? null;
      const units = input.level === 'region'
        ? (await listRegions(ctx.db)).map((r) => ({ code: r.code, name: r.name, group: 'NL' }))
        : (await listMunicipalities(ctx.db, { regionCode: input.regionCode })).map((m) => ({ code: m.code, name: m.name, group: m.regionCode }));
      const dim = input.level === 'region' ? 'region_code' : 'municipality_code';
      const publishYear = async (schoolYear: string) => {
        const groups = await sumCells(ctx.db, { schoolYear, sector: input.sector, regionCode: input.regionCode }, [dim]);
        const sumsByUnit = new Map(groups.map((g) => [g.key[dim], g.sums]));
        const byGroup = new Map<string, { key: string; sums: CellSums }[]>();
        for (const u of units) byGroup.set(u.group, [...(byGroup.get(u.group) ?? []), { key: u.code, sums: sumsByUnit.get(u.code) ?? emptySums() }]);
        const result = new Map<string, ConditionValues>(units.map((u) => [u.code, {} as ConditionValues]));
        for (const c of CONDITIONS) {
          for (const siblings of byGroup.values()) {
            for (const [code, value] of publishMetricAmong(siblings, CELL_METRICS[CONDITION_METRICS[c.id]], min)) result.get(code)![c.id] = value;
          }
        }
        return result;
      };
      const [current, previous] = await Promise.all([publishYear(input.schoolYear), previousYear ? publishYear(previousYear) : null]);
      return {
        level: input.level,
        schoolYear: input.schoolYear,
        previousYear,
        sector: input.sector,
        conditions: CONDITIONS,
        rows: units.map((u) => ({ code: u.code, name: u.name, values: current.get(u.code)!, previous: previous?.get(u.code) ?? null })),
      };
    }),
});
