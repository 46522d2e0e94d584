import { DEFAULT_HOOK_POINT } from '@interp/models';
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import { addSpliceErrors, summarizeSpliceErrors, type SpliceErrorSums, type SpliceVariants } from './addSpliceErrors';
import type { Sae } from '@interp/sae';
import { checkBatchSize, checkInputs, resolveHook } from './resolveHook';

/**
 * Data of a splice test: row-major inputs and targets (a `DatasetSplit` fits).
 *
 * @example
 * ```ts
 * import { runSpliceTest, type SpliceData } from '@interp/probe';
 * import { generateDataset } from '@interp/dataset';
 * const data: SpliceData = generateDataset({ rows: 1000, seed: 3 }); // a DatasetSplit has rows, inputs and targets
 * const result = runSpliceTest(model, sae, data);
 * ```
 */
export interface SpliceData {
  /** Number of rows. */
  rows: number;
  /** Row-major `[rows, inputSize]` raw inputs. */
  inputs: Float32Array;
  /** Row-major `[rows, outputSize]` targets. */
  targets: Float32Array;
}

/**
 * Options of {@link runSpliceTest}.
 *
 * @example
 * ```ts
 * import { runSpliceTest, type SpliceTestOptions } from '@interp/probe';
 * const options: SpliceTestOptions = { hook: 'hidden.post', batchSize: 500 };
 * const result = runSpliceTest(model, sae, test, options);
 * ```
 */
export interface SpliceTestOptions {
  /** Hook point the SAE reads (default `hidden.post`). */
  hook?: string;
  /** Rows per forward pass (default 2048). */
  batchSize?: number;
}

/**
 * Task MSE of the model clean, with the SAE spliced in, and with the hook zero-ablated.
 *
 * @example
 * ```ts
 * import { runSpliceTest, type SpliceTestResult } from '@interp/probe';
 * const r: SpliceTestResult = runSpliceTest(model, sae, test);
 * console.log(`MSE clean ${r.mseClean.toFixed(4)}, spliced ${r.mseSpliced.toFixed(4)}, zero-ablated ${r.mseZeroAblated.toFixed(4)}: ${r.mseRecovered.toFixed(1)}% recovered`);
 * ```
 */
export interface SpliceTestResult {
  /** The hook. */
  hook: string;
  /** Rows evaluated. */
  rows: number;
  /** Task MSE of the clean MLP. */
  mseClean: number;
  /** Task MSE with the hook activation replaced by the SAE reconstruction. */
  mseSpliced: number;
  /** Task MSE with the hook activation replaced by zeros. */
  mseZeroAblated: number;
  /**
   * `100 * (mseZeroAblated - mseSpliced) / (mseZeroAblated - mseClean)`: 100 when the splice is as good as
   * the clean model, 0 when it is as bad as zero-ablation; `NaN` when zero-ablation costs nothing.
   */
  mseRecovered: number;
}

/**
 * Splice test: task MSE of the clean MLP, of the MLP with the SAE reconstruction spliced in at the
 * hook, and of the MLP with the hook zero-ablated, and the share of the MSE the SAE recovers.
 *
 * @example
 * ```ts
 * const { mseRecovered } = runSpliceTest(model, sae, test, { hook: 'hidden.post' });
 * console.log(`MSE recovered: ${mseRecovered.toFixed(1)}%`);
 * ```
 * @throws RangeError for an unknown hook, an SAE of the wrong width, or data of the wrong width.
 */
export function runSpliceTest(model: Mlp, sae: Sae, data: SpliceData, options: SpliceTestOptions = {}): SpliceTestResult {
  const where = 'runSpliceTest';
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  const batchSize = options.batchSize ?? 2048;
  checkBatchSize(batchSize, where);
  resolveHook(model, sae, hook, where);
  const { inputSize, outputSize } = model.config;
  checkInputs(data.inputs, data.rows, inputSize, where);
  if (data.rows < 1) throw new RangeError(`${where}: data.rows must be >= 1`);
  if (!(data.targets instanceof Float32Array) || data.targets.length !== data.rows * outputSize) {
    throw new RangeError(`${where}: data.targets must be a Float32Array of rows * outputSize = ${data.rows * outputSize} values`);
  }
  const variants: SpliceVariants = {
    clean: undefined,
    spliced: { [hook]: (a) => sae.forward(a) },
    zero: { [hook]: (a) => tf.zerosLike(a) },
  };
  const sums: SpliceErrorSums = { clean: 0, spliced: 0, zero: 0 };
  for (let start = 0; start < data.rows; start += batchSize) {
    const n = Math.min(batchSize, data.rows - start);
    const x = tf.tensor2d(data.inputs.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize], 'float32');
    const y = tf.tensor2d(data.targets.subarray(start * outputSize, (start + n) * outputSize), [n, outputSize], 'float32');
    try {
      addSpliceErrors(model, x, y, variants, sums);
    } finally {
      tf.dispose([x, y]);
    }
  }
  return summarizeSpliceErrors(hook, data.rows, outputSize, sums);
}
