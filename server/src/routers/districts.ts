import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { COMPARE_DISTRICTS, districtCodeSchema, type Published } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { districtsOfMunicipality } from '../auth/access.ts';
import { ALL_COLUMNS, figureMetrics, publishMetricAmong, publishScope, scopeSiblings } from '../data/analytics.repository.ts';
import { districtBoundaries, districtSums, listDistricts, type DistrictInfo } from '../data/districts.repository.ts';
import { findMunicipality } from '../data/geography.repository.ts';
import type { Db } from '../db/connection.ts';
import { municipalityCodeInput, schoolYearInput, sectorInput, type SectorFilter } from './inputs.ts';

/** The figures of a district, each decided in the school table or (scan figures) the scan table. */
const FIGURES = figureMetrics(['schools', 'vignetShare', 'kartrekkerShare', 'supportedShare', 'supportHoursPerSchool', 'scanCoverage', 'implementation']);
export type DistrictFigureId = keyof typeof FIGURES;
type Figures = Record<DistrictFigureId, Published>;

/** A wijk code, or the remainder district of a municipality (its schools without a known wijk). */
const districtOrRemainder = z.union([districtCodeSchema, z.string().regex(/^GM\d{4}-onbekend$/)], { message: 'verwacht een CBS-wijkcode zoals WK034401' });

async function municipalityOf(db: Db, code: string) {
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende gemeente ${code}` });
  return municipality;
}

/**
 * Every district of the municipality published among its siblings (the municipality's districts),
 * over all sectors only. Per sector a district holds a handful of schools, and the attacker showed
 * that a district × sector beside its district, its municipality × sector and the other sectors
 * can be bounded one-sidedly where the per-relation rules see nothing wrong; the page compares
 * districts over all sectors, so per sector they are hidden.
 */
async function publishDistricts(db: Db, filter: { schoolYear: string; sector: SectorFilter; municipalityCode: string }, districts: readonly DistrictInfo[], minSchools: number) {
  if (filter.sector !== 'all') {
    const hidden: Published = { value: null, schools: null, suppressed: 'complementary' };
    return new Map(districts.map((d) => [d.code, Object.fromEntries(Object.keys(FIGURES).map((id) => [id, hidden])) as Figures]));
  }
  const sums = await districtSums(db, filter, districts.map((d) => d.code));
  const siblings = [...sums].map(([key, s]) => ({ key, sums: s }));
  const published = Object.fromEntries(Object.entries(FIGURES).map(([id, metric]) => [id, publishMetricAmong(siblings, metric, minSchools)])) as Record<DistrictFigureId, Map<string, Published>>;
  return new Map(districts.map((d) => [d.code, Object.fromEntries(Object.keys(FIGURES).map((id) => [id, published[id as DistrictFigureId].get(d.code)!])) as Figures]));
}

const listInput = z.object({ municipalityCode: municipalityCodeInput, schoolYear: schoolYearInput, sector: sectorInput });

export const districtsRouter = router({
  /** The districts of a municipality with their figures (empty when the municipality has no districts). */
  list: aggregateProcedure(districtsOfMunicipality)
    .input(listInput)
    .query(async ({ ctx, input }) => {
      const municipality = await municipalityOf(ctx.db, input.municipalityCode);
      const districts = await listDistricts(ctx.db, municipality.code);
      const figures = await publishDistricts(ctx.db, { ...input }, districts, ctx.config.minCellSchools);
      return {
        municipality: { code: municipality.code, name: municipality.name },
        districts: districts.map((d) => ({ ...d, figures: figures.get(d.code)! })),
      };
    }),

  /** District boundaries (GeoJSON geometries, WGS84) of a municipality, for the district map. */
  boundaries: aggregateProcedure(districtsOfMunicipality)
    .input(z.object({ municipalityCode: municipalityCodeInput }))
    .query(async ({ ctx, input }) => {
      await municipalityOf(ctx.db, input.municipalityCode);
      return { features: await districtBoundaries(ctx.db, input.municipalityCode) };
    }),

  /**
   * 2–8 districts side by side with the municipality, its region and the nation as benchmarks. The
   * districts are published among all districts of the municipality, the benchmarks as on every page.
   */
  compare: aggregateProcedure(districtsOfMunicipality)
    .input(listInput.extend({
      codes: z.array(districtOrRemainder)
        .min(COMPARE_DISTRICTS.min, `kies minstens ${COMPARE_DISTRICTS.min} wijken`)
        .max(COMPARE_DISTRICTS.max, `kies hoogstens ${COMPARE_DISTRICTS.max} wijken`),
    }))
    .query(async ({ ctx, input }) => {
      const min = ctx.config.minCellSchools;
      if (new Set(input.codes).size !== input.codes.length) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Kies elke wijk maar één keer' });
      const municipality = await municipalityOf(ctx.db, input.municipalityCode);
      const districts = await listDistricts(ctx.db, municipality.code);
      const foreign = input.codes.find((c) => !districts.some((d) => d.code === c));
      if (foreign) throw new TRPCError({ code: 'NOT_FOUND', message: `Wijk ${foreign} is geen wijk van gemeente ${municipality.name}` });
      const filter = { schoolYear: input.schoolYear, sector: input.sector };
      const [figures, muni, region, nation] = await Promise.all([
        publishDistricts(ctx.db, { ...filter, municipalityCode: municipality.code }, districts, min),
        scopeSiblings(ctx.db, { level: 'municipality', code: municipality.code, regionCode: municipality.regionCode }, filter, ALL_COLUMNS),
        scopeSiblings(ctx.db, { level: 'region', code: municipality.regionCode, regionCode: municipality.regionCode }, filter, ALL_COLUMNS),
        scopeSiblings(ctx.db, { level: 'nation', code: null, regionCode: null }, filter, ALL_COLUMNS),
      ]);
      const benchmark = (s: Awaited<typeof muni>) => Object.fromEntries(Object.entries(FIGURES).map(([id, metric]) => [id, publishScope(s, metric, min)])) as Figures;
      const chosen = input.codes.map((code) => districts.find((d) => d.code === code)!);
      return {
        municipality: { code: municipality.code, name: municipality.name },
        columns: [
          ...chosen.map((d) => ({ kind: 'district' as const, code: d.code, name: d.name, figures: figures.get(d.code)! })),
          { kind: 'municipality' as const, code: municipality.code, name: municipality.name, figures: benchmark(muni) },
          { kind: 'region' as const, code: municipality.regionCode, name: municipality.regionName, figures: benchmark(region) },
          { kind: 'nation' as const, code: 'NL', name: 'Nederland', figures: benchmark(nation) },
        ],
      };
    }),
});
