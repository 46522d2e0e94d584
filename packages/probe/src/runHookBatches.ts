import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import type { ProbeRows } from './computeFeatureActivations';
import type { BatchedRun } from './resolveBatchedRun';

/**
 * Runs the model over the rows in batches of `run.batchSize` on the tfjs backend and collects, row-major, the
 * activations at `run.hook` (`[rows, dIn]`) and the outputs (`[rows, outputSize]`).
 *
 * @internal Shared by `runFeatureActivations` and `runFeatureActivationsOnThreads`.
 * @example
 * ```ts
 * const run = resolveBatchedRun(model, sae, train, {}, 1024, 'runFeatureActivations');
 * const { hookActivations, outputs } = runHookBatches(model, train, run);
 * ```
 */
export function runHookBatches(model: Mlp, data: ProbeRows, run: BatchedRun): { hookActivations: Float32Array; outputs: Float32Array } {
  const { hook, batchSize, dIn, inputSize, outputSize } = run;
  const { rows } = data;
  const hookActivations = new Float32Array(rows * dIn);
  const outputs = new Float32Array(rows * outputSize);
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const x = tf.tensor2d(data.inputs.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize], 'float32');
    const { output, cache } = model.runWithCache(x, [hook]);
    const h = cache[hook] as tf.Tensor2D;
    try {
      hookActivations.set(h.dataSync() as Float32Array, start * dIn);
      outputs.set(output.dataSync() as Float32Array, start * outputSize);
    } finally {
      tf.dispose([x, output, h]);
    }
  }
  return { hookActivations, outputs };
}
