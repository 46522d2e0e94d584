import * as tf from '@tensorflow/tfjs-core';
import { checkEnum, checkInteger } from '@interp/core';
import { assertBackend } from './assertBackend';
import { SAE_NORMALIZATIONS, type SaeConfig, type SaeWeights } from './SaeConfig';
import { selectTopK } from './selectTopK';
import { sortRowSlots, toDenseFeatures, toSparseFeatures, type SparseFeatures } from './SparseFeatures';

/** Rows per encoder product in the array paths: large blocks fall out of cache and run slower per row. */
const ENCODE_BLOCK_ROWS = 512;

/**
 * A sparse autoencoder: `f = act((x - b_dec) W_enc + b_enc)`, `x_hat = f W_dec + b_dec`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { trainSae, type Sae } from '@interp/sae';
 * const sae: Sae = (await trainSae(acts, { dSae: 1024, architecture: { type: 'topk', k: 16 } })).sae;
 * const features = sae.encode(tf.tensor2d(acts.data.subarray(0, 4 * acts.width), [4, acts.width])); // [4, 1024]
 * const sparse = sae.encodeSparse(acts.data, acts.rows);  // [rows, 16] ids and values
 * features.dispose();
 * sae.dispose();
 * ```
 */
export interface Sae {
  /** Sizes, activation and provenance. */
  readonly config: SaeConfig;
  /** `[dIn, dSae]` encoder weights (owned by the SAE; freed by {@link Sae.dispose}). */
  readonly W_enc: tf.Tensor2D;
  /** `[dSae, dIn]` decoder weights. */
  readonly W_dec: tf.Tensor2D;
  /** `[dSae]` encoder bias. */
  readonly b_enc: tf.Tensor1D;
  /** `[dIn]` decoder bias (also subtracted from the input). */
  readonly b_dec: tf.Tensor1D;
  /** `[dSae]` thresholds of a JumpReLU SAE. */
  readonly threshold?: tf.Tensor1D;
  /** `[dSae]` gate bias of a gated SAE (its `b_enc` is `b_mag`). */
  readonly b_gate?: tf.Tensor1D;
  /** `[dSae]` log magnitude scale of a gated SAE. */
  readonly r_mag?: tf.Tensor1D;
  /** Feature activations `[rows, dSae]` of activations `[rows, dIn]` (a new tensor; the caller disposes it). */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Reconstruction `[rows, dIn]` from feature activations `[rows, dSae]`. With `constant_norm_rescale` or
   * `layer_norm` input normalisation, the reconstruction is brought back to the input's scale with the
   * statistics of the last `encode` (as SAELens does), which must have had the same number of rows.
   */
  decode(features: tf.Tensor2D): tf.Tensor2D;
  /** `decode(encode(x))`. */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * {@link Sae.encode} on a row-major `Float32Array` of `rows` rows (dense `[rows, dSae]` result;
   * {@link Sae.encodeSparse} is cheaper).
   */
  encodeArray(data: Float32Array, rows: number): Float32Array;
  /**
   * Feature activations of a row-major `Float32Array` of `rows` rows in sparse form, `[rows, k]`
   * indices and values (largest first; see {@link SparseFeatures}): no dense `[rows, dSae]` array.
   * Runs the encoder product in blocks of 512 rows on the tfjs backend and selects on the host.
   */
  encodeSparse(data: Float32Array, rows: number): SparseFeatures;
  /** Reconstruction, row-major `[rows, dIn]`, from sparse feature activations (touches only the active decoder rows). */
  decodeSparse(features: SparseFeatures): Float32Array;
  /** {@link Sae.decode} on a row-major `Float32Array` of `rows` rows. */
  decodeArray(features: Float32Array, rows: number): Float32Array;
  /** {@link Sae.forward} on a row-major `Float32Array` of `rows` rows. */
  forwardArray(data: Float32Array, rows: number): Float32Array;
  /**
   * Per-feature firing frequency measured when the SAE was trained or loaded (saved as
   * `sparsity.safetensors`), if known.
   */
  readonly featureFrequency?: Float32Array;
  /** Copies of the weights as `Float32Array`s. */
  getWeights(): SaeWeights;
  /** Frees the weight tensors; the SAE is unusable afterwards. */
  dispose(): void;
}

