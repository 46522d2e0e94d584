import type { Rng } from './createRng';

/**
 * Shuffles `items` in place (Fisher-Yates, from the last element down) with draws from `rng`,
 * and returns it.
 *
 * @example
 * ```ts
 * import { createRng, shuffleInPlace } from '@interp/core';
 * shuffleInPlace([1, 2, 3, 4], createRng(3)); // the same order for seed 3 every run
 * ```
 */
export function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/**
 * A Fisher-Yates permutation of `0..n-1` drawn from `rng`.
 *
 * @example
 * ```ts
 * import { createRng, shufflePermutation } from '@interp/core';
 * shufflePermutation(5, createRng(1)); // an Int32Array holding 0..4 in a seeded order
 * ```
 */
export function shufflePermutation(n: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return shuffleInPlace(perm, rng);
}
