import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { COMPARE_MUNICIPALITIES, NATION, PARTNER_TYPES, PILLAR_IDS, share, type PillarId, type Published } from '@rd/shared';
import { ALL, disclosureKey, partnerPart, publishByDecision } from '../data/disclosure.ts';
import { aggregateProcedure, router } from '../trpc.ts';
import { comparedMunicipalities } from '../auth/access.ts';
import { IMPLEMENTATION_COLUMNS, CELL_METRICS, LINKED_PARTS, attachDecisions, columnsOf, figureMetrics, emptySums, publishMetricAmong, readCellSums, type CellSums } from '../data/analytics.repository.ts';
import { GAP_BANDS, completeBands, gapOf, publishBands } from '../data/equity.repository.ts';
import { listMunicipalities, listRegions } from '../data/geography.repository.ts';
import { readPartnerCoverage, sumPartnerCoverageByType } from '../data/partners.repository.ts';
import { relevantPartnerTypes } from '../data/partners.ts';
import type { Db } from '../db/connection.ts';
import { municipalityCodeInput, schoolYearInput, sectorInput } from './inputs.ts';

const NO_DATA: Published = { value: null, schools: 0, suppressed: null };

const FIGURES = figureMetrics(['schools', 'scanCoverage', 'implementation', 'vignetShare', 'kartrekkerShare', 'supportHoursPerSchool', 'partnerCoverage']);
type FigureId = keyof typeof FIGURES;
/** Only the sums the compared figures and pillars read. */
const COMPARE_COLUMNS = columnsOf(...Object.values(FIGURES), ...PILLAR_IDS.map((p) => CELL_METRICS[`pillar:${p}`]));

interface ColumnFigures {
  figures: Record<FigureId, Published>;
  pillars: Record<PillarId, Published>;
  equityGap: Published;
  partners: { type: string; label: string; coverage: Published }[];
}

