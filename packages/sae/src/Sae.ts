import * as tf from '@tensorflow/tfjs-core';
import type { SaeConfig, SaeWeights } from './SaeConfig';
import { selectTopK } from './selectTopK';

/** A sparse autoencoder: `f = act((x - b_dec) W_enc + b_enc)`, `x_hat = f W_dec + b_dec`. */
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
  /** Feature activations `[rows, dSae]` of activations `[rows, dIn]` (a new tensor; the caller disposes it). */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /** Reconstruction `[rows, dIn]` from feature activations `[rows, dSae]`. */
  decode(features: tf.Tensor2D): tf.Tensor2D;
  /** `decode(encode(x))`. */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /** {@link Sae.encode} on a row-major `Float32Array` of `rows` rows. */
  encodeArray(data: Float32Array, rows: number): Float32Array;
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
    throw new Error(`createSae: ${name} must hold ${expected} floats (${shape}); got ${array.length}`);
  }
}

/**
 * Checks an SAE config, naming the field at fault and its allowed range.
 *
 * @example
 * ```ts
 * validateSaeConfig({ dIn: 512, dSae: 2048, activation: { type: 'topk', k: 4096 }, applyBDecToInput: true });
 * // throws: config.activation.k must be an integer in [1, dSae=2048]; got 4096
 * ```
 */
export function validateSaeConfig(config: SaeConfig, where = 'config'): void {
  const positiveInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  if (!positiveInt(config.dIn)) throw new Error(`${where}.dIn must be an integer >= 1; got ${String(config.dIn)}`);
  if (!positiveInt(config.dSae)) throw new Error(`${where}.dSae must be an integer >= 1; got ${String(config.dSae)}`);
  const act = config.activation as { type?: unknown; k?: unknown } | undefined;
  if (act?.type === 'topk') {
    if (!positiveInt(act.k) || (act.k as number) > config.dSae) {
      throw new Error(`${where}.activation.k must be an integer in [1, dSae=${config.dSae}]; got ${String(act.k)}`);
    }
  } else if (act?.type !== 'relu') {
    throw new Error(`${where}.activation.type must be 'relu' or 'topk'; got ${JSON.stringify(act?.type)}`);
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
  validateSaeConfig(config);
  const { dIn, dSae } = config;
  checkSize('W_enc', weights.W_enc, dIn * dSae, `[${dIn}, ${dSae}]`);
  checkSize('W_dec', weights.W_dec, dSae * dIn, `[${dSae}, ${dIn}]`);
  checkSize('b_enc', weights.b_enc, dSae, `[${dSae}]`);
  checkSize('b_dec', weights.b_dec, dIn, `[${dIn}]`);
  const frozen: SaeConfig = { ...config, activation: { ...config.activation } };
  const W_enc = tf.tensor2d(weights.W_enc, [dIn, dSae]);
  const W_dec = tf.tensor2d(weights.W_dec, [dSae, dIn]);
  const b_enc = tf.tensor1d(weights.b_enc);
  const b_dec = tf.tensor1d(weights.b_dec);
  let disposed = false;

  const alive = (what: string): void => {
    if (disposed) throw new Error(`Sae.${what}: this SAE was disposed`);
  };
  const checkInput = (x: tf.Tensor, width: number, what: string, param: string): void => {
    if (x.rank !== 2 || x.shape[1] !== width) {
      throw new Error(`Sae.${what}: ${param} must have shape [rows, ${width}]; got [${x.shape.join(', ')}]`);
    }
  };
  const activate = (pre: tf.Tensor2D): tf.Tensor2D => {
    const act = frozen.activation;
    if (act.type === 'relu') return tf.relu(pre);
    // TopK then ReLU, selected on the host: tfjs' broadcast compare/mask ops are slow on wasm, and this
    // is the exact selection the trainer uses
    const k = act.k;
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
  const encode = (x: tf.Tensor2D): tf.Tensor2D => {
    alive('encode');
    checkInput(x, dIn, 'encode', 'x');
    return tf.tidy(() => {
      const centred = frozen.applyBDecToInput ? tf.sub(x, b_dec) : x;
      return activate(tf.add(tf.matMul(centred, W_enc), b_enc));
    });
  };
  const decode = (features: tf.Tensor2D): tf.Tensor2D => {
    alive('decode');
    checkInput(features, dSae, 'decode', 'features');
    return tf.tidy(() => tf.add(tf.matMul(features, W_dec), b_dec));
  };
  const forward = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => decode(encode(x)));
  const viaArray = (data: Float32Array, rows: number, width: number, fn: (t: tf.Tensor2D) => tf.Tensor2D, what: string) => {
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`Sae.${what}: rows must be an integer >= 0; got ${rows}`);
    if (data.length !== rows * width) {
      throw new Error(`Sae.${what}: data must hold rows * ${width} = ${rows * width} floats; got ${data.length}`);
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
  const freq = options.featureFrequency;
  if (freq !== undefined) checkSize('featureFrequency', freq, dSae, `[${dSae}]`);
  return {
    config: frozen,
    ...(freq !== undefined ? { featureFrequency: freq.slice() } : {}),
    W_enc,
    W_dec,
    b_enc,
    b_dec,
    encode,
    decode,
    forward,
    encodeArray: (data, rows) => viaArray(data, rows, dIn, encode, 'encodeArray'),
    decodeArray: (features, rows) => viaArray(features, rows, dSae, decode, 'decodeArray'),
    forwardArray: (data, rows) => viaArray(data, rows, dIn, forward, 'forwardArray'),
    getWeights: () => {
      alive('getWeights');
      return {
        W_enc: W_enc.dataSync().slice() as Float32Array,
        W_dec: W_dec.dataSync().slice() as Float32Array,
        b_enc: b_enc.dataSync().slice() as Float32Array,
        b_dec: b_dec.dataSync().slice() as Float32Array,
      };
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      tf.dispose([W_enc, W_dec, b_enc, b_dec]);
    },
  };
}
