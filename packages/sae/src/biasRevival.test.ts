import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from './createRandom';
import { createTrainingState } from './createTrainingState';
import { evaluateSae } from './evaluateSae';
import { reviveSilentFeatures } from './reviveSilentFeatures';
import { saeArchitectures } from './saeArchitectures';
import { trainSae } from './trainSae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

/** Low-dimensional activations like an MLP hidden layer: ReLU(x W + b) of 6 digit inputs into 64 dims. */
function mlpLikeData(rows: number, width: number): Float32Array {
  const inDim = 6;
  const rng = createRandom(3);
  const W = Float32Array.from({ length: inDim * width }, () => rng.normal());
  const b = Float32Array.from({ length: width }, () => rng.normal() * 0.5);
  const data = new Float32Array(rows * width);
  const x = new Float32Array(inDim);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < inDim; i++) x[i] = rng.int(10) / 9;
    for (let j = 0; j < width; j++) {
      let s = b[j]!;
      for (let i = 0; i < inDim; i++) s += x[i]! * W[i * width + j]!;
      data[r * width + j] = Math.max(0, s);
    }
  }
  return data;
}

describe('TopK bias revival', () => {
  it('leaves no dead feature on low-dimensional activations where AuxK alone leaves some', async () => {
    const rows = 2000;
    const width = 64;
    const input = { data: mlpLikeData(rows, width), rows, width };
    const dead = async (biasRevival: number) => {
      const { sae } = await trainSae(input, {
        dSae: 256,
        architecture: { type: 'topk', k: 8, biasRevival },
        epochs: 10,
        batchSize: 128,
        seed: 2,
      });
      const m = await evaluateSae(sae, input);
      sae.dispose();
      return m;
    };
    const without = await dead(0);
    const withRevival = await dead(0.3);
    expect(without.deadFraction).toBeGreaterThan(0.03);
    expect(withRevival.deadFraction).toBe(0);
    expect(withRevival.fve).toBeGreaterThan(without.fve - 0.05);
  });
});

describe('ReLU bias revival default', () => {
  it('is on (0.1) when a targetL0 controller is in force and off with a fixed l1Coefficient', () => {
    expect(saeArchitectures.relu.resolve({ type: 'relu' }, 256, 'o')).toMatchObject({ targetL0: 32, biasRevival: 0.1 });
    expect(saeArchitectures.relu.resolve({ type: 'relu', l1Coefficient: 0.5 }, 256, 'o')).toMatchObject({ targetL0: null, biasRevival: 0 });
    expect(saeArchitectures.relu.resolve({ type: 'relu', targetL0: 8, biasRevival: 0 }, 256, 'o')).toMatchObject({ biasRevival: 0 });
  });
});

describe('bias revival of a gated SAE', () => {
  it('nudges the gate bias (b_gate) of silent features, capped as for ReLU, and the magnitude bias (b_mag) by as much', () => {
    const S = 3;
    const st = createTrainingState(2, S, 4, 'auto', false, 2);
    const L = st.layout;
    st.heap.set([0.1, 0.2, 0.3], L.benc); // b_mag
    st.heap.set([-1, -0.1, 5], L.extra); // b_gate
    // gate scale 1: features 0 and 1 silent (best gate pre-activation -1 and 0.4), feature 2 fired just now
    const stats = { loss: 0, auxLoss: 0, sparsityLoss: 0, active: 4, threshold: 1, preMax: new Float32Array([-1, 0.4, 2]) };
    const lastFired = new Float64Array([0, 0, 1000]);
    const before = st.heap.slice();
    reviveSilentFeatures(st, stats, 4, lastFired, 1000, 100, 0.3, 0.5, L.extra);
    expect(st.heap[L.extra]).toBeCloseTo(-1 + 0.3, 6); // room 1.5 > 0.3 x 1
    expect(st.heap[L.extra + 1]).toBeCloseTo(-0.1 + 0.1, 6); // room 0.5 - 0.4 = 0.1
    expect(st.heap[L.extra + 2]).toBe(5);
    expect(Array.from(st.heap.slice(L.benc, L.benc + S))).toEqual(Array.from(before.slice(L.benc, L.benc + S))); // no second bias given
    st.heap.set(before);
    reviveSilentFeatures(st, stats, 4, lastFired, 1000, 100, 0.3, 0.5, L.extra, L.benc);
    expect(st.heap[L.extra]).toBeCloseTo(-1 + 0.3, 6);
    expect(st.heap[L.benc]).toBeCloseTo(0.1 + 0.3, 6);
    expect(st.heap[L.benc + 1]).toBeCloseTo(0.2 + 0.1, 6);
    expect(st.heap[L.benc + 2]).toBeCloseTo(0.3, 6);
  });

  it('is on (0.1) by default under a targetL0 and off with a fixed l1Coefficient', () => {
    expect(saeArchitectures.gated.resolve({ type: 'gated' }, 256, 'o')).toMatchObject({ targetL0: 32, biasRevival: 0.1 });
    expect(saeArchitectures.gated.resolve({ type: 'gated', l1Coefficient: 0.5 }, 256, 'o')).toMatchObject({ targetL0: null, biasRevival: 0 });
    expect(saeArchitectures.gated.resolve({ type: 'gated', targetL0: 8, biasRevival: 0 }, 256, 'o')).toMatchObject({ biasRevival: 0 });
  });
});
