import type { SaeMetrics } from './evaluateSae';
import type { ResolvedArchitecture } from './saeArchitectures';

/**
 * One loss record of the training history.
 *
 * @example
 * ```ts
 * import { trainSae, type SaeStepRecord } from '@interp/sae';
 * await trainSae(acts, {
 *   onProgress: ({ last }: { last: SaeStepRecord }) => console.log(`step ${last.step}: loss ${last.loss.toFixed(4)}, L0 ${last.l0.toFixed(1)}`),
 * });
 * ```
 */
export interface SaeStepRecord {
  step: number;
  /** Epoch of the step, 1-based (as `trainMlp`'s). */
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

/**
 * One evaluation of the training history.
 *
 * @example
 * ```ts
 * import { type SaeEvaluationRecord } from '@interp/sae';
 * const curve = history.evaluations.map((e: SaeEvaluationRecord) => ({ epoch: e.epoch, fve: e.metrics.fve, l0: e.metrics.l0 }));
 * ```
 */
export interface SaeEvaluationRecord {
  step: number;
  /** Epoch of the evaluation, 1-based (as `trainMlp`'s). */
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

/**
 * Everything recorded while training.
 *
 * @example
 * ```ts
 * import { trainSae, type SaeTrainingHistory } from '@interp/sae';
 * const trained = await trainSae(acts, { epochs: 5, seed: 1 });
 * const history: SaeTrainingHistory = trained.history;
 * const last = history.evaluations.at(-1);
 * console.log(`FVE ${last?.metrics.fve.toFixed(3)} after ${history.seconds.toFixed(1)} s (${history.rowsPerSecond.toFixed(0)} rows/s)`);
 * ```
 */
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
  /**
   * Why fewer threads ran than were asked for (e.g. a page that is not cross-origin isolated), or how many steps
   * ran on 1 thread because all of them were slower at the time (see {@link TrainSaeOptions.adaptThreads}).
   */
  threadsNote?: string;
  /** The tfjs backend that ran the dense products. */
  backend: string;
  /**
   * The input scale `s` of `normalizeActivations: 'expected_average_only_in'` (`sqrt(dIn) / mean ||x||` over
   * the training rows), folded into the returned SAE's weights; absent without normalisation.
   */
  activationScale?: number;
}

/**
 * What {@link TrainSaeOptions.onProgress} receives.
 *
 * @example
 * ```ts
 * import { trainSae, type SaeTrainingProgress } from '@interp/sae';
 * const onProgress = (p: SaeTrainingProgress) => {
 *   if (p.evaluation) console.log(`epoch ${p.epoch}/${p.epochs}: FVE ${p.evaluation.metrics.fve.toFixed(3)}`);
 * };
 * await trainSae(acts, { epochs: 5, onProgress });
 * ```
 */
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
