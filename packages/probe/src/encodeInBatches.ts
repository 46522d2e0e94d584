import type { Sae, SparseFeatures } from '@interp/sae';

/**
 * Encodes row-major hook activations (`[rows, dIn]`) with the SAE in blocks of `batchSize` rows, as sparse codes:
 * the SAE's sparse array path (`sae.encodeSparse`: the same encoder product, bias and selection as `encode`,
 * without a dense `[rows, dSae]` tensor on the backend and its two copies), the blocks joined by {@link joinCodes}.
 *
 * @internal Shared by `runFeatureActivations` and `runFeatureActivationsOnThreads` (when no threaded encoder runs).
 * @example
 * ```ts
 * const codes = encodeInBatches(sae, hookActivations, rows, 1024); // [rows, k]
 * ```
 */
export function encodeInBatches(sae: Sae, hookActivations: Float32Array, rows: number, batchSize: number): SparseFeatures {
  const { dIn, dSae } = sae.config;
  const parts: SparseFeatures[] = [];
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    parts.push(sae.encodeSparse(hookActivations.subarray(start * dIn, (start + n) * dIn), n));
  }
  return joinCodes(parts, rows, dSae);
}

/**
 * Sparse codes of consecutive row blocks as one `[rows, k]` code, `k` the largest of the blocks' (ReLU SAEs
 * pad each block to its own widest row).
 */
function joinCodes(parts: readonly SparseFeatures[], rows: number, dSae: number): SparseFeatures {
  if (parts.length === 1 && parts[0]!.rows === rows) return parts[0]!;
  let k = 0;
  for (const p of parts) k = Math.max(k, p.k);
  const indices = new Int32Array(rows * k).fill(-1);
  const values = new Float32Array(rows * k);
  let r0 = 0;
  for (const p of parts) {
    if (p.k === k) {
      indices.set(p.indices, r0 * k);
      values.set(p.values, r0 * k);
    } else {
      for (let r = 0; r < p.rows; r++) {
        indices.set(p.indices.subarray(r * p.k, (r + 1) * p.k), (r0 + r) * k);
        values.set(p.values.subarray(r * p.k, (r + 1) * p.k), (r0 + r) * k);
      }
    }
    r0 += p.rows;
  }
  return { rows, k, dSae, indices, values };
}