function checkSize(name: string, array: Float32Array, expected: number, shape: string): void {
  if (!(array instanceof Float32Array)) throw new TypeError(`createSae: ${name} must be a Float32Array`);
  if (array.length !== expected) {
    throw new Error(`createSae: ${name} must hold ${expected} floats (${shape}), got ${array.length}`);
  }
}

/**
 * Checks an SAE config, naming the field at fault and its allowed range.
 *
 * @example
 * ```ts
 * validateSaeConfig({ dIn: 512, dSae: 2048, activation: { type: 'topk', k: 4096 }, applyBDecToInput: true });
 * // throws: config.activation.k must be an integer in [1, dSae=2048], got 4096
 * ```
 */
export function validateSaeConfig(config: SaeConfig, where = 'config'): void {
  checkInteger(config.dIn, `${where}.dIn`, { min: 1 });
  checkInteger(config.dSae, `${where}.dSae`, { min: 1 });
  const act = config.activation as { type?: unknown; k?: unknown } | undefined;
  const type = checkEnum(act?.type, `${where}.activation.type`, ['relu', 'topk', 'jumprelu', 'gated']);
  if (type === 'topk') checkInteger(act?.k, `${where}.activation.k`, { min: 1, max: config.dSae, maxName: 'dSae' });
  checkEnum(config.normalizeActivations ?? 'none', `${where}.normalizeActivations`, SAE_NORMALIZATIONS);
  if (config.rescaleActsByDecoderNorm && type !== 'topk') {
    throw new Error(`${where}.rescaleActsByDecoderNorm is only defined for topk SAEs, got it with ${JSON.stringify(type)}`);
  }
}

/**
 * Builds an {@link Sae} from weight arrays (copied into tfjs tensors).
 *
 * @example
 * ```ts
 * const dIn = 4, dSae = 8;
 * const sae = createSae(
 *   { W_enc: new Float32Array(dIn * dSae), W_dec: new Float32Array(dSae * dIn),
 *     b_enc: new Float32Array(dSae), b_dec: new Float32Array(dIn) },
 *   { dIn, dSae, activation: { type: 'topk', k: 2 }, applyBDecToInput: true },
 * );
 * const f = sae.encodeArray(new Float32Array(dIn), 1); // 8 feature activations
 * sae.dispose();
 * ```
 */
