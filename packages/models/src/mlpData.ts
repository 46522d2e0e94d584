/**
 * Rows of a regression split: row-major `inputs [rows, inputSize]` and `targets [rows, outputSize]`.
 *
 * @example
 * ```ts
 * const data: MlpData = { inputs: new Float32Array(10), targets: new Float32Array([8]), rows: 1 };
 * ```
 */
export interface MlpData {
  /** Raw (unscaled) inputs, row-major `[rows, inputSize]`. */
  inputs: Float32Array;
  /** Targets, row-major `[rows, outputSize]`. */
  targets: Float32Array;
  /** Number of rows. */
  rows: number;
}

/**
 * Checks a split's sizes and that every value is finite.
 *
 * @example
 * ```ts
 * checkMlpData({ inputs, targets, rows: 8000 }, 10, 1, 'train');
 * ```
 * @throws RangeError naming the split, row and column of the first bad value, or the size mismatch.
 */
export function checkMlpData(data: MlpData, inputSize: number, outputSize: number, name: string): void {
  if (!data || typeof data !== 'object') throw new RangeError(`${name}: expected { inputs, targets, rows }, got ${String(data)}`);
  const { rows, inputs, targets } = data;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`${name}.rows must be an integer >= 1, got ${String(rows)}`);
  if (!(inputs instanceof Float32Array)) throw new RangeError(`${name}.inputs must be a Float32Array`);
  if (!(targets instanceof Float32Array)) throw new RangeError(`${name}.targets must be a Float32Array`);
  if (inputs.length !== rows * inputSize) {
    const width = inputs.length / rows;
    throw new RangeError(
      `${name}: input width mismatch: the model takes ${inputSize} columns, but inputs hold ${inputs.length} values for ${rows} rows (${Number.isInteger(width) ? width : width.toFixed(2)} per row)`,
    );
  }
  if (targets.length !== rows * outputSize) {
    throw new RangeError(`${name}: targets hold ${targets.length} values, expected rows * outputSize = ${rows * outputSize}`);
  }
  for (let k = 0; k < inputs.length; k++) {
    if (!Number.isFinite(inputs[k])) {
      throw new RangeError(`${name}: inputs row ${Math.floor(k / inputSize)}, column ${k % inputSize} is ${String(inputs[k])} (NaN or infinite)`);
    }
  }
  for (let k = 0; k < targets.length; k++) {
    if (!Number.isFinite(targets[k])) {
      throw new RangeError(`${name}: targets row ${Math.floor(k / outputSize)}, column ${k % outputSize} is ${String(targets[k])} (NaN or infinite)`);
    }
  }
}
