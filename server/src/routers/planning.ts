/**
 * What-if support planning for a GGD region (advisors; the access middleware's school-row check
 * of the input's region wraps this procedure). Transparent on purpose: ranked by the documented priority score, greedy by
 * rank, a Dutch reason per school, and the region's actual support this year alongside.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { PRIORITY_FORMULA, planEqualHours } from '@rd/shared';
import { router, schoolRowsProcedure } from '../trpc.ts';
import { regionCodeOf } from '../auth/access.ts';
import type { Context } from '../context.ts';
import { pageInput, regionCodeInput, schoolYearInput } from './inputs.ts';
import { assertRegion } from './schools.ts';
import {
  DEFAULT_HOURS_PER_SCHOOL,
  HIGH_NEED_MIN_BAND,
  buildPlanPage,
  readPlannedCounts,
  readPlanningCandidates,
  readPlanningTotals,
  readRegionCapacity,
} from '../data/planning.repository.ts';
import { readinessGrid } from '../data/conditions.repository.ts';

const HIGH_NEED_DEFINITION = `Scholen in achterstandsband ${HIGH_NEED_MIN_BAND} of hoger (bovengemiddelde of veel achterstand).`;

/** The budget of a plan: what decides which schools it reaches. */
export const planBudgetInput = z.object({
  regionCode: regionCodeInput,
  schoolYear: schoolYearInput,
  /** Explicit budget; overrides the region's hours and any FTE change. */
  availableHours: z.number().min(0, 'beschikbare uren mogen niet negatief zijn').max(1_000_000, 'te veel uren').optional(),
  /** What-if change in advisor FTE, converted at the region's hours per FTE. */
  fteDelta: z.number().min(-1000, 'ongeldige wijziging in fte').max(1000, 'ongeldige wijziging in fte').optional(),
  hoursPerSchool: z.number().positive('uren per school moeten groter dan 0 zijn').max(1000, 'te veel uren per school').default(DEFAULT_HOURS_PER_SCHOOL),
});
export type PlanBudgetInput = z.infer<typeof planBudgetInput>;

/** The plan's budget, plus the page of planned schools to show (in plan order). */
export const planInput = planBudgetInput.extend(pageInput);
export type PlanInput = z.infer<typeof planInput>;

/**
 * The plan without its schools: the budget, the region's totals, and how many of the region's
 * best-ranked schools the budget reaches (with the hours used after each).
 */
async function planOutline(ctx: Context, input: PlanBudgetInput) {
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
  const totals = await readPlanningTotals(ctx.db, input.regionCode, input.schoolYear);
  const plan = planEqualHours(totals.schools, input.hoursPerSchool, availableHours);
  return { capacity, availableHours, budgetSource, totals, plan };
}

/** One page of the plan, with the figures of the whole plan; the region is read only as far as the page. */
export async function supportPlan(ctx: Context, input: PlanInput) {
  const { capacity, availableHours, budgetSource, totals, plan } = await planOutline(ctx, input);
  const offset = (input.page - 1) * input.pageSize;
  const reached = plan.cumulativeHours.length;
  const [page, planned] = await Promise.all([
    readPlanningCandidates(ctx.db, input.regionCode, input.schoolYear, { offset, limit: Math.min(input.pageSize, reached - offset) }),
    readPlannedCounts(ctx.db, input.regionCode, input.schoolYear, reached),
  ]);
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
    highNeedDefinition: HIGH_NEED_DEFINITION,
    priorityFormula: PRIORITY_FORMULA,
    page: input.page,
    pageSize: input.pageSize,
    ...buildPlanPage(plan, input.hoursPerSchool, page, offset, planned, totals),
  };
}

export const planningRouter = router({
  plan: schoolRowsProcedure(regionCodeOf).input(planInput).query(({ ctx, input }) => supportPlan(ctx, input)),
  /**
   * Where the plan's support lands: the region's schools by readiness (how many implementation
   * conditions they meet) × need, with how many of each the plan reaches.
   */
  readiness: schoolRowsProcedure(regionCodeOf).input(planBudgetInput).query(async ({ ctx, input }) => {
    const { plan } = await planOutline(ctx, input);
    const cells = await readinessGrid(ctx.db, input.regionCode, input.schoolYear, plan.cumulativeHours.length);
    return { regionCode: input.regionCode, schoolYear: input.schoolYear, highNeedDefinition: HIGH_NEED_DEFINITION, cells };
  }),
});
