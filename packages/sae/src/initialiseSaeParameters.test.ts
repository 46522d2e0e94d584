import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { generateSuperposition } from '@interp/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { createParallelTopKTrainer } from './createParallelTopKTrainer';
import { createRandom } from './createRandom';
import { createTrainingState } from './createTrainingState';
import { initialiseSaeParameters } from './initialiseSaeParameters';
import { trainSae } from './trainSae';
import { makeReluLayerData, makeSparseData } from './__tests__/testData';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

/** Fraction of the true unit directions with a learned decoder row at cosine > 0.9. */
function recovered(wDec: Float32Array, dSae: number, truth: Float32Array, features: number, d: number): number {
  let n = 0;
  for (let q = 0; q < features; q++) {
    let best = -1;
    for (let j = 0; j < dSae; j++) {
      let dot = 0;
      let nn = 0;
      for (let i = 0; i < d; i++) {
        dot += wDec[j * d + i]! * truth[q * d + i]!;
        nn += wDec[j * d + i]! ** 2;
      }
      best = Math.max(best, dot / Math.sqrt(nn));
    }
    if (best > 0.9) n++;
  }
  return n / features;
}

const d = 8;
const S = 24;
const k = 3;
const rows = 300;
const sample = { data: makeSparseData(rows, d, 12, 2, 3), rows, width: d };
const initialised = async (init: 'data' | 'random') => {
  const state = createTrainingState(d, S, 16, 'js');
  await initialiseSaeParameters(state, 'mean', init, sample, createRandom(1), k);
  return state;
};
let dataState: ReturnType<typeof createTrainingState>;
let randomState: ReturnType<typeof createTrainingState>;
beforeAll(async () => {
  dataState = await initialised('data');
  randomState = await initialised('random');
});

