import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { COMPARE_DISTRICTS, districtCodeSchema, type Published } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { districtsOfMunicipality } from '../auth/access.ts';
import { ALL_COLUMNS, columnsOf, figureMetrics, publishMetricAmong, publishScope, scopeSiblings, type CellSums } from '../data/analytics.repository.ts';
import { districtBandSums, districtBoundaries, districtSums, listDistricts, type DistrictInfo } from '../data/districts.repository.ts';
import { BAND_KEYS, BAND_LABEL, gapOf, publishBandFigures, scopeBandSums, type BandKey } from '../data/equity.repository.ts';
import { findMunicipality } from '../data/geography.repository.ts';
import type { Db } from '../db/connection.ts';
import { municipalityCodeInput, schoolYearInput, sectorInput, type SectorFilter } from './inputs.ts';

/** The figures of a district, each decided in the school table or (scan figures) the scan table. */
const FIGURES = figureMetrics(['schools', 'vignetShare', 'kartrekkerShare', 'supportedShare', 'supportHoursPerSchool', 'scanCoverage', 'implementation']);
export type DistrictFigureId = keyof typeof FIGURES;
type Figures = Record<DistrictFigureId, Published>;
/** The figures per disadvantage band (equity), a subset of FIGURES so that a hidden area hides its bands. */
const BAND_FIGURES = figureMetrics(['schools', 'implementation', 'vignetShare', 'supportHoursPerSchool']);
/** The sums they read: per band, every benchmark sums its band cells of the whole region or nation. */
const BAND_COLUMNS = columnsOf(...Object.values(BAND_FIGURES));

/**
 * An area's figures per band, published by the stored decisions of its band cells, and the gap in
 * implementation between band 1 and band 4. `hidden`: every band is hidden, the empty ones too
 * (districts per sector, see publishDistricts).
 */
function equityOf(bands: readonly { key: BandKey; sums: CellSums }[], figures: Figures, minSchools: number, hidden = false) {
  const perBand = hidden
    ? new Map(BAND_KEYS.map((k) => [k, hiddenFigures(BAND_FIGURES)]))
    : publishBandFigures(bands, BAND_FIGURES, minSchools, (id) => figures[id].suppressed !== null);
  return {
    bands: BAND_KEYS.map((k) => ({ band: Number(k), label: BAND_LABEL.get(k)!, figures: perBand.get(k)! })),
    implementationGap: gapOf(perBand.get('1')!.implementation, perBand.get('4')!.implementation),
  };
}

/** A wijk code, or the remainder district of a municipality (its schools without a known wijk). */
const districtOrRemainder = z.union([districtCodeSchema, z.string().regex(/^GM\d{4}-onbekend$/)], { message: 'verwacht een CBS-wijkcode zoals WK034401' });

async function municipalityOf(db: Db, code: string) {
  const municipality = await findMunicipality(db, code);
  if (!municipality) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende gemeente ${code}` });
  return municipality;
}

function hiddenFigures<Id extends string>(figures: Record<Id, unknown>): Record<Id, Published> {
  const hidden: Published = { value: null, schools: null, suppressed: 'complementary' };
  return Object.fromEntries(Object.keys(figures).map((id) => [id, hidden])) as Record<Id, Published>;
}

/**
 * Every district of the municipality published among its siblings (the municipality's districts),
 * over all sectors only. Per sector a district holds a handful of schools, and the attacker showed
 * that a district × sector beside its district, its municipality × sector and the other sectors
 * can be bounded one-sidedly where the per-relation rules see nothing wrong; the page compares
 * districts over all sectors, so per sector they are hidden.
 */
async function publishDistricts(db: Db, filter: { schoolYear: string; sector: SectorFilter; municipalityCode: string }, districts: readonly DistrictInfo[], minSchools: number) {
  if (filter.sector !== 'all') return new Map(districts.map((d) => [d.code, hiddenFigures(FIGURES)]));
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
      const chosen = input.codes.map((code) => districts.find((d) => d.code === code)!);
      const [figures, districtBands, muni, region, nation, muniBands, regionBands, nationBands] = await Promise.all([
        publishDistricts(ctx.db, { ...filter, municipalityCode: municipality.code }, districts, min),
        districtBandSums(ctx.db, { ...filter, municipalityCode: municipality.code }, input.codes, BAND_COLUMNS),
        scopeSiblings(ctx.db, { level: 'municipality', code: municipality.code, regionCode: municipality.regionCode }, filter, ALL_COLUMNS),
        scopeSiblings(ctx.db, { level: 'region', code: municipality.regionCode, regionCode: municipality.regionCode }, filter, ALL_COLUMNS),
        scopeSiblings(ctx.db, { level: 'nation', code: null, regionCode: null }, filter, ALL_COLUMNS),
        scopeBandSums(ctx.db, { ...filter, municipalityCodes: [municipality.code] }, BAND_COLUMNS),
        scopeBandSums(ctx.db, { ...filter, regionCode: municipality.regionCode }, BAND_COLUMNS),
        scopeBandSums(ctx.db, filter, BAND_COLUMNS),
      ]);
      const benchmark = (s: Awaited<typeof muni>) => Object.fromEntries(Object.entries(FIGURES).map(([id, metric]) => [id, publishScope(s, metric, min)])) as Figures;
      const column = <K extends string>(kind: K, code: string, name: string, f: Figures, bands: Parameters<typeof equityOf>[0], hidden = false) =>
        ({ kind, code, name, figures: f, equity: equityOf(bands, f, min, hidden) });
      return {
        municipality: { code: municipality.code, name: municipality.name },
        columns: [
          ...chosen.map((d) => column('district' as const, d.code, d.name, figures.get(d.code)!, districtBands.get(d.code)!, input.sector !== 'all')),
          column('municipality' as const, municipality.code, municipality.name, benchmark(muni), muniBands),
          column('region' as const, municipality.regionCode, municipality.regionName, benchmark(region), regionBands),
          column('nation' as const, 'NL', 'Nederland', benchmark(nation), nationBands),
        ],
      };
    }),
});
