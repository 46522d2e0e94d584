/** Largest |activation| the metrics stay meaningful for (variance sums of float32 overflow beyond). */
export const MAX_ABS_ACTIVATION = 1e15;

/**
 * Rejects activations whose scale makes an SAE's metrics meaningless: a non-finite value or one with
 * |x| > 1e15 (named by row and column), or no variance at all (every column constant).
 *
 * @example
 * ```ts
 * checkActivationScale({ data, rows: 8000, width: 512 }, 'interp-out/mlp_activations.safetensors');
 * ```
 * @throws Error naming the file, and the row and column of the first bad value.
 */
export function checkActivationScale(acts: { data: Float32Array; rows: number; width: number }, file: string): void {
  const check = createActivationScaleCheck(file, acts.rows, acts.width);
  check(acts.data, 0);
}

/**
 * {@link checkActivationScale} block by block, for activations read as a stream: call it with each block
 * of rows in order (`rowStart` its first row); it throws at the first bad value, and at the last block when
 * every column was constant. Holds one row.
 *
 * @example
 * ```ts
 * const check = createActivationScaleCheck('acts.npy', info.rows, info.width);
 * for await (const b of readActivationBatches('acts.npy', 4096)) check(b.data.subarray(0, b.rows * b.width), b.rowStart);
 * ```
 * @throws Error naming the file, and the row and column of the first bad value.
 */
export function createActivationScaleCheck(file: string, rows: number, width: number): (block: Float32Array, rowStart: number) => void {
  if (rows < 2) throw new Error(`${file}: ${rows} row(s); an SAE needs at least 2 rows of activations`);
  let constant = true;
  const first = new Float32Array(width);
  return (data, rowStart) => {
    for (let i = 0; i < data.length; i += 1) {
      const v = data[i] as number;
      if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_ACTIVATION) {
        throw new Error(
          `${file}: row ${rowStart + Math.floor(i / width)}, column ${i % width} is ${v}; activations must be finite with |x| <= ${MAX_ABS_ACTIVATION} for the SAE's metrics to mean anything`,
        );
      }
    }
    // Constant columns: every row equal to row 0 (the first row of the first block).
    let d = 0;
    if (rowStart === 0) {
      first.set(data.subarray(0, width));
      d = width;
    }
    if (constant) {
      for (; d < data.length; d += 1) {
        if (data[d] !== first[d % width]) {
          constant = false;
          break;
        }
      }
    }
    if (constant && rowStart + data.length / width >= rows) {
      throw new Error(`${file}: every column is constant over all ${rows} rows (zero variance, e.g. column 0 is ${first[0]} in every row); there is nothing for an SAE to explain`);
    }
  };
}