export const compareRouter = router({
  /**
   * 2–6 municipalities side by side, with their region(s) and the nation as benchmarks. Each
   * municipality is published among the municipalities of its own region, each region among all regions.
   */
  municipalities: aggregateProcedure(comparedMunicipalities)
    .input(z.object({
      codes: z.array(municipalityCodeInput)
        .min(COMPARE_MUNICIPALITIES.min, `kies minstens ${COMPARE_MUNICIPALITIES.min} gemeenten`)
        .max(COMPARE_MUNICIPALITIES.max, `kies hoogstens ${COMPARE_MUNICIPALITIES.max} gemeenten`),
      schoolYear: schoolYearInput,
      sector: sectorInput,
    }))
    .query(async ({ ctx, input }) => {
      const min = ctx.config.minCellSchools;
      if (new Set(input.codes).size !== input.codes.length) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Kies elke gemeente maar één keer' });
      // The chosen municipalities with every other municipality of their regions (their siblings) in one read.
      const members = await listMunicipalities(ctx.db, { inRegionsOf: input.codes });
      const chosen = members.filter((m) => input.codes.includes(m.code));
      const missing = input.codes.find((c) => !chosen.some((m) => m.code === c));
      if (missing) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende gemeente ${missing}` });
      const regionCodes = [...new Set(chosen.map((m) => m.regionCode))];
      const filter = { schoolYear: input.schoolYear, sector: input.sector };

      const muniFilter = { ...filter, regionCodes };
      const muniBandFilter = { ...filter, municipalityCodes: input.codes, bands: GAP_BANDS };
      const regionBandFilter = { ...filter, regionCodes, bands: GAP_BANDS };
      const nationBandFilter = { ...filter, bands: GAP_BANDS };
      const [allRegions, muniSums, muniBands, regionSums, nationSums, partnerCells, regionBands, nationBands] = await Promise.all([
        listRegions(ctx.db),
        readCellSums(ctx.db, muniFilter, ['municipality_code'], COMPARE_COLUMNS),
        readCellSums(ctx.db, muniBandFilter, ['municipality_code', 'disadvantage_band'], IMPLEMENTATION_COLUMNS),
        readCellSums(ctx.db, filter, ['region_code'], COMPARE_COLUMNS),
        readCellSums(ctx.db, filter, [], COMPARE_COLUMNS),
        readPartnerSums(ctx.db, filter, regionCodes),
        readCellSums(ctx.db, regionBandFilter, ['region_code', 'disadvantage_band'], IMPLEMENTATION_COLUMNS),
        readCellSums(ctx.db, nationBandFilter, ['disadvantage_band'], IMPLEMENTATION_COLUMNS),
      ]);
      // Every stored decision the comparison publishes by, of all compared areas and their benchmarks, in one read.
      const partnerCellsShown = relevantPartnerTypes(input.sector).flatMap((t) => [...input.codes, ...regionCodes, NATION.code]
        .map((area) => ({ schoolYear: input.schoolYear, part: partnerPart(t.id), area, sector: input.sector, band: ALL })));
      const decisions = await attachDecisions(ctx.db, [
        { filter: muniFilter, groups: muniSums, parts: LINKED_PARTS },
        { filter: muniBandFilter, groups: muniBands, parts: ['scan'] },
        { filter, groups: regionSums, parts: LINKED_PARTS },
        { filter, groups: nationSums, parts: LINKED_PARTS },
        { filter: regionBandFilter, groups: regionBands, parts: ['scan'] },
        { filter: nationBandFilter, groups: nationBands, parts: ['scan'] },
      ], partnerCellsShown);
      const partnerDecision = (type: string, area: string) => decisions.get(disclosureKey({ schoolYear: input.schoolYear, part: partnerPart(type), area, sector: input.sector, band: ALL }));

      const partnerRows = partnerSums(partnerCells, new Map(members.map((m) => [m.code, m.regionCode])));

      // Sibling sets: municipalities per region; regions in the nation; the nation alone.
      const muniSumOf = new Map(muniSums.map((g) => [g.key.municipality_code, g.sums]));
      const siblingSets = new Map<string, { key: string; sums: CellSums }[]>();
      for (const m of members) siblingSets.set(m.regionCode, [...(siblingSets.get(m.regionCode) ?? []), { key: m.code, sums: muniSumOf.get(m.code) ?? emptySums() }]);
      const regionSumOf = new Map(regionSums.map((g) => [g.key.region_code, g.sums]));
      const regionSiblings = allRegions.map((r) => ({ key: r.code, sums: regionSumOf.get(r.code) ?? emptySums() }));
      const nationSiblings = [{ key: NATION.code, sums: nationSums[0]?.sums ?? emptySums() }];

      const publishColumn = (siblings: { key: string; sums: CellSums }[], key: string, partnerSiblings: Map<string, { key: string; value: number | null; schools: number }[]>, equityGap: Published): ColumnFigures => ({
        figures: Object.fromEntries((Object.keys(FIGURES) as FigureId[]).map((f) => [f, publishMetricAmong(siblings, FIGURES[f], min).get(key) ?? NO_DATA])) as Record<FigureId, Published>,
        pillars: Object.fromEntries(PILLAR_IDS.map((p) => [p, publishMetricAmong(siblings, CELL_METRICS[`pillar:${p}`], min).get(key) ?? NO_DATA])) as Record<PillarId, Published>,
        equityGap,
        partners: relevantPartnerTypes(input.sector).map((t) => {
          const cell = (partnerSiblings.get(t.id) ?? []).find((c) => c.key === key) ?? { value: null, schools: 0 };
          return { type: t.id, label: t.label, coverage: publishByDecision(partnerDecision(t.id, key), cell, min) };
        }),
      });

      const municipalities = chosen.map((m) => {
        const siblings = siblingSets.get(m.regionCode)!;
        const hidden = publishMetricAmong(siblings, CELL_METRICS.implementation, min).get(m.code)!.suppressed !== null;
        const bands = publishBands(
          completeBands(muniBands.filter((g) => g.key.municipality_code === m.code).map((g) => ({ key: g.key.disadvantage_band, sums: g.sums })), emptySums),
          CELL_METRICS.implementation, min, hidden);
        const partnerSiblings = new Map(PARTNER_TYPES.map((t) => [t.id as string, siblings.map((s) => {
          const p = partnerRows.byMunicipality.get(`${s.key}|${t.id}`);
          return { key: s.key, value: p ? share(p.agreements, p.schools) : null, schools: p?.schools ?? 0 };
        })]));
        return { code: m.code, name: m.name, regionCode: m.regionCode, regionName: m.regionName, ...publishColumn(siblings, m.code, partnerSiblings, gapOf(bands.get('1')!, bands.get('4')!)) };
      });

      const regionPartnerSiblings = new Map(PARTNER_TYPES.map((t) => [t.id as string, regionCodes.map((r) => {
        const p = partnerRows.byRegion.get(`${r}|${t.id}`);
        return { key: r, value: p ? share(p.agreements, p.schools) : null, schools: p?.schools ?? 0 };
      })]));
      // The gap band 1 − band 4 of a region and of the nation, published as equity.bands publishes it for that scope.
      const gapAmong = (siblings: { key: string; sums: CellSums }[], key: string, bandGroups: { key: Record<string, string>; sums: CellSums }[]) => {
        const hidden = publishMetricAmong(siblings, CELL_METRICS.implementation, min).get(key)!.suppressed !== null;
        const bands = publishBands(completeBands(bandGroups.map((g) => ({ key: g.key.disadvantage_band!, sums: g.sums })), emptySums), CELL_METRICS.implementation, min, hidden);
        return gapOf(bands.get('1')!, bands.get('4')!);
      };
      const regions = regionCodes.map((code) => ({
        code,
        name: allRegions.find((r) => r.code === code)?.name ?? code,
        // Partner coverage per type of a region is published on its own (regions are large).
        ...publishColumn(regionSiblings, code, regionPartnerSiblings, gapAmong(regionSiblings, code, regionBands.filter((g) => g.key.region_code === code))),
      }));
      const nationPartner = new Map(PARTNER_TYPES.map((t) => {
        const p = partnerRows.nation.get(t.id);
        return [t.id as string, [{ key: NATION.code, value: p ? share(p.agreements, p.schools) : null, schools: p?.schools ?? 0 }]];
      }));
      return {
        schoolYear: input.schoolYear,
        sector: input.sector,
        municipalities,
        regions,
        nation: { code: NATION.code, name: NATION.name, ...publishColumn(nationSiblings, NATION.code, nationPartner, gapAmong(nationSiblings, NATION.code, nationBands)) },
      };
    }),
});

/**
 * Partner coverage counts of the chosen regions' municipalities and of the nation, from the same
 * stored cells as partners.coverage (for 'all': only the sectors a partner type is offered to).
 */
async function readPartnerSums(db: Db, filter: { schoolYear: string; sector: string }, regionCodes: readonly string[]) {
  const [cells, nation] = await Promise.all([
    readPartnerCoverage(db, filter.schoolYear, filter.sector, regionCodes),
    sumPartnerCoverageByType(db, filter.schoolYear, filter.sector),
  ]);
  return { cells, nation };
}

/** The counts per municipality and per region (`regionOf` each municipality read). */
function partnerSums({ cells, nation }: Awaited<ReturnType<typeof readPartnerSums>>, regionOf: ReadonlyMap<string, string>) {
  const byMunicipality = new Map<string, { schools: number; agreements: number }>();
  const byRegion = new Map<string, { schools: number; agreements: number }>();
  for (const c of cells) {
    byMunicipality.set(`${c.municipalityCode}|${c.partnerType}`, { schools: c.schools, agreements: c.agreements });
    const key = `${regionOf.get(c.municipalityCode)}|${c.partnerType}`;
    const acc = byRegion.get(key) ?? { schools: 0, agreements: 0 };
    byRegion.set(key, { schools: acc.schools + c.schools, agreements: acc.agreements + c.agreements });
  }
  return { byMunicipality, byRegion, nation };
}
