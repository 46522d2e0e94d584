import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import { transposeInto } from './transposeInto';
import { centreBatch, computePreActivations, type StepStats } from './runTopKStep';
import { writeDenseGradients } from './writeDenseGradients';

/**
 * One gated SAE step (Rajamanoharan et al. 2024, "Improving Dictionary Learning with Gated Sparse
 * Autoencoders", arXiv:2404.16014). With `x' = x - b_dec` and `p = x' W_gate` (the heap's encoder block is
 * `W_gate`, its `b_enc` block `b_mag`; the `extra` block holds `b_gate` then `r_mag`):
 * gate `g = p + b_gate`, magnitude `m = p * exp(r_mag) + b_mag` (weights shared up to a per-feature scale),
 * `f = [g > 0] * relu(m)`. Loss:
 * `||x - x_hat(f)||^2 / V + l1 * sum relu(g) / (rows * sqrt(V / rows)) + ||x - x_hat_frozen(relu(g))||^2 / V`,
 * the last (auxiliary) term decoding with a frozen copy of `W_dec` and `b_dec` so that it only trains the gate
 * path, which otherwise gets no gradient through the Heaviside step. The L1 term is scale-free as ReLU's
 * (`V` is the batch's total variance). Dense products on tfjs with the backward pass written by hand in the
 * transposed domain (no transposeA/B); gradients land in the heap's gradient block.
 */
export function runGatedStep(state: TrainingState, rows: number, l1: number, wDecT: Float32Array): StepStats {
  const { heap, dIn: d, dSae: S, layout: L, fired, kernels } = state;
  const G = L.grad;
  const bGate = L.extra;
  const rMag = L.extra + S;
  const variance = centreBatch(state, rows);
  const scale = 2 / variance;
  const l1Scale = l1 / (rows * Math.sqrt(variance / rows));
  const p = computePreActivations(state, rows); // [S, rows], includes b_enc = b_mag: remove it below
  const n = S * rows;
  const f = new Float32Array(n);
  const gAct = new Float32Array(n); // relu(gate pre-activation)
  const preMax = new Float32Array(S).fill(-Infinity);
  let active = 0;
  let open = 0;
  let gSum = 0;
  for (let j = 0; j < S; j++) {
    const bm = heap[L.benc + j]!;
    const bg = heap[bGate + j]!;
    const e = Math.exp(heap[rMag + j]!);
    let any = false;
    for (let b = j * rows, end = b + rows; b < end; b++) {
      const proj = p[b]! - bm;
      p[b] = proj;
      const g = proj + bg;
      if (g > preMax[j]!) preMax[j] = g;
      if (g > 0) {
        gAct[b] = g;
        gSum += g;
        open++;
        const m = proj * e + bm;
        if (m > 0) {
          f[b] = m;
          active++;
          any = true;
        }
      }
    }
    if (any) fired[j] = 1;
  }
  transposeInto(heap, L.wdec, S, d, wDecT, 0);
  const [rT, dF, aT, dA] = tf.tidy(() => {
    const xcT = tf.tensor2d(heap.subarray(L.xct, L.xct + rows * d), [d, rows]);
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    const wDecTt = tf.tensor2d(wDecT, [d, S]);
    const r = tf.sub(tf.matMul(wDecTt, tf.tensor2d(f, [S, rows])), xcT); // x_hat - x, [d, rows]
    const a = tf.sub(tf.matMul(wDecTt, tf.tensor2d(gAct, [S, rows])), xcT); // frozen-decoder residual
    return [r, tf.matMul(wDec, tf.mul(r, scale)), a, tf.matMul(wDec, tf.mul(a, scale))];
  });
  const rArr = rT.dataSync() as Float32Array;
  const dFArr = dF.dataSync() as Float32Array;
  const aArr = aT.dataSync() as Float32Array;
  const dAArr = dA.dataSync() as Float32Array;
  tf.dispose([rT, dF, aT, dA]);
  let sse = 0;
  let auxSse = 0;
  for (let i = 0; i < rArr.length; i++) {
    sse += rArr[i]! * rArr[i]!;
    auxSse += aArr[i]! * aArr[i]!;
  }
  const delta = new Float32Array(rows * d);
  transposeInto(rArr, 0, d, rows, delta, 0);
  for (let i = 0; i < delta.length; i++) delta[i]! *= scale;
  // back through the two paths: dPre = exp(r_mag) dM + dG
  const dPre = new Float32Array(n);
  for (let j = 0; j < S; j++) {
    const e = Math.exp(heap[rMag + j]!);
    let gR = 0;
    let gBm = 0;
    let gBg = 0;
    for (let b = j * rows, end = b + rows; b < end; b++) {
      let dp = 0;
      if (gAct[b]! > 0) {
        const dg = l1Scale + dAArr[b]!;
        gBg += dg;
        dp += dg;
        if (f[b]! > 0) {
          const dm = dFArr[b]!;
          gBm += dm;
          gR += dm * p[b]! * e;
          dp += dm * e;
        }
      }
      dPre[b] = dp;
    }
    heap[G + rMag + j] = gR;
    heap[G + L.benc + j] = gBm;
    heap[G + bGate + j] = gBg;
  }
  const sumPre = writeDenseGradients(heap, L, dPre, f, delta, S, rows, d);
  // b_dec: the reconstruction's own bias (the auxiliary decoder's is frozen), minus its path through x - b_dec
  const gBdec = new Float64Array(d);
  for (let b = 0; b < rows; b++) for (let i = 0; i < d; i++) gBdec[i]! += delta[b * d + i]!;
  for (let i = 0; i < d; i++) heap[G + L.bdec + i] = gBdec[i]!;
  for (let j = 0; j < S; j++) {
    const g = sumPre[j]!;
    if (g !== 0) kernels.axpy(G + L.bdec, L.wenc + j * d, d, -g);
  }
  return {
    loss: sse / variance,
    auxLoss: auxSse / variance,
    sparsityLoss: gSum * l1Scale,
    active,
    // the scale bias revival nudges b_gate by: the gate's own mean positive pre-activation (the L1 keeps it well
    // below the magnitudes'; nudging by those opened revived gates on too many rows: on 2000 MLP-like rows the
    // held-out FVE fell below 0)
    threshold: open > 0 ? gSum / open : 0,
    preMax,
  };
}
