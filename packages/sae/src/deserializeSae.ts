import { decodeBFloat16, decodeFloat16, encodeBFloat16, encodeFloat16, parseSafetensors, type Tensor } from '@interp/safetensors';
import { createSae, type Sae } from './Sae';
import { SAE_NORMALIZATIONS, type SaeActivation, type SaeConfig, type SaeNormalization, type SaeWeights } from './SaeConfig';
import { saeArchitectures } from './saeArchitectures';
import type { SaeFiles } from './serializeSae';

const WEIGHTS = 'sae_weights.safetensors';
const SPARSIFY_WEIGHTS = 'sae.safetensors';

/**
 * The files of an SAE folder in memory: SAELens (`sae_weights.safetensors`) or sparsify (`sae.safetensors`).
 *
 * @example
 * ```ts
 * import { deserializeSae, type SaeFolderFiles } from '@interp/sae';
 * const files: SaeFolderFiles = {
 *   'cfg.json': await (await fetch('/sae/cfg.json')).text(),
 *   'sae_weights.safetensors': new Uint8Array(await (await fetch('/sae/sae_weights.safetensors')).arrayBuffer()),
 * };
 * const sae = deserializeSae(files);
 * ```
 */
export interface SaeFolderFiles {
  'cfg.json': string | Uint8Array;
  'sae_weights.safetensors'?: Uint8Array;
  'sae.safetensors'?: Uint8Array;
  'sparsity.safetensors'?: Uint8Array;
}

function toFloat32(t: Tensor, where: string): Float32Array {
  switch (t.dtype) {
    case 'F32':
      return (t.data as Float32Array).slice();
    case 'F64':
      return new Float32Array(t.data as Float64Array);
    case 'F16':
      return decodeFloat16(t.data as Uint16Array);
    case 'BF16':
      return decodeBFloat16(t.data as Uint16Array);
    default:
      throw new Error(`${where} has dtype ${t.dtype}; expected F32 (or F64, F16, BF16)`);
  }
}

function takeTensor(tensors: Record<string, Tensor>, file: string, name: string, shape: number[], need: string): Float32Array {
  const t = tensors[name];
  if (!t) throw new Error(`${file}: tensor ${name} is missing (need ${need})`);
  if (t.shape.length !== shape.length || t.shape.some((v, i) => v !== shape[i])) {
    throw new Error(`${file}: tensor ${name} has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}] from cfg.json`);
  }
  const where = `${file}: tensor ${name}`;
  const data = toFloat32(t, where);
  // a plain loop (a findIndex callback per value costs ~20 ms on a 2048 x 512 matrix): v - v is NaN for NaN and +-Infinity
  let bad = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      bad = i;
      break;
    }
  }
  if (bad >= 0) {
    const at = shape.length === 2 ? `[${Math.floor(bad / (shape[1] as number))}, ${bad % (shape[1] as number)}]` : `[${bad}]`;
    throw new Error(`${where} has ${String(data[bad])} at ${at}; an SAE's weights must be finite (the file is corrupt or training diverged)`);
  }
  return data;
}

const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

function parseCfg(text: string | Uint8Array): Record<string, unknown> {
  const cfgText = typeof text === 'string' ? text : new TextDecoder().decode(text);
  let cfg: unknown;
  try {
    cfg = JSON.parse(cfgText);
  } catch (e) {
    throw new Error(`cfg.json: not valid JSON (${(e as Error).message})`);
  }
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) throw new Error('cfg.json: must hold a JSON object');
  return cfg as Record<string, unknown>;
}

function majorVersion(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)/.exec(v);
  return m ? Number(m[1]) : undefined;
}

const DTYPES: Record<string, 'float32' | 'float64' | 'float16' | 'bfloat16'> = {
  float32: 'float32',
  float64: 'float64',
  float16: 'float16',
  bfloat16: 'bfloat16',
  'torch.float32': 'float32',
  'torch.float64': 'float64',
  'torch.float16': 'float16',
  'torch.bfloat16': 'bfloat16',
};

/** Rounds weights to the precision SAELens casts them to (`cfg.dtype`). */
function castTo(values: Float32Array, dtype: 'float32' | 'float64' | 'float16' | 'bfloat16'): Float32Array {
  if (dtype === 'float16') return decodeFloat16(encodeFloat16(values));
  if (dtype === 'bfloat16') return decodeBFloat16(encodeBFloat16(values));
  return values;
}

