import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createTrainingState, type TrainingState } from './createTrainingState';
import { centredBatchVariance, combineVarianceSums, createSparseBuffers, runTopKStep } from './runTopKStep';
import { runReluStep } from './runReluStep';
import { createSeededStepState, createStepTensors, expectRelativeClose, readGradients } from './__tests__/stepFixtures';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const d = 6;
const S = 12;
const B = 5;

function setUp(kernels: 'auto' | 'js'): TrainingState {
  return createSeededStepState(d, S, B, 5, { kernels });
}

/** Autograd reference: the same loss with the TopK / AuxK masks held constant. */
function referenceGrads(st: TrainingState, k: number, dead: number[], kAux: number, alpha: number, l1 = -1) {
  const { x, variance, params, preOf } = createStepTensors(st, B);
  const pre = preOf(params[0], params[2], params[3]).arraySync();
  const mask = pre.map((row) => {
    const order = row.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0]);
    const m = new Array<number>(S).fill(0);
    if (l1 >= 0) return row.map((v) => (v > 0 ? 1 : 0));
    order.slice(0, k).forEach(([v, j]) => (m[j] = v > 0 ? 1 : 0));
    return m;
  });
  const auxMask = pre.map((row) => {
    const m = new Array<number>(S).fill(0);
    dead
      .map((j) => [row[j]!, j] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, kAux)
      .forEach(([v, j]) => (m[j] = v > 0 ? 1 : 0));
    return m;
  });
  const M = tf.tensor2d(mask);
  const A = tf.tensor2d(auxMask);
  const recon0 = tf.add(tf.matMul(tf.mul(preOf(params[0], params[2], params[3]), M), params[1]), params[3]);
  const e = tf.sub(x, recon0);
  const E = tf.sum(tf.square(e)).dataSync()[0]!;
  const g = tf.grads((wEncT: tf.Tensor, wDec: tf.Tensor, bEnc: tf.Tensor, bDec: tf.Tensor) => {
    const p = preOf(wEncT, bEnc, bDec);
    const f = tf.mul(p, M);
    const r = tf.sub(tf.add(tf.matMul(f, wDec), bDec), x);
    let loss = tf.div(tf.sum(tf.square(r)), variance);
    if (l1 >= 0) loss = tf.add(loss, tf.mul(tf.sum(f), l1 / (B * Math.sqrt(variance / B))));
    if (dead.length > 0) {
      const eh = tf.matMul(tf.mul(p, A), wDec);
      loss = tf.add(loss, tf.mul(tf.div(tf.sum(tf.square(tf.sub(eh, e))), E), alpha));
    }
    return loss as tf.Scalar;
  })([...params]);
  return g.map((t) => t.dataSync() as Float32Array);
}

describe('hand-written backward passes', () => {
  for (const kernels of ['auto', 'js'] as const) {
    it(`the sparse TopK step's gradients equal tfjs autograd with the mask held fixed (${kernels} kernels)`, () => {
      const st = setUp(kernels);
      const k = 3;
      runTopKStep(st, B, k, 0, 0, createSparseBuffers(B, k, 1));
      const ref = referenceGrads(st, k, [], 0, 0);
      readGradients(st).forEach((g, i) => expectRelativeClose(g, ref[i]!));
    });
  }

  it('the AuxK term adds the gradient of the normalised residual loss over the dead features', () => {
    const st = setUp('auto');
    const k = 2;
    const dead = [1, 4, 5, 7, 9, 10, 11];
    dead.forEach((j, t) => (st.dead[t] = j));
    st.nDead = dead.length;
    const stats = runTopKStep(st, B, k, 3, 0.5, createSparseBuffers(B, k, 3));
    expect(stats.auxLoss).toBeGreaterThan(0);
    const ref = referenceGrads(st, k, dead, 3, 0.5);
    readGradients(st).forEach((g, i) => expectRelativeClose(g, ref[i]!));
  });

  it("the dense ReLU + L1 step's gradients equal tfjs autograd", () => {
    const st = setUp('auto');
    runReluStep(st, B, 0.3, new Float32Array(S * d));
    const ref = referenceGrads(st, 0, [], 0, 0, 0.3);
    readGradients(st).forEach((g, i) => expectRelativeClose(g, ref[i]!));
  });
});

