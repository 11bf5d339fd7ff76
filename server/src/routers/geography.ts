import { z } from 'zod';
import { schoolYearFromStart } from '@rd/shared';
import { currentSchoolYearStart } from '../config.ts';
import { TRPCError } from '@trpc/server';
import { authedProcedure, router } from '../trpc.ts';
import { listMunicipalities, listRegions, listSchoolYears, loadBoundaries } from '../data/geography.repository.ts';
import { regionCodeInput, resolveRegion } from './inputs.ts';
import { logger } from '../logger.ts';

export const geographyRouter = router({
  /** The GGD regions with their number of municipalities, by name. */
  regions: authedProcedure.input(z.void()).query(({ ctx }) => listRegions(ctx.db)),

  /** Municipalities with their region and province, optionally of one region. */
  municipalities: authedProcedure
    .input(z.object({ regionCode: regionCodeInput.optional() }).optional())
    .query(async ({ ctx, input }) => {
      if (input?.regionCode) await resolveRegion(ctx.db, input.regionCode);
      return listMunicipalities(ctx.db, { regionCode: input?.regionCode });
    }),

  /** Boundaries as GeoJSON (CBS/PDOK 2025, generalised), properties {code, name}. */
  boundaries: authedProcedure
    .input(z.object({ level: z.enum(['region', 'municipality', 'province'], { message: 'verwacht region, municipality of province' }) }))
    .query(({ input }) => {
      const boundaries = loadBoundaries(input.level);
      if (!boundaries) {
        logger.error({ level: input.level }, 'boundary file missing');
        throw new TRPCError({ code: 'NOT_FOUND', message: 'Kaartgrenzen zijn niet beschikbaar op de server' });
      }
      return boundaries;
    }),

  /** School years with data, oldest first, and the latest one (the dashboard's default). */
  /**
   * The school years with data, and the one every page and export opens on when none is chosen:
   * the latest with data (before any data is loaded, the running school year).
   */
  schoolYears: authedProcedure.input(z.void()).query(async ({ ctx }) => {
    const years = await listSchoolYears(ctx.db);
    const latest = years.at(-1) ?? null;
    return { years, latest, defaultYear: latest ?? schoolYearFromStart(currentSchoolYearStart(new Date())) };
  }),
});
