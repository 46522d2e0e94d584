import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { createMlp } from './createMlp';
import { createMlpKernelForward, mlpKernelForwardSupport } from './createMlpKernelForward';

// @interp/harvest's harvestKernels.test.ts checks the activations at every hook, bottleneck and thread count; here:
// the options and inputs it rejects, and one agreement with the model's own forward on the wasm backend
beforeAll(async () => {
  const info = await selectBackend({ backend: 'wasm', onWarning: () => undefined });
  expect(info.name).toBe('wasm');
});

const config = { inputSize: 5, hiddenSize: 12, bottleneckSize: 3, outputSize: 2, hiddenActivation: 'relu' } as const;

describe('createMlpKernelForward', () => {
  it('gives the floats of model.forward at hidden.post, run after run', async () => {
    const model = createMlp(config, { seed: 4 });
    const inputs = Float32Array.from({ length: 7 * 5 }, (_, i) => ((i * 37) % 11) - 5);
    const forward = await createMlpKernelForward(model, { hook: 'hidden.post', batchSize: 4 });
    try {
      let expected: Float32Array | undefined;
      const x = tf.tensor2d(inputs, [7, 5]);
      tf.dispose(model.forward(x, { hooks: { 'hidden.post': (a) => void (expected = a.dataSync() as Float32Array) } }));
      x.dispose();
      const got = new Float32Array(7 * 12);
      got.set(await forward.run(inputs.subarray(0, 20), 4), 0);
      got.set(await forward.run(inputs.subarray(20), 3), 4 * 12);
      expect(Array.from(got)).toEqual(Array.from(expected!));
    } finally {
      forward.dispose();
      model.dispose();
    }
  });

  it('falls back to 1 thread and says why when shared memory is unavailable, with the same floats', async () => {
    const model = createMlp(config, { seed: 4 });
    const inputs = Float32Array.from({ length: 6 * 5 }, (_, i) => ((i * 13) % 7) - 3);
    const two = await createMlpKernelForward(model, { threads: 2 });
    const expected = await two.run(inputs, 6);
    expect(two.note).toBeUndefined();
    two.dispose();
    vi.stubGlobal('SharedArrayBuffer', undefined);
    try {
      const one = await createMlpKernelForward(model, { threads: 2 });
      expect([one.threads, one.note]).toEqual([1, expect.stringMatching(/SharedArrayBuffer is unavailable/)]);
      expect(Array.from(await one.run(inputs, 6))).toEqual(Array.from(expected));
      one.dispose();
    } finally {
      vi.unstubAllGlobals();
      model.dispose();
    }
  });

  it('rejects a bad batchSize, threads or hook and a model it cannot run, naming the option and its range', async () => {
    const model = createMlp(config, { seed: 4 });
    const gelu = createMlp({ ...config, hiddenActivation: 'gelu' }, { seed: 4 });
    try {
      for (const batchSize of [0, 1.5, 2 ** 22 + 1]) {
        await expect(createMlpKernelForward(model, { batchSize })).rejects.toThrow(/^createMlpKernelForward: batchSize must be an integer in \[1, 4194304\], got /);
      }
      for (const threads of [0, 257, 2.5]) {
        await expect(createMlpKernelForward(model, { threads })).rejects.toThrow(/^createMlpKernelForward: threads must be an integer in \[1, 256\], got /);
      }
      await expect(createMlpKernelForward(model, { hook: 'input' })).rejects.toThrow(
        "createMlpKernelForward: hook must be one of hidden.pre, hidden.post, bottleneck.pre, bottleneck.post, output for the kernel forward, got 'input'",
      );
      await expect(createMlpKernelForward(gelu, {})).rejects.toThrow('createMlpKernelForward: the kernel forward needs a relu hidden layer (this model: gelu)');
      expect(mlpKernelForwardSupport(model.config, 'output')).toBeUndefined();
    } finally {
      model.dispose();
      gelu.dispose();
    }
  });

  it('run rejects more rows than batchSize, too few inputs, and any call after dispose', async () => {
    const model = createMlp(config, { seed: 4 });
    const forward = await createMlpKernelForward(model, { batchSize: 4 });
    try {
      await expect(forward.run(new Float32Array(25), 5)).rejects.toThrow('MlpKernelForward.run: rows must be an integer in [0, 4], got 5');
      await expect(forward.run(new Float32Array(9), 2)).rejects.toThrow('MlpKernelForward.run: inputs must hold rows x 5 = 10 values, got 9');
      forward.dispose();
      await expect(forward.run(new Float32Array(10), 2)).rejects.toThrow('MlpKernelForward.run: disposed');
    } finally {
      forward.dispose();
      model.dispose();
    }
  });
});
