import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deserializeSae } from './deserializeSae';
import { loadSae, saveSae } from './node';
import { createSae, type Sae } from './Sae';
import { serializeSae } from './serializeSae';
import { makeSparseData } from './__tests__/testData';
import { trainSae } from './trainSae';

const width = 12;
const rows = 400;
const held = 100;
const SCALE = 40; // activations far from unit scale
const all = makeSparseData(rows + held, width, 16, 2, 5).map((v) => v * SCALE);
const train = { data: all.subarray(0, rows * width), rows, width };
const validation = { data: all.subarray(rows * width), rows: held, width };
const options = { dSae: 32, architecture: { type: 'topk', k: 3 }, epochs: 3, batchSize: 64, seed: 2, validation } as const;
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

let sae: Sae;
let scale: number;
let dir: string;
beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
  const run = await trainSae(train, { ...options, normalizeActivations: 'expected_average_only_in' });
  sae = run.sae;
  scale = run.history.activationScale!;
  dir = await mkdtemp(join(tmpdir(), 'sae-norm-'));
});
afterAll(async () => {
  sae.dispose();
  await rm(dir, { recursive: true, force: true });
});

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  let top = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
    top = Math.max(top, Math.abs(b[i]!));
  }
  return m / top;
}

describe("normalizeActivations: 'expected_average_only_in'", () => {
  it('scales by sqrt(dIn) / (mean L2 norm of all training rows), as SAELens', () => {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let i = 0; i < width; i++) s += train.data[r * width + i]! ** 2;
      sum += Math.sqrt(s);
    }
    expect(scale).toBeCloseTo(Math.sqrt(width) / (sum / rows), 10);
    expect(scale).toBeLessThan(1 / 10); // the data is 40x unit scale
    expect(sae.config.normalizeActivations ?? 'none').toBe('none');
    expect(sae.config.metadata?.activation_norm_scaling_factor).toBe(scale);
  });

  it('folds the scale into the weights: W_enc * s, W_dec / s, b_dec / s, b_enc unchanged (raw rows in, raw reconstructions out)', () => {
    const w = sae.getWeights();
    // the SAE as it was trained, on normalised rows
    const trained = createSae(
      {
        W_enc: w.W_enc.map((v) => v / scale),
        W_dec: w.W_dec.map((v) => v * scale),
        b_enc: w.b_enc,
        b_dec: w.b_dec.map((v) => v * scale),
      },
      sae.config,
    );
    const x = validation.data;
    const scaled = x.map((v) => v * scale);
    expect(maxRelDiff(sae.encodeArray(x, held), trained.encodeArray(scaled, held))).toBeLessThan(1e-4);
    const recon = trained.forwardArray(scaled, held).map((v) => v / scale);
    expect(maxRelDiff(sae.forwardArray(x, held), recon)).toBeLessThan(1e-4);
    trained.dispose();
  });

  it('trains the same SAE whatever the activations scale (FVE on raw held-out rows within 0.01 of the unit-scale data)', async () => {
    const unit = await trainSae(
      { data: train.data.map((v) => v / SCALE), rows, width },
      { ...options, validation: { data: validation.data.map((v) => v / SCALE), rows: held, width }, normalizeActivations: 'expected_average_only_in' },
    );
    expect(unit.history.activationScale! / SCALE).toBeCloseTo(scale, 6);
    const a = unit.history.trainMetrics!;
    const b = (await trainSae(train, { ...options, normalizeActivations: 'expected_average_only_in' })).history.trainMetrics!;
    expect(a.fve).toBeGreaterThan(0.5);
    expect(Math.abs(a.fve - b.fve)).toBeLessThan(0.01);
    // MSE over the training rows is in raw units: SCALE^2 times the unit-scale MSE
    expect(b.mse / a.mse).toBeGreaterThan(0.8 * SCALE ** 2);
    expect(b.mse / a.mse).toBeLessThan(1.25 * SCALE ** 2);
    unit.sae.dispose();
  });

  it('streams: the scale comes from every streamed row', async () => {
    const stream = async function* () {
      for (let r = 0; r < rows; r += 150) {
        const n = Math.min(150, rows - r);
        yield { data: train.data.subarray(r * width, (r + n) * width), rows: n, width };
      }
    };
    const { sae: s2, history } = await trainSae(() => stream(), { ...options, epochs: 1, normalizeActivations: 'expected_average_only_in' });
    expect(history.activationScale! / scale).toBeCloseTo(1, 9);
    s2.dispose();
  });

  it('round trip: the saved files say normalize_activations none, carry the scale, and load to identical raw encodings', async () => {
    const files = serializeSae(sae);
    const cfg = JSON.parse(files['cfg.json']) as { normalize_activations: string; metadata: Record<string, unknown> };
    expect(cfg.normalize_activations).toBe('none');
    expect(cfg.metadata.activation_norm_scaling_factor).toBe(scale);
    const again = deserializeSae(files);
    expect(again.encodeArray(validation.data, held)).toEqual(sae.encodeArray(validation.data, held));
    again.dispose();
    await saveSae(sae, join(dir, 'sae'));
    const loaded = await loadSae(join(dir, 'sae'));
    expect(loaded.forwardArray(validation.data, held)).toEqual(sae.forwardArray(validation.data, held));
    loaded.dispose();
  });

  it.skipIf(!hasNumpy)('a NumPy reading of the saved folder (SAELens TopK inference, normalize_activations none) encodes raw rows as we do', async () => {
    const folder = join(dir, 'numpy');
    await saveSae(sae, folder);
    const script = `
import json, struct, sys
import numpy as np
folder, k = sys.argv[1], int(sys.argv[2])
raw = open(folder + '/sae_weights.safetensors', 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
def t(name):
    h = header[name]; a, b = h['data_offsets']
    return np.frombuffer(raw[8 + n + a:8 + n + b], dtype=np.float32).reshape(h['shape']).astype(np.float64)
cfg = json.load(open(folder + '/cfg.json'))
assert cfg['normalize_activations'] == 'none' and cfg['architecture'] == 'topk' and cfg['k'] == k
x = np.array(json.loads(sys.stdin.read()), dtype=np.float64).reshape(-1, t('b_dec').shape[0])
pre = (x - t('b_dec')) @ t('W_enc') + t('b_enc')
f = np.zeros_like(pre)
idx = np.argsort(-pre, axis=1)[:, :k]
np.put_along_axis(f, idx, np.maximum(np.take_along_axis(pre, idx, axis=1), 0), axis=1)
print(json.dumps(f.ravel().tolist()))
`;
    const out = execFileSync('python3', ['-c', script, folder, '3'], { input: JSON.stringify(Array.from(validation.data)) });
    const f = Float32Array.from(JSON.parse(out.toString()) as number[]);
    expect(maxRelDiff(sae.encodeArray(validation.data, held), f)).toBeLessThan(1e-5);
  });

  it("rejects other values, naming the option", async () => {
    await expect(trainSae(train, { ...options, normalizeActivations: 'layer_norm' as never })).rejects.toThrow(
      /options\.normalizeActivations must be one of none, expected_average_only_in, got "layer_norm"/,
    );
  });
});
