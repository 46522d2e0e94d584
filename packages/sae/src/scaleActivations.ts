import type { TrainingState } from './createTrainingState';
import type { SaeInputSplit } from './splitSaeInput';
import type { ActivationMatrix } from './toActivationSource';

/**
 * SAELens' `expected_average_only_in` factor: `sqrt(dIn) / meanNorm`, which brings the mean L2 norm of the
 * training rows to `sqrt(dIn)`. Fails on a zero or non-finite mean norm, naming the option.
 */
export function computeActivationScale(dIn: number, meanNorm: number): number {
  const s = Math.sqrt(dIn) / meanNorm;
  if (!(meanNorm > 0) || !Number.isFinite(s)) {
    throw new Error(`trainSae: options.normalizeActivations 'expected_average_only_in' needs training rows with a positive finite mean norm, got ${meanNorm}`);
  }
  return s;
}

/** A copy of `m` with every value multiplied by `s`. */
function scaleMatrix(m: ActivationMatrix, s: number): ActivationMatrix {
  return { data: Float32Array.from(m.data.subarray(0, m.rows * m.width), (v) => v * s), rows: m.rows, width: m.width };
}

/**
 * The split as the trainer sees it under a scale `s`: the sample (init, resampling, stream evaluations)
 * and the held-out rows are scaled copies; the training rows stay raw (each batch is scaled in the heap
 * by {@link scaleActivations}).
 */
export function scaleSplit(split: SaeInputSplit, s: number): SaeInputSplit {
  return { ...split, sample: scaleMatrix(split.sample, s), ...(split.validation ? { validation: scaleMatrix(split.validation, s) } : {}) };
}

/** Multiplies `n` floats of `heap` from `offset` by `s` in place (a batch of rows just written). */
export function scaleActivations(heap: Float32Array, offset: number, n: number, s: number): void {
  for (let i = offset, e = offset + n; i < e; i++) heap[i]! *= s;
}

/**
 * Folds an input scale `s` into the parameters in the heap, as SAELens' `fold_activation_norm_scaling_factor`:
 * `W_enc * s`, `W_dec / s`, `b_dec / s`, `b_enc` unchanged. The SAE then maps raw rows `x` to the features
 * the trained SAE gave `s x`, and reconstructs `x` (its reconstruction of `s x`, divided by `s`).
 */
export function foldActivationScale(state: TrainingState, s: number): void {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  for (let i = L.wenc, e = L.wenc + S * d; i < e; i++) heap[i]! *= s;
  for (let i = L.wdec, e = L.wdec + S * d; i < e; i++) heap[i]! /= s;
  for (let i = L.bdec, e = L.bdec + d; i < e; i++) heap[i]! /= s;
}
