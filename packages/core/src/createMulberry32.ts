import type { Rng } from './createRng';

/**
 * The mulberry32 generator: a second, smaller seeded stream, kept because the MLP weights of
 * `@interp/models` and the fixture runs of `@interp/viz` were drawn from it (switching them to
 * {@link createRng} would change every trained model). New code uses {@link createRng}.
 *
 * @example
 * ```ts
 * import { createMulberry32 } from '@interp/core';
 * const rng = createMulberry32(42);
 * rng.next(); // the same number every run for seed 42
 * ```
 * @throws RangeError when `seed` is not an integer.
 */
export function createMulberry32(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`createMulberry32: seed must be an integer, got ${String(seed)}`);
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, nextInt: (n: number) => Math.floor(next() * n) };
}
