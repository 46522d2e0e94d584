import { selectBackend } from '@interp/backend';
import { createMlp, type MlpConfig } from '@interp/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { harvestActivations } from './harvestActivations';
import type { HarvestProgress } from './HarvestModel';
import { createTestInputs } from './__tests__/createTestModel';

// the independent implementation is the model's own tfjs forward on the wasm backend (engine 'model', the default), whose
// XNNPACK matMuls the kernel forward is written to round as; odd sizes exercise the kernels' scalar edges
beforeAll(async () => {
  const info = await selectBackend({ backend: 'wasm', onWarning: () => undefined });
  expect(info.name).toBe('wasm');
});

function expectBitIdentical(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
  expect(differing).toBe(0);
}

const base: Partial<MlpConfig> = { inputSize: 5, hiddenSize: 37, bottleneckSize: 11, outputSize: 3, hiddenActivation: 'relu' };

describe('harvesting an MLP on the kernels (wasm backend)', () => {
  it('gives the floats of the tfjs forward at every hook after the input, on 1 and 2 threads (relu and linear bottleneck, scaled inputs)', async () => {
    const models = [
      createMlp({ ...base, bottleneckActivation: 'relu' }, { seed: 2 }),
      createMlp({ ...base, bottleneckActivation: 'linear', inputScale: [0.5, 2, 1, 0.25, 3], inputShift: [0, -1, 0.5, 0, 2] }, { seed: 5 }),
    ];
    const inputs = createTestInputs(203, 9, 5);
    for (const model of models) {
      for (const hook of ['hidden.pre', 'hidden.post', 'bottleneck.pre', 'bottleneck.post', 'output']) {
        const tfjs = await harvestActivations(model, inputs, { hook, batchSize: 64, engine: 'model' });
        for (const threads of [1, 2]) {
          const seen: HarvestProgress[] = [];
          const kernels = await harvestActivations(model, inputs, { hook, batchSize: 61, threads, engine: 'kernels', onProgress: (p) => seen.push(p) });
          expect(seen.map((p) => [p.engine, p.threads])).toEqual(Array(4).fill(['kernels', threads]));
          expect(kernels.width).toBe(tfjs.width);
          expectBitIdentical(kernels.data, tfjs.data);
        }
      }
      model.dispose();
    }
  });

  it("runs the model's own forward for a tanh hidden layer, a gelu bottleneck passed through, the input hook and by default", async () => {
    const tanh = createMlp({ ...base, hiddenActivation: 'tanh' }, { seed: 1 });
    const gelu = createMlp({ ...base, bottleneckActivation: 'gelu' }, { seed: 1 });
    const inputs = createTestInputs(10, 3, 5);
    const engines = async (model: typeof tanh, hook: string, engine?: 'model' | 'tfjs'): Promise<unknown[]> => {
      const seen: HarvestProgress[] = [];
      await harvestActivations(model, inputs, { hook, threads: 2, onProgress: (p) => seen.push(p), engine: engine ?? 'kernels' });
      return seen.map((p) => p.engine);
    };
    expect(await engines(tanh, 'hidden.post')).toEqual(['model']);
    expect(await engines(gelu, 'bottleneck.post')).toEqual(['model']);
    expect(await engines(gelu, 'bottleneck.pre')).toEqual(['kernels']);
    expect(await engines(gelu, 'input')).toEqual(['model']);
    expect(await engines(gelu, 'hidden.post', 'model')).toEqual(['model']);
    expect(await engines(gelu, 'hidden.post', 'tfjs')).toEqual(['model']);
    const seen: HarvestProgress[] = [];
    await harvestActivations(gelu, inputs, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.engine)).toEqual(['model']); // the default
    tanh.dispose();
    gelu.dispose();
  });

  it('rejects an unknown engine and a bad thread count, naming the option', async () => {
    const model = createMlp(base, { seed: 1 });
    const inputs = createTestInputs(4, 3, 5);
    await expect(harvestActivations(model, inputs, { engine: 'gpu' as 'model' })).rejects.toThrow('harvest: engine must be one of model, kernels (tfjs: the same as model), got "gpu"');
    await expect(harvestActivations(model, inputs, { threads: 0 })).rejects.toThrow('harvest: threads must be an integer in [1, 256], got 0');
    await expect(harvestActivations(model, inputs, { threads: 1.5 })).rejects.toThrow('harvest: threads must be an integer in [1, 256], got 1.5');
    await expect(harvestActivations(model, inputs, { threads: '2' as unknown as number })).rejects.toThrow('harvest: threads must be an integer in [1, 256], got "2"');
    model.dispose();
  });
});
