import * as tf from '@tensorflow/tfjs-core';
import { createThreadChooser, resolveThreads, simdModule, type ThreadChooser } from '@interp/kernels';
import { computeMlpGradients, forwardTrainLayout } from './computeMlpGradients';
import { createMlpKernelTrainer, supportsMlpKernels, type MlpKernelTrainer } from './createMlpKernelTrainer';
import { createMlp, type Mlp } from './createMlp';
import { checkEnum, checkInteger, createMulberry32, shufflePermutation, throwIfAborted, yieldToEventLoop } from '@interp/core';
import { scorePredictions } from './evaluateMlp';
import { checkLearningRateSchedule, learningRateAt, type LearningRateSchedule } from './learningRate';
import { resolveMlpConfig, type MlpConfig } from './mlpConfig';
import { checkMlpData, type MlpData } from './mlpData';
import { createMlpParameterLayout } from './mlpParameterLayout';

/**
 * Progress of {@link trainMlp}, reported every `progressEvery` steps and at the end of each epoch.
 *
 * @example
 * ```ts
 * const onProgress = (p: MlpTrainingProgress) => bar.update((p.epoch - 1 + p.step / p.steps) / p.epochs);
 * ```
 */
export interface MlpTrainingProgress {
  /** Current epoch, 1-based. */
  epoch: number;
  /** Planned epochs. */
  epochs: number;
  /** Steps done in the current epoch. */
  step: number;
  /** Steps per epoch. */
  steps: number;
  /** Mean training MSE over the current epoch so far. */
  trainMse: number;
  /** Latest validation MSE (undefined before the first evaluation). */
  valMse: number | undefined;
}

/**
 * One epoch of {@link MlpTrainingHistory}.
 *
 * @example
 * ```ts
 * history.epochs.map((e: MlpEpochRecord) => e.valMse); // the validation curve
 * ```
 */
export interface MlpEpochRecord {
  epoch: number;
  /** Mean training MSE over the epoch's minibatches. */
  trainMse: number;
  /** Validation MSE after the epoch, where evaluated. */
  valMse?: number;
  /** Validation fraction of rows exact after rounding, where evaluated. */
  valExact?: number;
  /** Learning rate of the epoch's last step. */
  learningRate: number;
  /** Seconds since training started. */
  seconds: number;
}

/**
 * What happened during {@link trainMlp}.
 *
 * @example
 * ```ts
 * const { history } = await trainMlp({ train, val });
 * console.log(`best epoch ${history.bestEpoch}: val MSE ${history.bestValMse}`);
 * ```
 */
