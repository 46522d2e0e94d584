import * as tf from '@tensorflow/tfjs-core';
import { assertBackend } from './assertBackend';
import { computeGeometricMedian } from './computeGeometricMedian';
import { createRandom, type Random } from './createRandom';
import { createParallelTopKTrainer } from './createParallelTopKTrainer';
import { resolveThreads } from './createThreadPool';
import { createTrainingState, type TrainingState } from './createTrainingState';
import { createMetricsAccumulator, type SaeMetrics } from './evaluateSae';
import { resampleDeadFeatures } from './resampleDeadFeatures';
import { runReluStep } from './runReluStep';
import { createSparseBuffers, runTopKStep, type StepStats } from './runTopKStep';
import { createSae, type Sae } from './Sae';
import {
  saeArchitectures,
  type ResolvedArchitecture,
  type SaeArchitectureOptions,
} from './saeArchitectures';
import type { SaeArchitectureName, SaeConfig } from './SaeConfig';
import {
  checkMatrix,
  toActivationSource,
  type ActivationMatrix,
  type ActivationSource,
  type SaeInput,
} from './toActivationSource';

/** Options of {@link trainSae}. Every field is optional. */
export interface TrainSaeOptions {
  /** Number of features; integer >= 1. Default `4 * dIn` (2048 for 512 inputs). */
  dSae?: number;
  /** `'topk'` (default: k = 32 with AuxK), `'relu'` (ReLU + L1), or the options of either. */
  architecture?: SaeArchitectureName | SaeArchitectureOptions;
  /** Passes over the training rows; integer >= 1. Default 30. */
  epochs?: number;
  /** Rows per step; integer >= 1. Default 512 (topk) or 256 (relu). */
  batchSize?: number;
  /** Peak Adam learning rate; > 0. Default 1e-3. */
  learningRate?: number;
  /** Fraction of the steps of linear learning-rate warm-up; in [0, 1]. Default 0.02. */
  lrWarmupFraction?: number;
  /** Fraction of the steps, at the end, of linear learning-rate decay to 0; in [0, 1]. Default 0.2. */
  lrDecayFraction?: number;
  /** Adam's beta1, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Adam's beta2, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Adam's epsilon, > 0. Default 1e-8. */
  epsilon?: number;
  /** Initial `b_dec`: geometric median (Weiszfeld, default), mean, or zeros of a sample of rows. */
  bDecInit?: 'geometric-median' | 'mean' | 'zeros';
  /**
   * Initial decoder directions: `'data'` (default; unit-norm centred training rows plus a little noise,
   * so that every feature starts where the data is) or `'random'` (isotropic Gaussian). The encoder
   * starts as the decoder's transpose either way.
   */
  decoderInit?: 'data' | 'random';
  /** Rows sampled for the `b_dec` init, resampling and stream evaluations; integer >= 1. Default 4096. */
  sampleRows?: number;
  /**
   * Held-out rows for the evaluations: separate activations, or `{ fraction }` of an in-memory input
   * (in [0, 1); default 0.1). Streams without validation are evaluated on up to 1024 of their sample rows.
   */
  validation?: SaeInput | { fraction: number };
  /** Steps between evaluations; integer >= 1. Default: one per epoch (and always after the last step). */
  evaluateEvery?: number;
  /** Steps between loss records in the history; integer >= 1. Default 10. */
  logEvery?: number;
  /** A feature is dead when it has not fired for this many training rows. Default: one epoch of rows. */
  deadWindowRows?: number;
  /** TopK bias revival applies to features silent for this many training rows. Default: deadWindowRows / 8. */
  reviveAfterRows?: number;
  /** Rows a stream is shuffled over; integer >= batchSize. Default 16384. */
  shuffleBufferRows?: number;
  /** Seed of every random choice (init, shuffling, split, resampling). Default 0. */
  seed?: number;
  /** Cancels training: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called every `logEvery` steps and after each evaluation; may return a promise (awaited). */
  onProgress?: (progress: SaeTrainingProgress) => void | Promise<void>;
  /** Vector kernels: `'auto'` (WebAssembly SIMD where available) or `'js'`. */
  kernels?: 'auto' | 'js';
  /**
   * Threads of the TopK step and update; integer in [1, 256]. Default: all cores. More than one needs
   * `SharedArrayBuffer` (browsers: a cross-origin isolated page) and the wasm SIMD kernels, else training
   * runs on 1 thread and {@link SaeTrainingHistory.threadsNote} says why. Results are identical for every
   * thread count on the wasm backend (see the README); ReLU training runs on 1 thread.
   */
  threads?: number;
  /** Recorded in the SAE config (and `cfg.json`). */
  modelName?: string;
  /** Recorded in the SAE config (and `cfg.json`). */
  hookName?: string;
}

