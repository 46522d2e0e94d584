import type { Mlp } from '@interp/models';
import { addSpliceErrors, summarizeSpliceErrors, type SpliceErrorSums } from './addSpliceErrors';
import type { Sae } from '@interp/sae';
import { readSpliceBatches } from './readSpliceBatches';
import { resolveSpliceRun } from './resolveBatchedRun';

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
  const run = resolveSpliceRun(model, sae, data, options, 'runSpliceTest');
  const sums: SpliceErrorSums = { clean: 0, spliced: 0, zero: 0 };
  for (const { x, y } of readSpliceBatches(data, run)) addSpliceErrors(model, x, y, run.hook, (a) => sae.forward(a), sums);
  return summarizeSpliceErrors(run.hook, data.rows, run.outputSize, sums);
}