export interface MlpTrainingHistory {
  epochs: MlpEpochRecord[];
  /** Epoch of the kept (best validation MSE) checkpoint. */
  bestEpoch: number;
  /** Validation MSE of the kept checkpoint. */
  bestValMse: number;
  /** Whether early stopping ended training before the planned epochs. */
  stoppedEarly: boolean;
  /** Optimizer steps taken. */
  steps: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Threads the training steps ran on (1: tfjs' own ops on the selected backend). */
  threads: number;
  /**
   * Why fewer threads ran than were asked for (e.g. a gelu/tanh layer, or no `SharedArrayBuffer`), or how many
   * steps ran on 1 thread because all of them were slower at the time (see {@link TrainMlpOptions.adaptThreads}).
   */
  threadsNote?: string;
}

/**
 * Options of {@link trainMlp}. All optional.
 *
 * @example
 * ```ts
 * const options: TrainMlpOptions = { epochs: 10, batchSize: 256, patience: 3, onLog: console.log };
 * ```
 */
export interface TrainMlpOptions {
  /** Model configuration (default {@link defaultMlpConfig}). */
  config?: Partial<MlpConfig>;
  /** Seed of the weight initialisation and of every epoch's shuffle (default 0). */
  seed?: number;
  /** Planned epochs (default 20). */
  epochs?: number;
  /** Minibatch size (default 256; the last partial batch of an epoch is dropped). */
  batchSize?: number;
  /** Base learning rate of Adam (default 0.02, tuned for the reference task at batch 256). */
  learningRate?: number;
  /** Learning-rate schedule (default cosine with 1 warm-up epoch, down to 1% of the base). */
  schedule?: LearningRateSchedule;
  /** Adam beta1 (default 0.9). */
  beta1?: number;
  /** Adam beta2 (default 0.999). */
  beta2?: number;
  /** Adam epsilon (default 1e-8). */
  epsilon?: number;
  /** Decoupled (AdamW) weight decay of every parameter per step, times the learning rate (default 0). */
  weightDecay?: number;
  /** Evaluate the validation split every this many epochs (default 1; always after the last). The same option, in the same unit, as `trainSae`'s. */
  evaluateEvery?: number;
  /** @deprecated Use {@link TrainMlpOptions.evaluateEvery}. */
  evalEvery?: number;
  /** Log `Epoch N | Val MSE: x` every this many epochs (default 2), and at the last epoch. */
  logEvery?: number;
  /** Stop after this many evaluations without improvement (default: never). */
  patience?: number;
  /** Smallest validation improvement that counts (default 0). */
  minDelta?: number;
  /** Receives the log lines. */
  onLog?: (line: string) => void;
  /** Receives progress; see {@link MlpTrainingProgress}. */
  onProgress?: (progress: MlpTrainingProgress) => void;
  /** Report progress every this many steps (default 25). */
  progressEvery?: number;
  /**
   * Threads of the training step (default: all cores). The step runs on the WebAssembly SIMD kernels of
   * `@interp/kernels`, split over worker threads (Node `worker_threads`, or Web Workers in a cross-origin
   * isolated page; otherwise 1 thread, said in `history.threadsNote`): the forward and backward activations by
   * rows, the weight gradients and Adam by hidden unit, so no sum is reordered and every thread count gives the
   * same weights. The kernels round as tfjs' wasm backend (XNNPACK) does, so they match tfjs' own ops on that
   * backend bit for bit. Which path runs: see {@link TrainMlpOptions.engine}.
   */
  threads?: number;
  /**
   * `'auto'` (default): the kernels when the model has a ReLU hidden layer and a ReLU or linear bottleneck,
   * wasm SIMD is available, tfjs' backend is `wasm` or `cpu`, and either more than one thread runs or the
   * backend is `wasm` (where the two paths give the same floats, and the kernels are faster); otherwise tfjs'
   * own ops on the selected backend (e.g. webgl, webgpu, tfjs-node), on 1 thread. `'tfjs'`: always tfjs' ops, on 1 thread (the path before `threads` existed; e.g. for a GPU
   * backend). Whatever the engine, `threads: 1` gives the floats this option gave before `threads` existed.
   */
  engine?: 'auto' | 'tfjs';
  /**
   * With more than one thread (default `true`): time blocks of 8 steps on all threads and on 1 (4 blocks at the
   * start, then two blocks on the count not in use every 16 blocks or, while it keeps losing, up to every 64)
   * and run on the faster, so that a busy machine, where the threads wait for each other's cores, is not
   * slower than 1 thread. The weights are the same on any thread count, so this changes only the speed;
   * `history.threadsNote` says how many steps ran on 1 thread when it was chosen. `false`: always all threads
   * (for benchmarks of a thread count).
   */
  adaptThreads?: boolean;
  /**
   * Aborts training, checked before every step: the promise rejects with the signal's reason when it is an
   * `Error` (e.g. the `AbortError` of `controller.abort()`), else with an `AbortError` (as `trainSae`).
   */
  signal?: AbortSignal;
}

/**
 * The training and validation splits of {@link trainMlp}.
 *
 * @example
 * ```ts
 * const data: TrainMlpData = { train: { inputs, targets, rows }, val };
 * ```
 */
export interface TrainMlpData {
  train: MlpData;
  val: MlpData;
}

function checkPositiveInt(name: string, v: number, max = 1e9): void {
  checkInteger(v, `trainMlp: ${name}`, { min: 1, max });
}

function checkNumber(name: string, v: number, lo: number, hi: number, loOpen = false): void {
  if (typeof v !== 'number' || !(loOpen ? v > lo : v >= lo) || !(v <= hi)) {
    throw new RangeError(`trainMlp: ${name} must be in ${loOpen ? '(' : '['}${lo}, ${hi}], got ${String(v)}`);
  }
}

/** Scaled inputs with a trailing ones column, row-major `[rows, inputSize + 1]`. */
function augmentInputs(data: MlpData, config: MlpConfig): Float32Array {
  const { inputSize, inputScale, inputShift } = config;
  const w = inputSize + 1;
  const out = new Float32Array(data.rows * w);
  for (let r = 0; r < data.rows; r++) {
    for (let c = 0; c < inputSize; c++) {
      out[r * w + c] = (data.inputs[r * inputSize + c] as number) * (inputScale[c] as number) + (inputShift[c] as number);
    }
    out[r * w + inputSize] = 1;
  }
  return out;
}

/**
 * Trains a bottleneck MLP with minibatch Adam on mean squared error.
 *
 * The loop is built to be bound by matMul (73% of a step on wasm, see the README): each
 * epoch is shuffled once on the JS side and every batch (and its transpose) is uploaded
 * as is, since tfjs-wasm `slice`/`gather` copy their whole input; forward and backward are
 * hand-written with plain matMuls only (no transposeA/B flags, no transpose of a
 * `[B, hidden]` activation); all parameters live in one flat vector so Adam is a
 * dozen ops per step; each step runs in `tf.tidy` and nothing is read back except at
 * progress reports and evaluations. The validation split is evaluated every
 * `evaluateEvery` epochs, the best checkpoint (lowest validation MSE) is the model returned,
 * and training stops early after `patience` evaluations without improvement.
 *
 * @example
 * ```ts
 * const { model, history } = await trainMlp({ train, val }, {
 *   ...referenceTrainingPreset.training,
 *   onLog: (line) => console.log(line), // "Epoch 10 | Val MSE: 0.031234"
 * });
 * ```
 * @throws RangeError naming a bad option or data problem (split, row, column);
 * Error when training diverges; the signal's reason when aborted.
 */
export async function trainMlp(data: TrainMlpData, options: TrainMlpOptions = {}): Promise<{ model: Mlp; history: MlpTrainingHistory }> {
  const config = resolveMlpConfig(options.config);
  const seed = options.seed ?? 0;
  const epochs = options.epochs ?? 20;
  const lr = options.learningRate ?? 0.02;
  const schedule = options.schedule ?? { kind: 'cosine', warmupEpochs: 1, minFactor: 0.01 };
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const evalEvery = options.evaluateEvery ?? options.evalEvery ?? 1;
  const logEvery = options.logEvery ?? 2;
  const patience = options.patience ?? Infinity;
  const minDelta = options.minDelta ?? 0;
  const progressEvery = options.progressEvery ?? 25;
  checkInteger(seed, 'trainMlp: seed');
  checkPositiveInt('epochs', epochs);
  checkNumber('learningRate', lr, 0, 10, true);
  checkNumber('beta1', beta1, 0, 1);
  checkNumber('beta2', beta2, 0, 1);
  checkNumber('epsilon', epsilon, 0, 1, true);
  checkNumber('weightDecay', weightDecay, 0, 1);
  checkPositiveInt(options.evaluateEvery === undefined && options.evalEvery !== undefined ? 'evalEvery' : 'evaluateEvery', evalEvery);
  checkPositiveInt('logEvery', logEvery);
  checkPositiveInt('progressEvery', progressEvery);
  if (patience !== Infinity) checkPositiveInt('patience', patience);
  checkNumber('minDelta', minDelta, 0, Infinity);
  checkLearningRateSchedule(schedule);
  if (!data || !data.train || !data.val) throw new RangeError('trainMlp: data must be { train, val }');
  checkMlpData(data.train, config.inputSize, config.outputSize, 'train');
  checkMlpData(data.val, config.inputSize, config.outputSize, 'val');
  const batchSize = Math.min(options.batchSize ?? 256, data.train.rows);
  checkPositiveInt('batchSize', batchSize, 1 << 20);
  const signal = options.signal;
  throwIfAborted(signal, 'trainMlp');
  const engine = options.engine ?? 'auto';
  checkEnum(engine, 'trainMlp: engine', ['auto', 'tfjs']);
  const adaptThreads = options.adaptThreads ?? true;
  if (typeof adaptThreads !== 'boolean') throw new RangeError(`trainMlp: adaptThreads must be true or false, got ${String(adaptThreads)}`);
  const support = resolveThreads(options.threads, 'trainMlp: threads');
  const backendName = tf.getBackend();
  let threadsNote = support.note;
  if (support.threads > 1 && engine === 'tfjs') threadsNote = "engine 'tfjs' runs on 1 thread";
  else if (support.threads > 1 && backendName !== 'wasm' && backendName !== 'cpu') {
    threadsNote = `tfjs' ${backendName} backend runs the MLP step with its own ops (the threaded step stands in for the wasm and cpu backends only); 1 thread of ours`;
  } else if (support.threads > 1 && !supportsMlpKernels(config)) {
    threadsNote = `the threaded MLP step supports a relu hidden layer and a relu or linear bottleneck (this model: ${config.hiddenActivation}, ${config.bottleneckActivation}); running on 1 thread`;
  } else if (support.threads > 1 && simdModule(true) === null) {
    threadsNote = 'WebAssembly SIMD with shared memory is unavailable; running on 1 thread';
  }
  const useKernels =
    engine === 'auto' &&
    supportsMlpKernels(config) &&
    ((support.threads > 1 && threadsNote === undefined) || (support.threads === 1 && backendName === 'wasm' && simdModule(false) !== null));

  const { inputSize: nIn, outputSize: nOut } = config;
  const layout = createMlpParameterLayout(config);
  const stepsPerEpoch = Math.floor(data.train.rows / batchSize);
  const totalSteps = stepsPerEpoch * epochs;
  const rng = createMulberry32(seed);

  // initial parameters: the same as createMlp(config, { seed })
  const init = createMlp(config, { seed });
  const flat = layout.flatten(init.getWeights());
  init.dispose();

  const owned: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  let theta = tf.tensor1d(flat, 'float32');
  let m = tf.zeros([layout.size]) as tf.Tensor1D;
  let v = tf.zeros([layout.size]) as tf.Tensor1D;
  let best: tf.Tensor1D | undefined;
  const started = performance.now();
  const history: MlpTrainingHistory = { epochs: [], bestEpoch: 0, bestValMse: Infinity, stoppedEarly: false, steps: 0, seconds: 0, threads: 1 };
  if (threadsNote !== undefined) history.threadsNote = threadsNote;

  const wa = nIn + 1;
  const xaTrain = augmentInputs(data.train, config);
  const xaVal = augmentInputs(data.val, config);
  const onesRow = own(tf.ones([1, batchSize]) as tf.Tensor2D);
  const b1c = own(tf.scalar(beta1));
  const b1c1 = own(tf.scalar(1 - beta1));
  const b2c = own(tf.scalar(beta2));
  const b2c1 = own(tf.scalar(1 - beta2));
  const epsT = own(tf.scalar(epsilon));
  const evaluate = (t: tf.Tensor1D): { mse: number; exact: number } => {
    const pred = new Float32Array(data.val.rows * nOut);
    const chunk = 8192;
    for (let s = 0; s < data.val.rows; s += chunk) {
      const n = Math.min(chunk, data.val.rows - s);
      const y = tf.tidy(() => forwardTrainLayout(config, layout.toTrainParams(t), tf.tensor2d(xaVal.subarray(s * wa, (s + n) * wa), [n, wa])));
      pred.set(y.dataSync() as Float32Array, s * nOut);
      y.dispose();
    }
    const score = scorePredictions(pred, data.val.targets, data.val.rows, nOut);
    return { mse: score.mse, exact: score.exactFraction };
  };

  // the threaded step: parameters, moments and the epoch's rows on the kernels' shared heap
  let kernel: MlpKernelTrainer | undefined;
  let chooser: ThreadChooser | undefined;
  if (useKernels) {
    kernel = await createMlpKernelTrainer(config, flat, { batchSize, epochRows: stepsPerEpoch * batchSize, threads: support.threads, beta1, beta2, epsilon });
    history.threads = kernel.threads;
    if (kernel.threads > 1 && adaptThreads) chooser = createThreadChooser(kernel.threads, 1);
  }
  // per-epoch shuffled copies (JS side) and per-step batch buffers
  const xaEpoch = new Float32Array(kernel ? 0 : stepsPerEpoch * batchSize * wa);
  const yEpoch = new Float32Array(kernel ? 0 : stepsPerEpoch * batchSize * nOut);
  const xaTBatch = new Float32Array(kernel ? 0 : wa * batchSize);
  const shuffleEpoch = (): void => {
    const perm = shufflePermutation(data.train.rows, rng);
    const used = stepsPerEpoch * batchSize;
    if (kernel) {
      kernel.loadEpoch(xaTrain, data.train.targets, perm, used);
      return;
    }
    for (let i = 0; i < used; i++) {
      const r = perm[i] as number;
      xaEpoch.set(xaTrain.subarray(r * wa, (r + 1) * wa), i * wa);
      yEpoch.set(data.train.targets.subarray(r * nOut, (r + 1) * nOut), i * nOut);
    }
  };
  const batchTensors = (s: number): { xa: tf.Tensor2D; xaT: tf.Tensor2D; y: tf.Tensor2D } => {
    const base = s * batchSize;
    const xa = xaEpoch.subarray(base * wa, (base + batchSize) * wa);
    for (let i = 0; i < batchSize; i++) {
      for (let c = 0; c < wa; c++) xaTBatch[c * batchSize + i] = xa[i * wa + c] as number;
    }
    return {
      xa: tf.tensor2d(xa, [batchSize, wa]),
      xaT: tf.tensor2d(xaTBatch, [wa, batchSize]),
      y: tf.tensor2d(yEpoch.subarray(base * nOut, (base + batchSize) * nOut), [batchSize, nOut]),
    };
  };

  let valMse: number | undefined;
  let sinceBest = 0;
  let step = 0;
  let learningRate = lr;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleEpoch();
      let sseSum = tf.scalar(0);
      // the kernel step's running sum: f32 adds in step order, as tf.add(sseSum, sse) does
      let kernelSse = 0;
      const readSse = (): number => (kernel ? kernelSse : (sseSum.dataSync()[0] as number));
      try {
        for (let s = 0; s < stepsPerEpoch; s++) {
          throwIfAborted(signal, 'trainMlp');
          learningRate = learningRateAt(lr, schedule, step, totalSteps, stepsPerEpoch);
          const t = step + 1;
          const stepSize = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
          if (kernel) {
            const t0 = chooser ? performance.now() : 0;
            const sse = kernel.step(s, stepSize, weightDecay > 0 ? 1 - learningRate * weightDecay : 1, chooser?.next());
            kernelSse = Math.fround(kernelSse + (typeof sse === 'number' ? sse : await sse));
            chooser?.record(performance.now() - t0);
          } else {
            const next = tf.tidy(() => {
              const g = computeMlpGradients(config, layout.toTrainParams(theta), { ...batchTensors(s), onesRow });
              const grad = layout.flattenGradients(g);
              const m2 = tf.add(tf.mul(m, b1c), tf.mul(grad, b1c1));
              const v2 = tf.add(tf.mul(v, b2c), tf.mul(tf.square(grad), b2c1));
              const update = tf.div(tf.mul(m2, stepSize), tf.add(tf.sqrt(v2), epsT));
              const decayed = weightDecay > 0 ? tf.mul(theta, 1 - learningRate * weightDecay) : theta;
              return { theta: tf.sub(decayed, update) as tf.Tensor1D, m: m2 as tf.Tensor1D, v: v2 as tf.Tensor1D, sse: tf.add(sseSum, g.sse) as tf.Scalar };
            });
            theta.dispose();
            m.dispose();
            v.dispose();
            sseSum.dispose();
            ({ theta, m, v, sse: sseSum } = next);
          }
          step++;
          const done = s + 1;
          if (done % progressEvery === 0 && done < stepsPerEpoch) {
            if (options.onProgress) {
              const trainMse = readSse() / (done * batchSize * nOut);
              options.onProgress({ epoch, epochs, step: done, steps: stepsPerEpoch, trainMse, valMse });
            }
            await yieldToEventLoop();
          }
        }
      } catch (err) {
        sseSum.dispose();
        throw err;
      }
      const trainMse = readSse() / (stepsPerEpoch * batchSize * nOut);
      sseSum.dispose();
      if (!Number.isFinite(trainMse)) {
        throw new Error(`trainMlp: training diverged at epoch ${epoch} (train MSE ${trainMse}); lower learningRate (now ${lr})`);
      }
      const record: MlpEpochRecord = { epoch, trainMse, learningRate, seconds: (performance.now() - started) / 1000 };
      const isLast = epoch === epochs;
      if (epoch % evalEvery === 0 || epoch % logEvery === 0 || isLast) {
        if (kernel) {
          theta.dispose();
          theta = tf.tensor1d(kernel.parameters(), 'float32');
        }
        const ev = evaluate(theta);
        valMse = ev.mse;
        record.valMse = ev.mse;
        record.valExact = ev.exact;
        if (!Number.isFinite(ev.mse)) throw new Error(`trainMlp: training diverged at epoch ${epoch} (val MSE ${ev.mse}); lower learningRate (now ${lr})`);
        if (ev.mse < history.bestValMse - minDelta || best === undefined) {
          best?.dispose();
          best = tf.keep(theta.clone());
          history.bestEpoch = epoch;
          history.bestValMse = ev.mse;
          sinceBest = 0;
        } else {
          sinceBest++;
        }
      }
      record.seconds = (performance.now() - started) / 1000;
      history.epochs.push(record);
      if (epoch % logEvery === 0 || isLast) options.onLog?.(`Epoch ${epoch} | Val MSE: ${(valMse as number).toFixed(6)}`);
      options.onProgress?.({ epoch, epochs, step: stepsPerEpoch, steps: stepsPerEpoch, trainMse, valMse });
      if (sinceBest >= patience) {
        history.stoppedEarly = true;
        if (epoch % logEvery !== 0) options.onLog?.(`Epoch ${epoch} | Val MSE: ${(valMse as number).toFixed(6)}`);
        options.onLog?.(`Early stopping at epoch ${epoch}: no improvement for ${patience} evaluations; keeping epoch ${history.bestEpoch} (val MSE ${history.bestValMse.toFixed(6)})`);
        break;
      }
      await yieldToEventLoop();
      throwIfAborted(signal, 'trainMlp');
    }
    history.steps = step;
    history.seconds = (performance.now() - started) / 1000;
    if (chooser && chooser.stepsChosen(1) > 0) {
      history.threadsNote =
        `${chooser.stepsOn(1)} of ${step} steps ran on 1 thread, where ${history.threads} were slower (a busy machine; ` +
        `timed in blocks of 8 steps, ${chooser.switches} switch(es)); the weights are the same on any thread count`;
    }
    const weights = layout.toWeights((best as tf.Tensor1D).dataSync() as Float32Array);
    return { model: createMlp(config, { weights }), history };
  } finally {
    kernel?.dispose();
    theta.dispose();
    m.dispose();
    v.dispose();
    best?.dispose();
    for (const t of owned) t.dispose();
  }
}

/**
 * @deprecated Renamed {@link MlpTrainingProgress}.
 *
 * @example
 * ```ts
 * // before: import type { TrainProgress } from '@interp/models';
 * import type { MlpTrainingProgress } from '@interp/models';
 * const onProgress = (p: MlpTrainingProgress) => console.log(p);
 * ```
 */
export type TrainProgress = MlpTrainingProgress;
/**
 * @deprecated Renamed {@link MlpTrainingHistory}.
 *
 * @example
 * ```ts
 * // before: import type { TrainHistory } from '@interp/models';
 * import { trainMlp, type MlpTrainingHistory } from '@interp/models';
 * const { history }: { history: MlpTrainingHistory } = await trainMlp({ train, val });
 * ```
 */
export type TrainHistory = MlpTrainingHistory;
/**
 * @deprecated Renamed {@link MlpEpochRecord}.
 *
 * @example
 * ```ts
 * // before: import type { EpochRecord } from '@interp/models';
 * import type { MlpEpochRecord } from '@interp/models';
 * const valCurve = history.epochs.map((e: MlpEpochRecord) => e.valMse);
 * ```
 */
export type EpochRecord = MlpEpochRecord;
