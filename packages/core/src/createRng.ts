import { splitmix32 } from './splitmix32';

/**
 * A seeded source of uniform numbers in `[0, 1)`.
 *
 * @example
 * ```ts
 * import { createRng, type Rng } from '@interp/core';
 * const rng: Rng = createRng(7);
 * const coin = rng.next() < 0.5;  // uniform in [0, 1)
 * const digit = rng.nextInt(10);  // integer in [0, 10)
 * ```
 */
export interface Rng {
  /** The next uniform number in `[0, 1)` (32 bits of randomness). */
  next(): number;
  /** A uniform integer in `[0, n)`. */
  nextInt(n: number): number;
}

/**
 * The sfc32 generator (Chris Doty-Humphrey's Small Fast Counting RNG), seeded through splitmix32:
 * the generator of every interp package (datasets, SAE initialisation and batches). Integer-only
 * arithmetic, so the same seed gives the same stream on every platform and JavaScript engine.
 * Seeds outside `[0, 2^32)` fold their high bits into the low word.
 *
 * @example
 * ```ts
 * import { createRng } from '@interp/core';
 * const rng = createRng(42);
 * rng.nextInt(10); // a digit 0-9, the same one for seed 42 everywhere
 * rng.next();      // uniform in [0, 1)
 * ```
 * @throws RangeError when `seed` is not an integer.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new RangeError(`createRng: seed must be an integer, got ${String(seed)}`);
  }
  const init = splitmix32((seed >>> 0) ^ Math.floor(seed / 2 ** 32));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  return {
    next: () => nextU32() / 4294967296,
    nextInt: (n: number) => Math.floor((nextU32() / 4294967296) * n),
  };
}