export function createSae(weights: SaeWeights, config: SaeConfig, options: { featureFrequency?: Float32Array } = {}): Sae {
  assertBackend('createSae');
  validateSaeConfig(config);
  const { dIn, dSae } = config;
  checkSize('W_enc', weights.W_enc, dIn * dSae, `[${dIn}, ${dSae}]`);
  checkSize('W_dec', weights.W_dec, dSae * dIn, `[${dSae}, ${dIn}]`);
  checkSize('b_enc', weights.b_enc, dSae, `[${dSae}]`);
  checkSize('b_dec', weights.b_dec, dIn, `[${dIn}]`);
  const type = config.activation.type;
  const needs = (name: 'threshold' | 'b_gate' | 'r_mag'): Float32Array => {
    const w = weights[name];
    if (!w) throw new Error(`createSae: a ${type} SAE needs weights.${name} [${dSae}]`);
    checkSize(name, w, dSae, `[${dSae}]`);
    return w;
  };
  const frozen: SaeConfig = {
    ...config,
    activation: { ...config.activation },
    ...(config.metadata ? { metadata: structuredClone(config.metadata) } : {}),
  };
  const W_enc = tf.tensor2d(weights.W_enc, [dIn, dSae]);
  const W_dec = tf.tensor2d(weights.W_dec, [dSae, dIn]);
  const b_enc = tf.tensor1d(weights.b_enc);
  const b_dec = tf.tensor1d(weights.b_dec);
  const threshold = type === 'jumprelu' ? tf.tensor1d(needs('threshold')) : undefined;
  const b_gate = type === 'gated' ? tf.tensor1d(needs('b_gate')) : undefined;
  const r_mag = type === 'gated' ? tf.tensor1d(needs('r_mag')) : undefined;
  const magScale = r_mag ? tf.exp(r_mag) : undefined;
  const decNorm = config.rescaleActsByDecoderNorm ? tf.norm(W_dec, 'euclidean', 1) : undefined;
  const owned = [W_enc, W_dec, b_enc, b_dec, threshold, b_gate, r_mag, magScale, decNorm].filter((t): t is tf.Tensor => t !== undefined);
  const normalization = config.normalizeActivations ?? 'none';
  let disposed = false;
  // statistics of the last encode's input, to restore the reconstruction's scale (constant_norm_rescale, layer_norm)
  let lastNorm: { rows: number; scale: tf.Tensor2D; shift?: tf.Tensor2D } | undefined;
  const forgetNorm = () => {
    if (lastNorm) tf.dispose([lastNorm.scale, ...(lastNorm.shift ? [lastNorm.shift] : [])]);
    lastNorm = undefined;
  };

  const alive = (what: string): void => {
    if (disposed) throw new Error(`Sae.${what}: this SAE was disposed`);
  };
  const checkInput = (x: tf.Tensor, width: number, what: string, param: string): void => {
    if (x.rank !== 2 || x.shape[1] !== width) {
      throw new Error(`Sae.${what}: ${param} must have shape [rows, ${width}], got [${x.shape.join(', ')}]`);
    }
  };
  const topk = (pre: tf.Tensor2D, k: number): tf.Tensor2D => {
    // TopK then ReLU, selected on the host: tfjs' broadcast compare/mask ops are slow on wasm, and this
    // is the exact selection the trainer uses
    const rows = pre.shape[0];
    const scores = pre.dataSync() as Float32Array;
    const out = new Float32Array(rows * dSae);
    const idx = new Int32Array(k);
    const val = new Float32Array(k);
    const count = new Int32Array(1);
    for (let b = 0; b < rows; b++) {
      selectTopK(scores.subarray(b * dSae, (b + 1) * dSae), 1, dSae, k, idx, val, count);
      for (let t = 0; t < count[0]!; t++) out[b * dSae + idx[t]!] = val[t]!;
    }
    return tf.tensor2d(out, [rows, dSae]);
  };
  const normalizeIn = (x: tf.Tensor2D): tf.Tensor2D => {
    if (normalization === 'constant_norm_rescale') {
      const scale = tf.div(Math.sqrt(dIn), tf.norm(x, 'euclidean', 1, true)) as tf.Tensor2D;
      forgetNorm();
      lastNorm = { rows: x.shape[0], scale: tf.keep(scale) };
      return tf.mul(x, scale);
    }
    if (normalization === 'layer_norm') {
      const mu = tf.mean(x, 1, true) as tf.Tensor2D;
      const centred = tf.sub(x, mu);
      // Bessel-corrected standard deviation, as torch.std
      const std = tf.sqrt(tf.div(tf.sum(tf.square(centred), 1, true), Math.max(1, dIn - 1))) as tf.Tensor2D;
      forgetNorm();
      lastNorm = { rows: x.shape[0], scale: tf.keep(std), shift: tf.keep(mu) };
      return tf.div(centred, tf.add(std, 1e-5));
    }
    return x;
  };
  const normalizeOut = (y: tf.Tensor2D): tf.Tensor2D => {
    if (normalization !== 'constant_norm_rescale' && normalization !== 'layer_norm') return y;
    if (!lastNorm || lastNorm.rows !== y.shape[0]) {
      throw new Error(
        `Sae.decode: this SAE normalises its input (${normalization}); decode needs the statistics of an encode of the same ${y.shape[0]} rows first (or use forward)`,
      );
    }
    return normalization === 'layer_norm' ? tf.add(tf.mul(y, lastNorm.scale), lastNorm.shift!) : tf.div(y, lastNorm.scale);
  };
  const encode = (x: tf.Tensor2D): tf.Tensor2D => {
    alive('encode');
    checkInput(x, dIn, 'encode', 'x');
    return tf.tidy(() => {
      const input = normalizeIn(x);
      const centred = frozen.applyBDecToInput ? tf.sub(input, b_dec) : input;
      const projected = tf.matMul(centred, W_enc);
      const act = frozen.activation;
      if (act.type === 'gated') {
        const gate = tf.cast(tf.greater(tf.add(projected, b_gate!), 0), 'float32');
        return tf.mul(gate, tf.relu(tf.add(tf.mul(projected, magScale!), b_enc)));
      }
      const pre = tf.add(projected, b_enc) as tf.Tensor2D;
      if (act.type === 'relu') return tf.relu(pre);
      if (act.type === 'jumprelu') return tf.mul(tf.relu(pre), tf.cast(tf.greater(pre, threshold!), 'float32'));
      return topk(decNorm ? tf.mul(pre, decNorm) : pre, act.k);
    });
  };
  const decode = (features: tf.Tensor2D): tf.Tensor2D => {
    alive('decode');
    checkInput(features, dSae, 'decode', 'features');
    return tf.tidy(() => {
      const f = decNorm ? tf.div(features, decNorm) : features;
      return normalizeOut(tf.add(tf.matMul(f, W_dec), b_dec) as tf.Tensor2D);
    });
  };
  const forward = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => decode(encode(x)));
  const viaArray = (data: Float32Array, rows: number, width: number, fn: (t: tf.Tensor2D) => tf.Tensor2D, what: string) => {
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`Sae.${what}: rows must be an integer >= 0, got ${rows}`);
    if (data.length !== rows * width) {
      throw new Error(`Sae.${what}: data must hold rows * ${width} = ${rows * width} floats, got ${data.length}`);
    }
    const t = tf.tensor2d(data, [rows, width]);
    try {
      const out = fn(t);
      const result = out.dataSync() as Float32Array;
      out.dispose();
      return result;
    } finally {
      t.dispose();
    }
  };
  // host copies for the array paths (selection and sparse decoding run in JavaScript)
  // (plain SAEs only: input normalisation and decoder-norm rescaling go through the tensor path)
  const hostPath = normalization === 'none' && !config.rescaleActsByDecoderNorm;
  const bEncHost = weights.b_enc.slice();
  const bDecHost = weights.b_dec.slice();
  const wDecHost = weights.W_dec.slice();
  const checkRows = (data: Float32Array, rows: number, width: number, what: string): void => {
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`Sae.${what}: rows must be an integer >= 0, got ${rows}`);
    if (!(data instanceof Float32Array)) throw new TypeError(`Sae.${what}: data must be a Float32Array`);
    if (data.length !== rows * width) {
      throw new Error(`Sae.${what}: data must hold rows * ${width} = ${rows * width} floats, got ${data.length}`);
    }
  };
  const encodeSparse = (data: Float32Array, rows: number): SparseFeatures => {
    alive('encodeSparse');
    checkRows(data, rows, dIn, 'encodeSparse');
    const act = frozen.activation;
    if (!hostPath || (act.type !== 'topk' && act.type !== 'relu')) return toSparseFeatures(viaArray(data, rows, dIn, encode, 'encodeSparse'), rows, dSae);
    const block = Math.min(ENCODE_BLOCK_ROWS, Math.max(rows, 1));
    const xc = new Float32Array(block * dIn);
    // TopK: fixed k slots; ReLU: per-row lists, packed at the end
    const k = act.type === 'topk' ? act.k : 0;
    const indices = new Int32Array(rows * k).fill(-1);
    const values = new Float32Array(rows * k);
    const rowIdx = new Int32Array(k);
    const rowVal = new Float32Array(k);
    const count = new Int32Array(1);
    const lists: { idx: Int32Array; val: Float32Array }[] = [];
    for (let r0 = 0; r0 < rows; r0 += block) {
      const n = Math.min(block, rows - r0);
      const x = data.subarray(r0 * dIn, (r0 + n) * dIn);
      if (frozen.applyBDecToInput) {
        for (let b = 0; b < n; b++) for (let i = 0; i < dIn; i++) xc[b * dIn + i] = x[b * dIn + i]! - bDecHost[i]!;
      } else xc.set(x);
      const pre = tf.tidy(() => tf.matMul(tf.tensor2d(xc.subarray(0, n * dIn), [n, dIn]), W_enc));
      const scores = pre.dataSync() as Float32Array;
      pre.dispose();
      for (let b = 0; b < n; b++) {
        const row = scores.subarray(b * dSae, (b + 1) * dSae);
        for (let j = 0; j < dSae; j++) row[j]! += bEncHost[j]!;
        if (act.type === 'topk') {
          selectTopK(row, 1, dSae, k, rowIdx, rowVal, count);
          const o = (r0 + b) * k;
          indices.set(rowIdx.subarray(0, count[0]!), o);
          values.set(rowVal.subarray(0, count[0]!), o);
          sortRowSlots(indices, values, o, count[0]!);
        } else {
          let c = 0;
          for (let j = 0; j < dSae; j++) if (row[j]! > 0) c++;
          const idx = new Int32Array(c);
          const val = new Float32Array(c);
          c = 0;
          for (let j = 0; j < dSae; j++) {
            if (row[j]! > 0) {
              idx[c] = j;
              val[c++] = row[j]!;
            }
          }
          sortRowSlots(idx, val, 0, c);
          lists.push({ idx, val });
        }
      }
    }
    if (act.type === 'topk') return { rows, k, dSae, indices, values };
    let kMax = 0;
    for (const l of lists) kMax = Math.max(kMax, l.idx.length);
    const packedIdx = new Int32Array(rows * kMax).fill(-1);
    const packedVal = new Float32Array(rows * kMax);
    lists.forEach((l, r) => {
      packedIdx.set(l.idx, r * kMax);
      packedVal.set(l.val, r * kMax);
    });
    return { rows, k: kMax, dSae, indices: packedIdx, values: packedVal };
  };
  const decodeSparse = (features: SparseFeatures): Float32Array => {
    alive('decodeSparse');
    const { rows, k, indices, values } = features;
    if (features.dSae !== dSae) throw new Error(`Sae.decodeSparse: features.dSae must be ${dSae}, got ${features.dSae}`);
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(k) || k < 0 || indices.length !== rows * k || values.length !== rows * k) {
      throw new Error(`Sae.decodeSparse: features.indices and features.values must hold rows * k = ${rows * k} entries, got ${indices.length} and ${values.length}`);
    }
    if (!hostPath) return viaArray(toDenseFeatures(features), rows, dSae, decode, 'decodeSparse');
    const out = new Float32Array(rows * dIn);
    for (let r = 0; r < rows; r++) {
      const o = r * dIn;
      out.set(bDecHost, o);
      for (let t = r * k, e = t + k; t < e; t++) {
        const j = indices[t]!;
        if (j < 0) continue;
        if (j >= dSae) throw new Error(`Sae.decodeSparse: features.indices[${t}] = ${j} is not a feature id in [0, ${dSae})`);
        const v = values[t]!;
        if (v === 0) continue;
        const w = j * dIn;
        for (let i = 0; i < dIn; i++) out[o + i]! += v * wDecHost[w + i]!;
      }
    }
    return out;
  };
  const freq = options.featureFrequency;
  if (freq !== undefined) checkSize('featureFrequency', freq, dSae, `[${dSae}]`);
  return {
    config: frozen,
    ...(freq !== undefined ? { featureFrequency: freq.slice() } : {}),
    W_enc,
    W_dec,
    b_enc,
    b_dec,
    ...(threshold ? { threshold } : {}),
    ...(b_gate ? { b_gate } : {}),
    ...(r_mag ? { r_mag } : {}),
    encode,
    decode,
    forward,
    encodeArray: (data, rows) => {
      alive('encodeArray');
      checkRows(data, rows, dIn, 'encodeArray');
      return toDenseFeatures(encodeSparse(data, rows));
    },
    encodeSparse,
    decodeSparse,
    decodeArray: (features, rows) => viaArray(features, rows, dSae, decode, 'decodeArray'),
    forwardArray: (data, rows) => viaArray(data, rows, dIn, forward, 'forwardArray'),
    getWeights: () => {
      alive('getWeights');
      return {
        W_enc: W_enc.dataSync().slice() as Float32Array,
        W_dec: W_dec.dataSync().slice() as Float32Array,
        b_enc: b_enc.dataSync().slice() as Float32Array,
        b_dec: b_dec.dataSync().slice() as Float32Array,
        ...(threshold ? { threshold: threshold.dataSync().slice() as Float32Array } : {}),
        ...(b_gate ? { b_gate: b_gate.dataSync().slice() as Float32Array } : {}),
        ...(r_mag ? { r_mag: r_mag.dataSync().slice() as Float32Array } : {}),
      };
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      forgetNorm();
      tf.dispose(owned);
    },
  };
}
