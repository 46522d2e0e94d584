import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createTrainingState } from './createTrainingState';
import { resampleDeadFeatures } from './resampleDeadFeatures';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

describe('resampleDeadFeatures', () => {
  it('points a dead feature at a badly reconstructed row, resets its Adam moments and leaves the others alone', () => {
    const d = 4;
    const S = 3;
    const st = createTrainingState(d, S, 8, 'auto');
    const L = st.layout;
    // feature 0 reconstructs direction e0, feature 1 direction e1; feature 2 is dead (bias -100)
    st.heap.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], L.wenc);
    st.heap.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], L.wdec);
    st.heap.set([0, 0, -100], L.benc);
    for (const base of [L.m, L.v]) st.heap.fill(0.5, base, base + L.nParams);
    // rows along e0 and e1 are reconstructed exactly; the row along e3 is not at all
    const sample = { data: new Float32Array([2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 5]), rows: 3, width: d };
    const before = st.heap.slice(L.wdec, L.wdec + 2 * d);
    const n = resampleDeadFeatures(st, new Int32Array([2]), 1, sample, createRandom(1));
    expect(n).toBe(1);
    expect(Array.from(st.heap.slice(L.wdec + 2 * d, L.wdec + 3 * d))).toEqual([0, 0, 0, 1]);
    const enc = Array.from(st.heap.slice(L.wenc + 2 * d, L.wenc + 3 * d));
    expect(enc[3]).toBeCloseTo(0.2, 6); // 0.2 x mean alive encoder norm (1)
    expect(st.heap[L.benc + 2]).toBe(0);
    expect(st.heap[L.m + L.wdec + 2 * d + 3]).toBe(0);
    expect(st.heap[L.v + L.benc + 2]).toBe(0);
    expect(st.heap[L.m + L.wdec]).toBe(0.5);
    expect(Array.from(st.heap.slice(L.wdec, L.wdec + 2 * d))).toEqual(Array.from(before));
  });

  it("with a share, the new feature's bias lets it fire on about share/dSae of the sample rows (and the ReLU encoder scale stays 0.2)", () => {
    const d = 5;
    const S = 4;
    const st = createTrainingState(d, S, 8, 'auto');
    const L = st.layout;
    const rng = createRandom(3);
    for (let i = 0; i < S * d; i++) st.heap[L.wenc + i] = st.heap[L.wdec + i] = rng.normal();
    st.heap.set([0, 0, 0, -100], L.benc);
    const rows = 400;
    const sample = { data: Float32Array.from({ length: rows * d }, () => rng.normal()), rows, width: d };
    resampleDeadFeatures(st, new Int32Array([3]), 1, sample, createRandom(2), 0, { share: 1 });
    const w = st.heap.slice(L.wenc + 3 * d, L.wenc + 4 * d);
    const b = st.heap[L.benc + 3]!;
    let firing = 0;
    for (let r = 0; r < rows; r++) {
      let pre = b;
      for (let i = 0; i < d; i++) pre += w[i]! * (sample.data[r * d + i]! - st.heap[L.bdec + i]!);
      if (pre > 1e-5) firing++;
    }
    const want = Math.floor((rows * 1) / S); // 100 of 400 rows
    expect(b).toBeLessThan(0);
    expect(Math.abs(firing - want)).toBeLessThanOrEqual(1);
    let alive = 0;
    for (let j = 0; j < 3; j++) {
      let n2 = 0;
      for (let i = 0; i < d; i++) n2 += st.heap[L.wenc + j * d + i]! ** 2;
      alive += Math.sqrt(n2) / 3;
    }
    expect(Math.hypot(...w)).toBeCloseTo(0.2 * alive, 4);
  });
});
