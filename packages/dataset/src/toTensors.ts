import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplit } from './createSplit';

/**
 * Turns a split into tfjs tensors: inputs `[rows, numInputs]` and targets `[rows, 1]`.
 * The caller owns (and disposes) the tensors.
 *
 * @example
 * ```ts
 * const { inputs, targets } = toTensors(train);
 * inputs.shape; // [8000, 10]
 * ```
 */
export function toTensors(split: DatasetSplit): { inputs: tf.Tensor2D; targets: tf.Tensor2D } {
  return {
    inputs: tf.tensor2d(split.inputs, [split.rows, split.numInputs]),
    targets: tf.tensor2d(split.targets, [split.rows, 1]),
  };
}
