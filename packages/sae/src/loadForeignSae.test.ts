import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@interp/backend';
import { readNpyFile } from '@interp/npy/node';
import { serializeSafetensors } from '@interp/safetensors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSae, deserializeSae } from './index';
import { loadSae, saveSae } from './node';

const here = new URL('.', import.meta.url).pathname;
const script = join(here, '..', 'scripts', 'saeInterop.py');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'sae-interop-'));
beforeAll(async () => {
  await selectBackend({ backend: 'cpu', onWarning: () => undefined });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = [
  'standard',
  'standard_pre6_bf16',
  'topk_rescale_constnorm',
  'topk_pre6_layernorm',
  'jumprelu_gemmascope',
  'batchtopk_as_jumprelu',
  'gated_layernorm_f64',
  'sparsify_topk',
];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('foreign SAE folders', () => {
  it.skipIf(!hasNumpy)('re-encodes 500 rows of every loaded architecture as an independent NumPy implementation of SAELens / sparsify does (within 1e-5)', async () => {
    execFileSync('python3', [script, dir]);
    const inputs = await readNpyFile(join(dir, 'inputs.npy'));
    expect(inputs.shape).toEqual([500, 16]);
    const x = inputs.data as Float32Array;
    for (const name of NAMES) {
      const sae = await loadSae(join(dir, name));
      const enc = (await readNpyFile(join(dir, `${name}.enc.npy`))).data;
      const recon = (await readNpyFile(join(dir, `${name}.recon.npy`))).data;
      const f = sae.encodeArray(x, 500);
      expect(maxAbsDiff(f, enc), `${name} encode`).toBeLessThan(1e-5);
      expect(maxAbsDiff(sae.forwardArray(x, 500), recon), `${name} forward`).toBeLessThan(1e-4);
      // and the folder saved again by saveSae loads to the same encoding
      const again = join(dir, `${name}.resaved`);
      await saveSae(sae, again);
      const reloaded = await loadSae(again);
      expect(maxAbsDiff(reloaded.encodeArray(x, 500), f), `${name} re-saved`).toBe(0);
      reloaded.dispose();
      sae.dispose();
    }
  });

  it('reads architecture, normalisation and provenance from a SAELens 6 cfg', () => {
    const dIn = 2;
    const dSae = 2;
    const v = (a: number[]) => ({ dtype: 'F32' as const, shape: [a.length], data: new Float32Array(a) });
    const weights = serializeSafetensors({
      W_enc: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 0, 0, 1]) },
      W_dec: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 0, 0, 1]) },
      b_enc: v([0, 0]),
      b_dec: v([0, 0]),
      threshold: v([0.5, 2.5]),
    });
    const cfg = {
      architecture: 'jumprelu',
      d_in: dIn,
      d_sae: dSae,
      dtype: 'float32',
      apply_b_dec_to_input: true,
      normalize_activations: 'none',
      metadata: { sae_lens_version: '6.18.0', model_name: 'gemma-2-2b', hook_name: 'blocks.12.hook_resid_post', dataset_path: 'monology/pile' },
    };
    const sae = deserializeSae({ 'sae_weights.safetensors': weights, 'cfg.json': JSON.stringify(cfg) });
    expect(sae.config).toMatchObject({ activation: { type: 'jumprelu' }, modelName: 'gemma-2-2b', hookName: 'blocks.12.hook_resid_post' });
    expect(Array.from(sae.encodeArray(new Float32Array([1, 2]), 1))).toEqual([1, 0]); // 2 <= threshold 2.5
    sae.dispose();
  });

  it('rejects what it cannot run exactly, naming the field or tensor', () => {
    const w = (extra: Record<string, number[]> = {}, drop: string[] = []) => {
      const t: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {
        W_enc: { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) },
        W_dec: { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) },
        b_enc: { dtype: 'F32', shape: [2], data: new Float32Array(2) },
        b_dec: { dtype: 'F32', shape: [2], data: new Float32Array(2) },
      };
      for (const [k, a] of Object.entries(extra)) t[k] = { dtype: 'F32', shape: [a.length], data: new Float32Array(a) };
      for (const k of drop) delete t[k];
      return serializeSafetensors(t);
    };
    const base = { architecture: 'standard', d_in: 2, d_sae: 2, metadata: { sae_lens_version: '6.18.0' } };
    const load = (cfg: Record<string, unknown>, bytes = w()) => () => deserializeSae({ 'sae_weights.safetensors': bytes, 'cfg.json': JSON.stringify({ ...base, ...cfg }) });
    expect(load({ architecture: 'matryoshka_batchtopk' })).toThrow(/cfg\.json: unknown architecture "matryoshka_batchtopk"; supported: standard, topk, jumprelu, gated/);
    expect(load({ normalize_activations: 'rms' })).toThrow(/cfg\.json: normalize_activations "rms" is not supported/);
    expect(load({ dtype: 'int8' })).toThrow(/cfg\.json: dtype "int8" is not supported/);
    expect(load({ finetuning_scaling_factor: true })).toThrow(/cfg\.json: finetuning_scaling_factor true is not supported/);
    expect(load({ rescale_acts_by_decoder_norm: true })).toThrow(/rescale_acts_by_decoder_norm is only supported for topk SAEs/);
    expect(load({ reshape_activations: 'hook_q' })).toThrow(/reshape_activations "hook_q" is not supported/);
    expect(load({ metadata: {}, activation_fn_str: 'tanh-relu' })).toThrow(/cfg\.json: activation_fn_str "tanh-relu" is not supported/);
    expect(load({ architecture: 'jumprelu' })).toThrow(/sae_weights\.safetensors: tensor threshold is missing/);
    expect(load({}, w({ threshold: [1, 1] }))).toThrow(/unexpected tensor threshold for a standard SAE/);
    expect(load({}, w({ scaling_factor: [2, 2] }))).toThrow(/tensor scaling_factor is not all ones/);
    const ones = deserializeSae({ 'sae_weights.safetensors': w({ scaling_factor: [1, 1] }), 'cfg.json': JSON.stringify(base) });
    ones.dispose();
    const sparsify = (cfg: Record<string, unknown>) => () =>
      deserializeSae({
        'sae.safetensors': serializeSafetensors({ 'encoder.weight': { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) } }),
        'cfg.json': JSON.stringify({ d_in: 2, num_latents: 2, k: 1, ...cfg }),
      });
    expect(sparsify({ activation: 'groupmax' })).toThrow(/cfg\.json: activation "groupmax" is not supported/);
    expect(sparsify({ transcode: true })).toThrow(/cfg\.json: transcode true is not supported/);
    expect(sparsify({})).toThrow(/sae\.safetensors: tensor W_dec is missing \(need encoder\.weight, encoder\.bias, W_dec, b_dec\)/);
  });

  it('saves a SAELens 6 native cfg with provenance in metadata, same layout and file names', async () => {
    const sae = createSae(
      { W_enc: new Float32Array(8), W_dec: new Float32Array(8), b_enc: new Float32Array(4), b_dec: new Float32Array(2) },
      { dIn: 2, dSae: 4, activation: { type: 'topk', k: 2 }, applyBDecToInput: true, modelName: 'mlp', hookName: 'hidden.post' },
    );
    const out = join(dir, 'native');
    await mkdir(out, { recursive: true });
    await saveSae(sae, out, { metadata: { dataset_path: 'acts/', training: { seed: 1, epochs: 3 } } });
    const cfg = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(join(out, 'cfg.json'), 'utf8'))) as Record<string, unknown>;
    expect(cfg).toMatchObject({
      architecture: 'topk',
      k: 2,
      rescale_acts_by_decoder_norm: false,
      normalize_activations: 'none',
      metadata: { sae_lens_version: '6.0.0', model_name: 'mlp', hook_name: 'hidden.post', dataset_path: 'acts/', training: { seed: 1, epochs: 3 } },
    });
    expect(cfg).not.toHaveProperty('model_name');
    await writeFile(join(out, 'extra.txt'), '');
    sae.dispose();
  });
});
