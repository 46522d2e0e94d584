import type { SaeArchitectureOptions, SaeLiveness, SaeMetrics, SaeTrainingHistory } from '@interp/sae';
import type { PipelineConfig } from './pipelineConfigSchema';

/**
 * Result of the train-sae step: metrics on the held-out rows, and what produced them (`.interp/train-sae.json`).
 *
 * @example
 * ```ts
 * const result: TrainSaeResult = summarizeSaeTraining(config, outcome);
 * console.log(`${result.architecture} k=${result.k ?? '-'}: FVE ${result.fve.toFixed(3)}, L0 ${result.l0.toFixed(1)}`);
 * ```
 */
export interface TrainSaeResult {
  architecture: string;
  /** Active features per row (topk). */
  k?: number;
  /** L1 coefficient (relu). */
  l1Coefficient?: number;
  /** Seed of the SAE's initialisation and shuffles. */
  seed: number;
  /** Backend that trained it, and its thread count (null when the backend does not say). */
  backend: string;
  threads: number | null;
  /** Why fewer threads ran than were asked for (e.g. ReLU training runs on one thread). */
  threadsNote?: string;
  dIn: number;
  dSae: number;
  trainRows: number;
  heldOutRows: number;
  fve: number;
  mse: number;
  l0: number;
  /** Features that never fired on any harvested row. */
  deadFraction: number;
  /** Features firing on more than 10% of the harvested rows. */
  denseFraction: number;
  seconds: number;
  rowsPerSecond: number;
  /** log10 feature-density histogram over the harvested rows. */
  densityHistogram: { edges: number[]; counts: number[]; neverFired: number };
  /** Per-evaluation curve. */
  curve: Array<{ step: number; fve: number; l0: number; deadFraction: number }>;
}

/**
 * What {@link summarizeSaeTraining} reads besides the configuration.
 *
 * @example
 * ```ts
 * const outcome: SaeTrainingOutcome = { architecture: selectSaeArchitecture(config.sae), history, metrics, liveness, dIn: 32, trainRows: 1200, backend: 'wasm' };
 * ```
 */
export interface SaeTrainingOutcome {
  architecture: SaeArchitectureOptions;
  history: SaeTrainingHistory;
  /** `evaluateSae` on the held-out rows. */
  metrics: SaeMetrics;
  /** Firing figures over every harvested row (dead and dense features, density histogram): `evaluateSae`'s, or `mergeFeatureFrequencies`' of the training and held-out rows. */
  liveness: SaeLiveness;
  dIn: number;
  trainRows: number;
  /** The backend's description (`'unknown'` when not known). */
  backend: string;
}

/**
 * The train-sae step's record (the CLI's and the lab's): the architecture and its k or L1 coefficient, the
 * provenance (seed, backend, the trainer's thread count), sizes, held-out metrics, liveness and the curve.
 *
 * @example
 * ```ts
 * const result = summarizeSaeTraining(config, { architecture, history, metrics, liveness, dIn: 32, trainRows, backend: 'wasm' });
 * result.fve; // FVE on the held-out rows
 * ```
 */
export function summarizeSaeTraining(config: Pick<PipelineConfig, 'seed' | 'sae'>, outcome: SaeTrainingOutcome): TrainSaeResult {
  const { architecture, history, metrics, liveness } = outcome;
  return {
    architecture: config.sae.architecture,
    ...('k' in architecture && architecture.k !== undefined ? { k: architecture.k } : {}),
    ...('l1Coefficient' in architecture && architecture.l1Coefficient !== undefined ? { l1Coefficient: architecture.l1Coefficient } : {}),
    seed: config.seed,
    backend: outcome.backend,
    threads: history.threads,
    ...(history.threadsNote === undefined ? {} : { threadsNote: history.threadsNote }),
    dIn: outcome.dIn,
    dSae: config.sae.dSae,
    trainRows: outcome.trainRows,
    heldOutRows: config.sae.evalRows,
    fve: metrics.fve,
    mse: metrics.mse,
    l0: metrics.l0,
    deadFraction: liveness.deadFraction,
    denseFraction: liveness.denseFraction,
    seconds: history.seconds,
    rowsPerSecond: history.rowsPerSecond,
    densityHistogram: liveness.densityHistogram,
    curve: history.evaluations.map((e) => ({ step: e.step, fve: e.metrics.fve, l0: e.metrics.l0, deadFraction: e.deadFractionWindow })),
  };
}
