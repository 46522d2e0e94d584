/**
 * The geometric median of the rows of a row-major matrix (Weiszfeld's algorithm, started at the mean):
 * the point minimising the sum of Euclidean distances to the rows. Used to initialise `b_dec`.
 *
 * @example
 * ```ts
 * const m = computeGeometricMedian(new Float32Array([0, 0, 1, 0, 0, 1, 50, 50]), 4, 2); // robust to the outlier
 * ```
 */
export function computeGeometricMedian(
  data: Float32Array,
  rows: number,
  width: number,
  options: { maxIterations?: number; tolerance?: number } = {},
): Float32Array {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  if (rows < 1) throw new Error('computeGeometricMedian: rows must be >= 1');
  const y = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) y[c]! += data[r * width + c]!;
  for (let c = 0; c < width; c++) y[c]! /= rows;
  const next = new Float64Array(width);
  for (let it = 0; it < maxIterations; it++) {
    next.fill(0);
    let wsum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let d2 = 0;
      for (let c = 0; c < width; c++) {
        const t = data[o + c]! - y[c]!;
        d2 += t * t;
      }
      const w = 1 / Math.max(Math.sqrt(d2), 1e-8);
      wsum += w;
      for (let c = 0; c < width; c++) next[c]! += w * data[o + c]!;
    }
    let shift = 0;
    let norm = 0;
    for (let c = 0; c < width; c++) {
      const v = next[c]! / wsum;
      shift += (v - y[c]!) ** 2;
      norm += v * v;
      y[c] = v;
    }
    if (Math.sqrt(shift) <= tolerance * Math.max(1, Math.sqrt(norm))) break;
  }
  return Float32Array.from(y);
}
