import { decodeBFloat16, decodeFloat16, parseSafetensors, type Tensor } from '@interp/safetensors';
import { createSae, type Sae } from './Sae';
import type { SaeActivation, SaeConfig } from './SaeConfig';
import type { SaeFiles } from './serializeSae';

const WEIGHTS = 'sae_weights.safetensors';

function toFloat32(t: Tensor, where: string): Float32Array {
  switch (t.dtype) {
    case 'F32':
      return Float32Array.from(t.data as Float32Array);
    case 'F64':
      return Float32Array.from(t.data as Float64Array);
    case 'F16':
      return decodeFloat16(t.data as Uint16Array);
    case 'BF16':
      return decodeBFloat16(t.data as Uint16Array);
    default:
      throw new Error(`${where} has dtype ${t.dtype}; expected F32 (or F64, F16, BF16)`);
  }
}

function tensorOf(tensors: Record<string, Tensor>, name: string, shape: number[]): Float32Array {
  const t = tensors[name];
  const where = `${WEIGHTS}: tensor ${name}`;
  if (!t) throw new Error(`${WEIGHTS}: tensor ${name} is missing (need W_enc, W_dec, b_enc, b_dec)`);
  if (t.shape.length !== shape.length || t.shape.some((v, i) => v !== shape[i])) {
    throw new Error(`${where} has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}] from cfg.json`);
  }
  return toFloat32(t, where);
}

function readActivation(cfg: Record<string, unknown>, dSae: number): SaeActivation {
  const ours = (cfg.interp as { activation?: SaeActivation } | undefined)?.activation;
  if (ours && (ours.type === 'relu' || ours.type === 'topk')) return ours;
  const arch = String(cfg.architecture ?? 'standard');
  const fn = String(cfg.activation_fn_str ?? (arch === 'topk' ? 'topk' : 'relu'));
  if (arch === 'topk' || fn === 'topk') {
    const k = (cfg.activation_fn_kwargs as { k?: unknown } | undefined)?.k ?? cfg.k;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > dSae) {
      throw new Error(`cfg.json: activation_fn_kwargs.k must be an integer in [1, d_sae=${dSae}] for a topk SAE; got ${String(k)}`);
    }
    return { type: 'topk', k };
  }
  if (arch === 'standard' && fn === 'relu') return { type: 'relu' };
  throw new Error(
    `cfg.json: architecture ${JSON.stringify(arch)} with activation_fn_str ${JSON.stringify(fn)} is not supported; supported: standard/relu, topk`,
  );
}

/**
 * Rebuilds an SAE from the SAELens file layout held in memory (browser-safe); the inverse of
 * {@link serializeSae}. Also reads SAELens' own standard (ReLU) and TopK SAEs; F16/BF16/F64 weights
 * are converted to F32.
 *
 * @example
 * ```ts
 * const sae = deserializeSae({
 *   'sae_weights.safetensors': weightBytes,
 *   'cfg.json': cfgText,
 * });
 * ```
 */
export function deserializeSae(files: {
  'sae_weights.safetensors': Uint8Array;
  'cfg.json': string | Uint8Array;
  'sparsity.safetensors'?: Uint8Array;
} | SaeFiles): Sae {
  const cfgText = typeof files['cfg.json'] === 'string' ? files['cfg.json'] : new TextDecoder().decode(files['cfg.json']);
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(cfgText) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cfg.json: not valid JSON (${(e as Error).message})`);
  }
  const dIn = cfg.d_in;
  const dSae = cfg.d_sae;
  if (typeof dIn !== 'number' || !Number.isInteger(dIn) || dIn < 1) throw new Error(`cfg.json: d_in must be an integer >= 1; got ${String(dIn)}`);
  if (typeof dSae !== 'number' || !Number.isInteger(dSae) || dSae < 1) throw new Error(`cfg.json: d_sae must be an integer >= 1; got ${String(dSae)}`);
  const bytes = files[WEIGHTS];
  if (!(bytes instanceof Uint8Array)) throw new Error(`${WEIGHTS}: missing (expected a Uint8Array)`);
  const { tensors } = parseSafetensors(bytes, { source: WEIGHTS });
  const config: SaeConfig = {
    dIn,
    dSae,
    activation: readActivation(cfg, dSae),
    applyBDecToInput: cfg.apply_b_dec_to_input !== false,
    ...(typeof cfg.model_name === 'string' && cfg.model_name !== '' ? { modelName: cfg.model_name } : {}),
    ...(typeof cfg.hook_name === 'string' && cfg.hook_name !== '' ? { hookName: cfg.hook_name } : {}),
  };
  let featureFrequency: Float32Array | undefined;
  const sp = files['sparsity.safetensors'];
  if (sp) {
    const t = parseSafetensors(sp, { source: 'sparsity.safetensors' }).tensors.sparsity;
    if (!t) throw new Error('sparsity.safetensors: tensor sparsity is missing');
    if (t.shape.length !== 1 || t.shape[0] !== dSae) {
      throw new Error(`sparsity.safetensors: tensor sparsity has shape [${t.shape.join(', ')}]; expected [${dSae}]`);
    }
    featureFrequency = Float32Array.from(toFloat32(t, 'sparsity.safetensors: tensor sparsity'), (l) => Math.max(0, 10 ** l - 1e-10));
  }
  return createSae(
    {
      W_enc: tensorOf(tensors, 'W_enc', [dIn, dSae]),
      W_dec: tensorOf(tensors, 'W_dec', [dSae, dIn]),
      b_enc: tensorOf(tensors, 'b_enc', [dSae]),
      b_dec: tensorOf(tensors, 'b_dec', [dIn]),
    },
    config,
    featureFrequency ? { featureFrequency } : {},
  );
}
