/**
 * Feature activations in sparse form, `[rows, k]`: row `r`'s active features are
 * `indices[r * k .. r * k + k)` with their activations in `values` at the same places, largest first;
 * a row with fewer than `k` active features pads with index `-1` and value `0`.
 *
 * @example
 * ```ts
 * import { toDenseFeatures, type SparseFeatures } from '@interp/sae';
 * const s: SparseFeatures = sae.encodeSparse(acts.data, acts.rows);
 * const row = 0;
 * for (let i = 0; i < s.k; i++) {
 *   const id = s.indices[row * s.k + i]!;
 *   if (id >= 0) console.log(`feature ${id}: ${s.values[row * s.k + i]}`);
 * }
 * const dense = toDenseFeatures(s); // [rows, dSae]
 * ```
 */
export interface SparseFeatures {
  /** Rows encoded. */
  rows: number;
  /** Slots per row: the SAE's k for TopK, else the largest number of active features of any row. */
  k: number;
  /** Number of features of the SAE (the dense width). */
  dSae: number;
  /** `[rows, k]` feature ids, `-1` in unused slots. */
  indices: Int32Array;
  /** `[rows, k]` activations, `0` in unused slots. */
  values: Float32Array;
}

/**
 * Sparse form of a dense row-major `[rows, dSae]` feature matrix: every non-zero entry, largest first.
 *
 * @example
 * ```ts
 * const s = toSparseFeatures(new Float32Array([0, 2, 0, 1, 0, 0]), 2, 3);
 * // s.k === 2; s.indices = [1, -1, 0, -1]; s.values = [2, 0, 1, 0]
 * ```
 */
export function toSparseFeatures(dense: Float32Array, rows: number, dSae: number): SparseFeatures {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`toSparseFeatures: rows must be an integer >= 0, got ${rows}`);
  if (!Number.isInteger(dSae) || dSae < 1) throw new Error(`toSparseFeatures: dSae must be an integer >= 1, got ${dSae}`);
  if (dense.length !== rows * dSae) {
    throw new Error(`toSparseFeatures: dense must hold rows * dSae = ${rows * dSae} floats, got ${dense.length}`);
  }
  let k = 0;
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let j = r * dSae, e = j + dSae; j < e; j++) if (dense[j] !== 0) n++;
    if (n > k) k = n;
  }
  const indices = new Int32Array(rows * k).fill(-1);
  const values = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (let j = 0; j < dSae; j++) {
      const v = dense[r * dSae + j]!;
      if (v === 0) continue;
      indices[r * k + n] = j;
      values[r * k + n] = v;
      n++;
    }
    sortRowSlots(indices, values, r * k, n);
  }
  return { rows, k, dSae, indices, values };
}

/**
 * Dense row-major `[rows, dSae]` form of sparse features.
 *
 * @example
 * ```ts
 * const dense = toDenseFeatures({ rows: 1, k: 1, dSae: 3, indices: new Int32Array([2]), values: new Float32Array([5]) });
 * // Float32Array [0, 0, 5]
 * ```
 */
export function toDenseFeatures(features: SparseFeatures): Float32Array {
  const { rows, k, dSae, indices, values } = features;
  const out = new Float32Array(rows * dSae);
  for (let r = 0; r < rows; r++) {
    for (let t = r * k, e = t + k; t < e; t++) {
      const j = indices[t]!;
      if (j >= 0) out[r * dSae + j] = values[t]!;
    }
  }
  return out;
}

/** Sorts the `n` slots at `o` by value, largest first (insertion sort: n is small). */
export function sortRowSlots(indices: Int32Array, values: Float32Array, o: number, n: number): void {
  for (let a = o + 1; a < o + n; a++) {
    const v = values[a]!;
    const j = indices[a]!;
    let b = a - 1;
    while (b >= o && values[b]! < v) {
      values[b + 1] = values[b]!;
      indices[b + 1] = indices[b]!;
      b--;
    }
    values[b + 1] = v;
    indices[b + 1] = j;
  }
}
