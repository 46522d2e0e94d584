import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import { addEncoderInputBiasGradient } from './addEncoderInputBiasGradient';
import { selectTopKInHeap } from './selectTopK';

/** What one training step reports. */
export interface StepStats {
  /** Normalised reconstruction loss of the batch: `sum ||x - x_hat||^2 / sum ||x - mean||^2`. */
  loss: number;
  /** Auxiliary loss (AuxK, normalised), 0 when unused. */
  auxLoss: number;
  /** Sparsity penalty (ReLU + L1), 0 when unused. */
  sparsityLoss: number;
  /** Active features summed over the rows of the batch. */
  active: number;
  /** Mean over rows of the smallest selected pre-activation (the TopK threshold), 0 for ReLU. */
  threshold: number;
  /** The batch's pre-activations, column-major `[dSae, rows]` (TopK only). */
  preT?: Float32Array;
  /** Per-feature maximum pre-activation over the batch (ReLU only). */
  preMax?: Float32Array;
}

/**
 * Computes the pre-activations of the batch in the heap, transposed: `preT[j * rows + b]` =
 * `W_enc[:, j] . (x_b - b_dec) + b_enc[j]`, as `W_enc^T [dSae, dIn] @ xc^T [dIn, rows]` (`xct` must be
 * filled). This orientation needs no transpose of the weights on the backend.
 */
export function computePreActivations(state: TrainingState, rows: number): Float32Array {
  const { heap, dIn, dSae, layout } = state;
  const pre = tf.tidy(() => {
    const xcT = tf.tensor2d(heap.subarray(layout.xct, layout.xct + rows * dIn), [dIn, rows]);
    const wT = tf.tensor2d(heap.subarray(layout.wenc, layout.wenc + dSae * dIn), [dSae, dIn]);
    const bEnc = tf.tensor2d(heap.subarray(layout.benc, layout.benc + dSae), [dSae, 1]);
    return tf.add(tf.matMul(wT, xcT), bEnc);
  });
  const out = pre.dataSync() as Float32Array;
  pre.dispose();
  return out;
}

/** Fills `xc = x - b_dec` (and its transpose `xct`) and returns `sum ||x_b - mean(x)||^2` of the batch. */
export function centreBatch(state: TrainingState, rows: number): number {
  const { heap, dIn, layout } = state;
  const bdec = heap.subarray(layout.bdec, layout.bdec + dIn);
  for (let b = 0; b < rows; b++) {
    const o = layout.x + b * dIn;
    const oc = layout.xc + b * dIn;
    let t = layout.xct + b;
    for (let i = 0; i < dIn; i++, t += rows) {
      const c = heap[o + i]! - bdec[i]!;
      heap[oc + i] = c;
      heap[t] = c;
    }
  }
  return centredBatchVariance(state, rows);
}

/**
 * The batch's total variance `sum_b ||x_b - mean||^2` (at least 1e-12), from the unrounded `c = x - b_dec` (the heap's
 * `x` block and `b_dec`), whoever writes the centred rows: per dimension, float64 sums over the rows in row order of
 * `c` and of `c * c` (the kernels' `centredSums`, into the heap's `layout.vsum`, as the parallel trainer's threads sum
 * their own dimensions), then {@link combineVarianceSums}.
 */
export function centredBatchVariance(state: TrainingState, rows: number): number {
  const { heap, dIn, layout: L, kernels } = state;
  const sums = new Float64Array(heap.buffer, heap.byteOffset + L.vsum * 4, 2 * dIn);
  sums.fill(0);
  for (let b = 0; b < rows; b++) kernels.centredSums(L.x + b * dIn, L.bdec, L.vsum, L.vsum + 2 * dIn, dIn);
  return combineVarianceSums(sums, dIn, rows);
}

/**
 * The total variance of `rows` rows from their per-dimension float64 sums (`sums[i]`: of `c_i`, `sums[dIn + i]`: of
 * `c_i^2`, for rows shifted by any constant `c = x - shift`): `sum_i sum_b c^2 - (sum_b c)^2 / rows`, summed over the
 * dimensions in order, at least 1e-12.
 *
 * @example
 * ```ts
 * // rows [1, 2] and [3, 4]: sums of c [4, 6], of c^2 [10, 20]
 * combineVarianceSums(Float64Array.of(4, 6, 10, 20), 2, 2); // (10 - 8) + (20 - 18) = 4
 * ```
 */
