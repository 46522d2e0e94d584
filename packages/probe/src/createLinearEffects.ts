import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import type { EffectPairs } from './EffectPairs';

/**
 * Per feature, the sum over its pairs `p` (in pair order) of `y(h[row[p]] + coef[p] W_dec[feat[p]]) - y(h[row[p]])`,
 * `y` the model's first output run from the hook.
 *
 * @internal
 */
export type EffectSums = (pairs: EffectPairs) => Float64Array;

/**
 * The output effects without running the model once per pair, where the model after the hook is a linear layer,
 * an element-wise ReLU (or none) and a linear output (the hook `hidden.post` of an MLP with a ReLU or linear
 * bottleneck). The bottleneck's pre-activation is linear in the hook activation, so for a pair
 * `z = (b2 + h[row] W2) + coef (W_dec[feat] W2)`: the two products are made once (`[rows, c]` and `[dSae, c]`,
 * on tfjs), and each pair costs `c` multiply-adds instead of `h c`. Every pair's output and every clean output
 * `y(h[row])` go through the same float64 arithmetic from the same float32 products, so a delta is exactly 0
 * when the decoder row adds nothing; it differs from running the model on float32 by float32 rounding only
 * (the tests hold it to 1e-4 of running the model). Returns `undefined` where the shortcut does not apply
 * (another hook, another bottleneck activation, or missing weights); the caller then runs the model.
 *
 * @internal
 */
export function createLinearEffects(model: Mlp, sae: Sae, hook: string, hookActivations: Float32Array): EffectSums | undefined {
  const { config } = model;
  const relu = config.bottleneckActivation === 'relu';
  if (hook !== 'hidden.post' || (!relu && config.bottleneckActivation !== 'linear')) return undefined;
  const H = config.hiddenSize;
  const C = config.bottleneckSize;
  const O = config.outputSize;
  if (sae.config.dIn !== H || hookActivations.length % H !== 0) return undefined;
  const weights = model.getWeights();
  const w2 = weights['bottleneck.weight']?.data;
  const b2 = weights['bottleneck.bias']?.data;
  const w3 = weights['output.weight']?.data;
  const b3 = weights['output.bias']?.data;
  if (!w2 || !b2 || !w3 || !b3 || w2.length !== H * C || b2.length !== C || w3.length !== C * O || b3.length < 1) return undefined;
  const rows = hookActivations.length / H;
  const dSae = sae.config.dSae;
  // z0 = h W2 + b2 for every row, d = W_dec W2 for every feature (float32 products on the backend).
  // (the typed arrays are read outside tidy, which would walk a returned array element by element)
  const [zt, dt] = tf.tidy(() => {
    const W2 = tf.tensor2d(w2, [H, C], 'float32');
    return [tf.add(tf.matMul(tf.tensor2d(hookActivations, [rows, H], 'float32'), W2), tf.tensor1d(b2, 'float32')), tf.matMul(sae.W_dec, W2)];
  });
  const z0 = zt.dataSync() as Float32Array;
  const dz = dt.dataSync() as Float32Array;
  tf.dispose([zt, dt]);
  const v3 = new Float64Array(C);
  for (let c = 0; c < C; c++) v3[c] = w3[c * O] as number;
  const bias3 = b3[0] as number;
  // The clean first output of every row, through the same arithmetic as the pairs.
  const clean = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let y = bias3;
    for (let c = 0, o = r * C; c < C; c++) {
      const z = z0[o + c] as number;
      if (!relu || z > 0) y += z * (v3[c] as number);
    }
    clean[r] = y;
  }
  return (pairs) => {
    const sums = new Float64Array(dSae);
    sumPairEffects(pairs, z0, dz, v3, C, bias3, clean, relu, sums);
    return sums;
  };
}

/** The per-pair loop of {@link createLinearEffects} (a function of its own, so that it is optimised as one). */
function sumPairEffects(
  pairs: EffectPairs,
  z0: Float32Array,
  dz: Float32Array,
  v3: Float64Array,
  C: number,
  bias3: number,
  clean: Float64Array,
  relu: boolean,
  sums: Float64Array,
): void {
  const { row, feat, coef } = pairs;
  for (let p = 0; p < pairs.length; p++) {
    const r = row[p] as number;
    const j = feat[p] as number;
    const a = coef[p] as number;
    const zo = r * C;
    const dO = j * C;
    let y = bias3;
    if (relu) {
      for (let c = 0; c < C; c++) {
        const z = (z0[zo + c] as number) + a * (dz[dO + c] as number);
        if (z > 0) y += z * (v3[c] as number);
      }
    } else {
      for (let c = 0; c < C; c++) y += ((z0[zo + c] as number) + a * (dz[dO + c] as number)) * (v3[c] as number);
    }
    sums[j] = (sums[j] as number) + (y - (clean[r] as number));
  }
}
