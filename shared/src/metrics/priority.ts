/**
 * Support-priority score (0–100) that helps a GGD advisor decide which schools to approach first.
 * It ranks; it does not decide. Higher = more reason to offer support now.
 *
 *   score = need + implementationGap + noKartrekker + littleSupport       (each in points)
 *
 *   need              = 30 × (0.75 × (band − 1) / 3  +  0.25 × (5 − parentSupport) / 4)
 *   implementationGap = 35 × (100 − implementationDegree) / 100
 *   noKartrekker      = 20 × (no kartrekker ? 1 : 0)
 *   littleSupport     = 15 × max(0, 1 − supportHoursReceived / 10)
 *
 * Why these weights (from the seed and the Gezonde School facts in docs/domain.md):
 * - implementationGap (35) is what advisory support is for: the amount of support is the key
 *   condition for high implementation (Jansen et al., 2023), so the largest weight goes to the gap.
 * - need (30): pupils growing up in disadvantaged circumstances have lower wellbeing and benefit
 *   most, and the support offer gives priority to schools with vulnerable pupils. Weak parent
 *   support (draagvlak, a condition for success in the same study) adds a quarter of this component.
 * - noKartrekker (20): a kartrekker is a condition for successful implementation; a school without
 *   one needs the advisor to help form the working group (step 2 of the approach).
 * - littleSupport (15): hours are scarce (the support offer reaches about 5–9% of schools a year), so schools that
 *   already received the typical ~10-hour offer (in the previous school year) rank lower; 10 h or
 *   more scores 0.
 * Missing data is neither rewarded nor punished: an unknown input scores half of its part (the
 * midpoint), and is listed in `missing` so the UI can say "onbekend".
 */

export const PRIORITY_WEIGHTS = { need: 30, implementationGap: 35, noKartrekker: 20, littleSupport: 15 } as const;
/** Hours of the typical Gezonde School support offer; at or above this a school counts as supported. */
export const SUPPORT_HOURS_REFERENCE = 10;
/** Share of the need component carried by the disadvantage band; the rest is low parent support. */
const NEED_DISADVANTAGE_SHARE = 0.75;
/** Fraction scored for an unknown input: the midpoint, so missing data neither raises nor lowers. */
const UNKNOWN_FRACTION = 0.5;

/** Dutch explanation of the formula, shown in the UI next to the score. */
export const PRIORITY_FORMULA =
  'De ondersteuningsprioriteit (0–100) telt vier onderdelen op. ' +
  'Behoefte (max. 30 punten): achterstandsband van de leerlingen (band 1 = 0, band 4 = volledig; driekwart van de punten) ' +
  'en weinig draagvlak bij ouders (score 5 = 0, score 1 = volledig; een kwart). ' +
  'Implementatieachterstand (max. 35 punten): 35 × (100 − implementatiegraad) / 100. ' +
  'Geen kartrekker (20 punten): de school heeft geen kartrekker. ' +
  'Weinig ondersteuning ontvangen (max. 15 punten): 15 punten bij 0 uur GGD-ondersteuning in het vorige schooljaar, ' +
  `aflopend naar 0 bij ${SUPPORT_HOURS_REFERENCE} uur of meer (het gebruikelijke Gezonde School-aanbod). ` +
  'Ontbreekt een gegeven, dan telt dat onderdeel voor de helft mee en staat het als onbekend vermeld. ' +
  'Het gewicht van implementatieachterstand is het grootst omdat de mate van ondersteuning de belangrijkste ' +
  'voorwaarde is voor hoge implementatie; scholen met kwetsbare leerlingen profiteren het meest en krijgen voorrang. ' +
  'De score helpt kiezen; de adviseur beslist.';

export interface SupportPriorityInput {
  /** Overall implementation degree 0–100; null when the school has no scan. */
  implementationDegree: number | null;
  /** Disadvantage band 1 (least) – 4 (most); null when unknown. */
  disadvantageBand: number | null;
  hasKartrekker: boolean | null;
  /** Parent support (draagvlak) 1 (low) – 5 (high); null when unknown. */
  parentSupport: number | null;
  /**
   * GGD support hours the school already received. Callers pass the previous school year: this
   * year's hours would make a plan for this year circular (helped schools drop down the list).
   */
  supportHoursReceived: number;
}

export interface SupportPriority {
  score: number;
  /** Points per part; they add up to `score`. */
  components: { need: number; implementationGap: number; noKartrekker: number; littleSupport: number };
  /** Inputs that were unknown and scored at the midpoint. */
  missing: ('implementationDegree' | 'disadvantageBand' | 'hasKartrekker' | 'parentSupport')[];
}

function inRange(value: number, min: number, max: number, name: string): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} moet tussen ${min} en ${max} liggen, kreeg ${value}`);
  }
  return value;
}

export function supportPriority(input: SupportPriorityInput): SupportPriority {
  const missing: SupportPriority['missing'] = [];

  let disadvantage = UNKNOWN_FRACTION;
  if (input.disadvantageBand === null) missing.push('disadvantageBand');
  else disadvantage = (inRange(input.disadvantageBand, 1, 4, 'Achterstandsband') - 1) / 3;

  let lowParentSupport = UNKNOWN_FRACTION;
  if (input.parentSupport === null) missing.push('parentSupport');
  else lowParentSupport = (5 - inRange(input.parentSupport, 1, 5, 'Draagvlak ouders')) / 4;

  let gap = UNKNOWN_FRACTION;
  if (input.implementationDegree === null) missing.push('implementationDegree');
  else gap = (100 - inRange(input.implementationDegree, 0, 100, 'Implementatiegraad')) / 100;

  let noKartrekker = UNKNOWN_FRACTION;
  if (input.hasKartrekker === null) missing.push('hasKartrekker');
  else noKartrekker = input.hasKartrekker ? 0 : 1;

  if (!Number.isFinite(input.supportHoursReceived) || input.supportHoursReceived < 0) {
    throw new RangeError(`Ondersteuningsuren moeten niet-negatief zijn, kreeg ${input.supportHoursReceived}`);
  }
  const littleSupport = Math.max(0, 1 - input.supportHoursReceived / SUPPORT_HOURS_REFERENCE);

  const components = {
    need:
      PRIORITY_WEIGHTS.need *
      (NEED_DISADVANTAGE_SHARE * disadvantage + (1 - NEED_DISADVANTAGE_SHARE) * lowParentSupport),
    implementationGap: PRIORITY_WEIGHTS.implementationGap * gap,
    noKartrekker: PRIORITY_WEIGHTS.noKartrekker * noKartrekker,
    littleSupport: PRIORITY_WEIGHTS.littleSupport * littleSupport,
  };
  const score = components.need + components.implementationGap + components.noKartrekker + components.littleSupport;
  return { score, components, missing };
}
