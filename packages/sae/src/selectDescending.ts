import { quickSelect } from './quickSelect';
import { offerToHeap } from './selectTopK';

/**
 * Fewest floats for the heap pass. On normal floats the heap pass wins from 16384 (52 us against 232 us; `node
 * bench/selectDescending.mjs`) and at 2048 (rank 31) the quickselect can be faster (4.7-11 against 8.3-12 us per call,
 * 4 December 2026, a noisy host); on the initialisation's own inputs, the reference activations' decoder projections, the quickselect took 19-21 us
 * per feature of 2048 rows and the heap pass 4-13 us (the quantile biases of 2048 features, rank 32: 41 -> 26 ms; of
 * 16384, rank 4: 307 -> 70 ms).
 *
 * @internal
 */
export const HEAP_FROM = 256;

/**
 * The `rank`-th largest of `n` floats at `src[o]` (rank 0: the largest), as `src.slice(o, o + n).sort()[n - 1 - rank]`
 * gives it for floats without NaN (duplicates counted). `work` holds at least `n` floats of scratch. Of
 * {@link HEAP_FROM} floats or more, a small rank (`rank + 1` at most `n / 8`: the initialisation's TopK threshold of each sample row over a
 * large dictionary) keeps the `rank + 1` largest in a min-heap ({@link offerToHeap}, as `selectTopK` does) in one pass
 * over the floats, most of which fail a single comparison with the heap's root; other inputs, and those with a NaN or
 * a zero result, take {@link quickselectDescending}, so every input gets the value it got before the heap pass existed.
 *
 * @internal
 * @example
 * ```ts
 * selectDescending(Float32Array.of(5, 9, 1, 9, 4), 0, 5, 1, new Float32Array(5)); // 9 (the second largest, duplicates counted)
 * ```
 */
export function selectDescending(src: Float32Array, o: number, n: number, rank: number, work: Float32Array): number {
  const m = rank + 1;
  if (rank >= 0 && n >= HEAP_FROM && m * 8 <= n) {
    const v = heapSelectDescending(src, o, n, m, work);
    if (v !== 0 && v === v) return v;
  }
  return quickselectDescending(src, o, n, rank, work);
}

/** The `m`-th largest of `n` floats at `src[o]` (`n >= m`), by a min-heap of the `m` largest in `heap`; NaN when a float is NaN or the heap does not fill. */
function heapSelectDescending(src: Float32Array, o: number, n: number, m: number, heap: Float32Array): number {
  const index = new Int32Array(m);
  const size = new Int32Array(1);
  let threshold = -Infinity;
  for (let i = o, end = o + n; i < end; i++) {
    const v = src[i]!;
    if (!(v > threshold)) {
      if (v !== v) return Number.NaN;
      continue;
    }
    const t = offerToHeap(index, heap, size, 0, m, i, v);
    if (t === t) threshold = t;
  }
  // fewer than m floats above -Infinity: the heap is not full (the quickselect answers)
  return size[0] === m ? heap[0]! : Number.NaN;
}

/**
 * {@link selectDescending} by a quickselect on the copy `work` (any rank); a zero or NaN result is taken from a full
 * sort (the sign of a zero, as sort orders -0 before +0).
 *
 * @internal
 * @example
 * ```ts
 * quickselectDescending(Float32Array.of(3, 1, 2), 0, 3, 1, new Float32Array(3)); // 2
 * ```
 */
export function quickselectDescending(src: Float32Array, o: number, n: number, rank: number, work: Float32Array): number {
  work.set(src.subarray(o, o + n));
  const want = n - 1 - rank; // ascending position
  const v = quickSelect(work, n, want);
  if (v === 0 || Number.isNaN(v)) return src.slice(o, o + n).sort()[want]!;
  return v;
}