/** One loss record of the training history. */
export interface SaeStepRecord {
  step: number;
  epoch: number;
  rowsSeen: number;
  /** Normalised reconstruction loss of the batch (1 - batch FVE). */
  loss: number;
  /** AuxK loss (topk) or 0. */
  auxLoss: number;
  /** L1 penalty (relu) or 0. */
  sparsityLoss: number;
  /** Mean active features per row of the batch. */
  l0: number;
  learningRate: number;
  /** L1 coefficient in force (relu), else 0. */
  l1Coefficient: number;
  /** Features that have not fired over the dead window. */
  deadFeatures: number;
}

/** One evaluation of the training history. */
export interface SaeEvaluationRecord {
  step: number;
  epoch: number;
  rowsSeen: number;
  /** Seconds since training started. */
  seconds: number;
  /** Which rows were evaluated. */
  split: 'validation' | 'train-sample';
  metrics: SaeMetrics;
  /** Fraction of features that did not fire over the last `deadWindowRows` training rows. */
  deadFractionWindow: number;
}

/** Everything recorded while training. */
export interface SaeTrainingHistory {
  architecture: ResolvedArchitecture;
  options: {
    dSae: number;
    epochs: number;
    batchSize: number;
    learningRate: number;
    lrWarmupFraction: number;
    lrDecayFraction: number;
    bDecInit: string;
    deadWindowRows: number;
    seed: number;
  };
  trainRows: number;
  validationRows: number;
  totalSteps: number;
  steps: SaeStepRecord[];
  evaluations: SaeEvaluationRecord[];
  /** Metrics over all training rows (the sample rows for streams) at the end of training. */
  trainMetrics?: SaeMetrics;
  /** Resampling events: step and number of features resampled. */
  resamples: { step: number; features: number }[];
  /** Wall-clock seconds of the whole run (init, steps, evaluations). */
  seconds: number;
  /** Training rows per second of the whole run. */
  rowsPerSecond: number;
  /** Seconds spent in training steps only (forward, backward, Adam, decoder renormalisation). */
  stepSeconds: number;
  /** `'wasm-simd'` or `'js'`. */
  kernels: string;
  /** Threads that ran the training steps. */
  threads: number;
  /** Why fewer threads ran than were asked for (e.g. a page that is not cross-origin isolated). */
  threadsNote?: string;
  /** The tfjs backend that ran the dense products. */
  backend: string;
}

/** What {@link TrainSaeOptions.onProgress} receives. */
export interface SaeTrainingProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  epochs: number;
  rowsSeen: number;
  last: SaeStepRecord;
  /** Set when an evaluation just finished. */
  evaluation?: SaeEvaluationRecord;
}

function checkInt(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new Error(`trainSae: options.${name} must be ${range}; got ${String(v)}`);
  }
  return v;
}

function checkNum(name: string, v: unknown, ok: (x: number) => boolean, range: string): number {
  if (typeof v !== 'number' || Number.isNaN(v) || !ok(v)) throw new Error(`trainSae: options.${name} must be ${range}; got ${String(v)}`);
  return v;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('trainSae: aborted');
}

/** Copies rows `index[from..to)` of a matrix into the heap at `dst`. */
function gatherRows(heap: Float32Array, dst: number, m: ActivationMatrix, index: Int32Array, from: number, to: number): void {
  const w = m.width;
  for (let t = from; t < to; t++) {
    const r = index[t]!;
    heap.set(m.data.subarray(r * w, (r + 1) * w), dst + (t - from) * w);
  }
}

