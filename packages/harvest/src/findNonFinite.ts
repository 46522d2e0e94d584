/**
 * The index of the first NaN or infinite value, or -1. One multiply-add per value on the fast path
 * (any NaN/infinity makes `sum += v * 0` NaN), then a search only when there is one.
 *
 * @example
 * ```ts
 * import { findNonFinite } from '@interp/harvest';
 * findNonFinite(new Float32Array([1, NaN])); // 1
 * ```
 */
export function findNonFinite(values: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += (values[k] as number) * 0;
  if (sum === 0) return -1;
  for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k] as number)) return k;
  return -1;
}
