import type * as tf from '@tensorflow/tfjs-core';

/**
 * What harvesting needs of a model: its input width, hook points and their widths, and a forward pass
 * that calls hooks by hook point name. `Mlp` from `@interp/models` is one.
 */
export interface HarvestModel {
  readonly config: { readonly inputSize: number };
  readonly hookPoints: readonly string[];
  hookWidth(hookName: string): number;
  forward(
    inputs: tf.Tensor2D,
    options?: { hooks?: Record<string, (activation: tf.Tensor2D, hookName: string) => tf.Tensor2D | void> },
  ): tf.Tensor2D;
}

/**
 * Rows to run the model on: a row-major `Float32Array` of `[rows, inputSize]`, or a dataset split such as
 * `@interp/dataset`'s `DatasetSplit` (`{ rows, numInputs, inputs }`).
 */
export type HarvestInput = Float32Array | { readonly rows: number; readonly inputs: Float32Array; readonly numInputs?: number };

/** A `[rows, width]` block of activations, row-major, rows in dataset order. */
export interface ActivationBatch {
  /** Dataset index of the first row. */
  rowStart: number;
  rows: number;
  width: number;
  /** `rows * width` values. */
  data: Float32Array;
}

/** Progress of a harvest, reported after every batch. */
export interface HarvestProgress {
  rowsDone: number;
  rows: number;
  hook: string;
}

/** Options of {@link harvestActivations} and {@link harvestBatches}. */
export interface HarvestOptions {
  /** The hook point to capture (default `'hidden.post'`). */
  hook?: string;
  /** Rows per forward pass (default 2048). Affects speed and memory, never the result. */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: HarvestProgress) => void;
}
