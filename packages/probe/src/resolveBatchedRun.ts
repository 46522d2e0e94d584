import { DEFAULT_HOOK_POINT } from '@interp/models';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import type { ProbeRows } from './computeFeatureActivations';
import { checkBatchSize, checkInputs, resolveHook } from './resolveHook';
import type { SpliceData } from './runSpliceTest';

/** The checked settings of a run of the model over rows in batches, with an SAE at a hook. */
export interface BatchedRun {
  /** Hook point the SAE reads. */
  hook: string;
  /** Rows per forward pass. */
  batchSize: number;
  /** Hook width (the SAE's `dIn`). */
  dIn: number;
  /** Model input width. */
  inputSize: number;
  /** Model output width. */
  outputSize: number;
}

/**
 * Checks the batch size (`options.batchSize`, default `defaultBatchSize`), the hook (`options.hook`, default
 * `hidden.post`) against the model and the SAE, and the rows' inputs against the model, in that order; returns
 * the settings of the run.
 *
 * @internal Shared by `runFeatureActivations`, `runFeatureActivationsOnThreads` and {@link resolveSpliceRun}.
 * @example
 * ```ts
 * const { hook, batchSize, dIn, inputSize, outputSize } = resolveBatchedRun(model, sae, train, options, 1024, 'runFeatureActivations');
 * ```
 * @throws RangeError for an unknown hook, an SAE of the wrong width, a bad batch size, or inputs of the wrong width.
 */
export function resolveBatchedRun(
  model: Mlp,
  sae: Sae,
  data: ProbeRows,
  options: { hook?: string; batchSize?: number },
  defaultBatchSize: number,
  where: string,
): BatchedRun {
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  const batchSize = options.batchSize ?? defaultBatchSize;
  checkBatchSize(batchSize, where);
  const dIn = resolveHook(model, sae, hook, where);
  const { inputSize, outputSize } = model.config;
  checkInputs(data.inputs, data.rows, inputSize, where);
  return { hook, batchSize, dIn, inputSize, outputSize };
}

/**
 * {@link resolveBatchedRun} for a splice test (batch size default 2048), which also checks that there is at least
 * one row and that the targets are `[rows, outputSize]` floats.
 *
 * @internal Shared by `runSpliceTest` and `runSpliceTestOnThreads`.
 * @example
 * ```ts
 * const { hook, batchSize, inputSize, outputSize } = resolveSpliceRun(model, sae, test, options, 'runSpliceTest');
 * ```
 * @throws RangeError as `resolveBatchedRun`, for no rows, or for targets of the wrong length.
 */
export function resolveSpliceRun(model: Mlp, sae: Sae, data: SpliceData, options: { hook?: string; batchSize?: number }, where: string): BatchedRun {
  const run = resolveBatchedRun(model, sae, data, options, 2048, where);
  if (data.rows < 1) throw new RangeError(`${where}: data.rows must be >= 1`);
  if (!(data.targets instanceof Float32Array) || data.targets.length !== data.rows * run.outputSize) {
    throw new RangeError(`${where}: data.targets must be a Float32Array of rows * outputSize = ${data.rows * run.outputSize} values`);
  }
  return run;
}
