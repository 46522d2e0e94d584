import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';

/**
 * Checks that `hook` is a hook point of the model and that the SAE reads activations of its width;
 * returns the width.
 *
 * @internal
 */
export function resolveHook(model: Mlp, sae: Sae | undefined, hook: string, where: string): number {
  if (typeof hook !== 'string' || !model.hookPoints.includes(hook)) {
    throw new RangeError(`${where}: unknown hook '${String(hook)}'; valid hooks: ${model.hookPoints.join(', ')}`);
  }
  const width = model.hookWidth(hook);
  if (sae && sae.config.dIn !== width) {
    throw new RangeError(`${where}: the SAE reads ${sae.config.dIn}-wide activations (dIn), but hook '${hook}' is ${width} wide`);
  }
  return width;
}

/**
 * Checks a batch size option.
 *
 * @internal
 */
export function checkBatchSize(batchSize: number, where: string): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${where}: options.batchSize must be an integer >= 1, got ${String(batchSize)}`);
  }
}

/**
 * Checks row-major inputs against the model width; returns the row count.
 *
 * @internal
 */
export function checkInputs(inputs: Float32Array, rows: number, inputSize: number, where: string): void {
  if (!(inputs instanceof Float32Array)) throw new TypeError(`${where}: inputs must be a Float32Array [rows, ${inputSize}]`);
  if (!Number.isInteger(rows) || rows < 0 || inputs.length !== rows * inputSize) {
    throw new RangeError(`${where}: inputs must hold rows * inputSize = ${rows} * ${inputSize} = ${rows * inputSize} values, got ${inputs.length}`);
  }
  for (let k = 0; k < inputs.length; k++) {
    if (!Number.isFinite(inputs[k] as number)) {
      throw new RangeError(`${where}: input row ${Math.floor(k / inputSize)}, column ${k % inputSize} is ${String(inputs[k])}, not a finite number`);
    }
  }
}
