import { z } from 'zod';
import { OUTCOME_INDICATORS, type Published } from '@rd/shared';
import { NATION_AREA, OUTCOME_PART, disclosureKey, publishByDecision, readDisclosure } from '../data/disclosure.ts';
import { aggregateProcedure, router } from '../trpc.ts';
import { municipalitiesOfRegion, scopeAreas } from '../auth/access.ts';
import {
  IMPLEMENTATION_COLUMNS, CELL_METRICS, attachDecisions, columnsOf, emptySums, figureMetrics, publishMetricAmong, publishScope, readCellSums, scopeSiblings, sumOverBands,
  type CellSums,
} from '../data/analytics.repository.ts';
import {
  BAND_KEYS, BAND_LABEL, GAP_BANDS, completeBands, gapOf, outcomeMetric, publishBandFigures, publishBands, scopeBandSums, sumOutcomes, type BandKey,
} from '../data/equity.repository.ts';
import { listMunicipalities } from '../data/geography.repository.ts';
import { regionCodeInput, resolveRegion, resolveScope, schoolYearInput, scopeYearSectorInput, sectorInput } from './inputs.ts';

/** The figures of a scope per band, each decided in the school or scan table of that band. */
const BAND_FIGURES = figureMetrics(['schools', 'implementation', 'supportHoursPerSchool', 'supportedShare']);
/** Only the sums those figures read: for the nation the band index then answers alone (no table lookups). */
const BAND_COLUMNS = columnsOf(...Object.values(BAND_FIGURES));

