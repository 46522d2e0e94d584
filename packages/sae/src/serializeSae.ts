import { serializeSafetensors } from '@interp/safetensors';
import type { Sae } from './Sae';

/** The three files of an SAE in the SAELens layout, in memory. */
export interface SaeFiles {
  /** `W_enc [d_in, d_sae]`, `W_dec [d_sae, d_in]`, `b_enc [d_sae]`, `b_dec [d_in]`, all F32. */
  'sae_weights.safetensors': Uint8Array;
  /** SAELens-style config (JSON text). */
  'cfg.json': string;
  /** `sparsity [d_sae]`: log10 of each feature's firing frequency (+1e-10); absent when unknown. */
  'sparsity.safetensors'?: Uint8Array;
}

/**
 * The SAELens-style `cfg.json` object of an SAE (SAELens keys, plus an `interp` block of our own).
 *
 * @example
 * ```ts
 * const cfg = createSaeCfg(sae); // { architecture: 'topk', d_in: 512, d_sae: 2048, activation_fn_kwargs: { k: 32 }, ... }
 * ```
 */
export function createSaeCfg(sae: Sae): Record<string, unknown> {
  const c = sae.config;
  const topk = c.activation.type === 'topk';
  return {
    architecture: topk ? 'topk' : 'standard',
    d_in: c.dIn,
    d_sae: c.dSae,
    activation_fn_str: topk ? 'topk' : 'relu',
    activation_fn_kwargs: topk ? { k: c.activation.type === 'topk' ? c.activation.k : 0 } : {},
    ...(c.activation.type === 'topk' ? { k: c.activation.k } : {}), // SAELens 6 TopK configs keep k at the top level
    apply_b_dec_to_input: c.applyBDecToInput,
    finetuning_scaling_factor: false,
    normalize_activations: 'none',
    dtype: 'float32',
    device: 'cpu',
    model_name: c.modelName ?? '',
    hook_name: c.hookName ?? '',
    hook_layer: 0,
    hook_head_index: null,
    context_size: 1,
    prepend_bos: false,
    dataset_path: '',
    dataset_trust_remote_code: false,
    sae_lens_training_version: null,
    interp: { library: '@interp/sae', format: 1, activation: c.activation },
  };
}

/**
 * Serialises an SAE to the SAELens file layout in memory (browser-safe): `sae_weights.safetensors`,
 * `cfg.json` and, when the firing frequencies are known, `sparsity.safetensors`.
 *
 * @example
 * ```ts
 * const files = serializeSae(sae);
 * const again = deserializeSae(files); // same encodings as sae
 * ```
 */
export function serializeSae(sae: Sae, options: { featureFrequency?: Float32Array } = {}): SaeFiles {
  const w = sae.getWeights();
  const { dIn, dSae } = sae.config;
  const weights = serializeSafetensors(
    {
      W_enc: { dtype: 'F32', shape: [dIn, dSae], data: w.W_enc },
      W_dec: { dtype: 'F32', shape: [dSae, dIn], data: w.W_dec },
      b_enc: { dtype: 'F32', shape: [dSae], data: w.b_enc },
      b_dec: { dtype: 'F32', shape: [dIn], data: w.b_dec },
    },
    { format: 'pt' },
  );
  const files: SaeFiles = {
    'sae_weights.safetensors': weights,
    'cfg.json': `${JSON.stringify(createSaeCfg(sae), null, 2)}\n`,
  };
  const freq = options.featureFrequency ?? sae.featureFrequency;
  if (freq) {
    if (freq.length !== dSae) throw new Error(`serializeSae: featureFrequency must hold dSae=${dSae} values; got ${freq.length}`);
    const sparsity = Float32Array.from(freq, (f) => Math.log10(Math.max(0, f) + 1e-10));
    files['sparsity.safetensors'] = serializeSafetensors({ sparsity: { dtype: 'F32', shape: [dSae], data: sparsity } }, { format: 'pt' });
  }
  return files;
}
