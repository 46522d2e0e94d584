/**
 * Equal-width histogram: `counts[i]` values fell in
 * `[min + i * w, min + (i + 1) * w)` with `w = (max - min) / counts.length`
 * (the last bin includes `max`). Compact enough to embed thousands in a page.
 *
 * @example
 * ```ts
 * const h: Histogram = { min: 0, max: 1, counts: [3, 5, 2, 0] }; // bins of width 0.25
 * ```
 */
export interface Histogram {
  /** Left edge of the first bin. */
  min: number;
  /** Right edge of the last bin (`>= min`). */
  max: number;
  /** Number of values per bin. */
  counts: number[];
}
