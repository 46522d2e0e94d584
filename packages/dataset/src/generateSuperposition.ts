import { checkInteger, checkKnownKeys, checkNumber, createRng, deriveSeed, drawNormal } from '@interp/core';

/**
 * Options of {@link generateSuperposition}. Every field but `rows` is optional.
 *
 * @example
 * ```ts
 * import { generateSuperposition, type SuperpositionOptions } from '@interp/dataset';
 * const options: SuperpositionOptions = { rows: 4096, dimensions: 64, features: 256, activeFeatures: 4, noise: 0.01, seed: 3 };
 * const { data, directions } = generateSuperposition(options);
 * ```
 */
export interface SuperpositionOptions {
  /** Rows (samples); integer in [1, 10000000]. */
  rows: number;
  /** Dimensions `d` of the data; integer in [1, 65536]. Default 128. */
  dimensions?: number;
  /** Number `N` of true features (unit directions); integer in [1, 1000000]. Default 512. */
  features?: number;
  /**
   * Expected number of active features per row (the sparsity): each feature fires on a row with
   * probability `activeFeatures / features`; a number in (0, features]. Default 8.
   */
  activeFeatures?: number;
  /**
   * Pairwise correlation, in [0, 1), of the firing indicators of two features of the same group
   * (features `g * groupSize ... (g + 1) * groupSize - 1`): every group draws one shared Bernoulli event,
   * and each of its features copies it with probability `sqrt(correlation)`, else draws its own.
   * Firing probabilities are unchanged. Default 0 (independent features).
   */
  correlation?: number;
  /** Features per correlated group; integer in [1, features]. Default 4. */
  groupSize?: number;
  /**
   * Magnitude of an active feature's code: uniform in `[min, max]`, `0 <= min <= max`, `max > 0`.
   * Default `{ min: 0, max: 1 }` (Toy Models of Superposition).
   */
  magnitude?: { min?: number; max?: number };
  /**
   * Standard deviation of isotropic Gaussian noise added to every element (drawn from its own stream:
   * the codes do not depend on it); >= 0. Default 0.
   */
  noise?: number;
  /** Seed of the directions and the codes; integer. Default 0. */
  seed?: number;
}

/**
 * The sparse codes of {@link SuperpositionData}: row `r`'s active features are `indices[offsets[r]..offsets[r + 1])`.
 *
 * @example
 * ```ts
 * import { generateSuperposition, type SparseCodes } from '@interp/dataset';
 * const codes: SparseCodes = generateSuperposition({ rows: 100, seed: 1 }).codes;
 * const r = 0;
 * for (let i = codes.offsets[r]!; i < codes.offsets[r + 1]!; i++) {
 *   console.log(`feature ${codes.indices[i]} fires with magnitude ${codes.values[i]}`);
 * }
 * ```
 */
export interface SparseCodes {
  /** `[rows + 1]` start of each row's entries. */
  offsets: Int32Array;
  /** Active feature ids, ascending within a row. */
  indices: Int32Array;
  /** Their (non-negative) magnitudes. */
  values: Float32Array;
}

/**
 * Synthetic data `x = sum_j c_j u_j (+ noise)` with known feature directions `u_j`.
 *
 * @example
 * ```ts
 * import { generateSuperposition, type SuperpositionData } from '@interp/dataset';
 * const s: SuperpositionData = generateSuperposition({ rows: 1000, dimensions: 32, features: 64, seed: 1 });
 * s.data.length;       // s.rows * s.width = 32000
 * s.directions.length; // s.features * s.width = 2048
 * s.options.noise;     // 0 (defaults filled in)
 * ```
 */
export interface SuperpositionData {
  /** Row-major `[rows, width]` data. */
  data: Float32Array;
  rows: number;
  /** Equal to `dimensions`. */
  width: number;
  /** The true unit directions, row-major `[features, width]`. */
  directions: Float32Array;
  /** Number of true features. */
  features: number;
  /** The non-negative sparse codes of every row. */
  codes: SparseCodes;
  /** Every option with its default filled in. */
  options: Required<Omit<SuperpositionOptions, 'magnitude'>> & { magnitude: { min: number; max: number } };
}

/**
 * Draws `features` random unit directions in `dimensions` dimensions (isotropic Gaussian, normalised),
 * seeded: the same seed gives the same directions as {@link generateSuperposition} with that seed.
 *
 * @example
 * ```ts
 * const u = generateFeatureDirections(512, 128, 1); // Float32Array [512 * 128], unit rows
 * ```
 * @throws RangeError naming `features`, `dimensions` or `seed` when out of range.
 */
export function generateFeatureDirections(features: number, dimensions: number, seed = 0): Float32Array {
  checkInteger(features, 'generateSuperposition: features', { min: 1, max: 1_000_000 });
  checkInteger(dimensions, 'generateSuperposition: dimensions', { min: 1, max: 65_536 });
  checkInteger(seed, 'generateSuperposition: seed');
  const rng = createRng(deriveSeed(seed, 'directions'));
  const out = new Float32Array(features * dimensions);
  for (let j = 0; j < features; j++) {
    const o = j * dimensions;
    let n2 = 0;
    while (n2 === 0) {
      n2 = 0;
      for (let i = 0; i < dimensions; i++) {
        const g = drawNormal(rng);
        out[o + i] = g;
        n2 += g * g;
      }
    }
    const inv = 1 / Math.sqrt(n2);
    for (let i = 0; i < dimensions; i++) out[o + i]! *= inv;
  }
  return out;
}

