import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import { runReluStep } from './runReluStep';
import { centreBatch, computePreActivations, createSparseBuffers, runSparseLatentStep, runTopKStep, type StepStats } from './runTopKStep';
import { asSparseArchitecture, type ResolvedArchitecture } from './saeArchitectures';
import type { SaeWeights } from './SaeConfig';
import { quickSelect, selectBatchTopK } from './selectBatchTopK';
import type { ActivationMatrix } from './toActivationSource';

/** One architecture's training step on the batch in the heap, and the inference weights it adds. */
export interface SaeStepRunner {
  /** Runs step `step` (0-based) on the `rows` rows in the heap's `x` block; gradients land in the heap. */
  run(rows: number, step: number, l1Coefficient: number): StepStats;
  /** Weights besides `W_enc`, `W_dec`, `b_enc`, `b_dec` of the SAE as trained so far (e.g. `threshold`). */
  extraWeights(): Partial<SaeWeights>;
  /** Called once after the last step, before the last evaluation, with the training sample. */
  finish?(sample: ActivationMatrix): void;
}

/**
 * The global inference threshold of a BatchTopK SAE calibrated on `sample`: the `(k x rows)`-th largest
 * positive pre-activation, so that the sample's mean L0 is `k`, as during training.
 */
function calibrateThreshold(state: TrainingState, sample: ActivationMatrix, k: number): number {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const n = sample.rows;
  const pre = tf.tidy(() => {
    const x = tf.tensor2d(sample.data, [n, d]);
    const xc = tf.sub(x, tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
    const wT = tf.tensor2d(heap.subarray(L.wenc, L.wenc + S * d), [S, d]);
    return tf.add(tf.matMul(wT, tf.transpose(xc)), tf.tensor2d(heap.subarray(L.benc, L.benc + S), [S, 1]));
  });
  const p = pre.dataSync() as Float32Array;
  pre.dispose();
  const positive = new Float32Array(p.length);
  let m = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) positive[m++] = p[i]!;
  const want = Math.min(k * n, m);
  return want > 0 ? quickSelect(positive, m, m - want) : 0;
}

/**
 * The training step of an architecture: TopK (per-row selection), BatchTopK and Matryoshka (selection over
 * the batch, then the same sparse kernels; the inference threshold is a running mean of the batch
 * threshold during training, calibrated at the end on the training sample so that its mean L0 is `k`),
 * or ReLU (dense).
 */
export function createSaeStep(state: TrainingState, arch: ResolvedArchitecture, batchSize: number): SaeStepRunner {
  const { dIn, dSae } = state;
  if (arch.type === 'topk') {
    const buffers = createSparseBuffers(batchSize, arch.k, Math.min(arch.auxK, dSae));
    return { run: (rows) => runTopKStep(state, rows, arch.k, arch.auxK, arch.auxCoefficient, buffers), extraWeights: () => ({}) };
  }
  const sparse = asSparseArchitecture(arch);
  if (sparse && (sparse.type === 'batchtopk' || sparse.type === 'matryoshka')) {
    // a row may hold more than k features; it keeps its largest `stride`
    const stride = Math.min(dSae, Math.max(8 * sparse.k, 64));
    const buffers = createSparseBuffers(batchSize, stride, Math.min(sparse.auxK, dSae));
    const scratch = new Float32Array(dSae * batchSize);
    const prefixEnds = sparse.type === 'matryoshka' ? Int32Array.from(sparse.prefixes) : undefined;
    const rate = sparse.thresholdLearningRate;
    let ema = 0;
    let t = 0;
    let calibrated: number | undefined;
    return {
      run(rows) {
        const { kernels, heap, layout: L } = state;
        const variance = centreBatch(state, rows);
        heap.set(computePreActivations(state, rows), L.pre);
        const thr = selectBatchTopK(kernels, L.pre, L.thr, L.cand, rows, dSae, sparse.k * rows, stride, buffers.idx, buffers.val, buffers.count, scratch);
        if (thr > 0) {
          ema = (1 - rate) * ema + rate * thr;
          t++;
        }
        return runSparseLatentStep(state, rows, variance, stride, sparse.auxK, sparse.auxCoefficient, buffers, thr, prefixEnds);
      },
      extraWeights() {
        // the running mean with Adam's bias correction (so that short runs get one too), until finish()
        const theta = calibrated ?? (t > 0 ? ema / (1 - (1 - rate) ** t) : 0);
        return { threshold: new Float32Array(dSae).fill(theta) };
      },
      finish(sample) {
        calibrated = calibrateThreshold(state, sample, sparse.k);
      },
    };
  }
  const wDecT = new Float32Array(dSae * dIn);
  return { run: (rows, _step, l1) => runReluStep(state, rows, l1, wDecT), extraWeights: () => ({}) };
}
