import * as tf from '@tensorflow/tfjs-core';
import type { HookFn, Mlp } from '@interp/models';
import type { SpliceTestResult } from './runSpliceTest';

/** Running sums of squared output errors of the three runs of a splice test. */
export interface SpliceErrorSums {
  clean: number;
  spliced: number;
  zero: number;
}

/** The hook replacement of each run of a splice test (`undefined`: the clean run, no hook). */
type SpliceVariants = Record<keyof SpliceErrorSums, Record<string, HookFn> | undefined>;

/**
 * Adds one batch's summed squared output errors (`sum((model(x) - y)^2)`, float32 on the backend) of each run to
 * `sums`, in the order clean (no hook), spliced (`splice` replaces the activation at `hook`), zero-ablated (zeros
 * replace it).
 *
 * @internal Shared by {@link runSpliceTest} and `runSpliceTestOnThreads`.
 * @example
 * ```ts
 * const sums = { clean: 0, spliced: 0, zero: 0 };
 * addSpliceErrors(model, x, y, 'hidden.post', (a) => sae.forward(a), sums);
 * ```
 */
export function addSpliceErrors(model: Mlp, x: tf.Tensor2D, y: tf.Tensor2D, hook: string, splice: HookFn, sums: SpliceErrorSums): void {
  const variants: SpliceVariants = {
    clean: undefined,
    spliced: { [hook]: splice },
    zero: { [hook]: (a) => tf.zerosLike(a) },
  };
  for (const key of ['clean', 'spliced', 'zero'] as const) {
    const hooks = variants[key];
    const s = tf.tidy(() => tf.sum(tf.squaredDifference(model.forward(x, hooks ? { hooks } : {}), y)));
    sums[key] += (s.dataSync() as Float32Array)[0] as number;
    s.dispose();
  }
}

/**
 * The splice test's result from its error sums over `rows` rows of `outputSize` outputs: the three MSEs and the
 * share of the zero-ablation gap that splicing recovers (NaN when ablating costs nothing).
 *
 * @internal Shared by {@link runSpliceTest} and `runSpliceTestOnThreads`.
 * @example
 * ```ts
 * const result = summarizeSpliceErrors('hidden.post', 1000, 1, { clean: 12.1, spliced: 380, zero: 1090 });
 * // result.mseRecovered === 65.4...
 * ```
 */
export function summarizeSpliceErrors(hook: string, rows: number, outputSize: number, sums: SpliceErrorSums): SpliceTestResult {
  const count = rows * outputSize;
  const mseClean = sums.clean / count;
  const mseSpliced = sums.spliced / count;
  const mseZeroAblated = sums.zero / count;
  const gap = mseZeroAblated - mseClean;
  return { hook, rows, mseClean, mseSpliced, mseZeroAblated, mseRecovered: gap > 0 ? (100 * (mseZeroAblated - mseSpliced)) / gap : Number.NaN };
}
