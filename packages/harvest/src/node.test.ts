import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { hashMlpConfig } from '@interp/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harvestActivations } from './harvestActivations';
import { hashModelWeights } from './hashModelWeights';
import { harvestToFile, readActivationBatches, readActivations, readActivationsInfo } from './node';
import { createTestInputs, createTestModel } from './__tests__/createTestModel';

let dir: string;
beforeAll(async () => {
  await selectBackend({ backend: 'cpu', onWarning: () => undefined });
  dir = await mkdtemp(join(tmpdir(), 'harvest-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('harvestToFile', () => {
  it('round-trips through the file: readActivations equals harvestActivations, with provenance metadata', async () => {
    const model = createTestModel();
    const inputs = createTestInputs(23);
    const path = join(dir, 'acts.safetensors');
    const info = await harvestToFile(model, { rows: 23, numInputs: 4, inputs }, path, {
      batchSize: 5,
      metadata: { datasetFile: 'data/train.xlsx', datasetSeed: 42, note: 'test' },
    });
    const expected = await harvestActivations(model, inputs);
    const back = await readActivations(path);
    expect([back.rows, back.width, back.hook]).toEqual([23, 16, 'hidden.post']);
    expect(Array.from(back.data)).toEqual(Array.from(expected.data));
    const read = await readActivationsInfo(path);
    expect(read).toEqual(info);
    expect(read.metadata).toMatchObject({
      format: 'interp.activations/1',
      hook: 'hidden.post',
      rows: '23',
      width: '16',
      modelConfigHash: hashMlpConfig(model.config),
      modelWeightsHash: hashModelWeights(model.getWeights()),
      datasetFile: 'data/train.xlsx',
      datasetSeed: '42',
      backend: 'cpu',
      note: 'test',
    });
    expect(JSON.parse(read.metadata.modelConfig!)).toEqual(model.config);
    expect(Date.parse(read.createdAt!)).toBeGreaterThan(Date.parse('2020-01-01'));
    model.dispose();
  });

  it('readActivationBatches yields consecutive batches that concatenate to the harvest', async () => {
    const model = createTestModel();
    const inputs = createTestInputs(11);
    const path = join(dir, 'batches.safetensors');
    await harvestToFile(model, inputs, path, { hook: 'bottleneck.post', batchSize: 3 });
    const whole = await harvestActivations(model, inputs, { hook: 'bottleneck.post' });
    const batches = [];
    for await (const b of readActivationBatches(path, 4)) batches.push(b);
    expect(batches.map((b) => [b.rowStart, b.rows, b.width, b.data.length])).toEqual([
      [0, 4, 8, 32],
      [4, 4, 8, 32],
      [8, 3, 8, 24],
    ]);
    for (const b of batches) {
      expect(Array.from(b.data)).toEqual(Array.from(whole.data.subarray(b.rowStart * 8, (b.rowStart + b.rows) * 8)));
    }
    model.dispose();
  });

  it('rejects metadata that would overwrite what the harvest records', async () => {
    const model = createTestModel();
    await expect(harvestToFile(model, createTestInputs(2), join(dir, 'reserved.safetensors'), { metadata: { rows: 5 } })).rejects.toThrow(
      /metadata key "rows" is reserved/,
    );
    model.dispose();
  });

  it('writes no file when the harvest fails part-way (NaN in a late row)', async () => {
    const model = createTestModel();
    const sub = await mkdtemp(join(dir, 'fail-'));
    const inputs = createTestInputs(20);
    inputs[4 * 19 + 3] = NaN;
    await expect(harvestToFile(model, inputs, join(sub, 'a.safetensors'), { batchSize: 4 })).rejects.toThrow(/inputs row 19, column 3 is NaN/);
    expect(await readdir(sub)).toEqual([]);
    model.dispose();
  });
});

describe('the model weights file a harvest starts from', () => {
  it('a missing or truncated weights file fails with an error naming it; a saved model harvests identically', async () => {
    const { saveMlp, loadMlp } = await import('@interp/models/node');
    const model = createTestModel();
    const modelDir = await mkdtemp(join(dir, 'model-'));
    const { weightsPath } = await saveMlp(model, modelDir);
    const loaded = await loadMlp(modelDir);
    const inputs = createTestInputs(6);
    expect(Array.from((await harvestActivations(loaded, inputs)).data)).toEqual(Array.from((await harvestActivations(model, inputs)).data));
    loaded.dispose();
    await truncate(weightsPath, (await stat(weightsPath)).size - 4);
    await expect(loadMlp(modelDir)).rejects.toThrow(/mlp_weights\.safetensors.*out of range/);
    await rm(weightsPath);
    await expect(loadMlp(modelDir)).rejects.toThrow(/mlp_weights\.safetensors.*file not found/);
    model.dispose();
  });
});

describe('reading activations files', () => {
  it('names a missing activations file', async () => {
    const path = join(dir, 'missing.safetensors');
    await expect(readActivations(path)).rejects.toThrow(/missing\.safetensors: cannot open for reading: file not found/);
    await expect(readActivationBatches(path, 4).next()).rejects.toThrow(/file not found/);
  });

  it('names a truncated activations file', async () => {
    const model = createTestModel();
    const path = join(dir, 'truncated.safetensors');
    await harvestToFile(model, createTestInputs(8), path);
    await truncate(path, (await stat(path)).size - 10);
    await expect(readActivations(path)).rejects.toThrow(/truncated\.safetensors: tensor "activations": data_offsets \[0, 512\] are out of range/);
    await expect(readActivationsInfo(path)).rejects.toThrow(/out of range/);
    await expect(readActivationBatches(path, 2).next()).rejects.toThrow(/out of range/);
    model.dispose();
  });

  it('rejects a safetensors file that is not a harvest, and a bad batch size', async () => {
    const { writeSafetensorsFile } = await import('@interp/safetensors/node');
    const path = join(dir, 'weights.safetensors');
    await writeSafetensorsFile(path, { w: { shape: [2], data: new Float32Array(2) } });
    await expect(readActivations(path)).rejects.toThrow(/weights\.safetensors: tensor "w" has shape \[2\]; activations need at least 2 dimensions/);
    const path2 = join(dir, 'ints.safetensors');
    await writeSafetensorsFile(path2, { activations: { shape: [2, 2], data: new Int32Array(4) } });
    await expect(readActivationsInfo(path2)).rejects.toThrow(/ints\.safetensors: tensor "activations" has dtype I32; activations must be F32, F16, BF16 or F64/);
    await expect(readActivationBatches(path2, 0).next()).rejects.toThrow(/batchSize must be a positive integer, got 0/);
  });
});