export function combineVarianceSums(sums: Float64Array, dIn: number, rows: number): number {
  // sum ||x_b - mean||^2 = sum ||c_b||^2 - rows * ||mean(c)||^2 (shift-invariant, so c = x - b_dec is fine)
  let sq = 0;
  let m2 = 0;
  for (let i = 0; i < dIn; i++) {
    sq += sums[dIn + i]!;
    m2 += sums[i]! * sums[i]!;
  }
  return Math.max(sq - m2 / rows, 1e-12);
}

/**
 * Sparse buffers reused across steps: the active features of every row.
 */
export interface SparseBuffers {
  idx: Int32Array;
  val: Float32Array;
  count: Int32Array;
  auxIdx: Int32Array;
  auxVal: Float32Array;
  auxCount: Int32Array;
}

/** Allocates the sparse buffers of a TopK trainer. */
export function createSparseBuffers(maxBatch: number, k: number, kAux: number): SparseBuffers {
  return {
    idx: new Int32Array(maxBatch * k),
    val: new Float32Array(maxBatch * k),
    count: new Int32Array(maxBatch),
    auxIdx: new Int32Array(maxBatch * Math.max(kAux, 1)),
    auxVal: new Float32Array(maxBatch * Math.max(kAux, 1)),
    auxCount: new Int32Array(maxBatch),
  };
}

/**
 * Gradients of `scale * ||resid||^2` through the `n` active latents of row `b` (indices and values at
 * `[start, start + n)`): `dW_dec[j] += scale * z_j * resid`, and the latent's gradient
 * `g = scale * <resid, W_dec[j]>` into `dW_enc[j] += g * x_c` and `db_enc[j] += g`.
 */
function accumulateLatentGradients(
  state: TrainingState,
  b: number,
  resid: number,
  latentIdx: Int32Array,
  latentVal: Float32Array,
  n: number,
  start: number,
  scale: number,
): void {
  const { kernels, heap, dIn: d, layout: L } = state;
  const G = L.grad;
  const xc = L.xc + b * d;
  for (let t = 0; t < n; t++) {
    const j = latentIdx[start + t]!;
    const g = kernels.dotAxpy(resid, L.wdec + j * d, G + L.wdec + j * d, d, latentVal[start + t]! * scale) * scale;
    kernels.axpy(G + L.wenc + j * d, xc, d, g);
    heap[G + L.benc + j]! += g;
  }
}

/**
 * One TopK (+ AuxK) step: dense encoder matmul on tfjs, then everything else sparse on the heap
 * kernels: only the k active features of a row decode and receive gradient. Accumulates the
 * gradients into the heap's gradient block (which must be zero on entry).
 */
export function runTopKStep(
  state: TrainingState,
  rows: number,
  k: number,
  kAux: number,
  auxCoefficient: number,
  buffers: SparseBuffers,
): StepStats {
  const { kernels, heap, dSae: S, layout: L } = state;
  const variance = centreBatch(state, rows);
  heap.set(computePreActivations(state, rows), L.pre);
  const { idx, val, count } = buffers;
  selectTopKInHeap(kernels, L.pre, L.thr, L.cand, rows, S, k, idx, val, count);
  let threshold = 0;
  for (let b = 0; b < rows; b++) if (count[b]! > 0) threshold += val[b * k]!;
  threshold /= rows;
  return runSparseLatentStep(state, rows, variance, k, kAux, auxCoefficient, buffers, threshold);
}

/**
 * The part of a sparse step after the selection (`buffers.idx/val/count`, row `b`'s latents at
 * `[b * stride, b * stride + count[b])`): reconstruction from the active latents only, its gradients,
 * AuxK on the dead latents, and `b_dec`'s gradient. With `prefixEnds` (Matryoshka: ascending feature counts,
 * the last one `dSae`), the loss is the mean over the nested prefixes of their normalised reconstruction
 * losses, each prefix reconstructing the input on its own. The heap's pre-activations (`layout.pre`) and
 * the centred batch must be filled.
 */
