import type { DatasetSplit } from '@interp/dataset';
import type { Mlp } from '@interp/models';
import {
  combineFeatureSummaries,
  computeFeatureStats,
  runFeatureActivationsOnThreads,
  runSpliceTestOnThreads,
  scoreFeatures,
  traceCircuit,
  type CircuitTrace,
  type FeatureScores,
  type FeatureSummary,
  type SpliceTestResult,
} from '@interp/probe';
import { createThreadedEncoder, resolveThreads, type Sae } from '@interp/sae';

/**
 * What the probe step computes over the splits: feature labels and statistics, the splice test and the circuit trace.
 *
 * @example
 * ```ts
 * const stages: ProbeStages = await runProbeStages(model, sae, splits.train, splits.test, hook);
 * console.log(`MSE recovered ${stages.splice.mseRecovered.toFixed(1)}%`);
 * ```
 */
export interface ProbeStages {
  scores: FeatureScores;
  features: FeatureSummary[];
  splice: SpliceTestResult;
  trace: CircuitTrace;
}

/**
 * Names of the probe step's five stages, in order (what `onStage` is told).
 *
 * @example
 * ```ts
 * import { probeStageNames } from '@interp/pipeline';
 * probeStageNames.length; // 5
 * ```
 */
export const probeStageNames = ['feature activations', 'concept scores', 'feature statistics', 'splice test', 'circuit trace'] as const;

/**
 * Options of {@link runProbeStages}.
 *
 * @example
 * ```ts
 * const options: ProbeStagesOptions = { threads: 2 };
 * await runProbeStages(model, sae, splits.train, splits.test, 'hidden.post', undefined, options);
 * ```
 */
export interface ProbeStagesOptions {
  /**
   * Threads of the SAE encoder, an integer in [1, 256] (default all cores); the results are
   * the same on any thread count.
   */
  threads?: number;
}

/**
 * The probe step in memory (the CLI's and the lab's): every feature's statistics and ground-truth label over
 * the train rows, the splice test on the test rows and the circuit trace. `onStage(done, name)` is awaited
 * before each stage, so a caller can draw progress, yield to the page or stop on a signal between stages.
 * The train rows are encoded on worker threads (`runFeatureActivationsOnThreads`; the same results as on one), and the splice test's rows are encoded on the
 * same encoder (`runSpliceTestOnThreads`, the same MSEs as `runSpliceTest` on wasm).
 *
 * @throws RangeError when `options.threads` is not an integer in [1, 256] (before any stage runs).
 * @example
 * ```ts
 * const { features, splice } = await runProbeStages(model, sae, splits.train, splits.test, 'hidden.post', (done, name) => bar.update(done, name));
 * ```
 */
export async function runProbeStages(
  model: Mlp,
  sae: Sae,
  train: DatasetSplit,
  test: DatasetSplit,
  hook: string,
  onStage: (done: number, name: string) => void | Promise<void> = () => {},
  options: ProbeStagesOptions = {},
): Promise<ProbeStages> {
  // checked here, before the model runs over every train row (the stages would only check it on their threads)
  if (options.threads !== undefined) resolveThreads(options.threads, 'runProbeStages: options.threads');
  const stage = async <T>(done: number, work: () => T | Promise<T>): Promise<T> => {
    await onStage(done, probeStageNames[done] ?? '');
    return work();
  };
  // One threaded encoder for the train rows and the splice test (started while the model runs in stage 0).
  const encoder = createThreadedEncoder(sae, options.threads);
  encoder.catch(() => undefined); // a failed start is reported where the stages await it, not as an unhandled rejection
  try {
    const activations = await stage(0, () => runFeatureActivationsOnThreads(model, sae, train, { hook, encoder }));
    const scores = await stage(1, () => scoreFeatures(activations.codes, train));
    // with the activations given, the statistics need no threads (computeFeatureStatsOnThreads would only encode)
    const stats = await stage(2, () => computeFeatureStats(model, sae, train, { hook, activations }));
    const features = combineFeatureSummaries(stats, scores);
    const splice = await stage(3, () => runSpliceTestOnThreads(model, sae, test, { hook, encoder }));
    const trace = await stage(4, () => traceCircuit(model, sae, train, { hook, labels: scores, activations }));
    return { scores, features, splice, trace };
  } finally {
    (await encoder.catch(() => undefined))?.dispose();
  }
}
