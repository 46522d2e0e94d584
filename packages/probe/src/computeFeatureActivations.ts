import type { Mlp } from '@interp/models';
import { toDenseFeatures, type Sae, type SparseFeatures } from '@interp/sae';
import { encodeInBatches } from './encodeInBatches';
import { resolveBatchedRun } from './resolveBatchedRun';
import { runHookBatches } from './runHookBatches';

/**
 * Options of {@link computeFeatureActivations}.
 *
 * @example
 * ```ts
 * import { computeFeatureActivations, type FeatureActivationOptions } from '@interp/probe';
 * const options: FeatureActivationOptions = { hook: 'hidden.post', batchSize: 256 };
 * const acts = computeFeatureActivations(model, sae, train, options);
 * ```
 */
export interface FeatureActivationOptions {
  /** Hook point the SAE reads (default `hidden.post`). */
  hook?: string;
  /** Rows per forward pass (default 1024). */
  batchSize?: number;
}

/**
 * The activations of a model and its SAE over many rows, row-major.
 *
 * @example
 * ```ts
 * import { runFeatureActivations, type FeatureActivations } from '@interp/probe';
 * const a: FeatureActivations = runFeatureActivations(model, sae, train);
 * const row0 = a.features.subarray(0, a.dSae);        // SAE features of row 0 (dense, built on first use)
 * const ids0 = a.codes.indices.subarray(0, a.codes.k); // its active feature ids (sparse, largest first)
 * const hook0 = a.hookActivations.subarray(0, a.dIn); // the MLP activation they encode
 * ```
 */
export interface FeatureActivations {
  /** Rows. */
  rows: number;
  /** Features (SAE width). */
  dSae: number;
  /** Hook width. */
  dIn: number;
  /**
   * `[rows, dSae]` SAE feature activations, dense: built from {@link FeatureActivations.codes} on first read
   * (`rows * dSae` floats; the probe functions read `codes` and never build it).
   */
  readonly features: Float32Array;
  /** The same activations as sparse codes (`[rows, k]` ids and values, largest first; `-1` in unused slots). */
  codes: SparseFeatures;
  /** `[rows, dIn]` hook activations. */
  hookActivations: Float32Array;
  /** `[rows, outputSize]` model outputs. */
  outputs: Float32Array;
}

/**
 * Rows as row-major inputs; a `DatasetSplit` fits.
 *
 * @example
 * ```ts
 * import { computeFeatureActivations, type ProbeRows } from '@interp/probe';
 * const rows: ProbeRows = { rows: 2, inputs: new Float32Array([8, 9, 5, 1, 3, 2, 9, 4, 7, 1, 8, 9, 5, 2, 3, 2, 8, 4, 7, 1]) };
 * const acts = computeFeatureActivations(model, sae, rows); // [2, dSae]
 * ```
 */
export interface ProbeRows {
  /** Number of rows. */
  rows: number;
  /** Row-major `[rows, inputSize]` raw inputs. */
  inputs: Float32Array;
}

/**
 * Runs the model over rows in batches and encodes the hook activations with the SAE.
 * Returns the feature activations, the hook activations and the outputs, row-major.
 *
 * @example
 * ```ts
 * const { features } = runFeatureActivations(model, sae, train);
 * const scores = scoreFeatures(features, train);
 * ```
 * @throws RangeError for an unknown hook, an SAE of the wrong width, or inputs of the wrong width.
 */
export function runFeatureActivations(model: Mlp, sae: Sae, data: ProbeRows, options: FeatureActivationOptions = {}): FeatureActivations {
  const run = resolveBatchedRun(model, sae, data, options, 1024, 'runFeatureActivations');
  const { hookActivations, outputs } = runHookBatches(model, data, run);
  const codes = encodeInBatches(sae, hookActivations, data.rows, run.batchSize);
  return withDenseFeatures({ rows: data.rows, dSae: sae.config.dSae, dIn: run.dIn, codes, hookActivations, outputs });
}

/**
 * {@link FeatureActivations} whose dense `features` is built from `codes` when first read.
 *
 * @internal
 */
export function withDenseFeatures(parts: Omit<FeatureActivations, 'features'>): FeatureActivations {
  let dense: Float32Array | undefined;
  return {
    ...parts,
    get features(): Float32Array {
      dense ??= toDenseFeatures(parts.codes);
      return dense;
    },
  };
}

/**
 * The SAE feature activations `[rows, dSae]` (row-major) of the rows, at a hook of the model.
 *
 * @example
 * ```ts
 * const acts = computeFeatureActivations(model, sae, train, { hook: 'hidden.post' });
 * acts.length === train.rows * sae.config.dSae; // true
 * ```
 * @throws RangeError for an unknown hook, an SAE of the wrong width, or inputs of the wrong width.
 */
export function computeFeatureActivations(model: Mlp, sae: Sae, data: ProbeRows, options: FeatureActivationOptions = {}): Float32Array {
  return runFeatureActivations(model, sae, data, options).features;
}