describe('initialiseSaeParameters', () => {
  it.each([['data'], ['random']] as const)('TopK, %s decoder: W_enc is a positive multiple of W_dec^T', (init) => {
    const { heap, layout: L } = init === 'data' ? dataState : randomState;
    const c = heap[L.wenc]! / heap[L.wdec]!;
    expect(c).toBeGreaterThan(0);
    for (let i = 0; i < S * d; i++) expect(heap[L.wenc + i]).toBeCloseTo(c * heap[L.wdec + i]!, 5);
  });

  it('TopK, random decoder: b_enc is 0', () => {
    const { heap, layout: L } = randomState;
    for (let j = 0; j < S; j++) expect(Math.abs(heap[L.benc + j]!)).toBe(0);
  });

  it('TopK, data decoder: b_enc makes every feature fire on about k/dSae of the sample rows (none starts dead)', () => {
    const { heap, layout: L } = dataState;
    for (let j = 0; j < S; j++) {
      let firing = 0;
      for (let r = 0; r < rows; r++) {
        let pre = heap[L.benc + j]!;
        for (let i = 0; i < d; i++) pre += heap[L.wenc + j * d + i]! * (sample.data[r * d + i]! - heap[L.bdec + i]!);
        if (pre >= -1e-6) firing++;
      }
      expect(firing).toBeGreaterThanOrEqual(Math.floor((rows * k) / S));
      expect(firing).toBeLessThanOrEqual(Math.floor((rows * k) / S) + 3);
    }
  });

  it.each([['data'], ['random']] as const)('TopK on superposition data, %s decoder init: recovers at least 0.95 of the true features', async (decoderInit) => {
    const d = 16;
    const features = 32;
    const rows = 4000;
    const s = generateSuperposition({ rows, dimensions: d, features, activeFeatures: 2, seed: 3 });
    const { sae } = await trainSae({ data: s.data, rows, width: d }, { dSae: 64, architecture: { type: 'topk', k: 2 }, epochs: 10, batchSize: 128, learningRate: 1e-2, decoderInit, seed: 1, threads: 1 });
    expect(recovered(sae.getWeights().W_dec, 64, s.directions, features, d)).toBeGreaterThanOrEqual(0.95);
    sae.dispose();
  });

  it("TopK ('aligned'): quantile biases where the data rows share a direction (MLP-like), none where they are spread as random ones (superposition)", async () => {
    const biases = async (data: Float32Array, rowsN: number, width: number, mode: 'always' | 'aligned'): Promise<Float32Array> => {
      const state = createTrainingState(width, 256, 16, 'js');
      await initialiseSaeParameters(state, 'geometric-median', 'data', { data, rows: rowsN, width }, createRandom(4), 8, mode);
      return state.heap.slice(state.layout.benc, state.layout.benc + 256);
    };
    const mlp = makeReluLayerData(1000, 64, 6, 5);
    const always = await biases(mlp, 1000, 64, 'always');
    expect(always.every((b) => b < 0)).toBe(true);
    expect(Array.from(await biases(mlp, 1000, 64, 'aligned'))).toEqual(Array.from(always));
    const spread = generateSuperposition({ rows: 1000, dimensions: 64, features: 256, activeFeatures: 5, seed: 2 });
    expect((await biases(spread.data, 1000, 64, 'always')).every((b) => b < 0)).toBe(true);
    expect((await biases(spread.data, 1000, 64, 'aligned')).every((b) => b === 0)).toBe(true);
  });
  it('on wasm, the host computation of the encoder scale and quantile biases (projections by tfjs or the threaded trainer) equals the tfjs ops bit for bit', async () => {
    await selectBackend({ backend: 'wasm' });
    try {
      // dSae 70 (not a multiple of 4), k 5, 300 rows (blocks of 16 and 64, the last partial): ReLU-layer data, so the quantile biases are kept
      const [width, dSae, kk, n] = [24, 70, 5, 300];
      const data = makeReluLayerData(n, width, 6, 7);
      for (const [kTop, threads, batch] of [[kk, 0, 16], [0, 0, 16], [kk, 1, 64], [kk, 2, 16], [0, 2, 64]] as const) {
        const state = createTrainingState(width, dSae, batch, 'auto', threads > 1);
        const trainer = threads > 0 ? await createParallelTopKTrainer(state, threads, Math.max(kTop, 1), 1) : undefined;
        try {
          await initialiseSaeParameters(state, 'geometric-median', 'data', { data, rows: n, width }, createRandom(5), kTop, 'always', trainer ? (rows, m) => trainer.projectDecoder(rows, m) : undefined);
        } finally {
          trainer?.dispose();
        }
        const { heap, layout: L } = state;
        // the reference: the quantiles by a full sort, and the least-squares scale with tfjs' own ops
        const xc = tf.sub(tf.tensor2d(data, [n, width]), tf.tensor1d(heap.slice(L.bdec, L.bdec + width)));
        const wDec = tf.tensor2d(heap.slice(L.wdec, L.wdec + dSae * width), [dSae, width]);
        const p = tf.matMul(wDec, tf.transpose(xc));
        const pv = p.dataSync() as Float32Array;
        const q = new Float32Array(dSae);
        const rank = Math.floor((n * kTop) / dSae);
        if (kTop > 0) for (let j = 0; j < dSae; j++) q[j] = pv.slice(j * n, (j + 1) * n).sort()[n - 1 - rank]!;
        const pre = tf.sub(tf.transpose(p), tf.tensor1d(q));
        let f = tf.relu(pre);
        if (kTop > 0) f = tf.mul(f, tf.cast(tf.greaterEqual(pre, tf.slice(tf.topk(pre, kTop).values, [0, kTop - 1], [-1, 1])), 'float32'));
        const xh = tf.matMul(f, wDec);
        const a = tf.sum(tf.mul(xc, xh)).dataSync()[0]!;
        const b = tf.sum(tf.square(xh)).dataSync()[0]!;
        tf.dispose([xc, wDec, p, pre, f, xh]);
        const c = a / b;
        const wenc = Float32Array.from(heap.subarray(L.wdec, L.wdec + dSae * width), (w) => c * w);
        const benc = Float32Array.from(q, (v) => -c * v);
        expect(Buffer.from(heap.slice(L.wenc, L.wenc + dSae * width).buffer).equals(Buffer.from(wenc.buffer)), `k ${kTop}, threads ${threads}: W_enc`).toBe(true);
        expect(Buffer.from(heap.slice(L.benc, L.benc + dSae).buffer).equals(Buffer.from(benc.buffer)), `k ${kTop}, threads ${threads}: b_enc`).toBe(true);
        if (kTop > 0) expect(benc.some((v) => v !== 0)).toBe(true);
      }
    } finally {
      await selectBackend({ onWarning: () => {} });
    }
  });
});
