/**
 * Activations as a row-major `[rows, width]` matrix.
 *
 * @example
 * ```ts
 * const acts: ActivationRows = { data: new Float32Array(6), rows: 2, width: 3 };
 * ```
 */
export interface ActivationRows {
  data: Float32Array;
  rows: number;
  width: number;
}

/**
 * Splits harvested activations into the rows the SAE trains on and the last `evalRows` rows held out for
 * its evaluation (views of `acts.data`, no copy).
 *
 * @example
 * ```ts
 * import { splitHeldOutRows } from '@interp/pipeline';
 * const { train, heldOut } = splitHeldOutRows({ data: new Float32Array(10 * 4), rows: 10, width: 4 }, 2);
 * train.rows;   // 8
 * heldOut.rows; // 2
 * ```
 */
export function splitHeldOutRows(acts: ActivationRows, evalRows: number): { train: ActivationRows; heldOut: ActivationRows } {
  const trainRows = acts.rows - evalRows;
  return {
    train: { data: acts.data.subarray(0, trainRows * acts.width), rows: trainRows, width: acts.width },
    heldOut: { data: acts.data.subarray(trainRows * acts.width), rows: evalRows, width: acts.width },
  };
}
