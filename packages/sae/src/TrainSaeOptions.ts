import type { SaeCheckpoint } from './SaeCheckpoint';
import type { SaeArchitectureOptions } from './saeArchitectures';
import type { SaeArchitectureName } from './SaeConfig';
import type { SaeTrainingProgress } from './SaeTrainingHistory';
import type { SaeInput } from './toActivationSource';

/**
 * Options of {@link trainSae}. Every field is optional.
 *
 * @example
 * ```ts
 * const options: TrainSaeOptions = { dSae: 2048, architecture: { type: 'topk', k: 32 }, epochs: 10, seed: 1 };
 * ```
 */
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
  /**
   * Input normalisation during training, as SAELens' `normalize_activations`: `'none'` (default) or
   * `'expected_average_only_in'`: every row is multiplied by one dataset-wide factor
   * `s = sqrt(dIn) / mean ||x||` (the mean L2 norm of the training rows, all of them; SAELens estimates it
   * on a number of batches), so that the average row has norm `sqrt(dIn)` whatever the activations' scale.
   * When training ends the factor is folded into the weights as SAELens does (`W_enc * s`, `W_dec / s`,
   * `b_dec / s`, `b_enc` unchanged): the SAE encodes raw activations, `cfg.json` says `normalize_activations:
   * 'none'` and records `s` as `metadata.activation_norm_scaling_factor` (also `history.activationScale`).
   * The evaluations in the history run on normalised rows (FVE, L0 and dead fractions do not depend on
   * the scale; MSE is in normalised units there, in raw units in `trainMetrics`).
   */
  normalizeActivations?: 'none' | 'expected_average_only_in';
  /** Rows sampled for the `b_dec` init, resampling and stream evaluations; integer >= 1. Default 4096. */
  sampleRows?: number;
  /**
   * Held-out rows for the evaluations: separate activations, or `{ fraction }` of an in-memory input
   * (in [0, 1); default 0.1). Streams without validation are evaluated on up to 1024 of their sample rows.
   */
  validation?: SaeInput | { fraction: number };
  /**
   * Epochs between evaluations; integer >= 1. Default 1 (after every epoch; always after the last step).
   * The same option, in the same unit, as `trainMlp`'s.
   */
  evaluateEvery?: number;
  /** Also evaluate every this many steps (for long epochs, e.g. one pass over a stream); integer >= 1. Default: off. */
  evaluateEverySteps?: number;
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
  /**
   * Cancels training, checked before every step: the promise rejects with the signal's reason when it is an
   * `Error`, else with an `AbortError` (as `trainMlp`).
   */
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
  /**
   * With more than one thread of the threaded TopK step (default `true`): time blocks of 8 steps (each with its
   * update) on all threads and on 1 (4 blocks at the start, then two blocks on the count not in use every 16
   * blocks or, while it keeps losing, up to every 64) and run on the faster, so that on a busy machine, where the
   * threads wait for each other's cores, training is not slower than on 1 thread (as `trainMlp`'s `adaptThreads`).
   * The weights are the same on any thread count, so this changes only the speed; {@link SaeTrainingHistory.threadsNote}
   * says how many steps ran on 1 thread when it was chosen. `false`: always all threads (for benchmarks of a
   * thread count). Evaluations and the final metrics run on all threads either way.
   *
   * @example
   * ```ts
   * const { history } = await trainSae(acts, { threads: 2, adaptThreads: false }); // every step on 2 threads
   * ```
   */
  adaptThreads?: boolean;
  /**
   * Steps between checkpoints passed to `onCheckpoint`; integer >= 1. Default: none. In-memory inputs are
   * checkpointed after any step, streams at the end of an epoch (the first epoch end `checkpointEvery` steps or
   * more after the last checkpoint). No checkpoint after the last step (the SAE is the result then).
   */
  checkpointEvery?: number;
  /**
   * Receives each checkpoint (awaited, so a write finishes before training goes on); e.g.
   * `(c) => writeSaeCheckpoint(c, 'run.ckpt')` with `@interp/sae/node`.
   */
  onCheckpoint?: (checkpoint: SaeCheckpoint) => void | Promise<void>;
  /**
   * Continue from a checkpoint of a run with the same options and input (other options are checked against it
   * and a difference is an error naming the field). The resumed run ends with the same weights, bit for bit, as
   * the uninterrupted one; its history holds the earlier records too.
   */
  resumeFrom?: SaeCheckpoint;
  /** Recorded in the SAE config (and `cfg.json`). */
  modelName?: string;
  /** Recorded in the SAE config (and `cfg.json`). */
  hookName?: string;
}