const SUPPORTED_ARCHITECTURES = ['standard', 'topk', 'jumprelu', 'gated'];

function readSaeLensConfig(cfg: Record<string, unknown>): { config: SaeConfig; dtype: 'float32' | 'float64' | 'float16' | 'bfloat16' } {
  const meta = (cfg.metadata && typeof cfg.metadata === 'object' ? cfg.metadata : {}) as Record<string, unknown>;
  const version = cfg.sae_lens_version ?? meta.sae_lens_version;
  const native = (majorVersion(version) ?? 0) >= 6;
  const dIn = cfg.d_in;
  const dSae = cfg.d_sae;
  if (!int(dIn)) throw new Error(`cfg.json: d_in must be an integer >= 1, got ${JSON.stringify(dIn)}`);
  if (!int(dSae)) throw new Error(`cfg.json: d_sae must be an integer >= 1, got ${JSON.stringify(dSae)}`);
  let architecture = cfg.architecture ?? (native ? undefined : 'standard');
  let k: unknown = cfg.k;
  if (!native) {
    // SAELens' pre-6.0 path: activation_fn_str is activation_fn; topk with a k is the topk architecture
    const fn = cfg.activation_fn ?? cfg.activation_fn_str ?? 'relu';
    const kwargs = (cfg.activation_fn_kwargs ?? {}) as Record<string, unknown>;
    if (fn === 'topk' && kwargs.k != null) {
      architecture = 'topk';
      k = kwargs.k;
    } else if (fn !== 'relu' && architecture === 'standard') {
      const field = cfg.activation_fn !== undefined ? 'activation_fn' : 'activation_fn_str';
      throw new Error(`cfg.json: ${field} ${JSON.stringify(fn)} is not supported (a standard SAE must use relu; topk needs activation_fn_kwargs.k)`);
    }
  }
  if (typeof architecture !== 'string' || !SUPPORTED_ARCHITECTURES.includes(architecture)) {
    throw new Error(
      `cfg.json: unknown architecture ${JSON.stringify(architecture)}; supported: ${SUPPORTED_ARCHITECTURES.join(', ')} (SAELens saves BatchTopK SAEs for inference as jumprelu)`,
    );
  }
  let activation: SaeActivation;
  if (architecture === 'topk') {
    k = k ?? 100; // SAELens' default
    if (!int(k) || k > dSae) throw new Error(`cfg.json: k must be an integer in [1, d_sae=${dSae}] for a topk SAE, got ${JSON.stringify(k)}`);
    activation = { type: 'topk', k };
  } else activation = { type: architecture === 'standard' ? 'relu' : (architecture as 'jumprelu' | 'gated') };
  const norm = cfg.normalize_activations ?? 'none';
  if (!SAE_NORMALIZATIONS.includes(norm as SaeNormalization)) {
    throw new Error(`cfg.json: normalize_activations ${JSON.stringify(norm)} is not supported; expected one of ${SAE_NORMALIZATIONS.join(', ')}`);
  }
  const rescale = cfg.rescale_acts_by_decoder_norm ?? false;
  if (typeof rescale !== 'boolean') throw new Error(`cfg.json: rescale_acts_by_decoder_norm must be true or false, got ${JSON.stringify(rescale)}`);
  if (rescale && architecture !== 'topk') throw new Error(`cfg.json: rescale_acts_by_decoder_norm is only supported for topk SAEs (architecture is ${architecture})`);
  const applyBDec = cfg.apply_b_dec_to_input ?? true;
  if (typeof applyBDec !== 'boolean') throw new Error(`cfg.json: apply_b_dec_to_input must be true or false, got ${JSON.stringify(applyBDec)}`);
  const reshape = cfg.reshape_activations ?? 'none';
  if (reshape !== 'none' && reshape !== 'hook_z') throw new Error(`cfg.json: reshape_activations ${JSON.stringify(reshape)} is not supported (none, hook_z)`);
  if (cfg.finetuning_scaling_factor === true) {
    throw new Error('cfg.json: finetuning_scaling_factor true is not supported (a finetuned decoder scaling factor would change the encoding)');
  }
  const dtype = DTYPES[String(cfg.dtype ?? 'float32')];
  if (!dtype) throw new Error(`cfg.json: dtype ${JSON.stringify(cfg.dtype)} is not supported; expected float32, float64, float16 or bfloat16`);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const modelName = str(native ? meta.model_name : (cfg.model_name ?? meta.model_name));
  const hookName = str(native ? meta.hook_name : (cfg.hook_name ?? cfg.hook_point ?? meta.hook_name));
  const config: SaeConfig = {
    dIn,
    dSae,
    activation,
    applyBDecToInput: applyBDec,
    ...(norm !== 'none' ? { normalizeActivations: norm as SaeNormalization } : {}),
    ...(rescale ? { rescaleActsByDecoderNorm: true } : {}),
    ...(modelName ? { modelName } : {}),
    ...(hookName ? { hookName } : {}),
    ...(native && Object.keys(meta).length ? { metadata: { ...meta } } : {}),
  };
  return { config, dtype };
}

