import type { Mlp } from '@interp/models';
import { createThreadedEncoder, type Sae, type SparseFeatures } from '@interp/sae';
import { withDenseFeatures, type FeatureActivationOptions, type FeatureActivations, type ProbeRows } from './computeFeatureActivations';
import { encodeInBatches } from './encodeInBatches';
import { resolveBatchedRun } from './resolveBatchedRun';
import { runHookBatches } from './runHookBatches';

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
  const run = resolveBatchedRun(model, sae, data, options, 1024, 'runFeatureActivationsOnThreads');
  const { rows } = data;
  // The workers start while the model runs below.
  const started = options.encoder ? undefined : createThreadedEncoder(sae, options.threads);
  let owned: Awaited<ReturnType<typeof createThreadedEncoder>> = undefined;
  try {
    const { hookActivations, outputs } = runHookBatches(model, data, run);
    owned = await started;
    const encoder = options.encoder === undefined ? owned : await options.encoder;
    const codes = encoder ? await encoder.encodeSparse(hookActivations, rows) : encodeInBatches(sae, hookActivations, rows, run.batchSize);
    return withDenseFeatures({ rows, dSae: sae.config.dSae, dIn: run.dIn, codes, hookActivations, outputs });
  } finally {
    (owned ?? (await started?.catch(() => undefined)))?.dispose();
  }
}
