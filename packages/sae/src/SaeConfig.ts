/**
 * The activation function of an SAE's encoder; one entry per architecture (the extension point).
 *
 * @example
 * ```ts
 * import type { SaeActivation } from '@interp/sae';
 * const topk: SaeActivation = { type: 'topk', k: 32 };
 * const describe = (a: SaeActivation) => (a.type === 'topk' ? `TopK, k = ${a.k}` : a.type);
 * describe(sae.config.activation); // e.g. 'TopK, k = 32'
 * ```
 */
export type SaeActivation =
  | { /** ReLU, trained with an L1 penalty. */ type: 'relu' }
  | { /** Keep the k largest pre-activations of each row (then ReLU). */ type: 'topk'; k: number }
  | {
      /**
       * JumpReLU (Gemma Scope; also how BatchTopK SAEs are saved for inference): `relu(pre) * (pre > threshold)`,
       * with a per-feature `threshold` among the weights.
       */
      type: 'jumprelu';
    }
  | {
      /**
       * Gated (Rajamanoharan et al. 2024): `(x' W_enc + b_gate > 0) * relu(x' W_enc * exp(r_mag) + b_mag)`,
       * with `b_gate`, `r_mag` and `b_mag` among the weights (`b_enc` holds `b_mag`).
       */
      type: 'gated';
    };

/**
 * The architectures this package trains and runs.
 *
 * @example
 * ```ts
 * import { saeArchitectures, type SaeArchitectureName } from '@interp/sae';
 * const name: SaeArchitectureName = 'jumprelu';
 * saeArchitectures[name].saelensArchitecture; // 'jumprelu'
 * ```
 */
export type SaeArchitectureName = SaeActivation['type'] | 'batchtopk' | 'matryoshka';

/**
 * How the input is normalised before encoding and restored after decoding, as SAELens does (field
 * `normalize_activations`): `constant_norm_rescale` scales each row to norm `sqrt(dIn)`; `layer_norm`
 * subtracts the row mean and divides by its (Bessel-corrected) standard deviation + 1e-5;
 * `expected_average_only_in` is the identity at inference (SAELens folds its dataset-wide factor into
 * the weights when training ends); `none` is the identity.
 *
 * @example
 * ```ts
 * import type { SaeNormalization } from '@interp/sae';
 * const n: SaeNormalization = sae.config.normalizeActivations ?? 'none'; // as the loaded cfg.json said
 * ```
 */
export type SaeNormalization = 'none' | 'expected_average_only_in' | 'constant_norm_rescale' | 'layer_norm';

/**
 * Every {@link SaeNormalization}, in SAELens' order.
 *
 * @example
 * ```ts
 * import { SAE_NORMALIZATIONS } from '@interp/sae';
 * SAE_NORMALIZATIONS.join(', '); // 'none, expected_average_only_in, constant_norm_rescale, layer_norm'
 * ```
 */
export const SAE_NORMALIZATIONS: readonly SaeNormalization[] = ['none', 'expected_average_only_in', 'constant_norm_rescale', 'layer_norm'];

/**
 * Everything needed to rebuild an SAE besides its weights.
 *
 * @example
 * ```ts
 * import { createSae, type SaeConfig } from '@interp/sae';
 * const config: SaeConfig = { dIn: 2, dSae: 4, activation: { type: 'topk', k: 1 }, applyBDecToInput: true, hookName: 'hidden.post' };
 * const sae = createSae(weights, config);
 * ```
 */
export interface SaeConfig {
  /** Input width (activation size). */
  dIn: number;
  /** Number of features (dictionary size). */
  dSae: number;
  /** The encoder activation. */
  activation: SaeActivation;
  /** Whether `b_dec` is subtracted from the input before encoding (always true for SAEs trained here). */
  applyBDecToInput: boolean;
  /** Input normalisation (SAELens `normalize_activations`); default `'none'`. */
  normalizeActivations?: SaeNormalization;
  /**
   * TopK only (SAELens `rescale_acts_by_decoder_norm`): pre-activations are multiplied by each feature's
   * decoder norm before the top-k selection, and features divided by it before decoding. Default false.
   */
  rescaleActsByDecoderNorm?: boolean;
  /** Optional: the model the activations came from (saved in `cfg.json`). */
  modelName?: string;
  /** Optional: the hook point the activations came from (saved in `cfg.json`). */
  hookName?: string;
  /**
   * Optional provenance saved in `cfg.json`'s `metadata` (SAELens keys such as `dataset_path`,
   * `context_size`, `prepend_bos`, and training facts); JSON values.
   */
  metadata?: Record<string, unknown>;
}

/**
 * The weight arrays of an SAE, row-major, in the SAELens layout.
 *
 * @example
 * ```ts
 * import { createSae, type SaeWeights } from '@interp/sae';
 * const weights: SaeWeights = {
 *   W_enc: new Float32Array(2 * 4).fill(0.5), // [dIn = 2, dSae = 4]
 *   W_dec: new Float32Array(4 * 2).fill(0.5), // [dSae, dIn]
 *   b_enc: new Float32Array(4),
 *   b_dec: new Float32Array(2),
 * };
 * const sae = createSae(weights, { dIn: 2, dSae: 4, activation: { type: 'relu' }, applyBDecToInput: true });
 * ```
 */
export interface SaeWeights {
  /** `[dIn, dSae]` */
  W_enc: Float32Array;
  /** `[dSae, dIn]` (row `j` is the decoder direction of feature `j`) */
  W_dec: Float32Array;
  /** `[dSae]` (for a gated SAE: `b_mag`) */
  b_enc: Float32Array;
  /** `[dIn]` */
  b_dec: Float32Array;
  /** `[dSae]` JumpReLU thresholds (jumprelu only). */
  threshold?: Float32Array;
  /** `[dSae]` gate bias (gated only). */
  b_gate?: Float32Array;
  /** `[dSae]` log magnitude scale (gated only). */
  r_mag?: Float32Array;
}
