import type { SaeMetrics } from './evaluateSae';
import type { ResolvedArchitecture } from './saeArchitectures';

/** One loss record of the training history. */
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

/** One evaluation of the training history. */
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
