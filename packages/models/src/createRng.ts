/** A seeded random source: `next()` is uniform in [0, 1). */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Standard normal (Box-Muller). */
  nextNormal(): number;
}

/**
 * A small seeded PRNG (mulberry32). The same seed gives the same sequence on
 * every platform; used for weight init and epoch shuffles.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.next(); // same number every run
 * ```
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`createRng: seed must be an integer, got ${String(seed)}`);
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextInt: (n: number) => Math.floor(next() * n),
    nextNormal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * Fisher-Yates permutation of `0..n-1` drawn from `rng`.
 *
 * @example
 * ```ts
 * shufflePermutation(5, createRng(1)); // e.g. Int32Array [3, 0, 4, 1, 2]
 * ```
 */
export function shufflePermutation(n: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  return perm;
}
