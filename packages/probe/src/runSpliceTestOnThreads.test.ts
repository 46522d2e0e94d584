import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@interp/backend';
import { createThreadedEncoder } from '@interp/sae';
import { runSpliceTest } from './runSpliceTest';
import { runSpliceTestOnThreads } from './runSpliceTestOnThreads';
import { makeModel, makeRandomSae, makeSplit, makeTopKSae } from './__tests__/testFixtures';

describe('runSpliceTestOnThreads', () => {
  beforeAll(async () => {
    // The threaded encoder's product rounds as tfjs' wasm matMul: compare on that backend.
    await selectBackend({ backend: 'wasm', onWarning: () => {} });
  });
  const data = makeSplit(700, 5);

  it('gives runSpliceTest MSEs bit for bit, on 1 and 2 threads, with a given encoder and over several batches', async () => {
    const model = makeModel(48, 3);
    const sae = makeTopKSae(48, 200, 12, 9);
    const encoder = await createThreadedEncoder(sae, 2);
    expect(encoder).toBeDefined();
    try {
      for (const batchSize of [2048, 300]) {
        const ref = runSpliceTest(model, sae, data, { batchSize });
        expect(ref.mseSpliced).not.toBe(ref.mseClean);
        for (const options of [{ threads: 1 }, { threads: 2 }, { encoder: encoder! }, { encoder: Promise.resolve(encoder) }]) {
          const got = await runSpliceTestOnThreads(model, sae, data, { batchSize, ...options });
          expect(got).toEqual(ref);
          expect(Object.is(got.mseSpliced, ref.mseSpliced)).toBe(true);
        }
      }
      // The caller's encoder still runs: the call did not stop it.
      await expect(encoder!.encodeSparse(new Float32Array(48), 1)).resolves.toMatchObject({ rows: 1 });
    } finally {
      encoder?.dispose();
      model.dispose();
      sae.dispose();
    }
  });

  it('runs a ReLU SAE (no threaded encoder) and an encoder that resolves to undefined as runSpliceTest', async () => {
    const model = makeModel(16, 2);
    const sae = makeRandomSae(16, 24, 5);
    const ref = runSpliceTest(model, sae, data);
    expect(await runSpliceTestOnThreads(model, sae, data, { threads: 2 })).toEqual(ref);
    const topk = makeTopKSae(16, 24, 4, 2);
    expect(await runSpliceTestOnThreads(model, topk, data, { encoder: Promise.resolve(undefined) })).toEqual(runSpliceTest(model, topk, data));
    model.dispose();
    sae.dispose();
    topk.dispose();
  });

  it('names the hook, the batch size and the targets when they are wrong', async () => {
    const model = makeModel(16, 2);
    const sae = makeTopKSae(16, 24, 3, 1);
    await expect(runSpliceTestOnThreads(model, sae, data, { hook: 'hiden.post' })).rejects.toThrow(/runSpliceTestOnThreads: unknown hook 'hiden.post'/);
    await expect(runSpliceTestOnThreads(model, sae, data, { batchSize: 0 })).rejects.toThrow(/options.batchSize must be an integer >= 1, got 0/);
    await expect(runSpliceTestOnThreads(model, sae, { ...data, targets: new Float32Array(3) })).rejects.toThrow(/runSpliceTestOnThreads: data.targets must be a Float32Array of rows \* outputSize = 700 values/);
    model.dispose();
    sae.dispose();
  });
});
