import { z } from 'zod';
import { linearFit, pearsonCorrelation, schoolYearFromStart, schoolYearStart, type Published } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { regionsOfNation } from '../auth/access.ts';
import { CELL_METRICS, columnsOf, emptySums, schoolCount, publishMetricAmong, sumCells, type CellSums, type RawMetric } from '../data/analytics.repository.ts';
import { capacityByRegion, capacityByRegionForYears, type RegionCapacity } from '../data/capacity.repository.ts';
import { listRegions, listSchoolYears } from '../data/geography.repository.ts';
import { schoolYearInput, sectorInput, type SectorFilter } from './inputs.ts';

function correlate(pairs: readonly { x: number | null; y: number | null }[]) {
  const both = pairs.filter((p): p is { x: number; y: number } => p.x !== null && p.y !== null);
  const xs = both.map((p) => p.x);
  const ys = both.map((p) => p.y);
  return { r: pearsonCorrelation(xs, ys), n: both.length, fit: linearFit(xs, ys) };
}

/** The figures published per region beside its capacity. */
const REGION_FIGURES = {
  implementation: CELL_METRICS.implementation,
  scanCoverage: CELL_METRICS.scanCoverage,
  hoursPerSchool: CELL_METRICS.supportHoursPerSchool,
  supportedShare: CELL_METRICS.supportedShare,
  schools: schoolCount,
};
/** Only the sums those figures read: a trend reads every region of every year. */
const REGION_COLUMNS = columnsOf(...Object.values(REGION_FIGURES));

/** Capacity against implementation for all regions in one year (regions are siblings in the nation). */
async function regionsForYear(db: Parameters<typeof sumCells>[0], min: number, schoolYear: string, sector: SectorFilter, names: Map<string, string>) {
  const [groups, capacities] = await Promise.all([
    sumCells(db, { schoolYear, sector }, ['region_code'], REGION_COLUMNS, ['cell', 'scan']),
    capacityByRegion(db, schoolYear),
  ]);
  return regionsFrom(groups, capacities, names, min);
}

function regionsFrom(groups: readonly { key: { region_code: string }; sums: CellSums }[], capacities: Map<string, RegionCapacity>, names: Map<string, string>, min: number) {
  const byCode = new Map(groups.map((g) => [g.key.region_code, g.sums]));
  const siblings = [...names.keys()].map((code) => ({ key: code, sums: byCode.get(code) ?? emptySums() }));
  const pub = (metric: (s: CellSums) => RawMetric) => publishMetricAmong(siblings, metric, min);
  const implementation = pub(REGION_FIGURES.implementation);
  const scanCoverage = pub(REGION_FIGURES.scanCoverage);
  const hoursPerSchool = pub(REGION_FIGURES.hoursPerSchool);
  const supportedShare = pub(REGION_FIGURES.supportedShare);
  const schools = pub(REGION_FIGURES.schools);
  const rows = siblings.map(({ key }) => {
    const cap: RegionCapacity | undefined = capacities.get(key);
    return {
      code: key,
      name: names.get(key)!,
      advisorFte: cap?.advisorFte ?? null,
      hoursForSchools: cap?.hoursForSchools ?? null,
      /** Capacity is per region for all sectors: FTE per 100 schools of every sector. */
      advisorFtePer100Schools: cap?.advisorFtePer100Schools ?? null,
      hoursForSchoolsPerSchool: cap?.hoursForSchoolsPerSchool ?? null,
      schools: schools.get(key)!,
      supportHoursPerSchool: hoursPerSchool.get(key)!,
      supportedShare: supportedShare.get(key)!,
      implementation: implementation.get(key)!,
      scanCoverage: scanCoverage.get(key)!,
    };
  });
  const v = (p: Published) => p.value;
  return {
    rows,
    correlations: {
      /** The seed's central finding: more advisory capacity per school, more implementation. */
      ftePer100VsImplementation: correlate(rows.map((r) => ({ x: r.advisorFtePer100Schools, y: v(r.implementation) }))),
      supportHoursVsImplementation: correlate(rows.map((r) => ({ x: v(r.supportHoursPerSchool), y: v(r.implementation) }))),
      ftePer100VsScanCoverage: correlate(rows.map((r) => ({ x: r.advisorFtePer100Schools, y: v(r.scanCoverage) }))),
    },
  };
}

export const capacityRouter = router({
  /** All regions: advisory capacity, support received, implementation, scan coverage; Pearson r across regions. */
  regions: aggregateProcedure(regionsOfNation).input(z.object({ schoolYear: schoolYearInput, sector: sectorInput })).query(async ({ ctx, input }) => {
    const names = new Map((await listRegions(ctx.db)).map((r) => [r.code, r.name]));
    const previousYear = schoolYearFromStart(schoolYearStart(input.schoolYear) - 1);
    const [current, previous] = await Promise.all([
      regionsForYear(ctx.db, ctx.config.minCellSchools, input.schoolYear, input.sector, names),
      regionsForYear(ctx.db, ctx.config.minCellSchools, previousYear, input.sector, names),
    ]);
    const before = new Map(previous.rows.map((r) => [r.code, r]));
    return {
      schoolYear: input.schoolYear,
      sector: input.sector,
      previousYear,
      ...current,
      rows: current.rows.map((r) => {
        const p = before.get(r.code);
        const was = p?.implementation.value ?? null;
        return {
          ...r,
          /** Last school year's position, as published then (null values: hidden or no data). */
          previous: { advisorFtePer100Schools: p?.advisorFtePer100Schools ?? null, implementation: was },
          /** Change in implementation since last school year, in percentage points: only between two published figures. */
          implementationChange: was !== null && r.implementation.value !== null ? r.implementation.value - was : null,
        };
      }),
    };
  }),

  /** Per school year: each region's capacity and implementation, and the correlation that year. */
  trend: aggregateProcedure(regionsOfNation).input(z.object({ sector: sectorInput })).query(async ({ ctx, input }) => {
    const names = new Map((await listRegions(ctx.db)).map((r) => [r.code, r.name]));
    const years = await listSchoolYears(ctx.db);
    // One pass over the region rollup for all years instead of one query per year.
    const [groups, capacities] = await Promise.all([
      sumCells(ctx.db, { sector: input.sector }, ['school_year', 'region_code'], REGION_COLUMNS, ['cell', 'scan']),
      capacityByRegionForYears(ctx.db, years),
    ]);
    return {
      sector: input.sector,
      years: years.map((year) => {
        const y = regionsFrom(groups.filter((g) => g.key.school_year === year), capacities.get(year)!, names, ctx.config.minCellSchools);
        return {
          schoolYear: year,
          regions: y.rows.map((r) => ({ code: r.code, advisorFtePer100Schools: r.advisorFtePer100Schools, supportHoursPerSchool: r.supportHoursPerSchool, implementation: r.implementation })),
          correlation: y.correlations.ftePer100VsImplementation,
        };
      }),
    };
  }),
});
