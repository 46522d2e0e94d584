import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeReluLayerData, makeSparseTrainingInput } from './__tests__/testData';
import { createSeededStepState, createStepTensors, expectRelativeClose, readGradients } from './__tests__/stepFixtures';
import type { TrainingState } from './createTrainingState';
import { deserializeSae } from './deserializeSae';
import { evaluateSae } from './evaluateSae';
import { runGatedStep } from './runGatedStep';
import { serializeSae } from './serializeSae';
import { trainSae } from './trainSae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const d = 6;
const S = 12;
const B = 5;

function setUp(): TrainingState {
  return createSeededStepState(d, S, B, 8, {
    extraPerFeature: 2,
    fillFeature: (h, L, j, rng) => {
      h[L.benc + j] = rng.normal() * 0.2; // b_mag
      h[L.extra + j] = rng.normal() * 0.2; // b_gate
      h[L.extra + S + j] = rng.normal() * 0.3; // r_mag
    },
  });
}

describe('gated step', () => {
  it("its hand-written gradients equal tfjs autograd of the gated loss (gate held fixed, auxiliary decoder frozen)", () => {
    const st = setUp();
    const L = st.layout;
    const h = st.heap;
    const l1 = 0.3;
    const { x, variance, params: common } = createStepTensors(st, B);
    const params = [
      ...common, // W_gate^T, W_dec, b_mag, b_dec
      tf.tensor1d(h.slice(L.extra, L.extra + S)), // b_gate
      tf.tensor1d(h.slice(L.extra + S, L.extra + 2 * S)), // r_mag
    ] as const;
    const frozenWDec = params[1].clone();
    const frozenBDec = params[3].clone();
    const gateOpen = tf.cast(tf.greater(tf.add(tf.matMul(tf.sub(x, params[3]), tf.transpose(params[0])), params[4]), 0), 'float32');
    const l1Scale = l1 / (B * Math.sqrt(variance / B));
    const grads = tf.grads((wGateT: tf.Tensor, wDec: tf.Tensor, bMag: tf.Tensor, bDec: tf.Tensor, bGate: tf.Tensor, rMag: tf.Tensor) => {
      const proj = tf.matMul(tf.sub(x, bDec), tf.transpose(wGateT));
      const gate = tf.add(proj, bGate);
      const mag = tf.add(tf.mul(proj, tf.exp(rMag)), bMag);
      const f = tf.mul(gateOpen, tf.relu(mag));
      const rec = tf.sum(tf.square(tf.sub(tf.add(tf.matMul(f, wDec), bDec), x)));
      const sparsity = tf.mul(tf.sum(tf.relu(gate)), l1Scale);
      const aux = tf.sum(tf.square(tf.sub(tf.add(tf.matMul(tf.relu(gate), frozenWDec), frozenBDec), x)));
      return tf.add(tf.div(tf.add(rec, aux), variance), sparsity) as tf.Scalar;
    })([...params]).map((t) => t.dataSync() as Float32Array);
    const stats = runGatedStep(st, B, l1, new Float32Array(S * d));
    expect(stats.active).toBeGreaterThan(0);
    expect(stats.auxLoss).toBeGreaterThan(0);
    readGradients(st, 2).forEach((g, i) => expectRelativeClose(g, grads[i]!));
  });
});

