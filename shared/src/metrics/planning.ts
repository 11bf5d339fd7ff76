/**
 * Where the region's advisory hours go first: a greedy, explainable plan. Schools are taken by
 * priority (highest first; ties by schoolId so the plan is reproducible), and a school whose hours
 * no longer fit is skipped rather than given a partial offer, so smaller requests further down may
 * still fit. It is not an optimum over all subsets, on purpose: an advisor can retrace every step.
 */

export interface PlanCandidate {
  schoolId: string;
  priority: number;
  hoursNeeded: number;
}

export interface PlannedSchool {
  schoolId: string;
  priority: number;
  hours: number;
  /** Hours used up to and including this school, in plan order. */
  cumulativeHours: number;
}

export interface SupportPlan {
  selected: PlannedSchool[];
  /** Schools that did not fit in the remaining hours, in rank order, with the hours they needed. */
  skipped: { schoolId: string; priority: number; hours: number }[];
  hoursUsed: number;
  hoursLeft: number;
  schoolsCovered: number;
}

/** Absorbs float noise when hours like 2.5 + 7.5 are summed against a budget. */
const HOURS_EPSILON = 1e-9;

/** Whether `needed` more hours fit beside the `used` ones: the greedy's one test, shared by both plans below. */
function fits(used: number, needed: number, availableHours: number): boolean {
  return used + needed <= availableHours + HOURS_EPSILON;
}

function assertAvailableHours(availableHours: number): void {
  if (!Number.isFinite(availableHours) || availableHours < 0) {
    throw new RangeError(`Beschikbare uren moeten niet-negatief zijn, kreeg ${availableHours}`);
  }
}

export function planSupport(schools: readonly PlanCandidate[], availableHours: number): SupportPlan {
  assertAvailableHours(availableHours);
  for (const s of schools) {
    if (!Number.isFinite(s.hoursNeeded) || s.hoursNeeded < 0) {
      throw new RangeError(`Benodigde uren voor ${s.schoolId} moeten niet-negatief zijn, kreeg ${s.hoursNeeded}`);
    }
    if (!Number.isFinite(s.priority)) throw new RangeError(`Ongeldige prioriteit voor ${s.schoolId}: ${s.priority}`);
  }
  const ranked = [...schools].sort(
    (a, b) => b.priority - a.priority || (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0),
  );
  const selected: PlannedSchool[] = [];
  const skipped: SupportPlan['skipped'] = [];
  let used = 0;
  for (const s of ranked) {
    if (fits(used, s.hoursNeeded, availableHours)) {
      used += s.hoursNeeded;
      selected.push({ schoolId: s.schoolId, priority: s.priority, hours: s.hoursNeeded, cumulativeHours: used });
    } else {
      skipped.push({ schoolId: s.schoolId, priority: s.priority, hours: s.hoursNeeded });
    }
  }
  return {
    selected,
    skipped,
    hoursUsed: used,
    hoursLeft: Math.max(0, availableHours - used),
    schoolsCovered: selected.length,
  };
}

/** planSupport's outcome when every school needs the same hours, without the schools themselves. */
export interface EqualHoursPlan {
  /** Hours used up to and including each planned school, in plan order: its length is the number planned. */
  cumulativeHours: number[];
  hoursUsed: number;
  hoursLeft: number;
}

/**
 * planSupport when each of `schools` ranked schools needs `hoursPerSchool`: once one school does
 * not fit, none after it does, so the plan is the first schools of the ranking and follows from
 * the count alone. A region's plan can then be paged from its ranking without reading the schools
 * it does not show.
 */
export function planEqualHours(schools: number, hoursPerSchool: number, availableHours: number): EqualHoursPlan {
  assertAvailableHours(availableHours);
  if (!Number.isFinite(hoursPerSchool) || hoursPerSchool < 0) throw new RangeError(`Benodigde uren per school moeten niet-negatief zijn, kreeg ${hoursPerSchool}`);
  if (!Number.isInteger(schools) || schools < 0) throw new RangeError(`Ongeldig aantal scholen: ${schools}`);
  const cumulativeHours: number[] = [];
  let used = 0;
  while (cumulativeHours.length < schools && fits(used, hoursPerSchool, availableHours)) {
    used += hoursPerSchool;
    cumulativeHours.push(used);
  }
  return { cumulativeHours, hoursUsed: used, hoursLeft: Math.max(0, availableHours - used) };
}
