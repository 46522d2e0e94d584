import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createMlp } from '@interp/models';
import { runFeatureActivations } from './computeFeatureActivations';
import { computeFeatureStats } from './computeFeatureStats';
import { computeFeatureStatsOnThreads } from './computeFeatureStatsOnThreads';
import { makeModel, makeSplit, makeTopKSae } from './__tests__/testFixtures';

const bits = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString('hex');

describe('computeFeatureStatsOnThreads', () => {
  beforeAll(async () => {
    // The kernels round as tfjs' wasm backend: compare on that backend.
    await selectBackend({ backend: 'wasm', onWarning: () => {} });
  });
  const data = makeSplit(300, 5);

  it('gives computeFeatureStats bit for bit, ReLU and linear bottlenecks, 1 and 2 threads', async () => {
    for (const bottleneckActivation of ['relu', 'linear'] as const) {
      // 36 hidden units, 12 bottleneck units: the kernels' scalar edges (not multiples of 8) run too.
      const model = createMlp({ hiddenSize: 36, bottleneckSize: 12, bottleneckActivation }, { seed: 4 });
      const sae = makeTopKSae(36, 50, 4, 9);
      const acts = runFeatureActivations(model, sae, data);
      // effectRows 7 and a batch of 100 pairs: pair blocks and batches end mid-way.
      const options = { activations: acts, effectRows: 7, batchSize: 100 };
      const ref = computeFeatureStats(model, sae, data, options);
      expect(ref.features.some((f) => f.outputEffect.ablateDelta !== 0)).toBe(true);
      for (const threads of [1, 2]) {
        const got = await computeFeatureStatsOnThreads(model, sae, data, { ...options, threads });
        expect(got.features.map((f) => bits(f.outputEffect.ablateDelta))).toEqual(ref.features.map((f) => bits(f.outputEffect.ablateDelta)));
        expect(got.features.map((f) => bits(f.outputEffect.addDelta))).toEqual(ref.features.map((f) => bits(f.outputEffect.addDelta)));
        expect(got).toEqual(ref);
      }
      model.dispose();
      sae.dispose();
    }
  });

  it('runs other hooks on tfjs (as computeFeatureStats), and encodes the rows itself without activations', async () => {
    const model = makeModel(16, 2);
    const sae = makeTopKSae(8, 20, 3, 1);
    const ref = computeFeatureStats(model, sae, data, { hook: 'bottleneck.pre', effectRows: 5 });
    const got = await computeFeatureStatsOnThreads(model, sae, data, { hook: 'bottleneck.pre', effectRows: 5, threads: 2 });
    expect(got).toEqual(ref);
    model.dispose();
    sae.dispose();
  });

  it('names a bad thread count and a bad hook', async () => {
    const model = makeModel(16, 2);
    const sae = makeTopKSae(16, 20, 3, 1);
    await expect(computeFeatureStatsOnThreads(model, sae, data, { threads: 0 })).rejects.toThrow(/computeFeatureStatsOnThreads: options.threads must be an integer in \[1, 256\], got 0/);
    await expect(computeFeatureStatsOnThreads(model, sae, data, { hook: 'nope' })).rejects.toThrow(/computeFeatureStatsOnThreads: unknown hook 'nope'/);
    model.dispose();
    sae.dispose();
  });
});