describe('gated SAE', () => {
  const input = makeSparseTrainingInput();
  const { data, width } = input;

  it('trains near its targetL0, and round-trips through the SAELens gated layout with the loader', async () => {
    const { sae, history } = await trainSae(input, { dSae: 64, architecture: { type: 'gated', targetL0: 4 }, epochs: 10, batchSize: 32, learningRate: 1e-2, seed: 3 });
    const last = history.evaluations.at(-1)!.metrics;
    expect(last.fve).toBeGreaterThan(0.6);
    expect(last.l0).toBeGreaterThan(2);
    expect(last.l0).toBeLessThan(8);
    expect(history.steps.at(-1)!.loss).toBeLessThan(0.7 * history.steps[0]!.loss);
    expect(sae.config.activation.type).toBe('gated');
    const files = serializeSae(sae);
    const cfg = JSON.parse(files['cfg.json']) as Record<string, unknown>;
    expect(cfg.architecture).toBe('gated');
    const again = deserializeSae(files);
    const w = again.getWeights();
    expect(w.r_mag!.some((v) => v !== 0)).toBe(true); // r_mag was trained
    // SAELens' gated encode, written out
    const x = data.subarray(0, width);
    const f = again.encodeArray(x, 1);
    let fired = 0;
    for (let j = 0; j < 64; j++) {
      let p = 0;
      for (let i = 0; i < width; i++) p += (x[i]! - w.b_dec[i]!) * w.W_enc[i * 64 + j]!;
      const open = p + w.b_gate![j]! > 0;
      const mag = Math.max(0, p * Math.exp(w.r_mag![j]!) + w.b_enc[j]!);
      expect(f[j]).toBeCloseTo(open ? mag : 0, 4);
      if (f[j]! > 0) fired++;
    }
    expect(fired).toBeGreaterThan(0);
    expect(Array.from(again.encodeArray(data.subarray(0, 8 * width), 8))).toEqual(Array.from(sae.encodeArray(data.subarray(0, 8 * width), 8)));
    sae.dispose();
    again.dispose();
  });

  it('a larger targetL0 gives a denser code; a fixed l1Coefficient stays fixed', async () => {
    const run = async (architecture: Parameters<typeof trainSae>[1] extends infer O ? (O extends { architecture?: infer A } ? A : never) : never) => {
      const { sae, history } = await trainSae(input, { dSae: 64, architecture, epochs: 6, batchSize: 32, learningRate: 1e-2, seed: 1 });
      sae.dispose();
      return history;
    };
    const sparse = await run({ type: 'gated', targetL0: 3 });
    const dense = await run({ type: 'gated', targetL0: 12 });
    expect(dense.evaluations.at(-1)!.metrics.l0).toBeGreaterThan(sparse.evaluations.at(-1)!.metrics.l0);
    const fixed = await run({ type: 'gated', l1Coefficient: 0.2, l1WarmupFraction: 0 });
    expect(new Set(fixed.steps.map((s) => s.l1Coefficient))).toEqual(new Set([0.2]));
  });

  it("starts as the ReLU encoder of the same initialisation (b_mag = b_gate, r_mag = 0): its first step's loss is a relu SAE's", async () => {
    // the same seed, targetL0 and batch size give both the same initial W_enc, b_enc and first batch; a gated SAE
    // whose magnitude path started at b_mag = 0 output whole projections instead (first loss 30 x larger here)
    const relu = makeReluLayerData(1000, 32, 6, 5);
    const rows = { data: relu, rows: 1000, width: 32 };
    const first = async (type: 'gated' | 'relu'): Promise<number> => {
      const { sae, history } = await trainSae(rows, { dSae: 128, architecture: { type, targetL0: 4 }, epochs: 1, batchSize: 64, logEvery: 1, seed: 2 });
      sae.dispose();
      return history.steps[0]!.loss;
    };
    const [gated, reference] = [await first('gated'), await first('relu')];
    expect(Math.abs(gated - reference) / reference).toBeLessThan(1e-4);
  });

  it('keeps its features alive with its defaults on MLP-like activations (were 43% dead)', async () => {
    const rows = { data: makeReluLayerData(2000, 128, 6, 5), rows: 2000, width: 128 };
    const { sae } = await trainSae(rows, { dSae: 256, architecture: { type: 'gated', targetL0: 4 }, epochs: 40, batchSize: 64, seed: 3 });
    const m = await evaluateSae(sae, rows);
    sae.dispose();
    expect(m.deadFraction).toBeLessThan(0.05);
    expect(m.l0).toBeLessThan(8);
  });
});
