/**
 * Writes the transpose of the `rows x cols` row-major matrix `src` (from `so`) into `dst` (from `dO`, `cols x rows`),
 * in tiles of 32 x 32 so that both sides stay in cache: a plain loop over one side writes (or reads) the other a whole
 * row apart, which at dSae 16384 missed the cache and the TLB on every element.
 *
 * @internal
 * @example
 * ```ts
 * const dst = new Float32Array(6);
 * transposeInto(Float32Array.of(1, 2, 3, 4, 5, 6), 0, 2, 3, dst, 0); // dst: 1, 4, 2, 5, 3, 6
 * ```
 */
export function transposeInto(src: Float32Array, so: number, rows: number, cols: number, dst: Float32Array, dO: number): void {
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(rows, r0 + B);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(cols, c0 + B);
      for (let r = r0; r < r1; r++) {
        const s = so + r * cols;
        for (let c = c0; c < c1; c++) dst[dO + c * rows + r] = src[s + c]!;
      }
    }
  }
}
