import { mkdtemp, readFile, rm, truncate, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@interp/backend';
import { createMlp, mlpFromSafetensors, mlpToSafetensors, hashMlpConfig } from './index';
import { loadMlp, saveMlp, MLP_CONFIG_FILE, MLP_WEIGHTS_FILE } from './node';

const X = [
  [8, 9, 5, 1, 3, 2, 9, 4, 7, 1],
  [1, 2, 3, 4, 0, 4, 3, 2, 1, 3],
];

describe('saveMlp / loadMlp', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend({ onWarning: () => {} });
    dir = await mkdtemp(join(tmpdir(), 'interp-models-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a saved and loaded model gives bit-identical outputs and hidden activations', async () => {
    const model = createMlp({ hiddenSize: 64, bottleneckSize: 8, bottleneckActivation: 'tanh' }, { seed: 21 });
    const out = join(dir, 'a');
    const paths = await saveMlp(model, out);
    expect(paths.weightsPath).toBe(join(out, MLP_WEIGHTS_FILE));
    const loaded = await loadMlp(out);
    expect(loaded.config).toEqual(model.config);
    const x = tf.tensor2d(X);
    const a = model.runWithCache(x, ['hidden.post']);
    const b = loaded.runWithCache(x, ['hidden.post']);
    expect(Array.from(b.output.dataSync())).toEqual(Array.from(a.output.dataSync()));
    expect(Array.from(b.cache['hidden.post']!.dataSync())).toEqual(Array.from(a.cache['hidden.post']!.dataSync()));
    const config = JSON.parse(await readFile(join(out, MLP_CONFIG_FILE), 'utf8'));
    expect(hashMlpConfig(config)).toBe(hashMlpConfig(model.config));
    tf.dispose([x, a.output, b.output, a.cache['hidden.post']!, b.cache['hidden.post']!]);
    model.dispose();
    loaded.dispose();
  });

  it('in memory: mlpFromSafetensors(mlpToSafetensors(m)) has the same weights', () => {
    const model = createMlp({ hiddenSize: 16, bottleneckSize: 4 }, { seed: 2 });
    const copy = mlpFromSafetensors(mlpToSafetensors(model));
    expect(copy.getWeights()['hidden.weight']!.data).toEqual(model.getWeights()['hidden.weight']!.data);
    expect(copy.config).toEqual(model.config);
  });

  it('a missing weights file is reported with its path', async () => {
    const out = join(dir, 'missing');
    await saveMlp(createMlp({ hiddenSize: 8, bottleneckSize: 2 }), out);
    await rm(join(out, MLP_WEIGHTS_FILE));
    await expect(loadMlp(out)).rejects.toThrow(new RegExp(`cannot load weights.*${MLP_WEIGHTS_FILE}`));
  });

  it('a missing config file is reported with its path', async () => {
    await expect(loadMlp(join(dir, 'nowhere'))).rejects.toThrow(/cannot read .*mlp_config\.json \(file not found\)/);
  });

  it('a truncated weights file is rejected naming the file', async () => {
    const out = join(dir, 'truncated');
    await saveMlp(createMlp({ hiddenSize: 8, bottleneckSize: 2 }), out);
    const file = join(out, MLP_WEIGHTS_FILE);
    await truncate(file, (await stat(file)).size - 10);
    await expect(loadMlp(out)).rejects.toThrow(/mlp_weights\.safetensors/);
  });

  it('a config that does not match the weights is rejected as a config mismatch', async () => {
    const out = join(dir, 'mismatch');
    await saveMlp(createMlp({ hiddenSize: 8, bottleneckSize: 2 }), out);
    const cfgPath = join(out, MLP_CONFIG_FILE);
    const cfg = JSON.parse(await readFile(cfgPath, 'utf8'));
    await writeFile(cfgPath, JSON.stringify({ ...cfg, bottleneckSize: 3 }));
    await expect(loadMlp(out)).rejects.toThrow(/config mismatch/);
  });

  it('weights whose shapes do not match the config are rejected naming the weight', () => {
    const bytes = mlpToSafetensors(createMlp({ hiddenSize: 8, bottleneckSize: 2 }));
    expect(() => mlpFromSafetensors(bytes, { config: { hiddenSize: 8, bottleneckSize: 3 }, source: 'w.safetensors' })).toThrow(
      /config mismatch/,
    );
    const other = createMlp({ hiddenSize: 8, bottleneckSize: 3 });
    // same hash as the config, but weights of another shape: build the bytes by hand
    const w = createMlp({ hiddenSize: 8, bottleneckSize: 2 }).getWeights();
    const spliced = mlpToSafetensors({ ...other, getWeights: () => w });
    expect(() => mlpFromSafetensors(spliced, { source: 'w.safetensors' })).toThrow(/w\.safetensors: weight 'bottleneck\.weight' has shape \[8, 2\].*needs \[8, 3\]/);
  });
});
