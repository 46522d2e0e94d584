import type { Rng } from './createRng';

/**
 * One standard normal number from two uniforms of `rng` (Box-Muller, cosine branch only; the sine
 * branch is discarded). `@interp/dataset`'s `generateSuperposition` draws its noise with it.
 * {@link createNormalSampler} uses both branches and wastes nothing.
 *
 * @example
 * ```ts
 * import { createRng, drawNormal } from '@interp/core';
 * const rng = createRng(1);
 * const z = drawNormal(rng); // ~ N(0, 1), the same value for seed 1 every run
 * ```
 */
export function drawNormal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
