import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { MAP_INDICATOR_IDS, NATION, PILLAR_IDS, type MapIndicatorId, type PillarId, type Published } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { mapAreas, scopeAreas } from '../auth/access.ts';
import { IMPLEMENTATION_COLUMNS, CELL_METRICS, columnsOf, emptySums, partOf, publishMetricAmong, publishScope, schoolCount, scopeSiblings, sumCells, type CellSums, type RawMetric } from '../data/analytics.repository.ts';
import { capacityByRegion, combineCapacity } from '../data/capacity.repository.ts';
import { GAP_BANDS, completeBands, gapOf, publishBands } from '../data/equity.repository.ts';
import { listMunicipalities, listRegions } from '../data/geography.repository.ts';
import { mapAreasInput, resolveRegion, resolveScope, scopeYearSectorInput } from './inputs.ts';

const scannedCount = (s: CellSums): RawMetric => ({ value: s.scanned_schools, schools: s.schools, part: 'scan' });

const MAP_METRICS = MAP_INDICATOR_IDS;
export type MapMetric = MapIndicatorId;

export const overviewRouter = router({
  /** Key figures for a scope × school year × sector, each published under the small-cell rule. */
  keyFigures: aggregateProcedure(scopeAreas()).input(scopeYearSectorInput).query(async ({ ctx, input }) => {
    const min = ctx.config.minCellSchools;
    const scope = await resolveScope(ctx.db, input.scope);
    const siblings = await scopeSiblings(ctx.db, scope, input);
    const pub = (metric: (s: CellSums) => RawMetric) => publishScope(siblings, metric, min);
    const capacities = await capacityByRegion(ctx.db, input.schoolYear);
    const regionsInScope = scope.level === 'nation' ? [...capacities.values()] : [capacities.get(scope.regionCode!)].filter((c) => c !== undefined);
    return {
      scope,
      schoolYear: input.schoolYear,
      sector: input.sector,
      schools: pub(schoolCount),
      scannedSchools: pub(scannedCount),
      scanCoverage: pub(CELL_METRICS.scanCoverage),
      implementation: pub(CELL_METRICS.implementation),
      pillars: Object.fromEntries(PILLAR_IDS.map((p) => [p, pub(CELL_METRICS[`pillar:${p}`])])) as Record<PillarId, Published>,
      vignetShare: pub(CELL_METRICS.vignetShare),
      kartrekkerShare: pub(CELL_METRICS.kartrekkerShare),
      supportedShare: pub(CELL_METRICS.supportedShare),
      supportHoursPerSchool: pub(CELL_METRICS.supportHoursPerSchool),
      partnerCoverage: pub(CELL_METRICS.partnerCoverage),
      /**
       * Advisory capacity of the region (municipality scope: its region; nation: all regions).
       * A regional fact, not an aggregate over schools: never suppressed; per 100 schools of all sectors.
       */
      capacity: combineCapacity(regionsInScope),
    };
  }),

  /** One metric per region or per municipality for the choropleth; siblings suppressed together. */
  map: aggregateProcedure(mapAreas)
    .input(mapAreasInput.extend({ metric: z.enum(MAP_METRICS, { message: `verwacht een kaartindicator: ${MAP_METRICS.join(', ')}` }) }))
    .query(async ({ ctx, input }) => {
      const min = ctx.config.minCellSchools;
      if (input.regionCode) await resolveRegion(ctx.db, input.regionCode);
      if (input.metric === 'capacityFtePer100' && input.level === 'municipality') {
        // Capacity is organised per GGD region: one region's figure repeated on each of its
        // municipalities would read as municipal figures that happen to be equal.
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'Adviescapaciteit bestaat alleen per GGD-regio, niet per gemeente. Kies per gemeente de GGD-uren per school (supportHoursPerSchool).' });
      }
      const filter = { schoolYear: input.schoolYear, sector: input.sector };

      // Units: code, name, region (the sibling group).
      const units = input.level === 'region'
        ? (await listRegions(ctx.db)).map((r) => ({ code: r.code, name: r.name, group: NATION.code, regionCode: r.code }))
        : (await listMunicipalities(ctx.db, { regionCode: input.regionCode })).map((m) => ({ code: m.code, name: m.name, group: m.regionCode, regionCode: m.regionCode }));
      const dim = input.level === 'region' ? 'region_code' : 'municipality_code';
      const result = new Map<string, Published>();

      if (input.metric === 'capacityFtePer100') {
        const capacities = await capacityByRegion(ctx.db, input.schoolYear);
        for (const u of units) {
          const c = capacities.get(u.regionCode);
          result.set(u.code, c && c.advisorFtePer100Schools !== null ? { value: c.advisorFtePer100Schools, schools: c.schools, suppressed: null } : { value: null, schools: 0, suppressed: null });
        }
      } else {
        // Only the decisions of the table that decides the metric shown (the gap: the implementation degree's).
        const metric = CELL_METRICS[input.metric === 'equityGap' ? 'implementation' : input.metric];
        const groups = await sumCells(ctx.db, { ...filter, regionCode: input.regionCode }, [dim], columnsOf(metric), [partOf(metric)]);
        const sumsByUnit = new Map(groups.map((g) => [g.key[dim], g.sums]));
        const byGroup = new Map<string, { key: string; sums: CellSums }[]>();
        for (const u of units) {
          const list = byGroup.get(u.group) ?? [];
          list.push({ key: u.code, sums: sumsByUnit.get(u.code) ?? emptySums() });
          byGroup.set(u.group, list);
        }
        if (input.metric === 'equityGap') {
          const bandGroups = await sumCells(ctx.db, { ...filter, regionCode: input.regionCode, bands: GAP_BANDS }, [dim, 'disadvantage_band'], IMPLEMENTATION_COLUMNS, ['scan']);
          const bandsByUnit = new Map<string, { key: string; sums: CellSums }[]>();
          for (const g of bandGroups) {
            const list = bandsByUnit.get(g.key[dim]) ?? [];
            list.push({ key: g.key.disadvantage_band, sums: g.sums });
            bandsByUnit.set(g.key[dim], list);
          }
          for (const siblings of byGroup.values()) {
            const unitPublished = publishMetricAmong(siblings, CELL_METRICS.implementation, min);
            for (const s of siblings) {
              const bands = publishBands(completeBands(bandsByUnit.get(s.key) ?? [], emptySums), CELL_METRICS.implementation, min, unitPublished.get(s.key)!.suppressed !== null);
              result.set(s.key, gapOf(bands.get('1')!, bands.get('4')!));
            }
          }
        } else {
          for (const siblings of byGroup.values()) {
            for (const [k, v] of publishMetricAmong(siblings, metric, min)) result.set(k, v);
          }
        }
      }
      return {
        level: input.level,
        metric: input.metric,
        schoolYear: input.schoolYear,
        sector: input.sector,
        rows: units.map((u) => ({ code: u.code, name: u.name, value: result.get(u.code) ?? { value: null, schools: 0, suppressed: null } })),
      };
    }),
});
