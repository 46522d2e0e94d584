import type { MlpConfig } from './mlpConfig';

/**
 * A named weight: shape and row-major float32 data.
 *
 * @example
 * ```ts
 * const w: MlpWeight = model.getWeights()['hidden.bias']; // { shape: [512], data: Float32Array(512) }
 * ```
 */
export interface MlpWeight {
  shape: number[];
  data: Float32Array;
}

/**
 * Every weight of an MLP by name (see {@link mlpWeightNames}).
 *
 * @example
 * ```ts
 * const weights: MlpWeights = model.getWeights();
 * ```
 */
export type MlpWeights = Record<string, MlpWeight>;

/**
 * The weight names of an MLP, in storage order. Weight matrices are `[in, out]`
 * (as in `tf.matMul(x, w)`), biases `[out]`.
 *
 * @example
 * ```ts
 * mlpWeightNames[0]; // 'hidden.weight'
 * ```
 */
export const mlpWeightNames = [
  'hidden.weight',
  'hidden.bias',
  'bottleneck.weight',
  'bottleneck.bias',
  'output.weight',
  'output.bias',
] as const;

/**
 * One of {@link mlpWeightNames}.
 *
 * @example
 * ```ts
 * import { defaultMlpConfig, getMlpWeightShapes, type MlpWeightName } from '@interp/models';
 * const name: MlpWeightName = 'hidden.weight';
 * getMlpWeightShapes(defaultMlpConfig)[name]; // [10, 512] for the default config
 * ```
 */
export type MlpWeightName = (typeof mlpWeightNames)[number];

/**
 * The shape of every weight of an MLP with this configuration.
 *
 * @example
 * ```ts
 * getMlpWeightShapes(defaultMlpConfig)['hidden.weight']; // [10, 512]
 * ```
 */
export function getMlpWeightShapes(config: MlpConfig): Record<MlpWeightName, number[]> {
  const { inputSize: i, hiddenSize: h, bottleneckSize: b, outputSize: o } = config;
  return {
    'hidden.weight': [i, h],
    'hidden.bias': [h],
    'bottleneck.weight': [h, b],
    'bottleneck.bias': [b],
    'output.weight': [b, o],
    'output.bias': [o],
  };
}

/**
 * Checks that `weights` holds exactly the tensors of `config`, with the right shapes
 * and finite values.
 *
 * @example
 * ```ts
 * checkMlpWeights(config, weights, 'my-weights.safetensors'); // throws on a mismatch
 * ```
 *
 * @throws Error naming the weight, its expected and actual shape (source in the message).
 */
export function checkMlpWeights(config: MlpConfig, weights: MlpWeights, source = 'weights'): void {
  const shapes = getMlpWeightShapes(config);
  for (const name of mlpWeightNames) {
    const w = weights[name];
    const want = shapes[name];
    if (!w) {
      throw new Error(`${source}: missing weight '${name}' (expected shape [${want.join(', ')}]); found ${Object.keys(weights).join(', ') || 'none'}`);
    }
    if (w.shape.length !== want.length || w.shape.some((d, k) => d !== want[k])) {
      throw new Error(
        `${source}: weight '${name}' has shape [${w.shape.join(', ')}], but the config (inputSize ${config.inputSize}, hiddenSize ${config.hiddenSize}, bottleneckSize ${config.bottleneckSize}, outputSize ${config.outputSize}) needs [${want.join(', ')}]`,
      );
    }
    const size = want.reduce((a, d) => a * d, 1);
    if (!(w.data instanceof Float32Array) || w.data.length !== size) {
      throw new Error(`${source}: weight '${name}' must be a Float32Array of ${size} values, got ${w.data?.length ?? 'none'}`);
    }
    for (let k = 0; k < w.data.length; k++) {
      if (!Number.isFinite(w.data[k])) throw new Error(`${source}: weight '${name}' holds a non-finite value at index ${k}`);
    }
  }
  const extra = Object.keys(weights).filter((n) => !(mlpWeightNames as readonly string[]).includes(n));
  if (extra.length > 0) throw new Error(`${source}: unexpected weight(s) ${extra.join(', ')}; expected ${mlpWeightNames.join(', ')}`);
}
