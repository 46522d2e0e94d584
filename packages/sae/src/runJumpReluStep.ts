import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import { transposeInto } from './transposeInto';
import { centreBatch, computePreActivations, type StepStats } from './runTopKStep';
import { writeDenseGradients } from './writeDenseGradients';

/**
 * One JumpReLU step (Rajamanoharan et al. 2024, "Jumping Ahead: Improving Reconstruction Fidelity with
 * JumpReLU Sparse Autoencoders", arXiv:2407.14435; Gemma Scope): `f = pre * H(pre - theta)` with a per-feature
 * threshold `theta = exp(logTheta)` (the heap's `extra` block holds `logTheta`). Loss:
 * `sum ||x - x_hat||^2 / V + l0Coefficient * sum_b L0_b / rows`. The step function has no derivative, so
 * straight-through estimators with a rectangle kernel of width `bandwidth` give `theta` its gradient:
 * `df/dtheta = -(theta / eps) K((pre - theta) / eps)` and `dH/dtheta = -(1 / eps) K(...)`, `K(u) = 1` on
 * `|u| < 1/2`; `df/dpre = H(pre - theta)`. The dense products run on tfjs with a hand-written backward pass in
 * the transposed domain (no transposeA/B); masks and kernels are computed on the host, outside any tape.
 */
export function runJumpReluStep(
  state: TrainingState,
  rows: number,
  l0Coefficient: number,
  bandwidth: number,
  wDecT: Float32Array,
): StepStats {
  const { heap, dIn: d, dSae: S, layout: L, fired, kernels } = state;
  const G = L.grad;
  const variance = centreBatch(state, rows);
  const scale = 2 / variance;
  const pre = computePreActivations(state, rows); // [S, rows]
  const n = S * rows;
  const f = new Float32Array(n);
  const theta = new Float32Array(S);
  let active = 0;
  let fSum = 0;
  const preMax = new Float32Array(S).fill(-Infinity);
  for (let j = 0; j < S; j++) {
    const t = Math.exp(heap[L.extra + j]!);
    theta[j] = t;
    let any = false;
    for (let b = j * rows, e = b + rows; b < e; b++) {
      const p = pre[b]!;
      if (p > preMax[j]!) preMax[j] = p;
      if (p > t) {
        f[b] = p;
        active++;
        fSum += p;
        any = true;
      }
    }
    if (any) fired[j] = 1;
  }
  transposeInto(heap, L.wdec, S, d, wDecT, 0);
  const delta = new Float32Array(rows * d);
  const [rT, dF] = tf.tidy(() => {
    const xcT = tf.tensor2d(heap.subarray(L.xct, L.xct + rows * d), [d, rows]);
    const fT = tf.tensor2d(f, [S, rows]);
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    const r = tf.sub(tf.matMul(tf.tensor2d(wDecT, [d, S]), fT), xcT); // x_hat - x, [d, rows]
    return [r, tf.matMul(wDec, tf.mul(r, scale))]; // dL/df, [S, rows]
  });
  const rArr = rT.dataSync() as Float32Array;
  const dFArr = dF.dataSync() as Float32Array;
  tf.dispose([rT, dF]);
  let sse = 0;
  for (let i = 0; i < rArr.length; i++) sse += rArr[i]! * rArr[i]!;
  transposeInto(rArr, 0, d, rows, delta, 0);
  for (let i = 0; i < delta.length; i++) delta[i]! *= scale;
  // through the jump: dPre = H(pre - theta) dF; theta's straight-through gradient, in log space
  const dPre = new Float32Array(n);
  const l0Scale = l0Coefficient / rows;
  const half = bandwidth / 2;
  for (let j = 0; j < S; j++) {
    const t = theta[j]!;
    let gTheta = 0;
    for (let b = j * rows, e = b + rows; b < e; b++) {
      const p = pre[b]!;
      if (p > t) dPre[b] = dFArr[b]!;
      if (Math.abs(p - t) < half) gTheta -= ((t * dFArr[b]!) + l0Scale) / bandwidth;
    }
    heap[G + L.extra + j] = gTheta * t;
  }
  heap.set(writeDenseGradients(heap, L, dPre, f, delta, S, rows, d), G + L.benc);
  // b_dec: the reconstruction's bias, minus its path through the encoder input (x - b_dec)
  const gBdec = new Float64Array(d);
  for (let b = 0; b < rows; b++) for (let i = 0; i < d; i++) gBdec[i]! += delta[b * d + i]!;
  for (let i = 0; i < d; i++) heap[G + L.bdec + i] = gBdec[i]!;
  for (let j = 0; j < S; j++) {
    const g = heap[G + L.benc + j]!;
    if (g !== 0) kernels.axpy(G + L.bdec, L.wenc + j * d, d, -g);
  }
  return {
    loss: sse / variance,
    auxLoss: 0,
    sparsityLoss: (l0Coefficient * active) / rows,
    active,
    threshold: active > 0 ? fSum / active : 0,
    preMax,
  };
}
