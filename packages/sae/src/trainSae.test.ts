import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSae } from './evaluateSae';
import { makeSparseTrainingInput } from './__tests__/testData';
import { trainSae } from './trainSae';

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
});

const input = makeSparseTrainingInput();
const { data, rows, width } = input;

describe('trainSae', () => {
  it('TopK: explains most of the variance of sparse data with exactly <= k active features, and reports metrics', async () => {
    const { sae, history } = await trainSae(input, {
      dSae: 64,
      architecture: { type: 'topk', k: 4 },
      epochs: 8,
      batchSize: 32,
      learningRate: 1e-2,
      seed: 3,
    });
    const first = history.evaluations[0]!.metrics;
    const last = history.evaluations.at(-1)!.metrics;
    expect(history.evaluations.length).toBe(8);
    expect(history.validationRows).toBe(60);
    expect(last.fve).toBeGreaterThan(0.65);
    expect(last.fve).toBeGreaterThan(first.fve);
    expect(last.l0).toBeLessThanOrEqual(4);
    expect(last.featureFrequency.length).toBe(64);
    const hist = last.densityHistogram;
    expect(hist.counts.reduce((a, b) => a + b, 0) + hist.neverFired).toBe(64);
    const f = sae.encodeArray(data.subarray(0, 10 * width), 10);
    for (let r = 0; r < 10; r++) {
      const active = Array.from(f.subarray(r * 64, (r + 1) * 64)).filter((v) => v > 0).length;
      expect(active).toBeLessThanOrEqual(4);
    }
    expect(history.steps.length).toBeGreaterThan(0);
    expect(history.stepSeconds).toBeGreaterThan(0);
    sae.dispose();
  });

  it('ReLU + L1: a larger L1 coefficient gives a sparser code', async () => {
    const run = async (l1: number) => {
      const { sae, history } = await trainSae(input, {
        dSae: 48,
        architecture: { type: 'relu', l1Coefficient: l1 },
        epochs: 6,
        batchSize: 100,
        seed: 2,
      });
      sae.dispose();
      return history.evaluations.at(-1)!.metrics;
    };
    const loose = await run(0.01);
    const tight = await run(1);
    expect(tight.l0).toBeLessThan(loose.l0);
    expect(loose.fve).toBeGreaterThan(0.5);
  });

  it('the same seed gives the same SAE, another seed a different one', async () => {
    const opts = { dSae: 32, architecture: { type: 'topk' as const, k: 3 }, epochs: 2, batchSize: 50 };
    const a = await trainSae(input, { ...opts, seed: 5 });
    const b = await trainSae(input, { ...opts, seed: 5 });
    const c = await trainSae(input, { ...opts, seed: 6 });
    expect(Array.from(a.sae.getWeights().W_dec)).toEqual(Array.from(b.sae.getWeights().W_dec));
    expect(Array.from(a.sae.getWeights().W_dec)).not.toEqual(Array.from(c.sae.getWeights().W_dec));
    [a, b, c].forEach((r) => r.sae.dispose());
  });

  it('trains from a tensor and from a re-iterable async stream of batches', async () => {
    const t = tf.tensor2d(data, [rows, width]);
    const fromTensor = await trainSae(t, { dSae: 32, architecture: { type: 'topk', k: 3 }, epochs: 2, seed: 1 });
    t.dispose();
    const stream = {
      async *[Symbol.asyncIterator]() {
        for (let r = 0; r < rows; r += 128) {
          const n = Math.min(128, rows - r);
          yield { data: data.subarray(r * width, (r + n) * width), rows: n, width };
        }
      },
    };
    const fromStream = await trainSae(stream, {
      dSae: 32,
      architecture: { type: 'topk', k: 3 },
      epochs: 3,
      batchSize: 64,
      shuffleBufferRows: 256,
      seed: 1,
    });
    expect(fromStream.history.trainRows).toBe(rows);
    expect(fromStream.history.evaluations.at(-1)!.split).toBe('train-sample');
    expect(fromStream.history.steps.at(-1)!.rowsSeen).toBe(3 * rows);
    expect(fromStream.history.evaluations.at(-1)!.metrics.fve).toBeGreaterThan(0.3);
    fromTensor.sae.dispose();
    fromStream.sae.dispose();
  });

  it('a one-shot generator fails on the second epoch with a message saying how to fix it', async () => {
    async function* once() {
      yield { data, rows, width };
    }
    await expect(trainSae(once(), { dSae: 16, architecture: { type: 'topk', k: 2 }, epochs: 2 })).rejects.toThrow(/re-iterable|starts over|zero rows/);
  });

  it('an AbortSignal cancels training and onProgress sees every evaluation', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = trainSae(input, {
      dSae: 32,
      architecture: { type: 'topk', k: 3 },
      epochs: 50,
      batchSize: 50,
      seed: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.evaluation) seen.push(p.evaluation.epoch);
        if (seen.length === 2) controller.abort(new Error('stop now'));
      },
    });
    await expect(run).rejects.toThrow('stop now');
    expect(seen).toEqual([1, 2]); // epochs are 1-based (as trainMlp's)
  });

  it('training, evaluation and the array helpers leave no tfjs tensor behind', async () => {
    const before = tf.memory().numTensors;
    for (const architecture of ['topk', 'relu'] as const) {
      const { sae } = await trainSae(input, { dSae: 32, architecture, epochs: 2, seed: 1 });
      await evaluateSae(sae, input);
      sae.forwardArray(data.subarray(0, 3 * width), 3);
      sae.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluateSae on the training rows agrees with the shape of the metrics', async () => {
    const { sae } = await trainSae(input, { dSae: 32, architecture: { type: 'topk', k: 3 }, epochs: 2, seed: 1 });
    const m = await evaluateSae(sae, input);
    expect(m.rows).toBe(rows);
    expect(m.l0).toBeGreaterThan(0);
    expect(m.l0).toBeLessThanOrEqual(3);
    expect(m.deadFraction).toBeGreaterThanOrEqual(0);
    expect(m.mse).toBeGreaterThan(0);
    sae.dispose();
  });
});

