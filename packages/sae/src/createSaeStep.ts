import * as tf from '@tensorflow/tfjs-core';
import type { TrainingState } from './createTrainingState';
import { createSparsityController } from './createSparsityController';
import { runGatedStep } from './runGatedStep';
import { runJumpReluStep } from './runJumpReluStep';
import { runReluStep } from './runReluStep';
import { centreBatch, computePreActivations, createSparseBuffers, runSparseLatentStep, runTopKStep, type StepStats } from './runTopKStep';
import { asSparseArchitecture, type ResolvedArchitecture } from './saeArchitectures';
import type { SaeWeights } from './SaeConfig';
import { quickSelect } from './quickSelect';
import { selectBatchTopK } from './selectBatchTopK';
import type { ActivationMatrix } from './toActivationSource';

/** One architecture's training step on the batch in the heap, and the inference weights it adds. */
export interface SaeStepRunner {
  /** Runs step `step` (0-based) on the `rows` rows in the heap's `x` block; gradients land in the heap. */
  run(rows: number, step: number, sparsityCoefficient: number): StepStats;
  /** The sparsity coefficient of step `step` (ReLU's L1, JumpReLU's L0; 0 for the k-architectures). */
  coefficient(step: number): number;
  /** Feeds the L0 of the batch just trained on at step `step` (0-based; the `targetL0` controllers). */
  observe?(l0: number, step: number): void;
  /** Weights besides `W_enc`, `W_dec`, `b_enc`, `b_dec` of the SAE as trained so far (e.g. `threshold`). */
  extraWeights(): Partial<SaeWeights>;
  /** Called once after the last step, before the last evaluation, with the training sample. */
  finish?(sample: ActivationMatrix): void;
  /** The step's own state between steps (for checkpoints), if it keeps any. */
  saveState?(): number[];
  /** Restores what {@link SaeStepRunner.saveState} returned. */
  loadState?(state: number[]): void;
  /**
   * After `resampleDeadFeatures` gave the first `n` features of `features` new encoder and decoder rows
   * and encoder biases: starts the architecture's own parameters of those features afresh (and their Adam moments).
   */
  resetFeatures?(features: Int32Array, n: number): void;
  /** Heap offset of the `[dSae]` bias bias revival nudges, when it is not the encoder bias (gated: `b_gate`). */
  revivalBiasOffset?: number;
  /** Heap offset of a second `[dSae]` bias that bias revival nudges by the same amount (gated: `b_mag`). */
  revivalAlsoOffset?: number;
}