export function runSparseLatentStep(
  state: TrainingState,
  rows: number,
  variance: number,
  stride: number,
  kAux: number,
  auxCoefficient: number,
  buffers: SparseBuffers,
  threshold: number,
  prefixEnds?: Int32Array,
): StepStats {
  const { kernels, heap, dIn: d, dSae: S, layout: L, fired } = state;
  const G = L.grad;
  const k = stride;
  const pre = heap.subarray(L.pre, L.pre + S * rows);
  const { idx, val, count } = buffers;
  let active = 0;
  if (prefixEnds && prefixEnds.length > 1) {
    const m = runNestedPrefixes(state, rows, variance, stride, buffers, prefixEnds);
    active = m.active;
    return finishSparseStep(state, rows, m.sse, variance, kAux, auxCoefficient, buffers, threshold, active, pre, m.loss);
  }
  // reconstruction and residual r = x_hat - x, each row's terms added in ascending feature order (as the parallel
  // trainer's chained decoding adds them, each thread its own features' terms)
  let sse = 0;
  const order = new Int32Array(k);
  for (let b = 0; b < rows; b++) {
    const n = count[b]!;
    active += n;
    const r = L.r + b * d;
    heap.copyWithin(r, L.bdec, L.bdec + d);
    orderByFeature(idx, b * k, n, order);
    for (let t = 0; t < n; t++) {
      const q = b * k + order[t]!;
      const j = idx[q]!;
      fired[j] = 1;
      kernels.axpy(r, L.wdec + j * d, d, val[q]!);
    }
    kernels.axpy(r, L.x + b * d, d, -1);
    sse += kernels.dot(r, r, d);
  }
  const scale = 2 / variance;
  for (let b = 0; b < rows; b++) {
    const r = L.r + b * d;
    accumulateLatentGradients(state, b, r, idx, val, count[b]!, b * k, scale);
    kernels.axpy(G + L.bdec, r, d, scale);
  }
  return finishSparseStep(state, rows, sse, variance, kAux, auxCoefficient, buffers, threshold, active, pre, sse / variance);
}

/** `order[0, n)`: the slots `0 .. n - 1` of `idx[o, o + n)` sorted by feature, ascending (an insertion sort; features are distinct). */
function orderByFeature(idx: Int32Array, o: number, n: number, order: Int32Array): void {
  for (let a = 0; a < n; a++) {
    const j = idx[o + a]!;
    let c = a - 1;
    while (c >= 0 && idx[o + order[c]!]! > j) {
      order[c + 1] = order[c]!;
      c--;
    }
    order[c + 1] = a;
  }
}

/** AuxK on the dead latents (residual in `layout.r`), then `b_dec`'s gradient through the encoder input. */
function finishSparseStep(
  state: TrainingState,
  rows: number,
  sse: number,
  variance: number,
  kAux: number,
  auxCoefficient: number,
  buffers: SparseBuffers,
  threshold: number,
  active: number,
  pre: Float32Array,
  loss: number,
): StepStats {
  const { kernels, heap, dIn: d, dSae: S, layout: L } = state;
  const G = L.grad;
  // AuxK: the residual e = x - x_hat = -r, reconstructed from the top kAux dead features
  let auxLoss = 0;
  const kA = Math.min(kAux, state.nDead);
  if (kA > 0 && auxCoefficient > 0 && sse > 0) {
    const { auxIdx, auxVal, auxCount } = buffers;
    let auxSse = 0;
    selectTopKInHeap(kernels, L.pre, L.thr, L.cand, rows, state.nDead, kA, auxIdx, auxVal, auxCount, state.dead);
    for (let b = 0; b < rows; b++) {
      const n = auxCount[b]!;
      // a = e_hat - e = sum z W_dec[j] + r
      const a = L.aux + b * d;
      heap.copyWithin(a, L.r + b * d, L.r + (b + 1) * d);
      for (let t = 0; t < n; t++) kernels.axpy(a, L.wdec + auxIdx[b * kA + t]! * d, d, auxVal[b * kA + t]!);
      auxSse += kernels.dot(a, a, d);
    }
    auxLoss = auxSse / sse;
    const sa = (2 * auxCoefficient) / sse;
    for (let b = 0; b < rows; b++) {
      accumulateLatentGradients(state, b, L.aux + b * d, auxIdx, auxVal, auxCount[b]!, b * kA, sa);
    }
  }
  // b_dec also enters through the encoder input (x - b_dec): d/db_dec -= W_enc . sum_b dpre_b, summed block by block
  // (layout.part), as the parallel trainer sums it
  addEncoderInputBiasGradient(state);
  return { loss, auxLoss, sparsityLoss: 0, active, threshold, preT: pre };
}

