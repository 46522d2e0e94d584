import * as tf from '@tensorflow/tfjs-core';
import type { MlpTrainGradients, MlpTrainParams } from './computeMlpGradients';
import type { MlpConfig } from './mlpConfig';
import { getMlpWeightShapes, mlpWeightNames, type MlpWeights } from './mlpWeights';

/**
 * Where every weight of an MLP lives in the one flat parameter vector `trainMlp` optimises. The vector holds
 * the weights in storage order ({@link mlpWeightNames}); read in the training layout, its first two
 * (`hidden.weight [in, h]` then `hidden.bias [h]`) are one `W1a [in + 1, h]` matrix (bias = last row).
 *
 * @internal
 */
export interface MlpParameterLayout {
  /** Floats of the flat vector. */
  readonly size: number;
  /** The flat vector of a set of weights (storage order). */
  flatten(weights: MlpWeights): Float32Array;
  /** The weights of a flat vector, copied out. */
  toWeights(flat: Float32Array): MlpWeights;
  /** Views of a flat tensor in the training layout (call inside `tf.tidy`). */
  toTrainParams(flat: tf.Tensor1D): MlpTrainParams;
  /** The flat gradient tensor of the training-layout gradients (call inside `tf.tidy`). */
  flattenGradients(g: MlpTrainGradients): tf.Tensor1D;
}

/**
 * The parameter layout of an MLP with this configuration: the single description that `trainMlp`'s
 * initialisation, update and checkpoint use.
 *
 * @internal
 * @example
 * ```ts
 * const layout = createMlpParameterLayout(config);
 * const flat = layout.flatten(createMlp(config, { seed: 1 }).getWeights());
 * ```
 */
export function createMlpParameterLayout(config: MlpConfig): MlpParameterLayout {
  const shapes = getMlpWeightShapes(config);
  const sizes = mlpWeightNames.map((n) => shapes[n].reduce((a, d) => a * d, 1));
  const size = sizes.reduce((a, s) => a + s, 0);
  const { inputSize: nIn, hiddenSize: nH } = config;
  // training layout: W1a = hidden.weight + hidden.bias, then the remaining weights one by one
  const train: [keyof MlpTrainParams, number[]][] = [
    ['W1a', [nIn + 1, nH]],
    ['W2', shapes['bottleneck.weight']],
    ['b2', shapes['bottleneck.bias']],
    ['W3', shapes['output.weight']],
    ['b3', shapes['output.bias']],
  ];
  const trainSizes = train.map(([, shape]) => shape.reduce((a, d) => a * d, 1));
  return {
    size,
    flatten(weights) {
      const flat = new Float32Array(size);
      let off = 0;
      for (const name of mlpWeightNames) {
        const data = (weights[name] as { data: Float32Array }).data;
        flat.set(data, off);
        off += data.length;
      }
      return flat;
    },
    toWeights(flat) {
      const weights: MlpWeights = {};
      let o = 0;
      mlpWeightNames.forEach((name, k) => {
        const n = sizes[k] as number;
        weights[name] = { shape: [...shapes[name]], data: flat.slice(o, o + n) };
        o += n;
      });
      return weights;
    },
    toTrainParams(flat) {
      const r = tf.split(flat, trainSizes).map((piece, k) => tf.reshape(piece, (train[k] as [string, number[]])[1]));
      return { W1a: r[0] as tf.Tensor2D, W2: r[1] as tf.Tensor2D, b2: r[2] as tf.Tensor1D, W3: r[3] as tf.Tensor2D, b3: r[4] as tf.Tensor1D };
    },
    flattenGradients(g) {
      return tf.concat([g.dW1a, g.dW2, g.db2, g.dW3, g.db3].map((d) => tf.reshape(d, [-1]))) as tf.Tensor1D;
    },
  };
}
