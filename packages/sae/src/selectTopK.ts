import type { Kernels } from '@interp/kernels';

/**
 * Offers score `v` of feature `j` to row `b`'s min-heap of its `k` largest scores (`outVal`/`outIdx`
 * at `[b * k, b * k + k)`, `outCount[b]` filled). Returns the row's new threshold (the heap's minimum)
 * once the heap is full, else NaN. The caller has checked that `v` beats the current threshold.
 *
 * @internal
 * @example
 * ```ts
 * const idx = new Int32Array(2), val = new Float32Array(2), count = new Int32Array(1);
 * offerToHeap(idx, val, count, 0, 2, 0, 5); // NaN: the heap is not full yet
 * offerToHeap(idx, val, count, 0, 2, 1, 3); // 3: full, its minimum
 * ```
 */
export function offerToHeap(
  outIdx: Int32Array,
  outVal: Float32Array,
  outCount: Int32Array,
  b: number,
  k: number,
  j: number,
  v: number,
): number {
  // twin: `offer` inside createThreadKernels, a copy because workers run that function's source text, which cannot import; change both (createParallelTopKTrainer.test.ts, 'equals the one-thread tfjs step and update bit for bit, step after step', compares them)
  const o = b * k;
  const size = outCount[b]!;
  if (size < k) {
    let p = size;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (outVal[o + parent]! <= v) break;
      outVal[o + p] = outVal[o + parent]!;
      outIdx[o + p] = outIdx[o + parent]!;
      p = parent;
    }
    outVal[o + p] = v;
    outIdx[o + p] = j;
    outCount[b] = size + 1;
    return size + 1 === k ? outVal[o]! : Number.NaN;
  }
  // replace the minimum (root) and sift down
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && outVal[o + r]! < outVal[o + l]! ? r : l;
    if (outVal[o + c]! >= v) break;
    outVal[o + i] = outVal[o + c]!;
    outIdx[o + i] = outIdx[o + c]!;
    i = c;
  }
  outVal[o + i] = v;
  outIdx[o + i] = j;
  return outVal[o]!;
}

/**
 * Per-row TopK (then ReLU) on a column-major score matrix: `scores[j * rows + b]` is the score of
 * feature `j` in row `b`. Scans the features listed in `features` (the first `nFeatures`; all
 * features `0..nFeatures-1` when omitted) and keeps, for every row, the `k` largest positive scores:
 * row `b`'s feature indices and values land in `outIdx`/`outVal` at `[b * k, b * k + outCount[b])`,
 * in no particular order (`positiveOnly = false` keeps negative scores too). The scan reads `scores` contiguously (no transpose needed).
 *
 * @example
 * ```ts
 * // 3 features x 2 rows, column-major: feature 0 = [1, 0], feature 1 = [3, -1], feature 2 = [2, 5]
 * const idx = new Int32Array(2), val = new Float32Array(2), count = new Int32Array(2);
 * selectTopK(new Float32Array([1, 0, 3, -1, 2, 5]), 2, 3, 1, idx, val, count);
 * // row 0 -> feature 1 (3), row 1 -> feature 2 (5)
 * ```
 */
export function selectTopK(
  scores: Float32Array,
  rows: number,
  nFeatures: number,
  k: number,
  outIdx: Int32Array,
  outVal: Float32Array,
  outCount: Int32Array,
  features?: Int32Array,
  positiveOnly = true,
): void {
  outCount.fill(0, 0, rows);
  if (k <= 0) return;
  // threshold[b]: the value a new score must beat (0 or -Infinity until the row's heap is full, then its minimum)
  const threshold = new Float32Array(rows).fill(positiveOnly ? 0 : -Infinity);
  for (let jj = 0; jj < nFeatures; jj++) {
    const j = features ? features[jj]! : jj;
    const base = j * rows;
    for (let b = 0; b < rows; b++) {
      const v = scores[base + b]!;
      if (!(v > threshold[b]!)) continue;
      const t = offerToHeap(outIdx, outVal, outCount, b, k, j, v);
      if (!Number.isNaN(t)) threshold[b] = t;
    }
  }
}

/**
 * {@link selectTopK} on scores that live in the kernel heap (`heap[pre + j * rows + b]`), with the
 * per-row scan of each feature done by the SIMD `filterAbove` kernel: only rows whose score beats the
 * row's current threshold reach the JavaScript heap update. `thr` and `cand` are heap scratch blocks of
 * `rows` entries. Only scores above `floor` (default 0, or -Infinity when `positiveOnly` is false) are kept.
 */
export function selectTopKInHeap(
  kernels: Kernels,
  pre: number,
  thr: number,
  cand: number,
  rows: number,
  nFeatures: number,
  k: number,
  outIdx: Int32Array,
  outVal: Float32Array,
  outCount: Int32Array,
  features?: Int32Array,
  positiveOnly = true,
  floor: number = positiveOnly ? 0 : -Infinity,
): void {
  // twin: `select` inside createThreadKernels, a copy because workers run that function's source text, which cannot import; change both (createParallelTopKTrainer.test.ts, 'equals the one-thread tfjs step and update bit for bit, step after step', compares them)
  outCount.fill(0, 0, rows);
  if (k <= 0) return;
  const { heap, heapI32 } = kernels;
  heap.fill(floor, thr, thr + rows);
  for (let jj = 0; jj < nFeatures; jj++) {
    const j = features ? features[jj]! : jj;
    const base = pre + j * rows;
    const nc = kernels.filterAbove(base, thr, rows, cand);
    for (let c = 0; c < nc; c++) {
      const b = heapI32[cand + c]!;
      const v = heap[base + b]!;
      if (!(v > heap[thr + b]!)) continue;
      const t = offerToHeap(outIdx, outVal, outCount, b, k, j, v);
      if (!Number.isNaN(t)) heap[thr + b] = t;
    }
  }
}