/**
 * Generates superposition data with known features (Elhage et al. 2022, *Toy Models of Superposition*;
 * Sharkey et al. 2022, *Taking features out of superposition with sparse autoencoders*): `features`
 * true unit directions `u_j` in `dimensions` dimensions (more features than dimensions: they are in
 * superposition) and rows `x = sum_j c_j u_j + noise`, where the codes `c` are sparse and non-negative:
 * feature `j` is active with probability `activeFeatures / features` (optionally correlated within
 * groups), and an active code is uniform in `[magnitude.min, magnitude.max]`. Seeded: the same options
 * give the same data on every platform. A sparse autoencoder trained on `data` should recover the
 * rows of `directions` as its decoder directions.
 *
 * @example
 * ```ts
 * const s = generateSuperposition({ rows: 10_000, dimensions: 128, features: 512, activeFeatures: 8, seed: 1 });
 * s.data.length;        // 10_000 * 128
 * s.directions.length;  // 512 * 128 (unit rows)
 * s.codes.offsets[1];   // number of active features of row 0
 * ```
 * @throws RangeError naming the option (`rows`, `dimensions`, `features`, `activeFeatures`,
 * `correlation`, `groupSize`, `magnitude.min`, `magnitude.max`, `noise`, `seed`) and its valid range.
 */
export function generateSuperposition(options: SuperpositionOptions): SuperpositionData {
  if (typeof options !== 'object' || options === null) throw new TypeError('generateSuperposition: options must be an object with at least `rows`');
  checkKnownKeys(options, 'generateSuperposition: options', ['rows', 'dimensions', 'features', 'activeFeatures', 'correlation', 'groupSize', 'magnitude', 'noise', 'seed']);
  const rows = checkInteger(options.rows, 'generateSuperposition: rows', { min: 1, max: 10_000_000 });
  const d = checkInteger(options.dimensions ?? 128, 'generateSuperposition: dimensions', { min: 1, max: 65_536 });
  const n = checkInteger(options.features ?? 512, 'generateSuperposition: features', { min: 1, max: 1_000_000 });
  const active = checkNumber(options.activeFeatures ?? 8, 'generateSuperposition: activeFeatures', { min: 0, exclusiveMin: true, max: n, maxName: 'features' });
  const correlation = checkNumber(options.correlation ?? 0, 'generateSuperposition: correlation', { min: 0, max: 1, exclusiveMax: true });
  const groupSize = checkInteger(options.groupSize ?? 4, 'generateSuperposition: groupSize', { min: 1, max: n, maxName: 'features' });
  const magnitude = options.magnitude ?? {};
  if (typeof magnitude !== 'object' || magnitude === null) throw new RangeError('generateSuperposition: magnitude must be an object { min, max }');
  const max = checkNumber(magnitude.max ?? 1, 'generateSuperposition: magnitude.max', { min: 0, exclusiveMin: true });
  const min = checkNumber(magnitude.min ?? 0, 'generateSuperposition: magnitude.min', { min: 0, max, maxName: 'magnitude.max' });
  const noise = checkNumber(options.noise ?? 0, 'generateSuperposition: noise', { min: 0 });
  const seed = checkInteger(options.seed ?? 0, 'generateSuperposition: seed');

  const directions = generateFeatureDirections(n, d, seed);
  const rng = createRng(deriveSeed(seed, 'codes'));
  const noiseRng = createRng(deriveSeed(seed, 'noise'));
  const p = active / n;
  const copy = Math.sqrt(correlation);
  const groups = Math.ceil(n / groupSize);
  const groupFires = new Uint8Array(groups);
  const data = new Float32Array(rows * d);
  const offsets = new Int32Array(rows + 1);
  let indices = new Int32Array(Math.max(16, Math.ceil(rows * active * 1.2)));
  let values = new Float32Array(indices.length);
  let nnz = 0;
  // the next active feature after j: a Bernoulli draw per feature when correlated, else a geometric
  // gap (the same distribution with one draw per active feature)
  const logMiss = Math.log1p(-p);
  const nextActive = (j: number): number => {
    if (correlation > 0) {
      for (let q = j + 1; q < n; q++) if (rng.next() < copy ? groupFires[Math.floor(q / groupSize)] === 1 : rng.next() < p) return q;
      return n;
    }
    if (p >= 1) return j + 1;
    return j + 1 + Math.floor(Math.log(1 - rng.next()) / logMiss);
  };
  for (let r = 0; r < rows; r++) {
    if (correlation > 0) for (let g = 0; g < groups; g++) groupFires[g] = rng.next() < p ? 1 : 0;
    const o = r * d;
    for (let j = nextActive(-1); j < n; j = nextActive(j)) {
      const c = min + (max - min) * rng.next();
      if (nnz === indices.length) {
        const grownI = new Int32Array(indices.length * 2);
        grownI.set(indices);
        indices = grownI;
        const grownV = new Float32Array(values.length * 2);
        grownV.set(values);
        values = grownV;
      }
      indices[nnz] = j;
      values[nnz] = c;
      nnz++;
      const u = j * d;
      for (let i = 0; i < d; i++) data[o + i]! += c * directions[u + i]!;
    }
    if (noise > 0) for (let i = 0; i < d; i++) data[o + i]! += noise * drawNormal(noiseRng);
    offsets[r + 1] = nnz;
  }
  return {
    data,
    rows,
    width: d,
    directions,
    features: n,
    codes: { offsets, indices: indices.slice(0, nnz), values: values.slice(0, nnz) },
    options: { rows, dimensions: d, features: n, activeFeatures: active, correlation, groupSize, magnitude: { min, max }, noise, seed },
  };
}
