import * as tf from '@tensorflow/tfjs-core';
import { toDenseFeatures, toSparseFeatures, type Sae } from '@interp/sae';

/** One feature edit: zero it, hold it at a value, or multiply it. */
export interface FeatureEdit {
  feature: number;
  mode: 'ablate' | 'clamp' | 'scale';
  /** The clamp value or the scale factor (ignored for ablate). */
  value: number;
}

/** Adds `strength` times a feature's decoder direction to every reconstruction (steering). */
export interface FeatureSteer {
  feature: number;
  strength: number;
}

function checkFeature(sae: Sae, feature: number, where: string): void {
  if (!Number.isInteger(feature) || feature < 0 || feature >= sae.config.dSae) {
    throw new RangeError(`${where}: feature must be an integer in [0, ${sae.config.dSae - 1}], got ${String(feature)}`);
  }
}

/**
 * An SAE whose features are edited between encoder and decoder: `encode` applies the edits
 * (several at once; the last edit of a feature wins), `decode` adds the steering directions. It
 * satisfies the `Sae` interface, so `runSpliceTest` and hooks take it as they take the original.
 * Dispose it (the original stays alive).
 *
 * @example
 * ```ts
 * const edited = createEditedSae(sae, [{ feature: 3, mode: 'ablate', value: 0 }], [{ feature: 7, strength: 2 }]);
 * const splice = runSpliceTest(model, edited, test);
 * edited.dispose();
 * ```
 */
export function createEditedSae(sae: Sae, edits: readonly FeatureEdit[], steers: readonly FeatureSteer[] = []): Sae {
  const { dSae, dIn } = sae.config;
  const mult = new Float32Array(dSae).fill(1);
  const add = new Float32Array(dSae);
  for (const e of edits) {
    checkFeature(sae, e.feature, 'createEditedSae: edits');
    if (!Number.isFinite(e.value)) throw new RangeError(`createEditedSae: edit of feature ${e.feature}: value must be a finite number`);
    mult[e.feature] = e.mode === 'scale' ? e.value : 0;
    add[e.feature] = e.mode === 'clamp' ? e.value : 0;
  }
  const steer = new Float32Array(dIn);
  if (steers.length) {
    const wDec = sae.W_dec.dataSync() as Float32Array;
    for (const s of steers) {
      checkFeature(sae, s.feature, 'createEditedSae: steers');
      for (let c = 0; c < dIn; c++) steer[c] = (steer[c] as number) + s.strength * (wDec[s.feature * dIn + c] as number);
    }
  }
  const multT = tf.keep(tf.tensor1d(mult));
  const addT = tf.keep(tf.tensor1d(add));
  const steerT = tf.keep(tf.tensor1d(steer));
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.mul(sae.encode(x), multT), addT) as tf.Tensor2D);
  const decode = (f: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(sae.decode(f), steerT) as tf.Tensor2D);
  const viaTensors = (fn: (t: tf.Tensor2D) => tf.Tensor2D, data: Float32Array, rows: number, width: number): Float32Array => {
    const t = tf.tensor2d(data, [rows, width]);
    const out = fn(t);
    const values = out.dataSync() as Float32Array;
    tf.dispose([t, out]);
    return values;
  };
  return {
    config: sae.config,
    W_enc: sae.W_enc,
    W_dec: sae.W_dec,
    b_enc: sae.b_enc,
    b_dec: sae.b_dec,
    ...(sae.featureFrequency ? { featureFrequency: sae.featureFrequency } : {}),
    encode,
    decode,
    forward: (x) => tf.tidy(() => {
      const f = encode(x);
      return decode(f);
    }),
    encodeArray: (data, rows) => viaTensors(encode, data, rows, dIn),
    encodeSparse: (data, rows) => toSparseFeatures(viaTensors(encode, data, rows, dIn), rows, dSae),
    decodeSparse: (f) => viaTensors(decode, toDenseFeatures(f), f.rows, dSae),
    decodeArray: (data, rows) => viaTensors(decode, data, rows, dSae),
    forwardArray: (data, rows) => viaTensors((t) => tf.tidy(() => decode(encode(t))), data, rows, dIn),
    getWeights: () => sae.getWeights(),
    dispose: () => tf.dispose([multT, addT, steerT]),
  };
}
