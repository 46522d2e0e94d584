import { createNormalSampler, createRng } from '@interp/core';

/**
 * A seeded pseudo-random source, so every random choice of a training run is reproducible.
 *
 * @example
 * ```ts
 * import { createRandom, type Random } from '@interp/sae';
 * const random: Random = createRandom(1);
 * const noise = Float32Array.from({ length: 8 }, () => 0.1 * random.normal());
 * const pick = random.int(8); // integer in [0, 8)
 * ```
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box-Muller, both branches). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * The SAE trainer's view of `@interp/core`'s generator: `createRng(seed >>> 0)` (sfc32) with
 * `createNormalSampler` for normal draws.
 *
 * @example
 * ```ts
 * import { createRandom } from '@interp/sae';
 * const rng = createRandom(42);
 * const u = rng.next(); // same value for the same seed, every run
 * ```
 */
export function createRandom(seed: number): Random {
  const rng = createRng(seed >>> 0);
  return { next: rng.next, normal: createNormalSampler(rng), int: rng.nextInt };
}
