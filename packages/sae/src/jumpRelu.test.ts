import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { deserializeSae } from './deserializeSae';
import { runJumpReluStep } from './runJumpReluStep';
import { serializeSae } from './serializeSae';
import { makeSparseTrainingInput } from './__tests__/testData';
import { createSeededStepState, createStepTensors, expectRelativeClose, readGradients } from './__tests__/stepFixtures';
import { saeArchitectures } from './saeArchitectures';
import { trainSae } from './trainSae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const input = makeSparseTrainingInput();
const { data, width } = input;

describe('jumprelu SAE', () => {
  it('trains to a good FVE near its targetL0, with per-feature thresholds, and round-trips as SAELens jumprelu', async () => {
    const { sae, history } = await trainSae(input, {
      dSae: 64,
      architecture: { type: 'jumprelu', targetL0: 4 },
      epochs: 10,
      batchSize: 32,
      learningRate: 1e-2,
      seed: 3,
    });
    const last = history.evaluations.at(-1)!.metrics;
    expect(last.fve).toBeGreaterThan(0.6);
    expect(last.l0).toBeGreaterThan(2);
    expect(last.l0).toBeLessThan(8);
    const w = sae.getWeights();
    expect(new Set(w.threshold).size).toBeGreaterThan(1); // learned per feature
    expect(Math.min(...w.threshold!)).toBeGreaterThan(0);
    // the L0 coefficient moved from its start value
    expect(history.steps.at(-1)!.l1Coefficient).not.toBe(history.steps[0]!.l1Coefficient);
    const again = deserializeSae(serializeSae(sae));
    const x = data.subarray(0, width);
    const f = again.encodeArray(x, 1);
    const a = again.getWeights();
    for (let j = 0; j < 64; j++) {
      let p = a.b_enc[j]!;
      for (let i = 0; i < width; i++) p += (x[i]! - a.b_dec[i]!) * a.W_enc[i * 64 + j]!;
      expect(f[j]).toBeCloseTo(p > a.threshold![j]! && p > 0 ? p : 0, 4);
    }
    sae.dispose();
    again.dispose();
  });

  it('a larger targetL0 gives a denser code', async () => {
    const l0 = async (targetL0: number) => {
      const { sae, history } = await trainSae(input, { dSae: 64, architecture: { type: 'jumprelu', targetL0 }, epochs: 6, batchSize: 32, learningRate: 1e-2, seed: 1 });
      sae.dispose();
      return history.evaluations.at(-1)!.metrics.l0;
    };
    expect(await l0(12)).toBeGreaterThan(await l0(3));
  });
});

describe('relu targetL0', () => {
  it('the L1 coefficient adapts so that the L0 lands near the target', async () => {
    const { sae, history } = await trainSae(input, { dSae: 48, architecture: { type: 'relu', targetL0: 5 }, epochs: 8, batchSize: 50, seed: 2 });
    sae.dispose();
    const l0 = history.evaluations.at(-1)!.metrics.l0;
    expect(l0).toBeGreaterThan(2.5);
    expect(l0).toBeLessThan(10);
  });
});

describe('jumprelu step', () => {
  it('gradients: tfjs autograd with the jump mask held fixed for the weights, the rectangle-kernel STE for the log thresholds', () => {
    const d = 6;
    const S = 12;
    const B = 8;
    const st = createSeededStepState(d, S, B, 4, {
      extraPerFeature: 1,
      fillFeature: (h, L, j, rng) => {
        h[L.benc + j] = rng.normal() * 0.2;
        h[L.extra + j] = Math.log(0.2 + 0.3 * rng.next()); // log thresholds
      },
    });
    const L = st.layout;
    const h = st.heap;
    const l0Coefficient = 0.05;
    const eps = 0.5; // wide, so that several pre-activations fall inside the kernel
    const { x, variance, params, preOf } = createStepTensors(st, B);
    const theta = tf.exp(tf.tensor1d(h.slice(L.extra, L.extra + S)));
    const pre = preOf(params[0], params[2], params[3]);
    const open = tf.cast(tf.greater(pre, theta), 'float32');
    const lossOfF = (f: tf.Tensor, wDec: tf.Tensor, bDec: tf.Tensor) => tf.div(tf.sum(tf.square(tf.sub(tf.add(tf.matMul(f, wDec), bDec), x))), variance) as tf.Scalar;
    const ref = tf
      .grads((wEncT: tf.Tensor, wDec: tf.Tensor, bEnc: tf.Tensor, bDec: tf.Tensor) => lossOfF(tf.mul(preOf(wEncT, bEnc, bDec), open), wDec, bDec))([...params])
      .map((t) => t.dataSync() as Float32Array);
    // theta: dL/dtheta_j = sum_b dL/df_bj * (-(theta_j / eps) K) - (l0 / B) (1 / eps) sum_b K, K = [|pre - theta| < eps / 2]
    const dLdf = tf.grad((f: tf.Tensor) => lossOfF(f, params[1], params[3]))(tf.mul(pre, open));
    const K = tf.cast(tf.less(tf.abs(tf.sub(pre, theta)), eps / 2), 'float32');
    const dTheta = tf.sub(tf.mul(tf.sum(tf.mul(dLdf, K), 0), tf.neg(tf.div(theta, eps))), tf.mul(tf.sum(K, 0), l0Coefficient / (B * eps)));
    const dLogTheta = tf.mul(dTheta, theta).dataSync() as Float32Array;
    expect(tf.sum(K).dataSync()[0]).toBeGreaterThan(0);
    runJumpReluStep(st, B, l0Coefficient, eps, new Float32Array(S * d));
    const expected = [...ref, dLogTheta];
    readGradients(st, 1).forEach((g, i) => expectRelativeClose(g, expected[i]!));
  });

  it('defaults: bandwidth 0.5, bias revival 0.1 under a targetL0 and off with a fixed l0Coefficient', () => {
    expect(saeArchitectures.jumprelu.resolve({ type: 'jumprelu' }, 256, 'o')).toMatchObject({ targetL0: 32, bandwidth: 0.5, biasRevival: 0.1 });
    expect(saeArchitectures.jumprelu.resolve({ type: 'jumprelu', l0Coefficient: 0.01 }, 256, 'o')).toMatchObject({ targetL0: null, biasRevival: 0 });
  });
});
