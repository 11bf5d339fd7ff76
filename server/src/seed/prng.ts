/**
 * A small deterministic PRNG for the demo dataset. Math.random cannot be seeded, and the demo must
 * be reproducible: the same seed gives the same database on every machine.
 */

/** 32-bit FNV-1a hash, used to derive an independent stream per GGD region from the seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  uniform(min: number, max: number): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  bernoulli(p: number): boolean;
  normal(mean?: number, sd?: number): number;
  poisson(mean: number): number;
  /** Index drawn with probability proportional to the (non-negative) weights. */
  weightedIndex(weights: readonly number[]): number;
}

/** mulberry32: tiny, fast, good enough statistical quality for synthetic data (not for secrets). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  let spareNormal: number | null = null;
  const rng: Rng = {
    next,
    uint32,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    bernoulli: (p) => next() < p,
    normal(mean = 0, sd = 1) {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return mean + sd * z;
      }
      // Box–Muller; 1 - next() avoids log(0).
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spareNormal = r * Math.sin(theta);
      return mean + sd * r * Math.cos(theta);
    },
    poisson(mean) {
      // Knuth's method: the means used here are small (< 10).
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    weightedIndex(weights) {
      let total = 0;
      for (const w of weights) total += w;
      let target = next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i]!;
        if (target < 0) return i;
      }
      return weights.length - 1;
    },
  };
  return rng;
}

/** Derives an independent stream from a seed and a label (e.g. a region code). */
export function deriveRng(seed: number, label: string): Rng {
  return createRng(hash32(`${seed}:${label}`));
}
