import { parseSafetensors, serializeSafetensors, type Safetensors, type TensorInput } from '@interp/safetensors';
import { createMlp, type Mlp } from './createMlp';
import { hashMlpConfig } from './hashMlpConfig';
import { resolveMlpConfig, type MlpConfig } from './mlpConfig';
import { checkMlpWeights, mlpWeightNames, type MlpWeights } from './mlpWeights';

/**
 * The `format` metadata value of MLP weight files.
 *
 * @example
 * ```ts
 * parseSafetensors(bytes).metadata.format === MLP_SAFETENSORS_FORMAT; // true for saveMlp output
 * ```
 */
export const MLP_SAFETENSORS_FORMAT = 'interp-mlp';

/**
 * Serialises a model's weights as safetensors (F32, `[in, out]` matrices), with the
 * configuration and its hash in the metadata.
 *
 * @example
 * ```ts
 * const bytes = mlpToSafetensors(model); // Uint8Array, e.g. for a download in the browser
 * ```
 */
export function mlpToSafetensors(model: Mlp): Uint8Array {
  const weights = model.getWeights();
  const tensors: Record<string, TensorInput> = {};
  for (const name of mlpWeightNames) {
    const w = weights[name] as { shape: number[]; data: Float32Array };
    tensors[name] = { dtype: 'F32', shape: w.shape, data: w.data };
  }
  return serializeSafetensors(tensors, mlpMetadata(model.config));
}

/**
 * The metadata written with MLP weights.
 *
 * @internal
 */
export function mlpMetadata(config: MlpConfig): Record<string, string> {
  return {
    format: MLP_SAFETENSORS_FORMAT,
    layout: 'weight [in, out], bias [out]',
    config: JSON.stringify(config),
    config_hash: hashMlpConfig(config),
  };
}

/**
 * Builds a model from parsed safetensors. The configuration comes from `config` when
 * given (it must match the hash stored with the weights), else from the file's metadata.
 *
 * @throws Error naming `source` when the config does not match, or a weight is missing,
 * mis-shaped, not F32 or not finite.
 */
export function mlpFromParsedSafetensors(parsed: Safetensors, config: Partial<MlpConfig> | undefined, source: string): Mlp {
  const meta = parsed.metadata;
  let resolved: MlpConfig;
  if (config) {
    resolved = resolveMlpConfig(config);
  } else {
    if (!meta.config) throw new Error(`${source}: no 'config' in the safetensors metadata; pass the model config explicitly`);
    let raw: unknown;
    try {
      raw = JSON.parse(meta.config);
    } catch {
      throw new Error(`${source}: the 'config' metadata is not valid JSON`);
    }
    resolved = resolveMlpConfig(raw as Partial<MlpConfig>);
  }
  const hash = hashMlpConfig(resolved);
  if (meta.config_hash !== undefined && meta.config_hash !== hash) {
    throw new Error(
      `${source}: config mismatch: the weights were saved for config hash ${meta.config_hash}, but the given config hashes to ${hash} (${describe(resolved)})`,
    );
  }
  const weights: MlpWeights = {};
  for (const [name, t] of Object.entries(parsed.tensors)) {
    if (t.dtype !== 'F32') throw new Error(`${source}: weight '${name}' has dtype ${t.dtype}; MLP weights must be F32`);
    weights[name] = { shape: t.shape, data: t.data as Float32Array };
  }
  checkMlpWeights(resolved, weights, source);
  return createMlp(resolved, { weights });
}

function describe(c: MlpConfig): string {
  return `${c.inputSize} -> ${c.hiddenSize} ${c.hiddenActivation} -> ${c.bottleneckSize} ${c.bottleneckActivation} -> ${c.outputSize}`;
}

/**
 * Rebuilds a model from safetensors bytes written by {@link mlpToSafetensors}; outputs are
 * bit-identical to the saved model's.
 *
 * @example
 * ```ts
 * const copy = mlpFromSafetensors(mlpToSafetensors(model));
 * ```
 * @throws SafetensorsError for a malformed or truncated buffer; Error naming the weight or config at fault.
 */
export function mlpFromSafetensors(bytes: Uint8Array, options: { config?: Partial<MlpConfig>; source?: string } = {}): Mlp {
  const source = options.source ?? 'mlp weights';
  return mlpFromParsedSafetensors(parseSafetensors(bytes, { source }), options.config, source);
}
