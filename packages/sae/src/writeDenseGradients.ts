import * as tf from '@tensorflow/tfjs-core';
import type { HeapLayout } from './createTrainingState';

/**
 * The dense products of the JumpReLU and Gated backward passes, in the transposed domain (no
 * transposeA/B, which are slow on wasm): writes `dL/dW_enc^T = dPre^T (x - b_dec)` and
 * `dL/dW_dec = f^T delta` into the heap's gradient block and returns `sum_b dPre^T[:, b]`, the per-feature
 * gradient of the encoder bias (each caller puts it where its architecture needs it).
 *
 * @param dPre - `[dSae, rows]`, the gradient at the pre-activations (transposed)
 * @param f - `[dSae, rows]`, the feature activations (transposed)
 * @param delta - `[rows, d]`, the gradient at the reconstruction
 * @internal
 */
export function writeDenseGradients(
  heap: Float32Array,
  L: HeapLayout,
  dPre: Float32Array,
  f: Float32Array,
  delta: Float32Array,
  dSae: number,
  rows: number,
  d: number,
): Float32Array {
  const [gEncT, gDec, gPre] = tf.tidy(() => {
    const dPreT = tf.tensor2d(dPre, [dSae, rows]);
    const xc = tf.tensor2d(heap.subarray(L.xc, L.xc + rows * d), [rows, d]);
    return [tf.matMul(dPreT, xc), tf.matMul(tf.tensor2d(f, [dSae, rows]), tf.tensor2d(delta, [rows, d])), tf.sum(dPreT, 1)];
  });
  heap.set(gEncT.dataSync() as Float32Array, L.grad + L.wenc);
  heap.set(gDec.dataSync() as Float32Array, L.grad + L.wdec);
  const sumPre = gPre.dataSync() as Float32Array;
  tf.dispose([gEncT, gDec, gPre]);
  return sumPre;
}
