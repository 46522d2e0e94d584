import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { selectBackend } from '@interp/backend';
import { trainSae, evaluateSae } from '@interp/sae';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harvestTfjs, harvestTfjsBatches } from './index';
import { registerTfjsFileIO, tfjsFileIO } from './node';

let dir: string;
beforeAll(async () => {
  await selectBackend({ backend: 'cpu', onWarning: () => undefined });
  dir = await mkdtemp(join(tmpdir(), 'harvest-tfjs-'));
  registerTfjsFileIO();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const examples = 60;
const positions = 5;
const vocab = 12;
const tokens = Int32Array.from({ length: examples * positions }, (_, i) => (i * 7 + Math.floor(i / 3)) % vocab);

function buildSequenceModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [positions], dtype: 'int32', name: 'tokens' });
  const embed = tfl.layers.embedding({ inputDim: vocab, outputDim: 6, name: 'embed', embeddingsInitializer: tfl.initializers.randomNormal({ seed: 1 }) }).apply(input);
  const hidden = tfl.layers.dense({ units: 8, activation: 'relu', name: 'mlp_hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }), biasInitializer: 'ones' }).apply(embed);
  const out = tfl.layers.dense({ units: 4, name: 'out', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(hidden) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

describe('harvesting tfjs models without adapters', () => {
  it("harvests two layers of a LayersModel saved with model.save('file://…') and loaded back, and trains an SAE on it", async () => {
    const original = buildSequenceModel();
    await original.save(`file://${join(dir, 'seq')}`);
    const model = await tfl.loadLayersModel(`file://${join(dir, 'seq', 'model.json')}`);
    const input = { data: tokens, shape: [examples, positions] };
    const hidden = await harvestTfjs(model, input, { layer: 'mlp_hidden', batchSize: 7 });
    const embed = await harvestTfjs(model, input, { layer: 'embed', batchSize: 64 });
    expect([hidden.rows, hidden.width, hidden.positions]).toEqual([examples * positions, 8, positions]);
    expect([embed.rows, embed.width]).toEqual([examples * positions, 6]);
    // independent check: a sub-model of the original (not the loaded copy) up to the layer
    for (const [name, acts] of [['mlp_hidden', hidden], ['embed', embed]] as const) {
      const sub = tfl.model({ inputs: original.inputs, outputs: original.getLayer(name).output as tfl.SymbolicTensor });
      const want = sub.predict(tf.tensor2d(tokens, [examples, positions], 'int32')) as tf.Tensor;
      const wantData = want.dataSync();
      want.dispose();
      let maxDiff = 0;
      for (let i = 0; i < wantData.length; i++) maxDiff = Math.max(maxDiff, Math.abs(wantData[i]! - acts.data[i]!));
      expect(maxDiff, name).toBeLessThan(1e-6);
    }
    // per-row context: row r = example floor(r / 5), position r % 5, token at that position
    for (const r of [0, 4, 5, 17, examples * positions - 1]) {
      expect([hidden.example[r], hidden.position[r], hidden.token![r]]).toEqual([Math.floor(r / positions), r % positions, tokens[r]]);
    }
    const { sae, history } = await trainSae({ data: hidden.data, rows: hidden.rows, width: hidden.width }, { dSae: 16, epochs: 20, seed: 3, architecture: { type: 'topk', k: 3 } });
    const metrics = await evaluateSae(sae, { data: hidden.data, rows: hidden.rows, width: hidden.width });
    expect(metrics.fve).toBeGreaterThan(0.5);
    expect(history.steps.length).toBeGreaterThan(0);
    sae.dispose();
    model.dispose();
    original.dispose();
  });

  it('harvests a Sequential dense model (one row per example), a function, and names bad layers and inputs', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [3], units: 5, activation: 'relu', name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
        tfl.layers.dense({ units: 1, name: 'head' }),
      ],
    });
    const x = Float32Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const acts = await harvestTfjs(model, { data: x, shape: [10, 3] }, { layer: 'hidden', batchSize: 4 });
    expect([acts.rows, acts.width, acts.positions]).toEqual([10, 5, 1]);
    expect(Array.from(acts.position)).toEqual(new Array(10).fill(0));
    expect(acts.token).toBeUndefined();
    const W = tf.tensor2d(Float32Array.from({ length: 6 }, (_, i) => i - 2.5), [3, 2]);
    const fn = (t: tf.Tensor) => tf.relu(tf.matMul(t as tf.Tensor2D, W));
    const f = await harvestTfjs(fn, { data: x, shape: [10, 3] });
    const want = fn(tf.tensor2d(x, [10, 3])).dataSync();
    expect(Array.from(f.data)).toEqual(Array.from(want));
    await expect(harvestTfjs(model, { data: x, shape: [10, 3] }, { layer: 'hiden' })).rejects.toThrow(/unknown layer "hiden"; the model's layers: hidden, head/);
    await expect(harvestTfjs(model, { data: x, shape: [10, 3] })).rejects.toThrow(/options\.layer is required for a LayersModel/);
    const nan = x.slice();
    nan[7] = NaN;
    await expect(harvestTfjs(model, { data: nan, shape: [10, 3] }, { layer: 'hidden' })).rejects.toThrow(/inputs example 2, value 1 is NaN/);
    await expect(harvestTfjs(model, { data: x, shape: [11, 3] }, { layer: 'hidden' })).rejects.toThrow(/inputs hold 30 values; shape \[11, 3\] needs 33/);
    model.dispose();
    W.dispose();
  });

  it('harvests any named node of a GraphModel', async () => {
    const g = join(dir, 'graph');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(g);
    const w = new Float32Array([1, -1, 0.5, 2, -0.5, 1]);
    const modelJson = {
      format: 'graph-model',
      generatedBy: 'test',
      convertedBy: 'test',
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '3' }] } } } },
          { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '3' }, { size: '2' }] } } } } },
          { name: 'mm', op: 'MatMul', input: ['x', 'w'], attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } } },
          { name: 'act', op: 'Relu', input: ['mm'], attr: { T: { type: 'DT_FLOAT' } } },
          { name: 'out', op: 'Neg', input: ['act'], attr: { T: { type: 'DT_FLOAT' } } },
        ],
        versions: { producer: 1 },
      },
      weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [3, 2], dtype: 'float32' }] }],
    };
    await writeFile(join(g, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(g, 'weights.bin'), new Uint8Array(w.buffer));
    const model = await loadGraphModel(tfjsFileIO(join(g, 'model.json')));
    const x = new Float32Array([1, 2, 3, -1, 0, 1]);
    const acts = await harvestTfjs(model, { data: x, shape: [2, 3] }, { node: 'act' });
    // x @ w: [1*1+2*0.5+3*-0.5, 1*-1+2*2+3*1] = [0.5, 6]; [-1*1+0+1*-0.5, -1*-1+0+1*1] = [-1.5, 2]
    expect(Array.from(acts.data)).toEqual([0.5, 6, 0, 2]);
    const out = await harvestTfjs(model, { data: x, shape: [2, 3] });
    expect(Array.from(out.data).map((v) => v + 0)).toEqual([-0.5, -6, 0, -2]);
    const batches = [];
    for await (const b of harvestTfjsBatches(model, { data: x, shape: [2, 3] }, { node: 'mm', batchSize: 1 })) batches.push([b.rowStart, b.rows, Array.from(b.example)]);
    expect(batches).toEqual([[0, 1, [0]], [1, 1, [1]]]);
    await expect(harvestTfjs(model, { data: x, shape: [2, 3] }, { node: 'nope' })).rejects.toThrow(/cannot execute GraphModel node "nope"/);
    model.dispose();
  });
});
