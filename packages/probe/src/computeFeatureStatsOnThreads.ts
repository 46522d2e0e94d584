import { DEFAULT_HOOK_POINT } from '@interp/models';
import { checkInteger } from '@interp/core';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { checkProbeData } from './checkProbeData';
import { computeFeatureStats, type FeatureStatsOptions, type FeatureStatsResult } from './computeFeatureStats';
import { runFeatureActivationsOnThreads } from './runFeatureActivationsOnThreads';
import type { ProbeData } from './ProbeData';
import { resolveHook } from './resolveHook';

/**
 * Options of {@link computeFeatureStatsOnThreads}.
 *
 * @example
 * ```ts
 * import { computeFeatureStatsOnThreads, type FeatureStatsThreadOptions } from '@interp/probe';
 * const options: FeatureStatsThreadOptions = { activations: acts, threads: 2 };
 * const stats = await computeFeatureStatsOnThreads(model, sae, train, options);
 * ```
 */
export interface FeatureStatsThreadOptions extends FeatureStatsOptions {
  /** Threads of the encoder when `activations` is not given; default all cores. */
  threads?: number;
}

/**
 * {@link computeFeatureStats} with the rows encoded on worker threads when `activations` is not given
 * ({@link runFeatureActivationsOnThreads}); the statistics and output effects are then computed as
 * `computeFeatureStats` computes them, so the result is the same, bit for bit, on any thread count.
 *
 * @example
 * ```ts
 * const acts = await runFeatureActivationsOnThreads(model, sae, train);
 * const stats = await computeFeatureStatsOnThreads(model, sae, train, { activations: acts, threads: 2 });
 * stats.features[0]?.outputEffect; // { ablateDelta, addDelta }
 * ```
 * @throws RangeError for an unknown hook, a bad option, or a dataset of the wrong width.
 */
export async function computeFeatureStatsOnThreads(model: Mlp, sae: Sae, data: ProbeData, options: FeatureStatsThreadOptions = {}): Promise<FeatureStatsResult> {
  const where = 'computeFeatureStatsOnThreads';
  const { threads, ...rest } = options;
  if (threads !== undefined) checkInteger(threads, `${where}: options.threads`, { min: 1, max: 256 });
  const hook = options.hook ?? DEFAULT_HOOK_POINT;
  resolveHook(model, sae, hook, where);
  const d = checkProbeData(data, where, model.config.inputSize);
  const acts =
    options.activations ??
    (await runFeatureActivationsOnThreads(model, sae, d, { hook, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }), ...(threads === undefined ? {} : { threads }) }));
  return computeFeatureStats(model, sae, d, { ...rest, activations: acts });
}
