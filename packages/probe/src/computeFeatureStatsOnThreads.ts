import { DEFAULT_HOOK_POINT } from '@interp/models';
import { checkInteger } from '@interp/core';
import type { Mlp } from '@interp/models';
import type { Sae } from '@interp/sae';
import { checkProbeData } from './checkProbeData';
import { computeFeatureStats, prepareFeatureStats, runFirstOutputs, sumEffects, type FeatureStatsOptions, type FeatureStatsResult } from './computeFeatureStats';
import { createOutputEffectRunner, type EffectPairs, type OutputEffectRunner } from './createOutputEffectRunner';
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
  /** Threads of the output effects (and of the encoder when `activations` is not given); default all cores. */
  threads?: number;
}

/**
 * {@link computeFeatureStats} with the output effects on worker threads: with the hook at `hidden.post` and a
 * ReLU or linear bottleneck, the model's layers after the hook run on `@interp/kernels`' matMul, which rounds as
 * tfjs' wasm backend does (XNNPACK: every sum in order of its inner index from its bias), split by (feature, row)
 * pair, so every figure is the one `computeFeatureStats` gives on the wasm backend, bit for bit, on any thread
 * count. Other hooks and models, and platforms without WebAssembly SIMD, run the effects on tfjs as
 * `computeFeatureStats` does. Without `activations`, the rows are encoded by {@link runFeatureActivationsOnThreads}.
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
  const effectRows = options.effectRows ?? 64;
  const capacity = Number.isInteger(effectRows) && effectRows > 0 ? sae.config.dSae * effectRows : 0;
  // The workers start while the statistics are gathered.
  const started = capacity > 0 ? createOutputEffectRunner(model, sae, hook, acts.hookActivations, capacity, threads, where) : Promise.resolve(undefined);
  let runner: OutputEffectRunner | undefined;
  try {
    const s = prepareFeatureStats(model, sae, d, { ...rest, activations: acts }, where);
    runner = await started;
    const effects = async (pairs: EffectPairs): Promise<Float64Array> => {
      const outputs = runner ? await runner.firstOutputs(pairs) : runFirstOutputs(model, sae, s.hook, acts.hookActivations, pairs, s.batchSize);
      return sumEffects(outputs, acts.outputs, model.config.outputSize, pairs, s.dSae);
    };
    const abl = await effects(s.abl);
    const add = await effects(s.add);
    return s.finish(abl, add);
  } finally {
    (runner ?? (await started.catch(() => undefined)))?.dispose();
  }
}
