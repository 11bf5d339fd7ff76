/**
 * Gezonde School funnel for a scope: schools per phase, schools holding a valid themacertificaat
 * per theme, and certificates due for renewal next school year. Every figure rests on the schools
 * with an implementation record in the scope (the denominator), published by the stored decisions
 * of the publication layer: the steps per area × sector, the figures per theme over all sectors only.
 */
import { PHASES, THEMES, publishCell, schoolYearFromStart, schoolYearStart, sectorsOf, share, type Published, type SuppressionReason } from '@rd/shared';
import { aggregateProcedure, router } from '../trpc.ts';
import { scopeAreas } from '../auth/access.ts';
import type { Context } from '../context.ts';
import { resolveScope, scopeYearSectorInput, type ScopeYearSectorInput } from './inputs.ts';
import { NATION_AREA, funnelDecisions, readFunnelCounts } from '../data/funnel.repository.ts';

function hidden(reason: SuppressionReason): Published {
  return { value: null, schools: null, suppressed: reason };
}

export async function gezondeSchoolFunnel(ctx: Context, input: ScopeYearSectorInput) {
  await resolveScope(ctx.db, input.scope);
  const minSchools = ctx.config.minCellSchools;
  const sectors = sectorsOf(input.sector);
  const area = input.scope.level === 'nation' ? NATION_AREA : input.scope.code;
  const [counts, decided] = await Promise.all([
    readFunnelCounts(ctx.db, input.schoolYear, area, sectors),
    funnelDecisions(ctx.db, input.scope, input.schoolYear, input.sector),
  ]);
  const count = (measure: string, key: string, inSectors: readonly string[] = sectors) =>
    counts.filter((c) => c.measure === measure && c.key === key && inSectors.includes(c.sector)).reduce((sum, c) => sum + c.schools, 0);

  /** A count and its share of `denominator` schools, both hidden when the denominator is too small. */
  const publish = (part: number, denominator: number, reason = decided.steps) => {
    if (reason) return { count: hidden(reason), share: hidden(reason) };
    const base = publishCell(part, denominator, minSchools);
    return { count: base, share: { ...base, value: base.value === null ? null : share(part, denominator) } };
  };

  const recorded = count('recorded', '');
  const themes = THEMES.filter((t) => (t.sectors as readonly string[]).some((s) => sectors.includes(s)));
  return {
    schoolYear: input.schoolYear,
    nextSchoolYear: schoolYearFromStart(schoolYearStart(input.schoolYear) + 1),
    sector: input.sector,
    minCellSchools: minSchools,
    /** Schools with an implementation record this school year: the base of every share below. */
    schools: publish(recorded, recorded).count,
    phases: PHASES.map((p) => ({ phase: p.id, label: p.label, ...publish(count('phase', p.id), recorded) })),
    /** Schools with at least one valid themacertificaat (the vignet). */
    vignet: publish(count('vignet', ''), recorded),
    themes: themes.map((t) => {
      // A theme's base is the recorded schools of the sectors it is offered to.
      const themeSectors = sectors.filter((s) => (t.sectors as readonly string[]).includes(s));
      const base = count('recorded', '', themeSectors);
      const holders = publish(count('certificate', t.id, themeSectors), base, decided.theme(t.id));
      const due = publish(count('renewal_due', t.id, themeSectors), base, decided.theme(t.id));
      return { theme: t.id, label: t.label, holders: holders.count, share: holders.share, renewalDue: due.count };
    }),
  };
}

export const funnelRouter = router({
  gezondeSchool: aggregateProcedure(scopeAreas()).input(scopeYearSectorInput).query(({ ctx, input }) => gezondeSchoolFunnel(ctx, input)),
});