export const equityRouter = router({
  /**
   * Per disadvantage band (1 = least, 4 = most; 0 = unknown): implementation, support received and
   * outcomes; and the gap band 1 − band 4 (positive: the most disadvantaged schools lag behind).
   */
  bands: aggregateProcedure(scopeAreas()).input(scopeYearSectorInput).query(async ({ ctx, input }) => {
    const min = ctx.config.minCellSchools;
    const scope = await resolveScope(ctx.db, input.scope);
    const filter = {
      schoolYear: input.schoolYear,
      sector: input.sector,
      regionCode: scope.level === 'region' ? scope.code! : undefined,
      municipalityCodes: scope.level === 'municipality' ? [scope.code!] : undefined,
    };
    const [siblings, bands, outcomes] = await Promise.all([
      scopeSiblings(ctx.db, scope, input, BAND_COLUMNS),
      scopeBandSums(ctx.db, filter, BAND_COLUMNS),
      sumOutcomes(ctx.db, filter, 'disadvantage_band'),
    ]);
    const perBand = publishBandFigures(bands, BAND_FIGURES, min, (id) => publishScope(siblings, BAND_FIGURES[id], min).suppressed !== null);
    const band = (k: BandKey) => perBand.get(k)!;

    // Outcomes rest on the schools that reported them: published by the decisions of the outcome table.
    const area = scope.level === 'nation' ? NATION_AREA : scope.code!;
    const outcomeDecisions = await readDisclosure(ctx.db.kysely, BAND_KEYS.map((band) => ({ schoolYear: input.schoolYear, part: OUTCOME_PART, sector: input.sector, band, area })));
    const outcomePublished = OUTCOME_INDICATORS.map((o) => {
      const published = new Map<BandKey, Published>(BAND_KEYS.map((band) => {
        const decision = outcomeDecisions.get(disclosureKey({ schoolYear: input.schoolYear, part: OUTCOME_PART, sector: input.sector, band, area }));
        const m = outcomeMetric(outcomes.find((r) => r.indicator === o.id && r.key === band)?.sums);
        // A year without outcome rows has no decisions and nothing to hide.
        return [band, publishByDecision(decision === undefined && m.schools === 0 ? null : decision, m, min)];
      }));
      return { indicator: o.id, label: o.label, higherIsBetter: o.higherIsBetter, published };
    });

    return {
      scope,
      schoolYear: input.schoolYear,
      sector: input.sector,
      bands: BAND_KEYS.map((k) => ({
        band: Number(k),
        label: BAND_LABEL.get(k)!,
        schools: band(k).schools,
        implementation: band(k).implementation,
        supportHoursPerSchool: band(k).supportHoursPerSchool,
        supportedShare: band(k).supportedShare,
        outcomes: outcomePublished.map((o) => ({ indicator: o.indicator, label: o.label, value: o.published.get(k)! })),
      })),
      gap: {
        implementation: gapOf(band('1').implementation, band('4').implementation),
        supportHoursPerSchool: gapOf(band('1').supportHoursPerSchool, band('4').supportHoursPerSchool),
        outcomes: outcomePublished.map((o) => ({ indicator: o.indicator, label: o.label, higherIsBetter: o.higherIsBetter, value: gapOf(o.published.get('1')!, o.published.get('4')!) })),
      },
    };
  }),

  /** Municipalities ranked by implementation gap band 1 − band 4, widest first; only visible gaps. */
  widestGaps: aggregateProcedure(municipalitiesOfRegion)
    .input(z.object({
      regionCode: regionCodeInput.optional(),
      schoolYear: schoolYearInput,
      sector: sectorInput,
      limit: z.number().int().min(1, 'minimaal 1').max(100, 'maximaal 100').default(10),
    }))
    .query(async ({ ctx, input }) => {
      const min = ctx.config.minCellSchools;
      if (input.regionCode) await resolveRegion(ctx.db, input.regionCode);
      const filter = { schoolYear: input.schoolYear, sector: input.sector, regionCode: input.regionCode };
      // One read of every band: a municipality's total is the sum of its bands (counts, so exactly
      // what a read of the totals returns), and its gap needs bands 1 and 4.
      const perBand = await readCellSums(ctx.db, filter, ['municipality_code', 'disadvantage_band'], IMPLEMENTATION_COLUMNS);
      const totals = sumOverBands(perBand, IMPLEMENTATION_COLUMNS);
      const gapBands = perBand.filter((g) => GAP_BANDS.includes(g.key.disadvantage_band as BandKey));
      await attachDecisions(ctx.db, [{ filter, groups: totals, parts: ['scan'] }, { filter: { ...filter, bands: GAP_BANDS }, groups: gapBands, parts: ['scan'] }]);
      const bandsOf = new Map<string, { key: string; sums: CellSums }[]>();
      for (const g of gapBands) {
        const list = bandsOf.get(g.key.municipality_code) ?? [];
        list.push({ key: g.key.disadvantage_band, sums: g.sums });
        bandsOf.set(g.key.municipality_code, list);
      }
      // Each municipality's figure is published by its own decision: hidden, it hides its bands.
      const visible = publishMetricAmong(totals.map((g) => ({ key: g.key.municipality_code, sums: g.sums })), CELL_METRICS.implementation, min);
      const ranked = [];
      for (const [code, list] of bandsOf) {
        const bands = publishBands(completeBands(list, emptySums), CELL_METRICS.implementation, min, visible.get(code)?.suppressed != null);
        const gap = gapOf(bands.get('1')!, bands.get('4')!);
        if (gap.value !== null) ranked.push({ code, gap, band1: bands.get('1')!, band4: bands.get('4')! });
      }
      ranked.sort((a, b) => b.gap.value! - a.gap.value! || a.code.localeCompare(b.code));
      // Names only for the municipalities shown (of the region asked, as the register places them).
      const rows = [];
      for (let from = 0; rows.length < input.limit && from < ranked.length; from += input.limit) {
        const batch = ranked.slice(from, from + input.limit);
        const named = new Map((await listMunicipalities(ctx.db, { regionCode: input.regionCode, codes: batch.map((r) => r.code) })).map((m) => [m.code, m]));
        for (const r of batch) {
          const m = named.get(r.code);
          if (m && rows.length < input.limit) rows.push({ code: m.code, name: m.name, regionCode: m.regionCode, regionName: m.regionName, gap: r.gap, band1: r.band1, band4: r.band4 });
        }
      }
      return { schoolYear: input.schoolYear, sector: input.sector, regionCode: input.regionCode ?? null, rows };
    }),
});