describe('trainSae input and option checks', () => {
  const bad: [string, Parameters<typeof trainSae>[1], RegExp][] = [
    ['k > dSae', { dSae: 8, architecture: { type: 'topk', k: 9 } }, /architecture\.k must be an integer in \[1, dSae=8\], got 9/],
    ['k < 1', { architecture: { type: 'topk', k: 0 } }, /architecture\.k must be an integer in \[1, dSae=64\], got 0/],
    ['negative L1', { architecture: { type: 'relu', l1Coefficient: -1 } }, /l1Coefficient must be a finite number >= 0, got -1/],
    ['lr <= 0', { learningRate: 0 }, /learningRate must be a finite number > 0, got 0/],
    ['batch size 0', { batchSize: 0 }, /batchSize must be an integer >= 1, got 0/],
    ['unknown architecture', { architecture: 'sparse' as never }, /architecture must be one of topk, relu, batchtopk, jumprelu, matryoshka, gated, got "sparse"/],
    ['a targetL0 above dSae', { dSae: 16, architecture: { type: 'gated', targetL0: 17 } }, /options\.architecture\.targetL0 must be a finite number in \(0, dSae=16\], got 17/],
    ['a negative l0Coefficient', { architecture: { type: 'jumprelu', l0Coefficient: -1 } }, /options\.architecture\.l0Coefficient must be a finite number > 0, got -1/],
  ];
  for (const [what, options, message] of bad) {
    it(`rejects ${what} naming the parameter and its range`, async () => {
      await expect(trainSae(input, options)).rejects.toThrow(message);
    });
  }

  it('rejects NaN activations naming the row and column', async () => {
    const d = data.slice();
    d[5 * width + 7] = Number.NaN;
    await expect(trainSae({ data: d, rows, width })).rejects.toThrow(/row 5, column 7 is NaN/);
  });

  it('rejects zero rows and a data length that does not match the shape', async () => {
    await expect(trainSae({ data: new Float32Array(0), rows: 0, width })).rejects.toThrow(/zero rows/);
    await expect(trainSae({ data: new Float32Array(10), shape: [3, 4] })).rejects.toThrow(/holds 10 floats but rows \* width = 3 \* 4 = 12/);
  });

  it('rejects a validation set of another width', async () => {
    await expect(trainSae(input, { validation: { data: new Float32Array(5), rows: 1, width: 5 } })).rejects.toThrow(/validation width must equal the input width 16, got 5/);
  });
});
