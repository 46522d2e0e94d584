import { checkEnum, checkInteger } from '@interp/core';

/**
 * Activation of the hidden layer, e.g. `'relu'`.
 *
 * @example
 * ```ts
 * import { createMlp, type HiddenActivation } from '@interp/models';
 * const hiddenActivation: HiddenActivation = 'gelu';
 * const model = createMlp({ hiddenActivation }, { seed: 1 });
 * ```
 */
export type HiddenActivation = 'relu' | 'gelu' | 'tanh';
/**
 * Activation of the bottleneck layer (`linear` = none).
 *
 * @example
 * ```ts
 * import { createMlp, type BottleneckActivation } from '@interp/models';
 * const bottleneckActivation: BottleneckActivation = 'linear'; // no activation after the bottleneck
 * const model = createMlp({ bottleneckActivation }, { seed: 1 });
 * ```
 */
export type BottleneckActivation = 'relu' | 'gelu' | 'tanh' | 'linear';

/**
 * Shape of the bottleneck MLP: `inputSize -> hiddenSize -> bottleneckSize -> outputSize`.
 * Inputs are scaled inside the model: `x * inputScale + inputShift`, per column.
 *
 * @example
 * ```ts
 * const config: MlpConfig = { ...defaultMlpConfig, bottleneckSize: 16, hiddenActivation: 'gelu' };
 * ```
 */
export interface MlpConfig {
  /** Input columns (10 for the reference task). */
  inputSize: number;
  /** Width of the hidden layer, the one the rest of the pipeline studies (512). */
  hiddenSize: number;
  /** Width of the bottleneck layer. */
  bottleneckSize: number;
  /** Output columns (1). */
  outputSize: number;
  /** Activation after the hidden layer. */
  hiddenActivation: HiddenActivation;
  /** Activation after the bottleneck layer. */
  bottleneckActivation: BottleneckActivation;
  /** Per-input multiplier, length `inputSize`. */
  inputScale: number[];
  /** Per-input offset added after scaling, length `inputSize`. */
  inputShift: number[];
}

const DIGIT = 1 / 9;
const POINTER = 1;

/**
 * The reference model: 10 inputs (`[c1_0..c1_3, p1, c2_0..c2_3, p2]`, digits scaled
 * by 1/9, pointers by 1: sharp pointer inputs make the selection easier to learn) -> 512 relu -> 32 relu -> 1. This is the configuration
 * {@link referenceTrainingPreset} trains to the quality bar.
 *
 * @example
 * ```ts
 * const model = createMlp(defaultMlpConfig, { seed: 1 });
 * ```
 */
export const defaultMlpConfig: Readonly<MlpConfig> = Object.freeze({
  inputSize: 10,
  hiddenSize: 512,
  bottleneckSize: 32,
  outputSize: 1,
  hiddenActivation: 'relu',
  bottleneckActivation: 'relu',
  inputScale: Object.freeze([DIGIT, DIGIT, DIGIT, DIGIT, POINTER, DIGIT, DIGIT, DIGIT, DIGIT, POINTER]),
  inputShift: Object.freeze([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
}) as Readonly<MlpConfig>;

const HIDDEN_ACTIVATIONS: readonly string[] = ['relu', 'gelu', 'tanh'];
const BOTTLENECK_ACTIVATIONS: readonly string[] = ['relu', 'gelu', 'tanh', 'linear'];

function checkSize(name: string, value: unknown): void {
  checkInteger(value, `MlpConfig.${name}`, { min: 1, max: 65536 });
}

/**
 * Fills in defaults and checks an MLP configuration. When `inputSize` differs from
 * the default and no scaling is given, `inputScale` defaults to ones and `inputShift` to zeros.
 *
 * @example
 * ```ts
 * resolveMlpConfig({ bottleneckSize: 16 }).hiddenSize; // 512
 * ```
 * @throws RangeError naming the field and its allowed values.
 */
export function resolveMlpConfig(config: Partial<MlpConfig> = {}): MlpConfig {
  const inputSize = config.inputSize ?? defaultMlpConfig.inputSize;
  const sameWidth = inputSize === defaultMlpConfig.inputSize;
  const resolved: MlpConfig = {
    inputSize,
    hiddenSize: config.hiddenSize ?? defaultMlpConfig.hiddenSize,
    bottleneckSize: config.bottleneckSize ?? defaultMlpConfig.bottleneckSize,
    outputSize: config.outputSize ?? defaultMlpConfig.outputSize,
    hiddenActivation: config.hiddenActivation ?? defaultMlpConfig.hiddenActivation,
    bottleneckActivation: config.bottleneckActivation ?? defaultMlpConfig.bottleneckActivation,
    inputScale: [...(config.inputScale ?? (sameWidth ? defaultMlpConfig.inputScale : new Array<number>(inputSize).fill(1)))],
    inputShift: [...(config.inputShift ?? (sameWidth ? defaultMlpConfig.inputShift : new Array<number>(inputSize).fill(0)))],
  };
  checkSize('inputSize', resolved.inputSize);
  checkSize('hiddenSize', resolved.hiddenSize);
  checkSize('bottleneckSize', resolved.bottleneckSize);
  checkSize('outputSize', resolved.outputSize);
  checkEnum(resolved.hiddenActivation, 'MlpConfig.hiddenActivation', HIDDEN_ACTIVATIONS);
  checkEnum(resolved.bottleneckActivation, 'MlpConfig.bottleneckActivation', BOTTLENECK_ACTIVATIONS);
  for (const key of ['inputScale', 'inputShift'] as const) {
    const v = resolved[key];
    if (v.length !== resolved.inputSize) {
      throw new RangeError(`MlpConfig.${key} must have inputSize = ${resolved.inputSize} entries, got ${v.length}`);
    }
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new RangeError(`MlpConfig.${key}[${i}] must be a finite number, got ${JSON.stringify(x)}`);
      }
    });
  }
  return resolved;
}
