import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { createMlp } from '@interp/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { harvestActivations } from './harvestActivations';
import { harvestBatches } from './harvestBatches';
import { createTestInputs, createTestModel } from './__tests__/createTestModel';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', onWarning: () => undefined });
});

/** The activations of `hook` from one manual forward pass over all rows. */
function manualActivations(model: ReturnType<typeof createTestModel>, inputs: Float32Array, hook: string): Float32Array {
  const x = tf.tensor2d(inputs, [inputs.length / model.config.inputSize, model.config.inputSize]);
  const { output, cache } = model.runWithCache(x, [hook]);
  const data = cache[hook]!.dataSync() as Float32Array;
  const copy = new Float32Array(data);
  output.dispose();
  cache[hook]!.dispose();
  x.dispose();
  return copy;
}

describe('harvestActivations', () => {
  it('equals a manual forward pass (runWithCache) at every hook point, in dataset row order', async () => {
    const model = createTestModel();
    const inputs = createTestInputs(37);
    for (const hook of model.hookPoints) {
      const manual = manualActivations(model, inputs, hook);
      const harvested = await harvestActivations(model, inputs, { hook, batchSize: 8 });
      expect(harvested.hook).toBe(hook);
      expect(harvested.rows).toBe(37);
      expect(harvested.width).toBe(model.hookWidth(hook));
      expect(harvested.data.length).toBe(manual.length);
      for (let k = 0; k < manual.length; k++) expect(harvested.data[k]).toBeCloseTo(manual[k]!, 5);
    }
    model.dispose();
  });

  it('captures hidden.post by default and gives the same result for any batch size', async () => {
    const model = createTestModel();
    const inputs = createTestInputs(25);
    const whole = await harvestActivations(model, { rows: 25, numInputs: 4, inputs });
    expect(whole.hook).toBe('hidden.post');
    expect(whole.width).toBe(16);
    expect(whole.data.some((v) => v > 0)).toBe(true);
    expect(whole.data.every((v) => v >= 0)).toBe(true); // relu
    for (const batchSize of [1, 7, 25, 1000]) {
      const batched = await harvestActivations(model, inputs, { batchSize });
      for (let k = 0; k < whole.data.length; k++) expect(batched.data[k]).toBeCloseTo(whole.data[k]!, 5);
    }
    model.dispose();
  });

  it('depends on the model: a different seed gives different activations', async () => {
    const inputs = createTestInputs(5);
    const a = createTestModel(1);
    const b = createTestModel(2);
    const ha = await harvestActivations(a, inputs);
    const hb = await harvestActivations(b, inputs);
    expect(Array.from(ha.data)).not.toEqual(Array.from(hb.data));
    a.dispose();
    b.dispose();
  });

  it('reports progress after every batch and leaks no tensors', async () => {
    const model = createTestModel();
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    await harvestActivations(model, createTestInputs(10), { batchSize: 4, onProgress: (p) => seen.push(p.rowsDone) });
    expect(seen).toEqual([4, 8, 10]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stops each forward pass at the hook: later layers are never computed', async () => {
    const model = createTestModel();
    let laterCalls = 0;
    const spy = {
      config: model.config,
      hookPoints: model.hookPoints,
      hookWidth: (h: string) => model.hookWidth(h),
      forward: (x: tf.Tensor2D, opts: Parameters<typeof model.forward>[1] = {}) =>
        model.forward(x, { hooks: { ...opts.hooks, 'bottleneck.pre': () => void (laterCalls += 1) } }),
    };
    const before = tf.memory().numTensors;
    const out = await harvestActivations(spy, createTestInputs(9), { batchSize: 4 });
    expect(out.rows).toBe(9);
    expect(laterCalls).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    await harvestActivations(spy, createTestInputs(9), { hook: 'output', batchSize: 4 });
    expect(laterCalls).toBe(3);
    model.dispose();
  });

  it('returns an empty matrix for an empty dataset', async () => {
    const model = createTestModel();
    const out = await harvestActivations(model, new Float32Array(0));
    expect([out.rows, out.width, out.data.length]).toEqual([0, 16, 0]);
    model.dispose();
  });

  describe('bad input', () => {
    let model: ReturnType<typeof createTestModel>;
    beforeAll(() => {
      model = createTestModel();
    });

    it('rejects an unknown hook, listing the valid ones', async () => {
      await expect(harvestActivations(model, createTestInputs(2), { hook: 'hidden' })).rejects.toThrow(
        'harvest: unknown hook "hidden"; valid hook points: input, hidden.pre, hidden.post, bottleneck.pre, bottleneck.post, output',
      );
    });

    it('rejects a dataset whose width does not match the model', async () => {
      await expect(harvestActivations(model, { rows: 3, numInputs: 5, inputs: new Float32Array(15) })).rejects.toThrow(
        /dataset has 5 input columns but the model takes inputSize = 4/,
      );
      await expect(harvestActivations(model, { rows: 3, inputs: new Float32Array(13) })).rejects.toThrow(
        /3 rows of inputSize = 4 need 12 values, the dataset holds 13/,
      );
      await expect(harvestActivations(model, new Float32Array(10))).rejects.toThrow(/model takes inputSize = 4 columns/);
    });

    it('rejects NaN and infinite inputs, naming row and column', async () => {
      const inputs = createTestInputs(6);
      inputs[4 * 3 + 2] = NaN;
      await expect(harvestActivations(model, inputs)).rejects.toThrow(/inputs row 3, column 2 is NaN/);
      inputs[4 * 3 + 2] = 0;
      inputs[4 * 5 + 0] = -Infinity;
      await expect(harvestActivations(model, inputs)).rejects.toThrow(/inputs row 5, column 0 is -Infinity/);
    });

    it('rejects activations that overflow to infinity, naming hook, row and column', async () => {
      const weights = model.getWeights();
      weights['hidden.weight']!.data.fill(3e38);
      const huge = createMlp(model.config, { weights });
      const inputs = new Float32Array(4 * 3).fill(0);
      inputs[4 * 2 + 1] = 10;
      await expect(harvestActivations(huge, inputs, { hook: 'hidden.pre' })).rejects.toThrow(
        /activation at hook "hidden.pre" is Infinity at row 2, column 0/,
      );
      huge.dispose();
    });

    it('rejects a batch size that is not a positive integer', async () => {
      await expect(harvestActivations(model, createTestInputs(2), { batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer, got 0/);
      await expect(harvestBatches(model, createTestInputs(2), { batchSize: 1.5 }).next()).rejects.toThrow(/got 1.5/);
    });
  });
});
