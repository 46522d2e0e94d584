/**
 * A seeded PRNG (mulberry32): returns a function yielding floats in `[0, 1)`.
 *
 * @example
 * ```ts
 * const rand = createRng(42);
 * rand(); // same value on every run for seed 42
 * ```
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
