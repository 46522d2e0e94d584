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

/**
 * The seeded data set of the trainSae, jumpRelu, batchTopK and gated tests, as `{ data, rows, width }`: 600 rows of
 * {@link makeSparseData} in 16 dimensions, each a combination of 3 of 24 directions (seed 11). Their expectations
 * (FVE, L0) were set on it.
 */
export function makeSparseTrainingInput(): { data: Float32Array; rows: number; width: number } {
  const rows = 600;
  const width = 16;
  return { data: makeSparseData(rows, width, 24, 3, 11), rows, width };
}

/**
 * The browser tests' data set, which their page scripts import (so it must stay browser-safe), as `{ data, rows,
 * width }`: 600 rows of 16 dimensions, each a sum of 3 of 24 random directions (entries uniform in [-0.5, 0.5)) with
 * weights in [0.5, 1.5), seed 5: a dictionary an SAE can find.
 */
export function makeBrowserTestInput(): { data: Float32Array; rows: number; width: number } {
  const rows = 600;
  const width = 16;
  const rng = createRandom(5);
  const dirs = Array.from({ length: 24 }, () => Array.from({ length: width }, () => rng.next() - 0.5));
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < 3; a++) {
      const d = dirs[Math.floor(rng.next() * dirs.length)]!;
      const w = 0.5 + rng.next();
      for (let c = 0; c < width; c++) data[r * width + c]! += w * d[c]!;
    }
  }
  return { data, rows, width };
}

/**
 * Activations like an MLP's hidden layer: `relu(A z + b)` with `A` a random `[width, latent]` matrix, `b` a
 * negative offset and `z` sparse Gaussian latents (each on with probability 0.3). Non-negative and correlated,
 * so rows (and data-initialised decoder rows) share a large common direction, as the reference MLP's do.
 */
export function makeReluLayerData(rows: number, width: number, latent: number, seed = 1): Float32Array {
  const rng = createRandom(seed);
  const a = Float32Array.from({ length: width * latent }, () => rng.normal());
  const b = Float32Array.from({ length: width }, () => rng.normal() - 1);
  const out = new Float32Array(rows * width);
  const z = new Float32Array(latent);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < latent; t++) z[t] = rng.next() < 0.3 ? 2 * rng.normal() : 0;
    for (let i = 0; i < width; i++) {
      let s = b[i]!;
      for (let t = 0; t < latent; t++) s += a[i * latent + t]! * z[t]!;
      out[r * width + i] = Math.max(0, s);
    }
  }
  return out;
}

/**
 * Activations `{ data, rows, width }`: each row a sum of 4 of `3 width` random Gaussian directions with weights in
 * [0, 2) (the parallel-trainer tests' data).
 */
export function syntheticActivations(rows: number, width: number, seed: number): { data: Float32Array; rows: number; width: number } {
  const rng = createRandom(seed);
  const dirs = Array.from({ length: 3 * width }, () => Float32Array.from({ length: width }, () => rng.normal()));
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < 4; a++) {
      const dir = dirs[rng.int(dirs.length)]!;
      const w = rng.next() * 2;
      for (let c = 0; c < width; c++) data[r * width + c]! += w * dir[c]!;
    }
  }
  return { data, rows, width };
}
