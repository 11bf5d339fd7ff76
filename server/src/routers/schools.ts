/**
 * The advisor's school list (own region only; the access middleware's school-row check reads the
 * region from the input, which is why regionCode is an explicit input). Rows carry pseudonymous ids only.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { PRIORITY_FORMULA, municipalityCodeSchema, sectorSchema } from '@rd/shared';
import { router, schoolRowsProcedure } from '../trpc.ts';
import { regionCodeOf } from '../auth/access.ts';
import type { Context } from '../context.ts';
import { pageInput, regionCodeInput, schoolYearInput } from './inputs.ts';
import { findMunicipality, findRegion } from '../data/geography.repository.ts';
import { SCHOOL_SORT_COLUMN_IDS, listSchools } from '../data/schools.repository.ts';

export const schoolListInput = z.object({
  regionCode: regionCodeInput,
  schoolYear: schoolYearInput,
  sector: sectorSchema.optional(),
  municipalityCode: municipalityCodeSchema.optional(),
  search: z.string().max(100, 'zoekterm is te lang (max. 100 tekens)').optional(),
  sort: z
    .object({
      column: z.enum(SCHOOL_SORT_COLUMN_IDS, { message: `sorteer op een van: ${SCHOOL_SORT_COLUMN_IDS.join(', ')}` }),
      direction: z.enum(['asc', 'desc'], { message: 'verwacht asc of desc' }),
    })
    .default({ column: 'priority', direction: 'desc' }),
  ...pageInput,
});
export type SchoolListInput = z.infer<typeof schoolListInput>;

/** Throws a Dutch NOT_FOUND for an unknown region, or a municipality outside the region. */
export async function assertRegion(ctx: Context, regionCode: string, municipalityCode?: string): Promise<void> {
  if (!(await findRegion(ctx.db, regionCode))) throw new TRPCError({ code: 'NOT_FOUND', message: `Onbekende GGD-regio ${regionCode}` });
  if (municipalityCode) {
    const municipality = await findMunicipality(ctx.db, municipalityCode);
    if (!municipality || municipality.regionCode !== regionCode) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `Gemeente ${municipalityCode} hoort niet bij GGD-regio ${regionCode}` });
    }
  }
}

export async function schoolList(ctx: Context, input: SchoolListInput) {
  await assertRegion(ctx, input.regionCode, input.municipalityCode);
  const { rows, total } = await listSchools(ctx.db, input);
  return { rows, total, page: input.page, pageSize: input.pageSize, sort: input.sort, priorityFormula: PRIORITY_FORMULA };
}

export const schoolsRouter = router({
  /** The region's schools, sorted, filtered and paged on the server, with the support-priority score. */
  list: schoolRowsProcedure(regionCodeOf).input(schoolListInput).query(({ ctx, input }) => schoolList(ctx, input)),
});
