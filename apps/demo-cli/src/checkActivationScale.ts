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
  const { data, rows, width } = acts;
  if (rows < 2) throw new Error(`${file}: ${rows} row(s); an SAE needs at least 2 rows of activations`);
  let constant = true;
  for (let i = 0; i < data.length; i += 1) {
    const v = data[i] as number;
    if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_ACTIVATION) {
      throw new Error(
        `${file}: row ${Math.floor(i / width)}, column ${i % width} is ${v}; activations must be finite with |x| <= ${MAX_ABS_ACTIVATION} for the SAE's metrics to mean anything`,
      );
    }
    if (constant && i >= width && v !== data[i - width]) constant = false;
  }
  if (constant) {
    throw new Error(`${file}: every column is constant over all ${rows} rows (zero variance, e.g. column 0 is ${data[0]} in every row); there is nothing for an SAE to explain`);
  }
}
