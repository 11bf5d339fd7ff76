/**
 * Partners around the school (policymakers, advisors): coverage per municipality × partner type,
 * and gaps. The figures are built in data/partners.ts.
 */
import { aggregateProcedure, router } from '../trpc.ts';
import { scopeAreas } from '../auth/access.ts';
import { resolveScope, scopeYearSectorInput } from './inputs.ts';
import { partnerCoverage, partnerGaps } from '../data/partners.ts';

export const partnersRouter = router({
  /** % of schools with a structural agreement, per municipality × partner type relevant to the sector. */
  coverage: aggregateProcedure(scopeAreas({ breakdown: true })).input(scopeYearSectorInput).query(async ({ ctx, input }) => {
    await resolveScope(ctx.db, input.scope);
    return partnerCoverage(ctx, input);
  }),
  /** Missing and weak partner types per municipality, and weak-pillar × missing-partner signals. */
  gaps: aggregateProcedure(scopeAreas({ breakdown: true })).input(scopeYearSectorInput).query(async ({ ctx, input }) => {
    await resolveScope(ctx.db, input.scope);
    return partnerGaps(ctx, input);
  }),
});
