import type { Kernels } from '@interp/kernels';
import { quickSelect } from './quickSelect';
import { selectTopKInHeap } from './selectTopK';

/** The largest float32 below a positive float32 `v` (so that `> result` keeps `v`). */
function float32Below(v: number): number {
  const f = new Float32Array([v]);
  const i = new Int32Array(f.buffer);
  i[0]! -= 1;
  return f[0]!;
}

/**
 * BatchTopK selection (Bussmann et al. 2024): of the batch's positive pre-activations (column-major in the
 * kernel heap at `pre`, `[nFeatures, rows]`), keeps the `kTotal = k x rows` largest over the whole batch, so
 * rows get as many active features as they need. Row `b`'s selected features land in `outIdx`/`outVal` at
 * `[b * stride, b * stride + outCount[b])` (at most `stride` per row: the row's largest). `scratch` holds at
 * least `nFeatures x rows` floats. Returns the smallest selected value (the batch's threshold; 0 when fewer
 * than `kTotal` values are positive).
 */
export function selectBatchTopK(
  kernels: Kernels,
  pre: number,
  thr: number,
  cand: number,
  rows: number,
  nFeatures: number,
  kTotal: number,
  stride: number,
  outIdx: Int32Array,
  outVal: Float32Array,
  outCount: Int32Array,
  scratch: Float32Array,
): number {
  const heap = kernels.heap;
  let n = 0;
  for (let i = pre, e = pre + nFeatures * rows; i < e; i++) {
    const v = heap[i]!;
    if (v > 0) scratch[n++] = v;
  }
  let threshold = 0;
  let floor = 0;
  if (n > kTotal) {
    threshold = quickSelect(scratch, n, n - kTotal);
    floor = float32Below(threshold);
  } else if (n > 0) {
    let m = Infinity;
    for (let i = 0; i < n; i++) if (scratch[i]! < m) m = scratch[i]!;
    threshold = m;
  }
  selectTopKInHeap(kernels, pre, thr, cand, rows, nFeatures, stride, outIdx, outVal, outCount, undefined, true, floor);
  return threshold;
}
