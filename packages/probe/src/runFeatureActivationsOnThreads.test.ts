import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createThreadedEncoder } from '@interp/sae';
import { runFeatureActivations } from './computeFeatureActivations';
import { runFeatureActivationsOnThreads } from './runFeatureActivationsOnThreads';
import { makeModel, makeRandomSae, makeSplit, makeTopKSae } from './__tests__/testFixtures';

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('runFeatureActivationsOnThreads', () => {
  beforeAll(async () => {
    // The threaded encoder's product rounds as tfjs' wasm matMul: compare on that backend.
    await selectBackend({ backend: 'wasm', onWarning: () => {} });
  });
  // 1300 rows: two batches of 1024 rows and three encoder blocks of 512 rows, the last ones partial.
  const data = makeSplit(1300, 4);

  it('gives runFeatureActivations codes, hook activations and outputs bit for bit, on 1 and 2 threads and with a given encoder', async () => {
    const model = makeModel(24, 3);
    const sae = makeTopKSae(24, 40, 5, 7);
    const ref = runFeatureActivations(model, sae, data);
    expect(ref.codes.values.some((v) => v > 0)).toBe(true);
    const encoder = await createThreadedEncoder(sae, 2);
    expect(encoder).toBeDefined();
    try {
      for (const options of [{ threads: 1 }, { threads: 2 }, { encoder: encoder! }]) {
        const got = await runFeatureActivationsOnThreads(model, sae, data, options);
        expect([got.rows, got.dSae, got.dIn, got.codes.k]).toEqual([ref.rows, ref.dSae, ref.dIn, ref.codes.k]);
        expect(Array.from(got.codes.indices)).toEqual(Array.from(ref.codes.indices));
        expect(bits(got.codes.values).equals(bits(ref.codes.values))).toBe(true);
        expect(bits(got.hookActivations).equals(bits(ref.hookActivations))).toBe(true);
        expect(bits(got.outputs).equals(bits(ref.outputs))).toBe(true);
        expect(bits(got.features).equals(bits(ref.features))).toBe(true);
      }
      // The caller's encoder still runs: the call did not stop it.
      await expect(encoder!.encodeSparse(ref.hookActivations.subarray(0, 24), 1)).resolves.toMatchObject({ rows: 1 });
    } finally {
      encoder?.dispose();
      model.dispose();
      sae.dispose();
    }
  });

  it('encodes a ReLU SAE (which the threaded encoder declines) as runFeatureActivations does', async () => {
    const model = makeModel(16, 2);
    const sae = makeRandomSae(16, 24, 5);
    const ref = runFeatureActivations(model, sae, data, { batchSize: 500 });
    const got = await runFeatureActivationsOnThreads(model, sae, data, { batchSize: 500, threads: 2 });
    expect(got.codes.k).toBe(ref.codes.k);
    expect(Array.from(got.codes.indices)).toEqual(Array.from(ref.codes.indices));
    expect(bits(got.codes.values).equals(bits(ref.codes.values))).toBe(true);
    model.dispose();
    sae.dispose();
  });

  it('names the hook, the SAE width and the batch size when they are wrong', async () => {
    const model = makeModel(16, 2);
    const sae = makeTopKSae(16, 24, 3, 1);
    await expect(runFeatureActivationsOnThreads(model, sae, data, { hook: 'hiden.post' })).rejects.toThrow(/runFeatureActivationsOnThreads: unknown hook 'hiden.post'/);
    await expect(runFeatureActivationsOnThreads(model, sae, data, { hook: 'bottleneck.post' })).rejects.toThrow(/reads 16-wide activations \(dIn\), but hook 'bottleneck.post' is 8 wide/);
    await expect(runFeatureActivationsOnThreads(model, sae, data, { batchSize: 0 })).rejects.toThrow(/options.batchSize must be an integer >= 1, got 0/);
    model.dispose();
    sae.dispose();
  });
});
