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
});
