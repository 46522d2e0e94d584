import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import { centreBatch, type StepStats } from './runTopKStep';
import { transposeInto } from './transposeInto';

/**
 * One ReLU + L1 step (Towards Monosemanticity): dense products on tfjs with a hand-written backward
 * pass, all in the transposed domain so that no backend transpose (slow on wasm) is needed. Loss:
 * `sum ||x - x_hat||^2 / V + l1 * sum_b sum_j f_bj / (rows * sqrt(V / rows))`, with `V` the batch's
 * total variance (so `l1` is free of the activations' scale). Writes the gradients into the heap's
 * gradient block.
 */
export function runReluStep(state: TrainingState, rows: number, l1: number, wDecT: Float32Array): StepStats {
  const { heap, dIn: d, dSae: S, layout: L, fired } = state;
  const G = L.grad;
  const variance = centreBatch(state, rows);
  const scale = 2 / variance;
  const l1Scale = l1 / (rows * Math.sqrt(variance / rows));
  transposeInto(heap, L.wdec, S, d, wDecT, 0);
  const delta = new Float32Array(rows * d);
  const [gEncT, gDec, gBenc, gBdec, sse, l1Sum, firedT, preMaxT] = tf.tidy(() => {
    const xcT = tf.tensor2d(heap.subarray(L.xct, L.xct + rows * d), [d, rows]);
    const xc = tf.tensor2d(heap.subarray(L.xc, L.xc + rows * d), [rows, d]);
    const wEncT = tf.tensor2d(heap.subarray(L.wenc, L.wenc + S * d), [S, d]);
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    const wDecTt = tf.tensor2d(wDecT, [d, S]);
    const bEnc = tf.tensor2d(heap.subarray(L.benc, L.benc + S), [S, 1]);
    const preT = tf.add(tf.matMul(wEncT, xcT), bEnc); // [S, rows]
    const fT = tf.relu(preT);
    const on = tf.cast(tf.greater(preT, 0), 'float32');
    // r = x_hat - x = f W_dec + b_dec - x = f W_dec - xc
    const rT = tf.sub(tf.matMul(wDecTt, fT), xcT); // [d, rows]
    const rArr = rT.dataSync() as Float32Array;
    transposeInto(rArr, 0, d, rows, delta, 0);
    for (let i = 0; i < delta.length; i++) delta[i]! *= scale;
    const deltaT = tf.mul(rT, scale);
    const deltaR = tf.tensor2d(delta, [rows, d]);
    const dPreT = tf.mul(tf.add(tf.matMul(wDec, deltaT), l1Scale), on); // [S, rows]
    const gEncT = tf.matMul(dPreT, xc); // [S, d]
    const gDec = tf.matMul(fT, deltaR); // [S, d]
    const gBenc = tf.sum(dPreT, 1);
    const gBdec = tf.sub(tf.sum(deltaT, 1), tf.squeeze(tf.matMul(tf.reshape(gBenc, [1, S]), wEncT), [0]));
    return [gEncT, gDec, gBenc, gBdec, tf.sum(tf.square(rT)), tf.sum(fT), tf.sum(on, 1), tf.max(preT, 1)];
  });
  heap.set(gEncT.dataSync() as Float32Array, G + L.wenc);
  heap.set(gDec.dataSync() as Float32Array, G + L.wdec);
  heap.set(gBenc.dataSync() as Float32Array, G + L.benc);
  heap.set(gBdec.dataSync() as Float32Array, G + L.bdec);
  const sseV = (sse.dataSync() as Float32Array)[0]!;
  const l1V = (l1Sum.dataSync() as Float32Array)[0]!;
  const fr = firedT.dataSync() as Float32Array;
  let active = 0;
  for (let j = 0; j < S; j++) {
    const c = fr[j]!;
    if (c > 0) fired[j] = 1;
    active += c;
  }
  const preMax = preMaxT.dataSync() as Float32Array;
  tf.dispose([gEncT, gDec, gBenc, gBdec, sse, l1Sum, firedT, preMaxT]);
  // the mean positive activation: the scale bias revival nudges silent features by
  const threshold = active > 0 ? l1V / active : 0;
  return { loss: sseV / variance, auxLoss: 0, sparsityLoss: l1V * l1Scale, active, threshold, preMax };
}
