import { createRandom } from '../createRandom';

/**
 * Sparse synthetic activations for tests and examples: each row is a non-negative combination of
 * `active` of `features` random unit directions in `width` dimensions, plus a little noise.
 */
export function makeSparseData(rows: number, width: number, features: number, active: number, seed = 1): Float32Array {
  const rng = createRandom(seed);
  const dirs = new Float32Array(features * width);
  for (let f = 0; f < features; f++) {
    let n2 = 0;
    for (let i = 0; i < width; i++) {
      const g = rng.normal();
      dirs[f * width + i] = g;
      n2 += g * g;
    }
    for (let i = 0; i < width; i++) dirs[f * width + i]! /= Math.sqrt(n2);
  }
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < active; a++) {
      const f = rng.int(features);
      const c = 0.5 + rng.next();
      for (let i = 0; i < width; i++) data[r * width + i]! += c * dirs[f * width + i]!;
    }
    for (let i = 0; i < width; i++) data[r * width + i]! += 0.01 * rng.normal();
  }
  return data;
}