describe('reconstruction order', () => {
  for (const kernels of ['auto', 'js'] as const) {
    it(`adds each row's terms in ascending feature order, as the parallel trainer's chained decoding does (${kernels} kernels)`, () => {
      // wider than setUp's SAE: rows of 12 terms, so that the order shows in the floats
      const [dd, SS, BB, k] = [16, 64, 24, 12];
      const st = createTrainingState(dd, SS, BB, kernels);
      const rng = createRandom(8);
      const { heap, layout: L } = st;
      for (let i = 0; i < SS * dd; i++) {
        heap[L.wenc + i] = rng.normal() * 0.5;
        heap[L.wdec + i] = rng.normal() * 0.5;
      }
      for (let i = 0; i < dd; i++) heap[L.bdec + i] = rng.normal() * 0.1;
      for (let i = 0; i < BB * dd; i++) heap[L.x + i] = rng.normal();
      const buffers = createSparseBuffers(BB, k, 1);
      runTopKStep(st, BB, k, 0, 0, buffers);
      // a row decoded with the same kernels in a given order of its slots, in the (free) aux block
      const decode = (b: number, slots: number[]): number[] => {
        heap.copyWithin(L.aux, L.bdec, L.bdec + dd);
        for (const q of slots) st.kernels.axpy(L.aux, L.wdec + buffers.idx[q]! * dd, dd, buffers.val[q]!);
        st.kernels.axpy(L.aux, L.x + b * dd, dd, -1);
        return Array.from(heap.subarray(L.aux, L.aux + dd));
      };
      let selectionOrderDiffers = 0;
      for (let b = 0; b < BB; b++) {
        const slots = Array.from({ length: buffers.count[b]! }, (_, t) => b * k + t);
        const ascending = [...slots].sort((p, q) => buffers.idx[p]! - buffers.idx[q]!);
        const residual = Array.from(heap.subarray(L.r + b * dd, L.r + (b + 1) * dd));
        expect(residual, `row ${b}`).toEqual(decode(b, ascending));
        if (decode(b, slots).some((v, i) => v !== residual[i])) selectionOrderDiffers++;
      }
      // the selection's own order gives other floats on some of these rows: the order is what the test checks
      expect(selectionOrderDiffers).toBeGreaterThan(0);
    });
  }
});

describe('the batch variance', () => {
  it('equals a two-pass float64 variance of x - b_dec, on batches far from zero, and is at least 1e-12', () => {
    const [d, S, B] = [6, 8, 5];
    const state = createTrainingState(d, S, B, 'js');
    const { heap, layout: L } = state;
    const random = createRandom(3);
    for (let i = 0; i < B * d; i++) heap[L.x + i] = 1000 + random.normal();
    for (let i = 0; i < d; i++) heap[L.bdec + i] = 999 + 0.1 * i;
    // two passes: the mean of each dimension, then the squared deviations
    let expected = 0;
    for (let i = 0; i < d; i++) {
      let mean = 0;
      for (let b = 0; b < B; b++) mean += heap[L.x + b * d + i]! - heap[L.bdec + i]!;
      mean /= B;
      for (let b = 0; b < B; b++) expected += (heap[L.x + b * d + i]! - heap[L.bdec + i]! - mean) ** 2;
    }
    expect(centredBatchVariance(state, B)).toBeCloseTo(expected, 9);
    // a batch of equal rows has no variance: the floor
    for (let b = 1; b < B; b++) heap.copyWithin(L.x + b * d, L.x, L.x + d);
    expect(centredBatchVariance(state, B)).toBe(1e-12);
  });

  it('combines per-dimension sums in dimension order (combineVarianceSums)', () => {
    // rows [1, 2] and [3, 4]: sums of c [4, 6], of c^2 [10, 20]
    expect(combineVarianceSums(Float64Array.of(4, 6, 10, 20), 2, 2)).toBe(4);
    expect(combineVarianceSums(Float64Array.of(2, 4), 1, 1)).toBe(1e-12);
  });
});
