import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from './createMlp';
import { checkMlpData, type MlpData } from './mlpData';

/**
 * Runs the model over row-major raw inputs in batches; returns the outputs row-major.
 *
 * @example
 * ```ts
 * const y = predictMlp(model, new Float32Array([8, 9, 5, 1, 3, 2, 9, 4, 7, 1]), 1);
 * ```
 * @throws RangeError naming the row and column of a NaN input, or the width mismatch.
 */
export function predictMlp(model: Mlp, inputs: Float32Array, rows: number, batchSize = 8192): Float32Array {
  const { inputSize, outputSize } = model.config;
  checkMlpData({ inputs, targets: new Float32Array(rows * outputSize), rows }, inputSize, outputSize, 'predictMlp');
  const out = new Float32Array(rows * outputSize);
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const y = tf.tidy(() => {
      const x = tf.tensor2d(inputs.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize], 'float32');
      return model.forward(x);
    });
    out.set(y.dataSync() as Float32Array, start * outputSize);
    y.dispose();
  }
  return out;
}

/**
 * What {@link evaluateMlp} measures.
 *
 * @example
 * ```ts
 * import { evaluateMlp, type MlpEvaluation } from '@interp/models';
 * const m: MlpEvaluation = evaluateMlp(model, test);
 * console.log(`test MSE ${m.mse.toFixed(4)}, exact ${(100 * m.exactFraction).toFixed(1)}% of ${m.rows} rows`);
 * ```
 */
export interface MlpEvaluation {
  /** Mean squared error over every output. */
  mse: number;
  /** Fraction of rows whose every output, rounded, equals the target. */
  exactFraction: number;
  /** Rows evaluated. */
  rows: number;
}

/**
 * Mean squared error and exact-after-rounding accuracy of a model on a split.
 *
 * @example
 * ```ts
 * const { mse, exactFraction } = evaluateMlp(model, testSplit);
 * ```
 */
export function evaluateMlp(model: Mlp, data: MlpData): MlpEvaluation {
  const { inputSize, outputSize } = model.config;
  checkMlpData(data, inputSize, outputSize, 'evaluateMlp');
  const pred = predictMlp(model, data.inputs, data.rows);
  return scorePredictions(pred, data.targets, data.rows, outputSize);
}

/**
 * MSE and exact-after-rounding fraction of predictions against targets.
 *
 * @internal
 */
export function scorePredictions(pred: Float32Array, targets: Float32Array, rows: number, outputSize: number): MlpEvaluation {
  let sse = 0;
  let exact = 0;
  for (let r = 0; r < rows; r++) {
    let ok = true;
    for (let c = 0; c < outputSize; c++) {
      const k = r * outputSize + c;
      const d = (pred[k] as number) - (targets[k] as number);
      sse += d * d;
      if (Math.round(pred[k] as number) !== Math.round(targets[k] as number)) ok = false;
    }
    if (ok) exact++;
  }
  return { mse: sse / (rows * outputSize), exactFraction: exact / rows, rows };
}
