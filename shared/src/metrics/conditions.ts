/**
 * Which implementation conditions (IMPLEMENTATION_CONDITIONS) a school meets by its implementation
 * record, and its readiness: how many it meets. The rollups count the same rules in SQL
 * (server/src/rollups/cells.ts) for the published shares.
 */
import { CONDITION_IDS, CONDITION_SCALE_MEETS, type ConditionId } from '../catalogue.ts';

export interface ConditionRecord {
  hasKartrekker: boolean;
  teamEnthusiasm: number;
  parentSupport: number;
  leadershipCommitment: number | null;
  schoolSupport: number | null;
  recognisedInterventions: number;
  ggdContacts: number;
}

/** Whether the school meets the condition; null when its record does not state it. */
export function meetsCondition(id: ConditionId, r: ConditionRecord): boolean | null {
  const scaled = (v: number | null) => (v === null ? null : v >= CONDITION_SCALE_MEETS);
  switch (id) {
    case 'kartrekker': return r.hasKartrekker;
    case 'enthusiasm': return scaled(r.teamEnthusiasm);
    case 'parentSupport': return scaled(r.parentSupport);
    case 'leadership': return scaled(r.leadershipCommitment);
    case 'schoolSupport': return scaled(r.schoolSupport);
    case 'interventions': return r.recognisedInterventions > 0;
    case 'ggdContact': return r.ggdContacts > 0;
  }
}

/** Readiness bands by the number of conditions met; a condition not recorded counts as not met. */
export const READINESS_BANDS = [
  { id: 'laag', label: 'Weinig voorwaarden (0–2)', min: 0 },
  { id: 'midden', label: 'Een deel van de voorwaarden (3–4)', min: 3 },
  { id: 'hoog', label: 'De meeste voorwaarden (5–7)', min: 5 },
] as const;
export type ReadinessBand = (typeof READINESS_BANDS)[number]['id'];

export function conditionsMet(r: ConditionRecord): number {
  return CONDITION_IDS.filter((id) => meetsCondition(id, r) === true).length;
}

export function readinessBand(met: number): ReadinessBand {
  let band: ReadinessBand = 'laag';
  for (const b of READINESS_BANDS) if (met >= b.min) band = b.id;
  return band;
}
