import type { Histogram } from './Histogram';
/**
 * One top-activating dataset row of a feature.
 *
 * @example
 * ```ts
 * const r: TopRow = { inputs: [8, 9, 5, 1, 3, 2, 9, 4, 7, 1], activation: 0.61, p1: 3, p2: 1, target: 8 };
 * ```
 */
export interface TopRow {
  /** The input row (`c1_0 ... p2`). */
  inputs: number[];
  /** The feature's activation on this row. */
  activation: number;
  /** Pointer into column 1: the dashboard highlights `c1[p1]` (absent for rows of other data). */
  p1?: number;
  /** Pointer into column 2: the dashboard highlights `c2[p2]` (absent for rows of other data). */
  p2?: number;
  /** The row's target `|c1[p1] - c2[p2]|`, when known. */
  target?: number;
  /** Where the row came from in a sequence model's harvest (example, position, token id) and its text, when known. */
  context?: RowContext;
}

/**
 * Where an activation row came from: a sequence model's activations are flattened to one row per
 * (example, position), and the dashboard shows these next to the row's activation. Every field is optional.
 *
 * @example
 * ```ts
 * const c: RowContext = { example: 12, position: 7, token: 464, text: 'the cat sat on the [mat]' };
 * const r: TopRow = { inputs: [3591], activation: 4.2, context: c };
 * ```
 */
export interface RowContext {
  /** Index of the example (sequence) in the harvest. */
  example?: number;
  /** Position (token index) within the example. */
  position?: number;
  /** Token id at that position. */
  token?: number;
  /** Any text for the row, e.g. the token and its surroundings. */
  text?: string;
}

/**
 * A hidden neuron aligned with a feature's decoder direction.
 *
 * @example
 * ```ts
 * const n: AlignedNeuron = { neuron: 17, cosine: 0.42 };
 * ```
 */
export interface AlignedNeuron {
  /** Hidden-neuron index. */
  neuron: number;
  /** Cosine between the decoder direction and the neuron's basis vector (`W_dec[j, n] / |W_dec[j]|`), sign kept. */
  cosine: number;
}

/**
 * Effect of a feature on the MLP's (first) output.
 *
 * @example
 * ```ts
 * const e: OutputEffect = { ablateDelta: -0.12, addDelta: 0.3 };
 * ```
 */
export interface OutputEffect {
  /** Mean output change when `f_j * W_dec[j]` is subtracted at the hook, over rows where the feature fires. */
  ablateDelta: number;
  /** Mean output change when `maxActivation * W_dec[j]` is added at the hook (see `computeFeatureStats`). */
  addDelta: number;
}

/**
 * Pearson correlation of a feature's activation with the row latents over the scored rows
 * (`null` when undefined, e.g. for a constant feature).
 *
 * @example
 * ```ts
 * const c: FeatureCorrelations = { a: 0.1, b: -0.05, diff: 0.12, target: 0.4 };
 * ```
 */
export interface FeatureCorrelations {
  /** With `a = c1[p1]`. */
  a: number | null;
  /** With `b = c2[p2]`. */
  b: number | null;
  /** With `a - b`. */
  diff: number | null;
  /** With the target `|a - b|`. */
  target: number | null;
}

/**
 * Everything the feature dashboard shows about one SAE feature. Plain JSON-serialisable data:
 * `@interp/probe`'s `combineFeatureSummaries` builds it, `@interp/viz` renders it.
 *
 * @example
 * ```ts
 * import type { FeatureSummary } from '@interp/report-types';
 * import { combineFeatureSummaries } from '@interp/probe';
 * const summaries: FeatureSummary[] = combineFeatureSummaries(stats, scores);
 * ```
 */
export interface FeatureSummary {
  /** Feature index in the SAE dictionary. */
  id: number;
  /** Ground-truth label when the feature is monosemantic (precision >= 0.9), else `null`. */
  label: string | null;
  /** The best-scoring concept even when it is not precise enough to be a label, or `null`. */
  bestConcept?: string | null;
  /** Precision of the best concept on the rows where the feature fires (0..1). */
  precision: number;
  /** Recall of the best concept (0..1). */
  recall: number;
  /** F1 of the best concept (0..1). */
  f1: number;
  /** Fraction of scored rows where the feature fires (activation > 0); 0 for a dead feature. */
  frequency: number;
  /** Number of scored rows where the feature fires. */
  firingCount: number;
  /** Mean activation over the rows where it fires. */
  meanActivation: number;
  /** Standard deviation of the activation over the rows where it fires. */
  stdActivation: number;
  /** Largest activation. */
  maxActivation: number;
  /** Histogram of the activations over the rows where it fires. */
  histogram: Histogram;
  /** Top-activating rows, strongest first. */
  topRows: TopRow[];
  /** Hidden neurons most aligned with the decoder direction, strongest first. */
  alignedNeurons: AlignedNeuron[];
  /** Effect on the MLP output (absent when there is no model to run, e.g. `interp report` on any activations). */
  outputEffect?: OutputEffect;
  /** Correlations with the row latents of the built-in task (absent for other data). */
  correlations?: FeatureCorrelations;
  /** The true feature this latent is closest to and their cosine (synthetic data with known directions). */
  trueFeature?: { id: number; cosine: number };
}
