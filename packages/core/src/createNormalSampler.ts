import type { Rng } from './createRng';

/**
 * A source of standard normal numbers drawn from `rng` (Box-Muller with both branches: every
 * second call returns the cached sine branch). `@interp/sae` initialises its weights with it.
 *
 * @example
 * ```ts
 * import { createNormalSampler, createRng } from '@interp/core';
 * const normal = createNormalSampler(createRng(7));
 * const z = normal(); // ~ N(0, 1), the same sequence for seed 7 every run
 * ```
 */
export function createNormalSampler(rng: Rng): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    let u = rng.next();
    while (u <= 1e-12) u = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * rng.next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
