import * as tf from '@tensorflow/tfjs-core';
import type { BatchedRun } from './resolveBatchedRun';
import type { SpliceData } from './runSpliceTest';

/** One batch of a splice test: `n` rows of inputs `x` (`[n, inputSize]`) and their targets `y` (`[n, outputSize]`). */
export interface SpliceBatch {
  /** Rows in the batch. */
  n: number;
  /** The batch's inputs. */
  x: tf.Tensor2D;
  /** The batch's targets. */
  y: tf.Tensor2D;
}

/**
 * The data's rows in batches of `run.batchSize` as input and target tensors, in row order. Each batch's tensors
 * are disposed when the loop moves on to the next batch or leaves (on `break`, `return` or a throw), so the
 * loop body must not keep them.
 *
 * @internal Shared by `runSpliceTest` and `runSpliceTestOnThreads`.
 * @example
 * ```ts
 * for (const { x, y } of readSpliceBatches(test, run)) addSpliceErrors(model, x, y, run.hook, (a) => sae.forward(a), sums);
 * ```
 */
export function* readSpliceBatches(data: SpliceData, run: BatchedRun): Generator<SpliceBatch, void, undefined> {
  const { batchSize, inputSize, outputSize } = run;
  for (let start = 0; start < data.rows; start += batchSize) {
    const n = Math.min(batchSize, data.rows - start);
    const x = tf.tensor2d(data.inputs.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize], 'float32');
    const y = tf.tensor2d(data.targets.subarray(start * outputSize, (start + n) * outputSize), [n, outputSize], 'float32');
    try {
      yield { n, x, y };
    } finally {
      tf.dispose([x, y]);
    }
  }
}
