import { serializeSafetensors, type TensorInput } from '@interp/safetensors';
import type { Sae } from './Sae';
import { saeArchitectures } from './saeArchitectures';

/**
 * The three files of an SAE in the SAELens layout, in memory.
 *
 * @example
 * ```ts
 * import { serializeSae, type SaeFiles } from '@interp/sae';
 * const files: SaeFiles = serializeSae(sae, { featureFrequency: metrics.featureFrequency });
 * const blob = new Blob([files['sae_weights.safetensors']]); // e.g. to download from a page
 * ```
 */
export interface SaeFiles {
  /** `W_enc [d_in, d_sae]`, `W_dec [d_sae, d_in]`, `b_dec [d_in]` and the architecture's `[d_sae]` tensors, all F32. */
  'sae_weights.safetensors': Uint8Array;
  /** SAELens 6 config (JSON text). */
  'cfg.json': string;
  /** `sparsity [d_sae]`: log10 of each feature's firing frequency (+1e-10); absent when unknown. */
  'sparsity.safetensors'?: Uint8Array;
}

/**
 * The SAELens version whose native config layout `cfg.json` follows (6.x: provenance inside `metadata`).
 *
 * @example
 * ```ts
 * import { SAELENS_FORMAT_VERSION, serializeSae } from '@interp/sae';
 * const cfg = JSON.parse(serializeSae(sae)['cfg.json']);
 * cfg.metadata.sae_lens_version === SAELENS_FORMAT_VERSION; // true: '6.0.0'
 * ```
 */
export const SAELENS_FORMAT_VERSION = '6.0.0';

/**
 * The SAELens 6 native `cfg.json` object of an SAE: `architecture`, `d_in`, `d_sae`, `dtype`, `device`,
 * `apply_b_dec_to_input`, `normalize_activations`, `reshape_activations`, `k` and
 * `rescale_acts_by_decoder_norm` for TopK, and `metadata` with `sae_lens_version`, `model_name`,
 * `hook_name`, dataset and training provenance; plus an `interp` block of our own.
 *
 * @example
 * ```ts
 * const cfg = createSaeCfg(sae); // { architecture: 'topk', d_in: 512, d_sae: 2048, k: 32, metadata: { sae_lens_version: '6.0.0', ... }, ... }
 * ```
 */
export function createSaeCfg(sae: Sae, options: { metadata?: Record<string, unknown> } = {}): Record<string, unknown> {
  const c = sae.config;
  const act = c.activation;
  return {
    architecture: saeArchitectures[act.type].saelensArchitecture,
    d_in: c.dIn,
    d_sae: c.dSae,
    dtype: 'float32',
    device: 'cpu',
    apply_b_dec_to_input: c.applyBDecToInput,
    normalize_activations: c.normalizeActivations ?? 'none',
    reshape_activations: 'none',
    ...(act.type === 'topk' ? { k: act.k, rescale_acts_by_decoder_norm: c.rescaleActsByDecoderNorm ?? false } : {}),
    metadata: {
      sae_lens_training_version: null,
      hook_head_index: null,
      prepend_bos: false,
      dataset_path: null,
      context_size: 1,
      ...c.metadata,
      ...options.metadata,
      sae_lens_version: SAELENS_FORMAT_VERSION,
      model_name: c.modelName ?? null,
      hook_name: c.hookName ?? null,
    },
    interp: { library: '@interp/sae', format: 2, activation: act },
  };
}

/**
 * Serialises an SAE to the SAELens file layout in memory (browser-safe): `sae_weights.safetensors`,
 * `cfg.json` (SAELens 6 native) and, when the firing frequencies are known, `sparsity.safetensors`.
 * `options.metadata` adds provenance to `cfg.json`'s `metadata` (e.g. `dataset_path`, training facts).
 *
 * @example
 * ```ts
 * const files = serializeSae(sae, { metadata: { dataset_path: 'acts/' } });
 * const again = deserializeSae(files); // same encodings as sae
 * ```
 */
export function serializeSae(sae: Sae, options: { featureFrequency?: Float32Array; metadata?: Record<string, unknown> } = {}): SaeFiles {
  const w = sae.getWeights();
  const { dIn, dSae } = sae.config;
  const perFeature: Record<string, Float32Array | undefined> = { b_enc: w.b_enc, threshold: w.threshold, b_gate: w.b_gate, r_mag: w.r_mag, b_mag: w.b_enc };
  const tensors: Record<string, TensorInput> = {
    W_enc: { dtype: 'F32', shape: [dIn, dSae], data: w.W_enc },
    W_dec: { dtype: 'F32', shape: [dSae, dIn], data: w.W_dec },
  };
  for (const name of saeArchitectures[sae.config.activation.type].tensors) {
    tensors[name] = { dtype: 'F32', shape: [dSae], data: perFeature[name]! };
  }
  tensors.b_dec = { dtype: 'F32', shape: [dIn], data: w.b_dec };
  const files: SaeFiles = {
    'sae_weights.safetensors': serializeSafetensors(tensors, { format: 'pt' }),
    'cfg.json': `${JSON.stringify(createSaeCfg(sae, options.metadata ? { metadata: options.metadata } : {}), null, 2)}\n`,
  };
  const freq = options.featureFrequency ?? sae.featureFrequency;
  if (freq) {
    if (freq.length !== dSae) throw new Error(`serializeSae: featureFrequency must hold dSae=${dSae} values, got ${freq.length}`);
    const sparsity = Float32Array.from(freq, (f) => Math.log10(Math.max(0, f) + 1e-10));
    files['sparsity.safetensors'] = serializeSafetensors({ sparsity: { dtype: 'F32', shape: [dSae], data: sparsity } }, { format: 'pt' });
  }
  return files;
}
