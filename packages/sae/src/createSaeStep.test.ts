import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createSaeStep } from './createSaeStep';
import { createTrainingState, type TrainingState } from './createTrainingState';
import { saeArchitectures } from './saeArchitectures';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const d = 6;
const S = 8;

function setUp(extraPerFeature: number): { st: TrainingState; sample: { data: Float32Array; rows: number; width: number } } {
  const st = createTrainingState(d, S, 4, 'auto', false, extraPerFeature);
  const rng = createRandom(5);
  const L = st.layout;
  for (let i = 0; i < S * d; i++) st.heap[L.wenc + i] = st.heap[L.wdec + i] = rng.normal();
  for (let j = 0; j < S; j++) st.heap[L.benc + j] = 0.1 * rng.normal();
  const sample = { data: Float32Array.from({ length: 64 * d }, () => rng.normal()), rows: 64, width: d };
  return { st, sample };
}

describe('createSaeStep: resetFeatures (after resampling dead features)', () => {
  it("jumprelu: a resampled feature's threshold and its Adam moments return to their start; the others keep theirs", () => {
    const { st, sample } = setUp(1);
    const L = st.layout;
    const arch = saeArchitectures.jumprelu.resolve({ type: 'jumprelu', targetL0: 2 }, S, 'test');
    const step = createSaeStep(st, arch, 4, sample, 100);
    const start = st.heap.slice(L.extra, L.extra + S);
    st.heap.fill(3, L.extra, L.extra + S); // thresholds grown large while the features died
    st.heap.fill(0.5, L.m + L.extra, L.m + L.extra + S);
    st.heap.fill(0.5, L.v + L.extra, L.v + L.extra + S);
    step.resetFeatures?.(new Int32Array([2, 5, 7]), 2);
    expect(step.resetFeatures).toBeDefined();
    for (let j = 0; j < S; j++) {
      const reset = j === 2 || j === 5;
      expect(st.heap[L.extra + j]).toBe(reset ? start[j] : 3);
      expect(st.heap[L.m + L.extra + j]).toBe(reset ? 0 : 0.5);
      expect(st.heap[L.v + L.extra + j]).toBe(reset ? 0 : 0.5);
    }
  });

  it("gated: the resampled encoder bias becomes b_gate and stays b_mag (the two paths start equal), r_mag restarts at 0, with their Adam moments", () => {
    const { st, sample } = setUp(2);
    const L = st.layout;
    const arch = saeArchitectures.gated.resolve({ type: 'gated', targetL0: 2 }, S, 'test');
    const step = createSaeStep(st, arch, 4, sample, 100);
    const bEnc = Float32Array.from({ length: S }, (_, j) => -0.1 * (j + 1)); // what resampling left in b_enc
    st.heap.set(bEnc, L.benc);
    st.heap.fill(2, L.extra, L.extra + 2 * S); // b_gate and r_mag of dead features
    st.heap.fill(0.5, L.m + L.extra, L.m + L.extra + 2 * S);
    st.heap.fill(0.5, L.v + L.extra, L.v + L.extra + 2 * S);
    step.resetFeatures?.(new Int32Array([1, 4]), 2);
    expect(step.resetFeatures).toBeDefined();
    for (let j = 0; j < S; j++) {
      const reset = j === 1 || j === 4;
      expect(st.heap[L.extra + j]).toBe(reset ? bEnc[j] : 2); // b_gate
      expect(st.heap[L.benc + j]).toBe(bEnc[j]); // b_mag: the resampled bias, as b_gate
      expect(st.heap[L.extra + S + j]).toBe(reset ? 0 : 2); // r_mag
      for (const base of [L.m, L.v]) {
        expect(st.heap[base + L.extra + j]).toBe(reset ? 0 : 0.5);
        expect(st.heap[base + L.extra + S + j]).toBe(reset ? 0 : 0.5);
      }
    }
  });
});