function readSaeLensWeights(bytes: Uint8Array, config: SaeConfig, dtype: 'float32' | 'float64' | 'float16' | 'bfloat16'): SaeWeights {
  const { tensors } = parseSafetensors(bytes, { source: WEIGHTS });
  const { dIn, dSae } = config;
  const perFeature = saeArchitectures[config.activation.type].tensors;
  const expected = ['W_enc', 'W_dec', 'b_dec', ...perFeature];
  const need = expected.join(', ');
  const scaling = tensors.scaling_factor;
  if (scaling) {
    // SAELens drops an all-ones scaling_factor; any other value is a finetuning factor we do not run
    const values = toFloat32(scaling, `${WEIGHTS}: tensor scaling_factor`);
    if (values.some((v) => v !== 1)) throw new Error(`${WEIGHTS}: tensor scaling_factor is not all ones (a finetuning scaling factor); not supported`);
  }
  const extra = Object.keys(tensors).filter((n) => !expected.includes(n) && n !== 'scaling_factor');
  if (extra.length) {
    throw new Error(`${WEIGHTS}: unexpected tensor${extra.length > 1 ? 's' : ''} ${extra.join(', ')} for a ${saeArchitectures[config.activation.type].saelensArchitecture} SAE (expected ${need})`);
  }
  const get = (name: string, shape: number[]) => castTo(takeTensor(tensors, WEIGHTS, name, shape, need), dtype);
  const vec = (name: string) => get(name, [dSae]);
  const weights: SaeWeights = {
    W_enc: get('W_enc', [dIn, dSae]),
    W_dec: get('W_dec', [dSae, dIn]),
    b_enc: vec(perFeature.includes('b_mag') ? 'b_mag' : 'b_enc'),
    b_dec: get('b_dec', [dIn]),
  };
  if (perFeature.includes('threshold')) weights.threshold = vec('threshold');
  if (perFeature.includes('b_gate')) weights.b_gate = vec('b_gate');
  if (perFeature.includes('r_mag')) weights.r_mag = vec('r_mag');
  return weights;
}

