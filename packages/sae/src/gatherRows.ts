import type { Random } from './createRandom';
import type { ActivationMatrix } from './toActivationSource';

/** Copies rows `index[from..to)` of a matrix into `dst` at offset `dstOffset` (floats), one after the other. */
export function gatherRows(dst: Float32Array, dstOffset: number, m: ActivationMatrix, index: Int32Array, from: number, to: number): void {
  const w = m.width;
  for (let t = from; t < to; t++) {
    const r = index[t]!;
    dst.set(m.data.subarray(r * w, (r + 1) * w), dstOffset + (t - from) * w);
  }
}

/** Fisher-Yates shuffle of the first `n` entries of `a` in place. */
export function shuffleIndex(a: Int32Array, rng: Random, n = a.length): void {
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
