// Shared fixtures of the hand-written steps' tests (runTopKStep, batchTopKStep, jumpRelu, gated): a seeded training
// state, the tensors of its tfjs autograd reference, and the comparison of the gradients.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { createRandom, type Random } from '../createRandom';
import { createTrainingState, type HeapLayout, type TrainingState } from '../createTrainingState';

/** Options of {@link createSeededStepState}. */
export interface SeededStepStateOptions {
  /** The state's kernels. Default 'auto'. */
  kernels?: 'auto' | 'js';
  /** `[dSae]` parameter blocks after `b_enc` (from `layout.extra`). Default 0. */
  extraPerFeature?: number;
  /** Draws feature `j`'s biases (`b_enc` and any extra blocks) from `rng`. Default: `b_enc[j] = 0.1 N(0, 1)`. */
  fillFeature?: (heap: Float32Array, layout: HeapLayout, j: number, rng: Random) => void;
}

/** The default {@link SeededStepStateOptions.fillFeature}: `b_enc[j] = 0.1 N(0, 1)`. */
function fillEncoderBias(heap: Float32Array, layout: HeapLayout, j: number, rng: Random): void {
  heap[layout.benc + j] = rng.normal() * 0.1;
}

/**
 * A training state of `dSae` features on `dIn` dimensions for batches of `rows` rows, filled from
 * `createRandom(seed)` in this order: `W_enc` and `W_dec` (interleaved, `0.5 N(0, 1)` each), each feature's biases
 * (`fillFeature`), `b_dec` (`0.1 N(0, 1)`), then the batch `x` (`N(0, 1)`).
 *
 * @example
 * ```ts
 * const st = createSeededStepState(6, 12, 5, 5, { kernels: 'js' });
 * runTopKStep(st, 5, 3, 0, 0, createSparseBuffers(5, 3, 1));
 * ```
 */
export function createSeededStepState(dIn: number, dSae: number, rows: number, seed: number, options: SeededStepStateOptions = {}): TrainingState {
  const st = createTrainingState(dIn, dSae, rows, options.kernels ?? 'auto', false, options.extraPerFeature ?? 0);
  const rng = createRandom(seed);
  const { heap, layout: L } = st;
  for (let i = 0; i < dSae * dIn; i++) {
    heap[L.wenc + i] = rng.normal() * 0.5;
    heap[L.wdec + i] = rng.normal() * 0.5;
  }
  const fillFeature = options.fillFeature ?? fillEncoderBias;
  for (let j = 0; j < dSae; j++) fillFeature(heap, L, j, rng);
  for (let i = 0; i < dIn; i++) heap[L.bdec + i] = rng.normal() * 0.1;
  for (let i = 0; i < rows * dIn; i++) heap[L.x + i] = rng.normal();
  return st;
}

/**
 * The tensors of a tfjs autograd reference of a step on the first `rows` rows of `st`: the batch `x` `[rows, dIn]`,
 * its total variance `sum ||x - mean||^2`, the parameters `[W_enc^T [dSae, dIn], W_dec [dSae, dIn], b_enc, b_dec]`,
 * and the pre-activations `(x - b_dec) W_enc + b_enc` of given parameters.
 *
 * @example
 * ```ts
 * const { x, variance, params, preOf } = createStepTensors(st, 5);
 * const pre = preOf(params[0], params[2], params[3]);
 * ```
 */
export function createStepTensors(st: TrainingState, rows: number) {
  const { heap: h, layout: L, dIn: d, dSae: S } = st;
  const x = tf.tensor2d(h.slice(L.x, L.x + rows * d), [rows, d]);
  const variance = tf.sum(tf.square(tf.sub(x, tf.mean(x, 0)))).dataSync()[0]!;
  const params = [
    tf.tensor2d(h.slice(L.wenc, L.wenc + S * d), [S, d]),
    tf.tensor2d(h.slice(L.wdec, L.wdec + S * d), [S, d]),
    tf.tensor1d(h.slice(L.benc, L.benc + S)),
    tf.tensor1d(h.slice(L.bdec, L.bdec + d)),
  ] as const;
  const preOf = (wEncT: tf.Tensor, bEnc: tf.Tensor, bDec: tf.Tensor) => tf.add(tf.matMul(tf.sub(x, bDec), tf.transpose(wEncT)), bEnc) as tf.Tensor2D;
  return { x, variance, params, preOf };
}

/**
 * Copies of the gradient blocks of `st`'s heap: `W_enc`, `W_dec`, `b_enc`, `b_dec`, then `extraBlocks` blocks of
 * `[dSae]` from `layout.extra` (the architecture's own parameters).
 *
 * @example
 * ```ts
 * readGradients(st).forEach((g, i) => expectRelativeClose(g, reference[i]!));
 * ```
 */
export function readGradients(st: TrainingState, extraBlocks = 0): Float32Array[] {
  const { heap, layout: L, dIn: d, dSae: S } = st;
  const G = L.grad;
  const out = [
    heap.slice(G + L.wenc, G + L.wenc + S * d),
    heap.slice(G + L.wdec, G + L.wdec + S * d),
    heap.slice(G + L.benc, G + L.benc + S),
    heap.slice(G + L.bdec, G + L.bdec + d),
  ];
  for (let e = 0; e < extraBlocks; e++) out.push(heap.slice(G + L.extra + e * S, G + L.extra + (e + 1) * S));
  return out;
}

/**
 * Expects `actual` to have `expected`'s length and each entry within `2e-4` of `expected`'s, relative to
 * `expected`'s largest magnitude (at least 1e-6).
 *
 * @example
 * ```ts
 * expectRelativeClose(Float32Array.of(1, 2.0001), Float32Array.of(1, 2));
 * ```
 */
export function expectRelativeClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1e-6, ...Array.from(expected, Math.abs));
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!) / scale).toBeLessThan(2e-4);
}