/** Reads an EleutherAI sparsify SAE (`sae.safetensors` + `cfg.json`). */
function readSparsify(cfg: Record<string, unknown>, bytes: Uint8Array): { config: SaeConfig; weights: SaeWeights } {
  const dIn = cfg.d_in;
  if (!int(dIn)) throw new Error(`cfg.json: d_in must be an integer >= 1, got ${JSON.stringify(dIn)}`);
  const expansion = cfg.expansion_factor ?? 32;
  const dSae = int(cfg.num_latents) ? cfg.num_latents : int(expansion) ? dIn * expansion : undefined;
  if (!dSae) throw new Error(`cfg.json: num_latents (or expansion_factor) must be an integer >= 1, got ${JSON.stringify(cfg.num_latents)}`);
  const activation = cfg.activation ?? 'topk';
  if (activation !== 'topk') throw new Error(`cfg.json: activation ${JSON.stringify(activation)} is not supported (sparsify topk SAEs are)`);
  if (cfg.transcode === true) throw new Error('cfg.json: transcode true is not supported (a transcoder does not reconstruct its input)');
  if (cfg.skip_connection === true) throw new Error('cfg.json: skip_connection true is not supported (W_skip is not run)');
  const k = cfg.k ?? 32;
  if (!int(k) || k > dSae) throw new Error(`cfg.json: k must be an integer in [1, num_latents=${dSae}], got ${JSON.stringify(k)}`);
  const { tensors } = parseSafetensors(bytes, { source: SPARSIFY_WEIGHTS });
  const expected = ['encoder.weight', 'encoder.bias', 'W_dec', 'b_dec'];
  const need = expected.join(', ');
  const extra = Object.keys(tensors).filter((n) => !expected.includes(n));
  if (extra.length) throw new Error(`${SPARSIFY_WEIGHTS}: unexpected tensors ${extra.join(', ')} (expected ${need})`);
  const enc = takeTensor(tensors, SPARSIFY_WEIGHTS, 'encoder.weight', [dSae, dIn], need);
  const W_enc = new Float32Array(dIn * dSae);
  for (let j = 0; j < dSae; j++) for (let i = 0; i < dIn; i++) W_enc[i * dSae + j] = enc[j * dIn + i]!;
  return {
    config: { dIn, dSae, activation: { type: 'topk', k }, applyBDecToInput: true },
    weights: {
      W_enc,
      W_dec: takeTensor(tensors, SPARSIFY_WEIGHTS, 'W_dec', [dSae, dIn], need),
      b_enc: takeTensor(tensors, SPARSIFY_WEIGHTS, 'encoder.bias', [dSae], need),
      b_dec: takeTensor(tensors, SPARSIFY_WEIGHTS, 'b_dec', [dIn], need),
    },
  };
}

/**
 * Rebuilds an SAE from its files held in memory (browser-safe); the inverse of {@link serializeSae}.
 * Reads SAELens folders (`sae_weights.safetensors` + `cfg.json`, native 6.x and pre-6.0 configs):
 * `standard`, `topk` (with `rescale_acts_by_decoder_norm`), `jumprelu` (Gemma Scope, and BatchTopK SAEs
 * saved for inference) and `gated`, with every `normalize_activations` mode run as SAELens runs it; and
 * EleutherAI sparsify SAEs (`sae.safetensors` + `cfg.json`, TopK). F16/BF16/F64 weights are converted to
 * F32 (rounded to `cfg.dtype`'s precision as SAELens casts them). A field or tensor that would change the
 * encoding and is not supported is an error naming it.
 *
 * @example
 * ```ts
 * const sae = deserializeSae({
 *   'sae_weights.safetensors': weightBytes,
 *   'cfg.json': cfgText,
 * });
 * ```
 */
export function deserializeSae(files: SaeFolderFiles | SaeFiles): Sae {
  const cfg = parseCfg(files['cfg.json']);
  const f = files as SaeFolderFiles;
  let config: SaeConfig;
  let weights: SaeWeights;
  if (f[WEIGHTS] instanceof Uint8Array) {
    const read = readSaeLensConfig(cfg);
    config = read.config;
    weights = readSaeLensWeights(f[WEIGHTS], config, read.dtype);
  } else if (f[SPARSIFY_WEIGHTS] instanceof Uint8Array) {
    ({ config, weights } = readSparsify(cfg, f[SPARSIFY_WEIGHTS]));
  } else {
    throw new Error(`${WEIGHTS}: missing (expected a Uint8Array; or ${SPARSIFY_WEIGHTS} for a sparsify SAE)`);
  }
  let featureFrequency: Float32Array | undefined;
  const sp = f['sparsity.safetensors'];
  if (sp) {
    const t = parseSafetensors(sp, { source: 'sparsity.safetensors' }).tensors.sparsity;
    if (!t) throw new Error('sparsity.safetensors: tensor sparsity is missing');
    if (t.shape.length !== 1 || t.shape[0] !== config.dSae) {
      throw new Error(`sparsity.safetensors: tensor sparsity has shape [${t.shape.join(', ')}]; expected [${config.dSae}]`);
    }
    featureFrequency = Float32Array.from(toFloat32(t, 'sparsity.safetensors: tensor sparsity'), (l) => Math.max(0, 10 ** l - 1e-10));
  }
  return createSae(weights, config, featureFrequency ? { featureFrequency } : {});
}
