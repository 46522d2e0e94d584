import type { HarvestInput, HarvestModel, HarvestOptions } from './HarvestModel';
import { harvestBatches, resolveHarvestOptions } from './harvestBatches';
import { resolveHarvestInput } from './resolveHarvestInput';

/**
 * Activations captured at one hook point: a `[rows, width]` row-major matrix in dataset row order.
 *
 * @example
 * ```ts
 * import { harvestActivations, type Activations } from '@interp/harvest';
 * const acts: Activations = await harvestActivations(model, split, { hook: 'hidden.post' });
 * const firstRow = acts.data.subarray(0, acts.width); // row 0 of [acts.rows, acts.width]
 * ```
 */
export interface Activations {
  hook: string;
  rows: number;
  width: number;
  data: Float32Array;
}

/**
 * Runs a frozen model over a dataset in batches and returns the activations at one hook point (default
 * `'hidden.post'`) as a `[rows, width]` matrix whose rows are in dataset order. A pure function of
 * (model, inputs, hook): the batch size changes speed, not the result.
 *
 * @example
 * ```ts
 * import { createMlp } from '@interp/models';
 * import { harvestActivations } from '@interp/harvest';
 * const model = createMlp({}, { seed: 1 });
 * const { rows, width, data } = await harvestActivations(model, { rows: 2, inputs: new Float32Array(20) });
 * // rows = 2, width = 512, data.length = 1024
 * ```
 * @throws RangeError for an unknown hook (listing the valid ones), a dataset width that is not the
 * model's `inputSize`, or NaN/infinite inputs or activations (naming row and column).
 */
export async function harvestActivations(model: HarvestModel, input: HarvestInput, options: HarvestOptions = {}): Promise<Activations> {
  const { hook, width } = resolveHarvestOptions(model, options);
  const { rows } = resolveHarvestInput(input, model.config.inputSize);
  const data = new Float32Array(rows * width);
  for await (const batch of harvestBatches(model, input, options)) data.set(batch.data, batch.rowStart * width);
  return { hook, rows, width, data };
}
