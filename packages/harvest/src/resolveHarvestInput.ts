import { findNonFinite } from './findNonFinite';
import type { HarvestInput } from './HarvestModel';

/**
 * Harvest inputs checked against a model: row count, width and the row-major values.
 *
 * @example
 * ```ts
 * import { resolveHarvestInput, type ResolvedHarvestInput } from '@interp/harvest';
 * const r: ResolvedHarvestInput = resolveHarvestInput(new Float32Array(20), 10);
 * // { rows: 2, width: 10, inputs: Float32Array(20) }
 * ```
 */
export interface ResolvedHarvestInput {
  rows: number;
  width: number;
  inputs: Float32Array;
}

/**
 * Checks harvest inputs against the model's input width and for NaN or infinite values, with errors
 * naming the row and column.
 *
 * @example
 * ```ts
 * import { resolveHarvestInput } from '@interp/harvest';
 * const { rows } = resolveHarvestInput(new Float32Array(20), 10); // rows = 2
 * ```
 */
export function resolveHarvestInput(input: HarvestInput, inputSize: number): ResolvedHarvestInput {
  let rows: number;
  let inputs: Float32Array;
  if (input instanceof Float32Array) {
    inputs = input;
    if (inputs.length % inputSize !== 0) {
      throw new RangeError(
        `harvest: input width mismatch: the model takes inputSize = ${inputSize} columns, but the ${inputs.length} input values are not a whole number of rows of ${inputSize}`,
      );
    }
    rows = inputs.length / inputSize;
  } else {
    if (input === null || typeof input !== 'object' || !(input.inputs instanceof Float32Array)) {
      throw new TypeError('harvest: inputs must be a Float32Array [rows, inputSize] or a dataset split { rows, inputs: Float32Array }');
    }
    ({ rows, inputs } = input);
    if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`harvest: dataset rows must be a non-negative integer, got ${rows}`);
    if (input.numInputs !== undefined && input.numInputs !== inputSize) {
      throw new RangeError(
        `harvest: dataset width mismatch: the dataset has ${input.numInputs} input columns but the model takes inputSize = ${inputSize}`,
      );
    }
    if (inputs.length !== rows * inputSize) {
      throw new RangeError(
        `harvest: dataset width mismatch: ${rows} rows of inputSize = ${inputSize} need ${rows * inputSize} values, the dataset holds ${inputs.length}`,
      );
    }
  }
  const bad = findNonFinite(inputs);
  if (bad >= 0) {
    throw new RangeError(
      `harvest: inputs row ${Math.floor(bad / inputSize)}, column ${bad % inputSize} is ${inputs[bad]} (NaN or infinite values are not allowed)`,
    );
  }
  return { rows, width: inputSize, inputs };
}
