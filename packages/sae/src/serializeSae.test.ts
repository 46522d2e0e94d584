import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { parseSafetensors, serializeSafetensors } from '@interp/safetensors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deserializeSae } from './deserializeSae';
import { loadSae, saveSae } from './node';
import { createSae, type Sae } from './Sae';
import { serializeSae } from './serializeSae';
import { makeSparseData } from './__tests__/testData';
import { trainSae } from './trainSae';

let sae: Sae;
let dir: string;
const width = 12;
const data = makeSparseData(200, width, 16, 2, 4);

beforeAll(async () => {
  await selectBackend({ onWarning: () => {} });
  ({ sae } = await trainSae({ data, rows: 200, width }, { dSae: 40, architecture: { type: 'topk', k: 3 }, epochs: 2, seed: 9 }));
  dir = await mkdtemp(join(tmpdir(), 'sae-test-'));
});

afterAll(async () => {
  sae.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('SAELens layout', () => {
  it('serializeSae writes W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc, b_dec as F32 and a SAELens cfg', () => {
    const files = serializeSae(sae);
    const { tensors } = parseSafetensors(files['sae_weights.safetensors']);
    expect(tensors.W_enc).toMatchObject({ dtype: 'F32', shape: [12, 40] });
    expect(tensors.W_dec).toMatchObject({ dtype: 'F32', shape: [40, 12] });
    expect(tensors.b_enc).toMatchObject({ dtype: 'F32', shape: [40] });
    expect(tensors.b_dec).toMatchObject({ dtype: 'F32', shape: [12] });
    const cfg = JSON.parse(files['cfg.json']) as Record<string, unknown>;
    expect(cfg).toMatchObject({
      d_in: 12,
      d_sae: 40,
      architecture: 'topk',
      k: 3,
      rescale_acts_by_decoder_norm: false,
      apply_b_dec_to_input: true,
      reshape_activations: 'none',
      normalize_activations: 'none',
      dtype: 'float32',
      device: 'cpu',
      metadata: { sae_lens_version: '6.0.0' },
    });
    expect(cfg).not.toHaveProperty('activation_fn_str');
    const sparsity = parseSafetensors(files['sparsity.safetensors']!).tensors.sparsity!;
    expect(sparsity.shape).toEqual([40]);
    const freq = sae.featureFrequency!;
    expect((sparsity.data as Float32Array)[0]).toBeCloseTo(Math.log10(freq[0]! + 1e-10), 4);
  });

  it('deserializeSae(serializeSae(sae)) gives identical encodings', () => {
    const again = deserializeSae(serializeSae(sae));
    const x = data.subarray(0, 20 * width);
    expect(Array.from(again.encodeArray(x, 20))).toEqual(Array.from(sae.encodeArray(x, 20)));
    expect({ ...again.config, metadata: undefined }).toEqual(sae.config);
    again.dispose();
  });

  it('saveSae / loadSae round-trips through a folder and leaves no temp files', async () => {
    const out = join(dir, 'sae');
    await saveSae(sae, out);
    expect((await readdir(out)).sort()).toEqual(['cfg.json', 'sae_weights.safetensors', 'sparsity.safetensors']);
    const loaded = await loadSae(out);
    const x = data.subarray(0, 30 * width);
    expect(Array.from(loaded.forwardArray(x, 30))).toEqual(Array.from(sae.forwardArray(x, 30)));
    expect(loaded.featureFrequency?.length).toBe(40);
    loaded.dispose();
  });

  it('loads a SAELens standard (ReLU) SAE with F16 weights', () => {
    const dIn = 2;
    const dSae = 3;
    const f16 = (v: number[]) => new Uint16Array(v.map((x) => (x === 1 ? 0x3c00 : x === 0 ? 0 : 0xbc00))); // 1, 0, -1
    const bytes = serializeSafetensors({
      W_enc: { dtype: 'F16', shape: [dIn, dSae], data: f16([1, 0, -1, 0, 1, 0]) },
      W_dec: { dtype: 'F16', shape: [dSae, dIn], data: f16([1, 0, 0, 1, -1, 0]) },
      b_enc: { dtype: 'F16', shape: [dSae], data: f16([0, 0, 0]) },
      b_dec: { dtype: 'F16', shape: [dIn], data: f16([0, 0]) },
    });
    const loaded = deserializeSae({
      'sae_weights.safetensors': bytes,
      'cfg.json': JSON.stringify({ architecture: 'standard', d_in: dIn, d_sae: dSae, activation_fn_str: 'relu', apply_b_dec_to_input: true }),
    });
    expect(Array.from(loaded.encodeArray(new Float32Array([2, 3]), 1))).toEqual([2, 3, 0]);
    expect(loaded.config.activation).toEqual({ type: 'relu' });
    loaded.dispose();
  });

  it('errors name the file and tensor at fault', async () => {
    const files = serializeSae(sae);
    const cfg = JSON.parse(files['cfg.json']) as Record<string, unknown>;
    expect(() => deserializeSae({ ...files, 'cfg.json': JSON.stringify({ ...cfg, d_in: 13 }) })).toThrow(
      /sae_weights\.safetensors: tensor W_enc has shape \[12, 40\]; expected \[13, 40\]/,
    );
    expect(() => deserializeSae({ ...files, 'cfg.json': JSON.stringify({ ...cfg, k: 99 }) })).toThrow(
      /cfg\.json: k must be an integer in \[1, d_sae=40\] for a topk SAE, got 99/,
    );
    await writeFile(join(dir, 'cfg.json'), '{');
    await writeFile(join(dir, 'sae_weights.safetensors'), files['sae_weights.safetensors']);
    await expect(loadSae(dir)).rejects.toThrow(/cfg\.json: not valid JSON/);
    await expect(loadSae(join(dir, 'missing'))).rejects.toThrow(/sae_weights\.safetensors does not exist/);
    expect((await readFile(join(dir, 'cfg.json'), 'utf8')).length).toBe(1);
  });

  it('createSae rejects weights of the wrong size and encode rejects the wrong width', () => {
    expect(() =>
      createSae(
        { W_enc: new Float32Array(5), W_dec: new Float32Array(6), b_enc: new Float32Array(3), b_dec: new Float32Array(2) },
        { dIn: 2, dSae: 3, activation: { type: 'relu' }, applyBDecToInput: true },
      ),
    ).toThrow(/W_enc must hold 6 floats \(\[2, 3\]\), got 5/);
    expect(() => sae.encodeArray(new Float32Array(5), 1)).toThrow(/data must hold rows \* 12 = 12 floats, got 5/);
  });
});

describe('non-finite weights', () => {
  it('deserializeSae rejects NaN or Inf in any tensor, naming the tensor and the element', () => {
    const files = serializeSae(sae);
    const { tensors } = parseSafetensors(files['sae_weights.safetensors']);
    for (const [name, index, value, at] of [
      ['W_enc', 5 * 40 + 7, Number.NaN, '[5, 7]'],
      ['W_dec', 3, Number.POSITIVE_INFINITY, '[0, 3]'],
      ['b_enc', 11, Number.NEGATIVE_INFINITY, '[11]'],
    ] as const) {
      const copy: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
      for (const [n, t] of Object.entries(tensors)) copy[n] = { dtype: 'F32', shape: t.shape, data: Float32Array.from(t.data as Float32Array) };
      (copy[name] as { data: Float32Array }).data[index] = value;
      const bad = { ...files, 'sae_weights.safetensors': serializeSafetensors(copy, { format: 'pt' }) };
      expect(() => deserializeSae(bad)).toThrow(`sae_weights.safetensors: tensor ${name} has ${String(value)} at ${at}; an SAE's weights must be finite`);
    }
  });
});
