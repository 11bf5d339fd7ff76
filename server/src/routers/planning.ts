/**
 * What-if support planning for a GGD region (advisors; the access middleware's school-row check
 * of the input's region wraps this procedure). Transparent on purpose: ranked by the documented priority score, greedy by
 * rank, a Dutch reason per school, and the region's actual support this year alongside.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { PRIORITY_FORMULA } from '@rd/shared';
import { router, schoolRowsProcedure } from '../trpc.ts';
import { regionCodeOf } from '../auth/access.ts';
import type { Context } from '../context.ts';
import { regionCodeInput, schoolYearInput } from './inputs.ts';
import { assertRegion } from './schools.ts';
import {
  DEFAULT_HOURS_PER_SCHOOL,
  HIGH_NEED_MIN_BAND,
  buildPlan,
  candidatesNeeded,
  readPlanningCandidates,
  readPlanningTotals,
  readRegionCapacity,
} from '../data/planning.repository.ts';
import { readinessGrid } from '../data/conditions.repository.ts';

export const planInput = z.object({
  regionCode: regionCodeInput,
  schoolYear: schoolYearInput,
  /** Explicit budget; overrides the region's hours and any FTE change. */
  availableHours: z.number().min(0, 'beschikbare uren mogen niet negatief zijn').max(1_000_000, 'te veel uren').optional(),
  /** What-if change in advisor FTE, converted at the region's hours per FTE. */
  fteDelta: z.number().min(-1000, 'ongeldige wijziging in fte').max(1000, 'ongeldige wijziging in fte').optional(),
  hoursPerSchool: z.number().positive('uren per school moeten groter dan 0 zijn').max(1000, 'te veel uren per school').default(DEFAULT_HOURS_PER_SCHOOL),
});
export type PlanInput = z.infer<typeof planInput>;

export async function supportPlan(ctx: Context, input: PlanInput) {
  await assertRegion(ctx, input.regionCode);
  const capacity = await readRegionCapacity(ctx.db, input.regionCode, input.schoolYear);
  let availableHours: number;
  let budgetSource: 'explicit' | 'capacity' | 'capacityWithFteChange';
  if (input.availableHours !== undefined) {
    availableHours = input.availableHours;
    budgetSource = 'explicit';
  } else {
    if (!capacity) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `Geen adviescapaciteit bekend voor GGD-regio ${input.regionCode} in ${input.schoolYear}; geef het aantal beschikbare uren op`,
      });
    }
    const fteDelta = input.fteDelta ?? 0;
    if (fteDelta !== 0 && capacity.hoursPerFte === null) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'De regio heeft geen adviseurs-fte, dus uren per fte zijn onbekend; geef het aantal beschikbare uren op' });
    }
    availableHours = Math.max(0, capacity.hoursForSchools + fteDelta * (capacity.hoursPerFte ?? 0));
    budgetSource = fteDelta === 0 ? 'capacity' : 'capacityWithFteChange';
  }
  const budget = { availableHours, hoursPerSchool: input.hoursPerSchool };
  const totals = await readPlanningTotals(ctx.db, input.regionCode, input.schoolYear);
  const candidates = await readPlanningCandidates(ctx.db, input.regionCode, input.schoolYear, candidatesNeeded(totals.schools, budget));
  const plan = buildPlan(candidates, budget, totals);
  return {
    regionCode: input.regionCode,
    schoolYear: input.schoolYear,
    budget: {
      source: budgetSource,
      availableHours,
      hoursPerSchool: input.hoursPerSchool,
      fteDelta: input.fteDelta ?? 0,
      regionAdvisorFte: capacity?.advisorFte ?? null,
      regionHoursForSchools: capacity?.hoursForSchools ?? null,
      hoursPerFte: capacity?.hoursPerFte ?? null,
    },
    highNeedDefinition: `Scholen in achterstandsband ${HIGH_NEED_MIN_BAND} of hoger (bovengemiddelde of veel achterstand).`,
    priorityFormula: PRIORITY_FORMULA,
    ...plan,
  };
}

export const planningRouter = router({
  plan: schoolRowsProcedure(regionCodeOf).input(planInput).query(({ ctx, input }) => supportPlan(ctx, input)),
  /**
   * Where the plan's support lands: the region's schools by readiness (how many implementation
   * conditions they meet) × need, with how many of each the plan reaches.
   */
  readiness: schoolRowsProcedure(regionCodeOf).input(planInput).query(async ({ ctx, input }) => {
    const plan = await supportPlan(ctx, input);
    const cells = await readinessGrid(ctx.db, input.regionCode, input.schoolYear, new Set(plan.selected.map((s) => s.schoolId)));
    return { regionCode: input.regionCode, schoolYear: input.schoolYear, highNeedDefinition: plan.highNeedDefinition, cells };
  }),
});
