/** A seeded source of uniform numbers in `[0, 1)`. */
export interface Rng {
  /** The next uniform number in `[0, 1)`. */
  next(): number;
  /** A uniform integer in `[0, n)`. */
  nextInt(n: number): number;
}

/**
 * mulberry32: a tiny seeded 32-bit generator (the same stream on every platform).
 * Used for row sampling in tests, benches and synthetic data; the probe functions
 * themselves are deterministic and draw nothing at random.
 *
 * @example
 * ```ts
 * const rng = createRng(7);
 * rng.nextInt(10); // the same digit for seed 7 everywhere
 * ```
 * @throws RangeError when the seed is not an integer.
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`createRng: seed must be an integer, got ${String(seed)}`);
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextInt: (n: number) => Math.floor(next() * n) };
}