function shuffle(a: Int32Array, rng: Random, n = a.length): void {
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** Builds an {@link Sae} from the parameters in the heap (W_enc transposed back to `[dIn, dSae]`). */
function buildSae(state: TrainingState, config: SaeConfig, featureFrequency?: Float32Array): Sae {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const W_enc = new Float32Array(d * S);
  for (let j = 0; j < S; j++) {
    const o = L.wenc + j * d;
    for (let i = 0; i < d; i++) W_enc[i * S + j] = heap[o + i]!;
  }
  return createSae(
    {
      W_enc,
      W_dec: heap.slice(L.wdec, L.wdec + S * d),
      b_enc: heap.slice(L.benc, L.benc + S),
      b_dec: heap.slice(L.bdec, L.bdec + d),
    },
    config,
    featureFrequency ? { featureFrequency } : {},
  );
}

/** Unit-norm decoder rows: centred sample rows plus 10% noise (`'data'`) or Gaussian directions. */
function initialiseDecoder(state: TrainingState, init: 'data' | 'random', sample: ActivationMatrix, rng: Random): void {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const order = Int32Array.from({ length: sample.rows }, (_, i) => i);
  shuffle(order, rng);
  for (let j = 0; j < S; j++) {
    const w = L.wdec + j * d;
    let n2 = 0;
    for (let i = 0; i < d; i++) {
      const g = rng.normal();
      heap[w + i] = g;
      n2 += g * g;
    }
    const noise = 1 / Math.sqrt(n2);
    for (let i = 0; i < d; i++) heap[w + i]! *= noise;
    if (init === 'data') {
      const r = order[j % sample.rows]!;
      let c2 = 0;
      for (let i = 0; i < d; i++) c2 += (sample.data[r * d + i]! - heap[L.bdec + i]!) ** 2;
      const inv = c2 > 0 ? 1 / Math.sqrt(c2) : 0;
      for (let i = 0; i < d; i++) heap[w + i] = (sample.data[r * d + i]! - heap[L.bdec + i]!) * inv + 0.1 * heap[w + i]!;
      let m2 = 0;
      for (let i = 0; i < d; i++) m2 += heap[w + i]! ** 2;
      const m = 1 / Math.sqrt(m2);
      for (let i = 0; i < d; i++) heap[w + i]! *= m;
    }
  }
}

/**
 * Initialises the encoder from the decoder: `W_enc = c W_dec^T`. For TopK, `b_enc[j] = -c q_j` with
 * `q_j` the `(1 - k/dSae)` quantile of feature `j`'s projections on a sample, so that every feature
 * starts out firing on about the same share of rows (none starts dead); `c` is then the least-squares
 * scale of the initial reconstruction, which has a closed form because TopK and ReLU commute with it.
 */
function initialiseEncoder(state: TrainingState, sample: ActivationMatrix, k: number): void {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const n = Math.min(sample.rows, 2048);
  const proj = tf.tidy(() => {
    const x = tf.tensor2d(sample.data.subarray(0, n * d), [n, d]);
    const xc = tf.sub(x, tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    return tf.matMul(wDec, tf.transpose(xc)); // [S, n]
  });
  const p = proj.dataSync() as Float32Array;
  proj.dispose();
  const q = new Float32Array(S);
  if (k > 0) {
    const rank = Math.min(n - 1, Math.max(0, Math.floor((n * k) / S)));
    for (let j = 0; j < S; j++) {
      const col = p.slice(j * n, (j + 1) * n).sort();
      q[j] = col[n - 1 - rank]!;
    }
  }
  const [num, den] = tf.tidy(() => {
    const x = tf.tensor2d(sample.data.subarray(0, n * d), [n, d]);
    const xc = tf.sub(x, tf.tensor1d(heap.subarray(L.bdec, L.bdec + d)));
    const wDec = tf.tensor2d(heap.subarray(L.wdec, L.wdec + S * d), [S, d]);
    const pre = tf.sub(tf.transpose(tf.tensor2d(p, [S, n])), tf.tensor1d(q));
    let f = tf.relu(pre);
    if (k > 0) {
      const kth = tf.slice(tf.topk(pre, k).values, [0, k - 1], [-1, 1]);
      f = tf.mul(f, tf.cast(tf.greaterEqual(pre, kth), 'float32'));
    }
    const xh = tf.matMul(f, wDec);
    return [tf.sum(tf.mul(xc, xh)), tf.sum(tf.square(xh))];
  });
  const a = (num.dataSync() as Float32Array)[0]!;
  const b = (den.dataSync() as Float32Array)[0]!;
  tf.dispose([num, den]);
  const c = b > 0 && a > 0 ? a / b : 1;
  for (let i = 0; i < S * d; i++) heap[L.wenc + i] = c * heap[L.wdec + i]!;
  for (let j = 0; j < S; j++) heap[L.benc + j] = -c * q[j]!;
}

/** Decoder-gradient projection, Adam, decoder renormalisation, gradient reset. */
export function applyUpdate(state: TrainingState, lr: number, beta1: number, beta2: number, eps: number, t: number): void {
  const { kernels, heap, dIn: d, dSae: S, layout: L } = state;
  const G = L.grad;
  for (let j = 0; j < S; j++) {
    const w = L.wdec + j * d;
    const c = kernels.dot(G + w, w, d);
    if (c !== 0) kernels.axpy(G + w, w, d, -c);
  }
  const c1 = 1 - beta1 ** t;
  const c2 = Math.sqrt(1 - beta2 ** t);
  kernels.adam(0, G, L.m, L.v, L.nParams, (lr * c2) / c1, beta1, beta2, eps * c2);
  for (let j = 0; j < S; j++) {
    const w = L.wdec + j * d;
    const n2 = kernels.dot(w, w, d);
    if (n2 > 0) kernels.axpy(w, w, d, 1 / Math.sqrt(n2) - 1);
  }
  heap.fill(0, G, G + L.nParams);
}

/** Reads a stream once: counts rows, checks every batch, keeps the first `keep` rows. */
async function scanStream(source: Extract<ActivationSource, { kind: 'stream' }>, keep: number) {
  let rows = 0;
  let width = -1;
  const kept: Float32Array[] = [];
  let keptRows = 0;
  for await (const batch of source.open()) {
    checkMatrix(batch, 'trainSae: input batch', rows);
    if (width < 0) width = batch.width;
    else if (batch.width !== width) {
      throw new Error(`trainSae: input batch at row ${rows} has width ${batch.width}; earlier batches had ${width}`);
    }
    if (keptRows < keep) {
      const n = Math.min(keep - keptRows, batch.rows);
      kept.push(batch.data.slice(0, n * batch.width));
      keptRows += n;
    }
    rows += batch.rows;
  }
  if (rows === 0) throw new Error('trainSae: input has zero rows; need at least 1');
  const sample = new Float32Array(keptRows * width);
  let o = 0;
  for (const k of kept) {
    sample.set(k, o);
    o += k.length;
  }
  return { rows, width, sample: { data: sample, rows: keptRows, width } as ActivationMatrix };
}

/**
 * Trains a sparse autoencoder on activations: TopK + AuxK (default, k = 32) or ReLU + L1. The
 * encoder product runs on the active tfjs backend; for TopK everything else is sparse (only the k
 * active features of a row decode and receive gradient) on WebAssembly SIMD kernels.
 *
 * @example
 * ```ts
 * import { trainSae } from '@interp/sae';
 * const rows = 2000, width = 64;
 * const data = new Float32Array(rows * width).map(() => Math.random());
 * const { sae, history } = await trainSae({ data, rows, width }, { dSae: 256, epochs: 5, seed: 1 });
 * console.log(history.evaluations.at(-1)?.metrics.fve);
 * sae.dispose();
 * ```
 */
export async function trainSae(
  input: SaeInput,
  options: TrainSaeOptions = {},
): Promise<{ sae: Sae; history: SaeTrainingHistory }> {
  assertBackend('trainSae');
  const source = toActivationSource(input, 'trainSae: input');
  const seed = checkInt('seed', options.seed ?? 0, 0, 2 ** 32 - 1);
  const rng = createRandom(seed);
  const sampleRows = checkInt('sampleRows', options.sampleRows ?? 4096, 1);

  // ---- data: in-memory split, or a scanned stream
  let train: ActivationMatrix | undefined;
  let trainIndex: Int32Array | undefined;
  let validation: ActivationMatrix | undefined;
  let sample: ActivationMatrix;
  let trainRows: number;
  let dIn: number;
  if (source.kind === 'memory') {
    const m = source.matrix;
    if (m.rows === 0) throw new Error('trainSae: input has zero rows; need at least 1');
    dIn = m.width;
    const v = options.validation;
    const order = Int32Array.from({ length: m.rows }, (_, i) => i);
    shuffle(order, rng); // random split and random init sample
    let nVal = 0;
    if (v === undefined || (typeof v === 'object' && v !== null && 'fraction' in v && !('data' in v))) {
      const fraction = checkNum('validation.fraction', v === undefined ? 0.1 : (v as { fraction: number }).fraction, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
      nVal = m.rows >= 2 ? Math.min(m.rows - 1, Math.round(fraction * m.rows)) : 0;
      if (fraction > 0 && m.rows >= 2) nVal = Math.max(1, nVal);
      if (nVal > 0) {
        validation = { data: new Float32Array(nVal * dIn), rows: nVal, width: dIn };
        gatherRows(validation.data, 0, m, order, m.rows - nVal, m.rows);
      }
    } else {
      const vs = toActivationSource(v as SaeInput, 'trainSae: options.validation');
      if (vs.kind !== 'memory') throw new Error('trainSae: options.validation must be in memory (a matrix or tensor), not a stream');
      validation = vs.matrix;
    }
    trainRows = m.rows - nVal;
    trainIndex = order.slice(0, trainRows);
    train = m;
    const ns = Math.min(sampleRows, trainRows);
    sample = { data: new Float32Array(ns * dIn), rows: ns, width: dIn };
    gatherRows(sample.data, 0, m, trainIndex, 0, ns);
  } else {
    const scan = await scanStream(source, sampleRows);
    trainRows = scan.rows;
    dIn = scan.width;
    sample = scan.sample;
    if (options.validation !== undefined) {
      if (typeof options.validation === 'object' && 'fraction' in options.validation && !('data' in options.validation)) {
        throw new Error('trainSae: options.validation.fraction needs an in-memory input; pass held-out activations instead for streams');
      }
      const vs = toActivationSource(options.validation as SaeInput, 'trainSae: options.validation');
      if (vs.kind !== 'memory') throw new Error('trainSae: options.validation must be in memory (a matrix or tensor), not a stream');
      validation = vs.matrix;
    }
  }
  if (validation && validation.width !== dIn) {
    throw new Error(`trainSae: options.validation width must equal the input width ${dIn}; got ${validation.width}`);
  }

  // ---- hyper-parameters
  const dSae = checkInt('dSae', options.dSae ?? 4 * dIn, 1);
  const archOpt: Partial<SaeArchitectureOptions> =
    typeof options.architecture === 'string' ? ({ type: options.architecture } as Partial<SaeArchitectureOptions>) : (options.architecture ?? { type: 'topk' });
  const archName = archOpt.type ?? 'topk';
  const definition = saeArchitectures[archName as SaeArchitectureName];
  if (!definition) {
    throw new Error(`trainSae: options.architecture must be one of ${Object.keys(saeArchitectures).join(', ')}; got ${JSON.stringify(archName)}`);
  }
  const arch = definition.resolve(archOpt, dSae, 'trainSae: options.architecture');
  const epochs = checkInt('epochs', options.epochs ?? 30, 1);
  const batchSize = checkInt('batchSize', options.batchSize ?? definition.defaultBatchSize, 1);
  const learningRate = checkNum('learningRate', options.learningRate ?? definition.defaultLearningRate, (x) => x > 0 && Number.isFinite(x), 'a finite number > 0');
  const lrWarmupFraction = checkNum('lrWarmupFraction', options.lrWarmupFraction ?? 0.02, (x) => x >= 0 && x <= 1, 'a number in [0, 1]');
  const lrDecayFraction = checkNum('lrDecayFraction', options.lrDecayFraction ?? 0.2, (x) => x >= 0 && x <= 1, 'a number in [0, 1]');
  const beta1 = checkNum('beta1', options.beta1 ?? 0.9, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
  const beta2 = checkNum('beta2', options.beta2 ?? 0.999, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
  const epsilon = checkNum('epsilon', options.epsilon ?? 1e-8, (x) => x > 0, 'a number > 0');
  const bDecInit = options.bDecInit ?? 'geometric-median';
  if (!['geometric-median', 'mean', 'zeros'].includes(bDecInit)) {
    throw new Error(`trainSae: options.bDecInit must be one of geometric-median, mean, zeros; got ${JSON.stringify(bDecInit)}`);
  }
  const decoderInit = options.decoderInit ?? 'data';
  if (decoderInit !== 'data' && decoderInit !== 'random') {
    throw new Error(`trainSae: options.decoderInit must be 'data' or 'random'; got ${JSON.stringify(decoderInit)}`);
  }
  const logEvery = checkInt('logEvery', options.logEvery ?? 10, 1);
  const stepsPerEpoch = Math.ceil(trainRows / batchSize);
  const totalSteps = stepsPerEpoch * epochs;
  const evaluateEvery = checkInt('evaluateEvery', options.evaluateEvery ?? stepsPerEpoch, 1);
  const deadWindowRows = checkInt('deadWindowRows', options.deadWindowRows ?? trainRows, 1);
  const reviveAfterRows = checkInt('reviveAfterRows', options.reviveAfterRows ?? Math.max(1, Math.round(deadWindowRows / 8)), 1);
  const shuffleBufferRows = checkInt('shuffleBufferRows', options.shuffleBufferRows ?? 16384, batchSize);
  const kernelPref = options.kernels ?? 'auto';
  if (kernelPref !== 'auto' && kernelPref !== 'js') throw new Error(`trainSae: options.kernels must be 'auto' or 'js'; got ${JSON.stringify(kernelPref)}`);
  const signal = options.signal;
  if (signal?.aborted) throw abortReason(signal);

  const config: SaeConfig = {
    dIn,
    dSae,
    activation: definition.activation(arch),
    applyBDecToInput: true,
    ...(options.modelName !== undefined ? { modelName: options.modelName } : {}),
    ...(options.hookName !== undefined ? { hookName: options.hookName } : {}),
  };

  // ---- state and initialisation
  const threadSupport = resolveThreads(options.threads, 'trainSae: options.threads');
  let threads = threadSupport.threads;
  let threadsNote = threadSupport.note;
  if (threads > 1 && (kernelPref !== 'auto' || arch.type !== 'topk')) {
    threadsNote = kernelPref !== 'auto' ? "options.kernels 'js' runs on 1 thread" : 'ReLU training runs on 1 thread';
    threads = 1;
  }
  const state = createTrainingState(dIn, dSae, batchSize, kernelPref, threads > 1);
  const { heap, layout: L, kernels } = state;
  if (bDecInit === 'geometric-median') heap.set(computeGeometricMedian(sample.data, sample.rows, dIn), L.bdec);
  else if (bDecInit === 'mean') heap.set(computeGeometricMedian(sample.data, sample.rows, dIn, { maxIterations: 0 }), L.bdec);
  initialiseDecoder(state, decoderInit, sample, rng);
  initialiseEncoder(state, sample, arch.type === 'topk' ? arch.k : 0);

  const topk = arch.type === 'topk' ? arch : undefined;
  const relu = arch.type === 'relu' ? arch : undefined;
  const buffers = topk ? createSparseBuffers(batchSize, topk.k, Math.min(topk.auxK, dSae)) : undefined;
  const wDecT = relu ? new Float32Array(dSae * dIn) : undefined;
  const resampleSteps = new Set(arch.resampleAtFractions.map((f) => Math.max(1, Math.round(f * totalSteps))));

  const history: SaeTrainingHistory = {
    architecture: arch,
    options: { dSae, epochs, batchSize, learningRate, lrWarmupFraction, lrDecayFraction, bDecInit, deadWindowRows, seed },
    trainRows,
    validationRows: validation?.rows ?? 0,
    totalSteps,
    steps: [],
    evaluations: [],
    resamples: [],
    seconds: 0,
    rowsPerSecond: 0,
    stepSeconds: 0,
    kernels: kernels.kind,
    threads,
    ...(threadsNote !== undefined ? { threadsNote } : {}),
    backend: tf.getBackend(),
  };
  const lastFired = new Float64Array(dSae);
  const warmSteps = lrWarmupFraction * totalSteps;
  const decayStart = (1 - lrDecayFraction) * totalSteps;
  const learningRateAt = (step: number): number => {
    let f = warmSteps > 0 ? Math.min(1, (step + 1) / warmSteps) : 1;
    if (lrDecayFraction > 0 && step >= decayStart) f *= Math.max(0, (totalSteps - step) / (totalSteps - decayStart));
    return learningRate * f;
  };
  const l1At = (step: number): number => {
    if (!relu) return 0;
    const w = relu.l1WarmupFraction * totalSteps;
    return relu.l1Coefficient * (w > 0 ? Math.min(1, (step + 1) / w) : 1);
  };
  const updateDead = (rowsSeen: number): number => {
    let n = 0;
    for (let j = 0; j < dSae; j++) if (rowsSeen - lastFired[j]! >= deadWindowRows) state.dead[n++] = j;
    state.nDead = n;
    return n;
  };

  const started = performance.now();
  let lastYield = started;
  let step = 0;
  let rowsSeen = 0;
  const evaluate = async (epoch: number): Promise<SaeEvaluationRecord> => {
    const sae = buildSae(state, config);
    try {
      const acc = createMetricsAccumulator(sae);
      // held-out rows, else (streams) the first 1024 sample rows, to keep per-epoch evaluations cheap
      const rows = validation ?? { ...sample, rows: Math.min(sample.rows, 1024) };
      for (let r = 0; r < rows.rows; r += 1024) {
        const n = Math.min(1024, rows.rows - r);
        acc.add({ data: rows.data.subarray(r * dIn, (r + n) * dIn), rows: n, width: dIn });
      }
      const deadNow = rowsSeen >= deadWindowRows ? updateDead(rowsSeen) : 0;
      return {
        step,
        epoch,
        rowsSeen,
        seconds: (performance.now() - started) / 1000,
        split: validation ? 'validation' : 'train-sample',
        metrics: acc.result(),
        deadFractionWindow: deadNow / dSae,
      };
    } finally {
      sae.dispose();
    }
  };

  // batches: yields the number of rows written to the heap's x block
  async function* batches(): AsyncGenerator<number> {
    if (train && trainIndex) {
      shuffle(trainIndex, rng);
      for (let s = 0; s < trainRows; s += batchSize) {
        const n = Math.min(batchSize, trainRows - s);
        gatherRows(heap, L.x, train, trainIndex, s, s + n);
        yield n;
      }
      return;
    }
    const stream = source as Extract<ActivationSource, { kind: 'stream' }>;
    const buf = new Float32Array(shuffleBufferRows * dIn);
    const order = new Int32Array(shuffleBufferRows);
    let filled = 0;
    let seen = 0;
    const bufMatrix: ActivationMatrix = { data: buf, rows: shuffleBufferRows, width: dIn };
    const flush = function* (final: boolean): Generator<number> {
      for (let i = 0; i < filled; i++) order[i] = i;
      shuffle(order, rng, filled);
      let s = 0;
      for (; s + batchSize <= filled || (final && s < filled); s += batchSize) {
        const n = Math.min(batchSize, filled - s);
        gatherRows(heap, L.x, bufMatrix, order, s, s + n);
        yield n;
      }
      // keep the rows that did not make a full batch
      const left = Math.max(0, filled - s);
      if (left > 0) {
        const tmp = new Float32Array(left * dIn);
        gatherRows(tmp, 0, bufMatrix, order, s, filled);
        buf.set(tmp, 0);
      }
      filled = left;
    };
    for await (const batch of stream.open()) {
      checkMatrix(batch, 'trainSae: input batch', seen);
      if (batch.width !== dIn) throw new Error(`trainSae: input batch at row ${seen} has width ${batch.width}; expected ${dIn}`);
      seen += batch.rows;
      let r = 0;
      while (r < batch.rows) {
        const n = Math.min(batch.rows - r, shuffleBufferRows - filled);
        buf.set(batch.data.subarray(r * dIn, (r + n) * dIn), filled * dIn);
        filled += n;
        r += n;
        if (filled === shuffleBufferRows) yield* flush(false);
      }
    }
    if (seen === 0) throw new Error('trainSae: the input stream yielded no rows on a later epoch; pass a function returning a fresh AsyncIterable, or an iterable that starts over');
    yield* flush(true);
  }

  // the threaded step (its own wasm encoder product, same results as tfjs' wasm matMul): on more than one
  // thread, and on one thread where the backend is wasm (it skips the copies to and from tfjs)
  const threadedStep = topk !== undefined && kernels.kind === 'wasm-simd' && (threads > 1 || tf.getBackend() === 'wasm');
  const parallel = threadedStep ? await createParallelTopKTrainer(state, threads, topk.k, Math.min(topk.auxK, dSae)) : undefined;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for await (const rows of batches()) {
        if (signal?.aborted) throw abortReason(signal);
        if (topk && topk.auxK > 0) updateDead(rowsSeen);
        const stepStarted = performance.now();
        state.fired.fill(0);
        const lr = learningRateAt(step);
        const l1 = l1At(step);
        let stats: StepStats;
        if (topk && parallel) stats = await parallel.step(rows, topk.k, topk.auxK, topk.auxCoefficient);
        else if (topk && buffers) stats = runTopKStep(state, rows, topk.k, topk.auxK, topk.auxCoefficient, buffers);
        else stats = runReluStep(state, rows, l1, wDecT ?? new Float32Array(0));
        if (!Number.isFinite(stats.loss)) {
          throw new Error(`trainSae: the loss became ${stats.loss} at step ${step}; lower options.learningRate (now ${learningRate})`);
        }
        rowsSeen += rows;
        for (let j = 0; j < dSae; j++) if (state.fired[j]) lastFired[j] = rowsSeen;
        step++;
        if (parallel) await parallel.update(lr, beta1, beta2, epsilon, step);
        else applyUpdate(state, lr, beta1, beta2, epsilon, step);
        if (arch.biasRevival > 0 && stats.threshold > 0) {
          // a nudge of biasRevival x the batch's activation scale (TopK threshold, or mean positive ReLU
          // activation) per step, capped where the feature's best row of this batch reaches 1.5 x (TopK) or
          // 0.5 x (ReLU) that scale: it then fires on a few rows and its gradient decides
          const thr = stats.threshold;
          const target = (topk ? 1.5 : 0.5) * thr;
          const { preT, preMax } = stats;
          for (let j = 0; j < dSae; j++) {
            if (rowsSeen - lastFired[j]! < reviveAfterRows) continue;
            let best = -Infinity;
            if (preMax) best = preMax[j]!;
            else if (preT) for (let b = j * rows, e = b + rows; b < e; b++) if (preT[b]! > best) best = preT[b]!;
            const room = target - best;
            if (room > 0) heap[L.benc + j]! += Math.min(arch.biasRevival * thr, room);
          }
        }
        history.stepSeconds += (performance.now() - stepStarted) / 1000;
        if (resampleSteps.has(step) && rowsSeen >= deadWindowRows) {
          const n = updateDead(rowsSeen);
          if (n > 0) {
            resampleDeadFeatures(state, state.dead, n, sample, rng, topk ? topk.k : 0);
            for (let t = 0; t < n; t++) lastFired[state.dead[t]!] = rowsSeen;
            history.resamples.push({ step, features: n });
          }
        }
        const record: SaeStepRecord = {
          step,
          epoch,
          rowsSeen,
          loss: stats.loss,
          auxLoss: stats.auxLoss,
          sparsityLoss: stats.sparsityLoss,
          l0: stats.active / rows,
          learningRate: lr,
          l1Coefficient: l1,
          deadFeatures: state.nDead,
        };
        const logNow = step % logEvery === 0 || step === totalSteps;
        if (logNow) history.steps.push(record);
        let evaluation: SaeEvaluationRecord | undefined;
        if (step % evaluateEvery === 0 || step === totalSteps) {
          evaluation = await evaluate(epoch);
          history.evaluations.push(evaluation);
        }
        if (options.onProgress && (logNow || evaluation)) {
          await options.onProgress({ step, totalSteps, epoch, epochs, rowsSeen, last: record, ...(evaluation ? { evaluation } : {}) });
        }
        const now = performance.now();
        if (now - lastYield > 100) {
          lastYield = now;
          await new Promise<void>((resolve) => setTimeout(resolve, 0));
          if (signal?.aborted) throw abortReason(signal);
        }
      }
    }
    history.seconds = (performance.now() - started) / 1000;
    history.rowsPerSecond = rowsSeen / Math.max(history.seconds, 1e-9);
    // firing frequencies over the training rows (the sample rows for streams), kept with the SAE
    const probe = buildSae(state, config);
    let frequency: Float32Array;
    try {
      const acc = createMetricsAccumulator(probe);
      if (train && trainIndex) {
        const chunk = new Float32Array(Math.min(1024, trainRows) * dIn);
        for (let r = 0; r < trainRows; r += 1024) {
          const n = Math.min(1024, trainRows - r);
          gatherRows(chunk, 0, train, trainIndex, r, r + n);
          acc.add({ data: chunk.subarray(0, n * dIn), rows: n, width: dIn });
        }
      } else {
        acc.add(sample);
      }
      history.trainMetrics = acc.result();
      frequency = history.trainMetrics.featureFrequency;
    } finally {
      probe.dispose();
    }
    return { sae: buildSae(state, config, frequency), history };
  } finally {
    parallel?.dispose();
    state.fired.fill(0);
  }
}