/**
 * Matryoshka reconstruction of every row: the active latents are taken group by group (group `g` = features
 * `[prefixEnds[g - 1], prefixEnds[g])`); after each group the residual `r_g` of that prefix is kept in the
 * `aux` block (so at most `maxBatch` groups). The loss is `mean_g sum ||r_g||^2 / V`; a latent of group `g`
 * is in every prefix from `g` on, so its gradient comes from `sum_{m >= g} r_m` (suffix sums). The full
 * residual is left in `layout.r` for AuxK.
 */
function runNestedPrefixes(
  state: TrainingState,
  rows: number,
  variance: number,
  stride: number,
  buffers: SparseBuffers,
  prefixEnds: Int32Array,
): { sse: number; loss: number; active: number } {
  const { kernels, heap, dIn: d, layout: L, fired, maxBatch } = state;
  const G = L.grad;
  const M = prefixEnds.length;
  if (M > maxBatch) throw new Error(`matryoshka: ${M} prefixes need a batch of at least ${M} rows`);
  const { idx, val, count } = buffers;
  const sortedIdx = new Int32Array(stride);
  const sortedVal = new Float32Array(stride);
  const groupStart = new Int32Array(M + 1);
  const scale = 2 / (variance * M);
  let sse = 0;
  let prefixSse = 0;
  let active = 0;
  for (let b = 0; b < rows; b++) {
    const n = count[b]!;
    active += n;
    // counting sort of the row's latents by group
    groupStart.fill(0);
    const groupOf = (j: number): number => {
      let g = 0;
      while (prefixEnds[g]! <= j) g++;
      return g;
    };
    for (let t = 0; t < n; t++) groupStart[groupOf(idx[b * stride + t]!) + 1]!++;
    for (let g = 0; g < M; g++) groupStart[g + 1]! += groupStart[g]!;
    const fill = groupStart.slice(0, M);
    for (let t = 0; t < n; t++) {
      const j = idx[b * stride + t]!;
      const p = fill[groupOf(j)]!++;
      sortedIdx[p] = j;
      sortedVal[p] = val[b * stride + t]!;
      fired[j] = 1;
    }
    // residual after each prefix, r_g = x_hat_g - x, into aux block slot g
    const r = L.r + b * d;
    heap.copyWithin(r, L.bdec, L.bdec + d);
    kernels.axpy(r, L.x + b * d, d, -1);
    for (let g = 0; g < M; g++) {
      for (let p = groupStart[g]!; p < groupStart[g + 1]!; p++) kernels.axpy(r, L.wdec + sortedIdx[p]! * d, d, sortedVal[p]!);
      heap.copyWithin(L.aux + g * d, r, r + d);
      prefixSse += kernels.dot(r, r, d);
    }
    sse += kernels.dot(r, r, d);
    // suffix sums: slot g = sum_{m >= g} r_m
    for (let g = M - 2; g >= 0; g--) kernels.axpy(L.aux + g * d, L.aux + (g + 1) * d, d, 1);
    for (let g = 0; g < M; g++) {
      const nG = groupStart[g + 1]! - groupStart[g]!;
      if (nG > 0) accumulateLatentGradients(state, b, L.aux + g * d, sortedIdx, sortedVal, nG, groupStart[g]!, scale);
    }
    kernels.axpy(G + L.bdec, L.aux, d, scale);
  }
  return { sse, loss: prefixSse / (variance * M), active };
}
