import { describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createKernels } from '@interp/kernels';
import { selectTopK, selectTopKInHeap } from './selectTopK';

describe('selectTopK', () => {
  it('keeps exactly the k largest positive scores of every row (column-major input)', () => {
    const rng = createRandom(3);
    const rows = 7;
    const S = 50;
    const k = 5;
    const scores = Float32Array.from({ length: S * rows }, () => rng.normal());
    const idx = new Int32Array(rows * k);
    const val = new Float32Array(rows * k);
    const count = new Int32Array(rows);
    selectTopK(scores, rows, S, k, idx, val, count);
    for (let b = 0; b < rows; b++) {
      const row = Array.from({ length: S }, (_, j) => ({ j, v: scores[j * rows + b]! }))
        .filter((e) => e.v > 0)
        .sort((a, c) => c.v - a.v)
        .slice(0, k);
      expect(count[b]).toBe(row.length);
      const got = Array.from(idx.slice(b * k, b * k + count[b]!)).sort((a, c) => a - c);
      expect(got).toEqual(row.map((e) => e.j).sort((a, c) => a - c));
    }
  });

  it('with a feature list scans only those features, and positiveOnly=false keeps negative scores', () => {
    const scores = new Float32Array([-1, -2, -3, -0.5]); // 4 features x 1 row
    const idx = new Int32Array(2);
    const val = new Float32Array(2);
    const count = new Int32Array(1);
    selectTopK(scores, 1, 3, 2, idx, val, count, new Int32Array([0, 1, 2]), false);
    expect(count[0]).toBe(2);
    expect(Array.from(idx).sort()).toEqual([0, 1]);
    selectTopK(scores, 1, 4, 2, idx, val, count);
    expect(count[0]).toBe(0);
  });
});

describe('selectTopKInHeap', () => {
  it('selects the same features as selectTopK, with wasm and JavaScript kernels', () => {
    const rng = createRandom(8);
    const rows = 37;
    const S = 90;
    const k = 6;
    const scores = Float32Array.from({ length: S * rows }, () => rng.normal());
    const ref = { idx: new Int32Array(rows * k), val: new Float32Array(rows * k), count: new Int32Array(rows) };
    selectTopK(scores, rows, S, k, ref.idx, ref.val, ref.count);
    for (const kind of ['auto', 'js'] as const) {
      const kernels = createKernels(S * rows + 2 * rows, kind);
      kernels.heap.set(scores, 0);
      const got = { idx: new Int32Array(rows * k), val: new Float32Array(rows * k), count: new Int32Array(rows) };
      selectTopKInHeap(kernels, 0, S * rows, S * rows + rows, rows, S, k, got.idx, got.val, got.count);
      expect(Array.from(got.count)).toEqual(Array.from(ref.count));
      for (let b = 0; b < rows; b++) {
        const a = Array.from(got.idx.subarray(b * k, b * k + got.count[b]!)).sort((x, y) => x - y);
        const e = Array.from(ref.idx.subarray(b * k, b * k + ref.count[b]!)).sort((x, y) => x - y);
        expect(a).toEqual(e);
      }
    }
  });
});
