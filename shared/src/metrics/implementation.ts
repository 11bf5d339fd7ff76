/**
 * Implementation degree: how far a school (or a group of schools) has implemented the integral
 * approach, as the mean scan score on the 0–3 scale expressed as a percentage of the maximum.
 * 0% = nothing started on any principle, 100% = every principle "geborgd".
 */
import { MAX_SCORE, PILLAR_IDS, pillarOfPrinciple, type PillarId } from '../catalogue.ts';

function assertCount(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} moet een niet-negatief getal zijn, kreeg ${value}`);
}

function assertScore(score: number): void {
  if (!Number.isFinite(score) || score < 0 || score > MAX_SCORE) {
    throw new RangeError(`Scanscore moet tussen 0 en ${MAX_SCORE} liggen, kreeg ${score}`);
  }
}

/**
 * Degree (0–100) from a sum of scores and their number, the form in which rollups store them;
 * null when nothing was scored (no data is not 0%).
 */
export function implementationDegree(scoreSum: number, scoreCount: number): number | null {
  assertCount(scoreCount, 'Aantal scores');
  assertCount(scoreSum, 'Som van scores');
  if (scoreCount === 0) return null;
  if (scoreSum > scoreCount * MAX_SCORE) {
    throw new RangeError(`Som van scores (${scoreSum}) is groter dan ${MAX_SCORE} × aantal (${scoreCount})`);
  }
  return (scoreSum / scoreCount / MAX_SCORE) * 100;
}

/** Degree (0–100) of one school over whichever principle scores it has; null when it has none. */
export function schoolImplementationDegree(scores: readonly number[]): number | null {
  let sum = 0;
  for (const score of scores) {
    assertScore(score);
    sum += score;
  }
  return implementationDegree(sum, scores.length);
}

export interface PillarScores {
  /** Mean over all scored principles (not the mean of the pillar degrees: pillars have 3–5 principles). */
  overall: number | null;
  pillars: Record<PillarId, number | null>;
}

/**
 * Per-school principle scores (principle id → score 0–3) to the degree per pillar and overall.
 * A pillar with no scored principle is null. Unknown principle ids throw: they mean a data bug.
 */
export function pillarScores(scores: ReadonlyMap<number, number> | Readonly<Record<number, number>>): PillarScores {
  const entries: [number, number][] =
    scores instanceof Map ? [...scores.entries()] : Object.entries(scores).map(([k, v]) => [Number(k), v as number]);
  const sums = new Map<PillarId, { sum: number; count: number }>(PILLAR_IDS.map((p) => [p, { sum: 0, count: 0 }]));
  let sum = 0;
  for (const [principle, score] of entries) {
    assertScore(score);
    const acc = sums.get(pillarOfPrinciple(principle))!;
    acc.sum += score;
    acc.count += 1;
    sum += score;
  }
  const pillars = Object.fromEntries(
    PILLAR_IDS.map((p) => {
      const acc = sums.get(p)!;
      return [p, implementationDegree(acc.sum, acc.count)];
    }),
  ) as Record<PillarId, number | null>;
  return { overall: implementationDegree(sum, entries.length), pillars };
}
