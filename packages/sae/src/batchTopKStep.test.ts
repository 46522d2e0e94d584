import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createSaeStep } from './createSaeStep';
import { createTrainingState, type TrainingState } from './createTrainingState';
import { saeArchitectures, type SaeArchitectureOptions } from './saeArchitectures';
import { selectBatchTopK } from './selectBatchTopK';
import { createSeededStepState, createStepTensors, expectRelativeClose, readGradients } from './__tests__/stepFixtures';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const d = 6;
const S = 16;
const B = 5;

function setUp(kernels: 'auto' | 'js', seed = 5): TrainingState {
  return createSeededStepState(d, S, B, seed, { kernels });
}

/**
 * Autograd reference of the BatchTopK / Matryoshka loss with the batch-wide mask held fixed: the `k x B`
 * largest positive pre-activations of the whole batch are kept; the loss is the mean over the prefixes
 * `[0, P_g)` of `||x_hat_g - x||^2 / V` (one prefix, `S`, for BatchTopK).
 */
function referenceGrads(st: TrainingState, k: number, prefixEnds: number[]) {
  const { x, variance, params, preOf } = createStepTensors(st, B);
  const pre = preOf(params[0], params[2], params[3]).arraySync();
  const all = pre.flatMap((row, b) => row.map((v, j) => [v, b, j] as const)).filter(([v]) => v > 0);
  all.sort((a, c) => c[0] - a[0]);
  const mask = pre.map((row) => row.map(() => 0));
  for (const [, b, j] of all.slice(0, k * B)) mask[b]![j] = 1;
  const prefixMasks = prefixEnds.map((p) => tf.tensor2d(pre.map((row, b) => row.map((_, j) => (j < p ? mask[b]![j]! : 0)))));
  const g = tf.grads((wEncT: tf.Tensor, wDec: tf.Tensor, bEnc: tf.Tensor, bDec: tf.Tensor) => {
    const p = preOf(wEncT, bEnc, bDec);
    let loss: tf.Tensor = tf.scalar(0);
    for (const M of prefixMasks) {
      const r = tf.sub(tf.add(tf.matMul(tf.mul(p, M), wDec), bDec), x);
      loss = tf.add(loss, tf.div(tf.sum(tf.square(r)), variance * prefixMasks.length));
    }
    return loss as tf.Scalar;
  })([...params]);
  return { grads: g.map((t) => t.dataSync() as Float32Array), selected: Math.min(k * B, all.length) };
}

describe('selectBatchTopK', () => {
  for (const kernels of ['auto', 'js'] as const) {
    it(`keeps exactly the k x rows largest positive values of the whole batch (${kernels} kernels)`, () => {
      const rows = 7;
      const n = 20;
      const st = createTrainingState(3, n, rows, kernels);
      const rng = createRandom(9);
      const L = st.layout;
      for (let i = 0; i < n * rows; i++) st.heap[L.pre + i] = rng.normal();
      const kTotal = 2 * rows;
      const idx = new Int32Array(rows * n);
      const val = new Float32Array(rows * n);
      const count = new Int32Array(rows);
      const threshold = selectBatchTopK(st.kernels, L.pre, L.thr, L.cand, rows, n, kTotal, n, idx, val, count, new Float32Array(n * rows));
      const expected = Array.from(st.heap.subarray(L.pre, L.pre + n * rows)).filter((v) => v > 0).sort((a, b) => b - a).slice(0, kTotal);
      expect(threshold).toBe(expected.at(-1));
      const got: number[] = [];
      for (let b = 0; b < rows; b++) {
        for (let t = 0; t < count[b]!; t++) {
          const j = idx[b * n + t]!;
          expect(val[b * n + t]).toBe(st.heap[L.pre + j * rows + b]); // column-major [feature, row]
          got.push(val[b * n + t]!);
        }
      }
      expect(got.sort((a, b) => b - a)).toEqual(expected);
      // rows get different counts: the selection is over the batch, not per row
      expect(new Set(Array.from(count)).size).toBeGreaterThan(1);
    });
  }
});

describe('BatchTopK and Matryoshka steps (sparse kernels)', () => {
  const cases: ['batchtopk' | 'matryoshka', SaeArchitectureOptions, number[]][] = [
    ['batchtopk', { type: 'batchtopk', k: 3 }, [S]],
    ['matryoshka', { type: 'matryoshka', k: 3, prefixes: [2, 6, 11] }, [2, 6, 11, S]],
  ];
  for (const [name, options, prefixEnds] of cases) {
    for (const kernels of ['auto', 'js'] as const) {
      it(`${name}: gradients equal tfjs autograd with the batch-wide mask held fixed (${kernels} kernels)`, () => {
        const st = setUp(kernels);
        const arch = saeArchitectures[name].resolve(options, S, 'options.architecture');
        const stats = createSaeStep(st, arch, B, { data: new Float32Array(d), rows: 1, width: d }, 1).run(B, 0, 0);
        const ref = referenceGrads(st, 3, prefixEnds);
        expect(stats.active).toBe(ref.selected);
        expect(stats.loss).toBeGreaterThan(0);
        readGradients(st).forEach((g, i) => expectRelativeClose(g, ref.grads[i]!));
      });
    }
  }
});
