import { DEFAULT_HOOK_POINT } from '@interp/models';
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@interp/models';
import { createThreadedEncoder, type Sae, type SparseFeatures } from '@interp/sae';
import { joinCodes, withDenseFeatures, type FeatureActivationOptions, type FeatureActivations, type ProbeRows } from './computeFeatureActivations';
import { checkBatchSize, checkInputs, resolveHook } from './resolveHook';

/**
 * Something that encodes row-major hook activations into sparse SAE codes, as `sae.encodeSparse` does; the
 * `ThreadedEncoder` of `@interp/sae`'s `createThreadedEncoder` fits.
 *
 * @example
 * ```ts
 * import { createThreadedEncoder } from '@interp/sae';
 * import type { SparseEncoder } from '@interp/probe';
 * const encoder: SparseEncoder | undefined = await createThreadedEncoder(sae, 2);
 * ```
 */
export interface SparseEncoder {
  /** Codes of `rows` rows of `data` (`[rows, dIn]`, row-major), as `sae.encodeSparse(data, rows)` gives them. */
  encodeSparse(data: Float32Array, rows: number): Promise<SparseFeatures>;
}

/**
 * Options of {@link runFeatureActivationsOnThreads}.
 *
 * @example
 * ```ts
 * import { runFeatureActivationsOnThreads, type FeatureActivationThreadOptions } from '@interp/probe';
 * const options: FeatureActivationThreadOptions = { hook: 'hidden.post', threads: 2 };
 * const acts = await runFeatureActivationsOnThreads(model, sae, train, options);
 * ```
 */
export interface FeatureActivationThreadOptions extends FeatureActivationOptions {
  /**
   * Threads of the encoder started for the call (default all cores; `createThreadedEncoder`'s `threads`).
   * Ignored when `encoder` is given.
   */
  threads?: number;
  /**
   * An encoder already started, or starting, for this SAE (the caller disposes it; one that resolves to
   * `undefined` means `sae.encodeSparse`); default one started and stopped here.
   */
  encoder?: SparseEncoder | Promise<SparseEncoder | undefined>;
}

/**
 * {@link runFeatureActivations} with the SAE encoding on worker threads: the model runs on the tfjs backend in
 * batches (as there), then every row's hook activation is encoded by `@interp/sae`'s threaded TopK encoder
 * (`createThreadedEncoder`, started while the model runs). Its encoder product rounds as tfjs' wasm `matMul` and
 * splits the rows over the threads, so the codes are those of `runFeatureActivations` on the wasm backend, bit
 * for bit and on any thread count (barring an exact tie at the k-th largest pre-activation, where either
 * feature may be kept). SAEs the threaded encoder does not run (not TopK, input normalisation, no SIMD) are
 * encoded by `sae.encodeSparse`, as in `runFeatureActivations`.
 *
 * @example
 * ```ts
 * const acts = await runFeatureActivationsOnThreads(model, sae, train, { hook: 'hidden.post', threads: 2 });
 * const scores = scoreFeatures(acts.codes, train);
 * ```
 * @throws RangeError for an unknown hook, an SAE of the wrong width, or inputs of the wrong width.
 */
export async function runFeatureActivationsOnThreads(
  model: Mlp,
  sae: Sae,
  data: ProbeRows,
  options: FeatureActivationThreadOptions = {},
): Promise<FeatureActivations> {
  const where = 'runFeatureActivationsOnThreads';
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  const batchSize = options.batchSize ?? 1024;
  checkBatchSize(batchSize, where);
  const dIn = resolveHook(model, sae, hook, where);
  const { inputSize, outputSize } = model.config;
  checkInputs(data.inputs, data.rows, inputSize, where);
  const { rows } = data;
  const dSae = sae.config.dSae;
  // The workers start while the model runs below.
  const started = options.encoder ? undefined : createThreadedEncoder(sae, options.threads);
  const hookActivations = new Float32Array(rows * dIn);
  const outputs = new Float32Array(rows * outputSize);
  let owned: Awaited<ReturnType<typeof createThreadedEncoder>> = undefined;
  try {
    for (let start = 0; start < rows; start += batchSize) {
      const n = Math.min(batchSize, rows - start);
      const x = tf.tensor2d(data.inputs.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize], 'float32');
      const { output, cache } = model.runWithCache(x, [hook]);
      const h = cache[hook] as tf.Tensor2D;
      try {
        hookActivations.set(h.dataSync() as Float32Array, start * dIn);
        outputs.set(output.dataSync() as Float32Array, start * outputSize);
      } finally {
        tf.dispose([x, output, h]);
      }
    }
    owned = await started;
    const encoder = options.encoder === undefined ? owned : await options.encoder;
    let codes: SparseFeatures;
    if (encoder) codes = await encoder.encodeSparse(hookActivations, rows);
    else {
      const parts: SparseFeatures[] = [];
      for (let start = 0; start < rows; start += batchSize) {
        const n = Math.min(batchSize, rows - start);
        parts.push(sae.encodeSparse(hookActivations.subarray(start * dIn, (start + n) * dIn), n));
      }
      codes = joinCodes(parts, rows, dSae);
    }
    return withDenseFeatures({ rows, dSae, dIn, codes, hookActivations, outputs });
  } finally {
    (owned ?? (await started?.catch(() => undefined)))?.dispose();
  }
}
