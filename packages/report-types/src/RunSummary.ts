import type { Histogram } from './Histogram';
import type { SaeSweep } from './SaeSweep';

/**
 * One point of a training curve.
 *
 * @example
 * ```ts
 * const p: CurvePoint = { epoch: 50, trainMse: 0.9, valMse: 0.71 };
 * ```
 */
export interface CurvePoint {
  /** Epoch number (1-based). */
  epoch: number;
  /** Training loss/MSE at that epoch, when recorded. */
  trainMse?: number;
  /** Validation MSE at that epoch, when recorded. */
  valMse?: number;
}

/**
 * A file written by the run, linked from `index.html`.
 *
 * @example
 * ```ts
 * const f: RunFile = { name: 'SAE weights', path: 'sae_weights.safetensors' };
 * ```
 */
export interface RunFile {
  /** Human-readable name. */
  name: string;
  /** Path relative to the report folder (used as the link target). */
  path: string;
}

/**
 * Wall time of one pipeline step.
 *
 * @example
 * ```ts
 * const t: StepTiming = { step: 'Training MLP', seconds: 41.2 };
 * ```
 */
export interface StepTiming {
  /** Step name. */
  step: string;
  /** Duration in seconds. */
  seconds: number;
}

/**
 * The run summary behind `index.html`. Plain JSON-serialisable data;
 * the CLI produces it from the MLP, SAE and probe results.
 *
 * @example
 * ```ts
 * import { createFixtureRun } from '@interp/viz';
 * const run: RunSummary = createFixtureRun({ features: 64, seed: 1 }).run;
 * ```
 */
export interface RunSummary {
  /** Report title. */
  title: string;
  /** ISO time the run finished. */
  createdAt: string;
  /** tfjs backend used (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
  /** Seed of the run, when known. */
  seed?: number;
  /** Threads of the backend that trained the SAE, when known. */
  threads?: number;
  /** MLP results (absent when no MLP ran, e.g. `interp report` on any activations). */
  mlp?: {
    /** Hidden width at the hook. */
    hidden: number;
    /** Test-split MSE. */
    testMse: number;
    /** Training curve. */
    curve: CurvePoint[];
  };
  /** SAE results. */
  sae: {
    /** Architecture (`topk`, `relu`, ...), when known. */
    architecture?: string;
    /** Active features per row of a TopK SAE, when known. */
    k?: number;
    /** Dictionary size. */
    features: number;
    /** Fraction of variance explained (0..1). */
    fve: number;
    /** Mean number of active features per row. */
    l0: number;
    /** Fraction of features that never fire (0..1). */
    deadFraction: number;
    /** Histogram of log10 firing frequency of the alive features. */
    densityLog10: Histogram;
  };
  /** Probe results of the built-in task (absent when there is no task model to splice into). */
  probe?: {
    /** Percentage of the task MSE recovered by splicing the SAE in (100 = perfect). */
    mseRecovered: number;
    /** Task MSE of the clean MLP. */
    mseClean: number;
    /** Task MSE with the SAE reconstruction spliced in. */
    mseSpliced: number;
    /** Task MSE with the hook zero-ablated. */
    mseZeroAblated: number;
    /** Monosemantic features over features firing on >= 20 scored rows (0..1). */
    monosemanticShare: number;
    /** Number of monosemantic features. */
    monosemanticCount: number;
    /** Number of features firing on >= 20 scored rows. */
    scoredCount: number;
    /** Every ground-truth label with the number of features it labels, most first (optional). */
    labelCounts?: Array<{ concept: string; features: number }>;
    /** Single concepts that label at least one feature (optional). */
    labellingSingles?: string[];
  };
  /**
   * The activations the SAE was measured on, when they are not the built-in harvest: where they came
   * from, their size and hook.
   */
  activations?: { source: string; rows: number; width: number; hook?: string };
  /**
   * Ground-truth labels given as a table (`interp report --labels`): the features scored against them
   * as the built-in task's concepts are (firing on >= `minFiring` rows; monosemantic at precision >= 0.9).
   */
  labels?: {
    /** Where the labels came from (e.g. the CSV file). */
    source: string;
    /** Number of concepts (columns). */
    concepts: number;
    scoredCount: number;
    monosemanticCount: number;
    /** `monosemanticCount / scoredCount` (0..1). */
    monosemanticShare: number;
    /** Rows a feature must fire on to be scored. */
    minFiring: number;
    /** Every concept with the number of features it labels, most first. */
    labelCounts: Array<{ concept: string; features: number }>;
  };
  /**
   * The learned dictionary against known true feature directions (synthetic superposition data):
   * what `@interp/probe`'s `compareDictionaries` measures.
   */
  dictionary?: {
    trueFeatures: number;
    latents: number;
    /** True features with a latent at cosine > `recoveryThreshold`. */
    recovered: number;
    /** `recovered / trueFeatures` (0..1). */
    recoveredFraction: number;
    recoveryThreshold: number;
    /** Mean over true features of the largest cosine with any latent. */
    meanMaxCosine: number;
    splitFeatures: number;
    absorbingLatents: number;
    /** Histogram of each true feature's largest cosine with any latent. */
    maxCosine: Histogram;
  };
  /** Several SAEs trained on the same batches (a `sae` list in the config): one row each; `sae` above is the chosen one. */
  sweep?: SaeSweep;
  /** Files written by the run. */
  files: RunFile[];
  /** Per-step wall times. */
  timings: StepTiming[];
}