/** Zeroes the Adam moments of the `[dSae]` block at `offset` for the first `n` of `features`. */
function resetMoments(state: TrainingState, offset: number, features: Int32Array, n: number): void {
  const { heap, layout: L } = state;
  for (let t = 0; t < n; t++) {
    heap[L.m + offset + features[t]!] = 0;
    heap[L.v + offset + features[t]!] = 0;
  }
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
 * ReLU or JumpReLU (dense, with a controller that adapts the sparsity coefficient to `targetL0` when set).
 */
export function createSaeStep(
  state: TrainingState,
  arch: ResolvedArchitecture,
  batchSize: number,
  sample: ActivationMatrix,
  totalSteps: number,
): SaeStepRunner {
  const { dIn, dSae } = state;
  if (arch.type === 'topk') {
    const buffers = createSparseBuffers(batchSize, arch.k, Math.min(arch.auxK, dSae));
    return { run: (rows) => runTopKStep(state, rows, arch.k, arch.auxK, arch.auxCoefficient, buffers), coefficient: () => 0, extraWeights: () => ({}) };
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
      coefficient: () => 0,
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
      saveState: () => [ema, t],
      loadState(saved) {
        [ema, t] = saved as [number, number];
      },
    };
  }
  const wDecT = new Float32Array(dSae * dIn);
  if (arch.type === 'jumprelu') {
    const { heap, layout: L } = state;
    // scale of the activations: mean positive pre-activation of the initialised encoder on the sample
    const scale = meanPositivePreActivation(state, sample);
    const eps = arch.bandwidth * scale;
    heap.fill(Math.log(eps), L.extra, L.extra + dSae);
    const control = createSparsityController(arch.l0Coefficient, arch.targetL0 ?? undefined);
    return {
      coefficient: () => control.value,
      run: (rows, _step, l0) => runJumpReluStep(state, rows, l0, eps, wDecT),
      observe: (l0) => control.update(l0),
      extraWeights: () => ({ threshold: Float32Array.from(heap.subarray(L.extra, L.extra + dSae), Math.exp) }),
      resetFeatures(features, n) {
        // thresholds back to their start (the kernel width); without it a resampled feature keeps the large
        // threshold it died with and stays silent
        for (let t = 0; t < n; t++) heap[L.extra + features[t]!] = Math.log(eps);
        resetMoments(state, L.extra, features, n);
      },
    };
  }
  if (arch.type === 'gated') {
    const { heap, layout: L } = state;
    // both paths start as the initialiser's ReLU encoder: b_gate = b_mag = its bias (each feature open on about
    // targetL0/dSae of the rows) and r_mag = 0, so that f = relu(gate) at first, the reconstruction the
    // initialiser scaled W_gate for. With b_mag = 0 (before) an open feature output its whole projection, not the
    // part above the gate's threshold: the first reconstruction overshot (loss 385 x the variance on the reference
    // MLP activations), the step shrank W_gate until most gates never opened again and 78% of the features died
    heap.copyWithin(L.extra, L.benc, L.benc + dSae);
    heap.fill(0, L.extra + dSae, L.extra + 2 * dSae);
    const runner = withL1Control(arch, totalSteps, (rows, l1) => runGatedStep(state, rows, l1, wDecT), () => ({
      b_gate: heap.slice(L.extra, L.extra + dSae),
      r_mag: heap.slice(L.extra + dSae, L.extra + 2 * dSae),
    }));
    // bias revival opens a silent feature's gate and raises its magnitude bias as much, so that it outputs a
    // positive value where the gate opens (reviving b_gate alone left 76% of the reference run's features with
    // an open gate and a negative magnitude)
    runner.revivalBiasOffset = L.extra;
    runner.revivalAlsoOffset = L.benc;
    runner.resetFeatures = (features, n) => {
      // as at initialisation: the resampled bias is both b_gate and b_mag, and r_mag = 0
      for (let t = 0; t < n; t++) {
        const j = features[t]!;
        heap[L.extra + j] = heap[L.benc + j]!;
        heap[L.extra + dSae + j] = 0;
      }
      resetMoments(state, L.extra, features, n);
      resetMoments(state, L.extra + dSae, features, n);
    };
    return runner;
  }
  if (arch.type !== 'relu') throw new Error(`trainSae: no training step for architecture ${JSON.stringify(arch.type)}`);
  return withL1Control(arch, totalSteps, (rows, l1) => runReluStep(state, rows, l1, wDecT), () => ({}));
}

/**
 * An L1-penalised step (ReLU, gated): the coefficient ramps up linearly over `l1WarmupFraction` of the steps;
 * with a `targetL0`, the controller adapts it from the end of the warm-up on (during the warm-up the code is
 * denser than any target, which would only inflate the coefficient).
 */
function withL1Control(
  arch: { l1Coefficient: number; l1WarmupFraction: number; targetL0: number | null },
  totalSteps: number,
  run: (rows: number, l1: number) => StepStats,
  extraWeights: () => Partial<SaeWeights>,
): SaeStepRunner {
  const control = createSparsityController(arch.l1Coefficient, arch.targetL0 ?? undefined);
  const warm = arch.l1WarmupFraction * totalSteps;
  return {
    coefficient: (step) => control.value * (warm > 0 ? Math.min(1, (step + 1) / warm) : 1),
    run: (rows, _step, l1) => run(rows, l1),
    observe: (l0, step) => {
      if (step + 1 >= warm) control.update(l0);
    },
    extraWeights,
  };
}

/** Mean of the positive pre-activations of the SAE in the heap over (up to 1024 of) the sample rows. */
function meanPositivePreActivation(state: TrainingState, sample: ActivationMatrix): number {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const n = Math.min(sample.rows, 1024);
  const pre = tf.tidy(() => {
    const xc = tf.sub(tf.tensor2d(sample.data.subarray(0, n * d), [n, d]), tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
    const wT = tf.tensor2d(heap.subarray(L.wenc, L.wenc + S * d), [S, d]);
    return tf.add(tf.matMul(wT, tf.transpose(xc)), tf.tensor2d(heap.subarray(L.benc, L.benc + S), [S, 1]));
  });
  const p = pre.dataSync() as Float32Array;
  pre.dispose();
  let sum = 0;
  let count = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! > 0) {
      sum += p[i]!;
      count++;
    }
  }
  return count > 0 ? sum / count : 1;
}
