import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import {
  combineFeatureSummaries,
  computeFeatureStats,
  formatProbeReport,
  probeInputs,
  runFeatureActivations,
  runSpliceTest,
  scoreFeatures,
  traceCircuit,
  type CircuitTrace,
  type FeatureSummary,
  type ProbeResult,
  type SpliceTestResult,
  PROBE_RESULTS_FILE,
} from '@interp/probe';
import { createProgress } from '../createProgress';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { checkCancelled, stepCacheOptions } from '../stepCacheOptions';
import { loadSplits } from './generateStep';
import { loadTrainedMlp } from './trainMlpStep';
import { loadTrainedSae } from './trainSaeStep';

/** File with everything the probe step computed (the report step renders it). */
export const PROBE_FILE = PROBE_RESULTS_FILE;

/** Result of the probe step (the summary's figures). */
export interface ProbeStepResult {
  mseRecovered: number;
  monosemanticShare: number;
  scoredFeatures: number;
  monosemanticFeatures: number;
  /** Single concepts that label at least one feature. */
  labellingConcepts: string[];
  splice: SpliceTestResult;
}

/** The probe step's full output, saved as JSON. */
export interface ProbeFileContent {
  probes: ProbeResult[];
  features: FeatureSummary[];
  trace: CircuitTrace;
  splice: SpliceTestResult;
  scoredCount: number;
  monosemanticCount: number;
  monosemanticShare: number;
  labellingConcepts: string[];
}

/** Cache key of the probe step. */
export function getProbeKey(ctx: PipelineContext, saeKey: string): string {
  return hashValue({ step: 'probe', saeKey, probe: ctx.config.probe, hook: ctx.config.harvest.hook });
}

/**
 * Step 6/7: the reference run's probe reports for the probe rows; then, over the
 * harvested training rows, every feature's statistics and ground-truth label,
 * the splice test on the test split, and the circuit trace.
 */
export async function runProbe(
  ctx: PipelineContext,
  saeKey: string,
): Promise<StepRecord<ProbeStepResult | null> & { cached: boolean }> {
  const hook = ctx.config.harvest.hook;
  if (ctx.probeOnly) {
    const [model, sae] = await Promise.all([loadTrainedMlp(ctx), loadTrainedSae(ctx)]);
    try {
      for (const r of probeInputs(model, sae, ctx.config.probe.inputs, { hook, topK: ctx.config.probe.topK })) {
        ctx.log.info(formatProbeReport(r));
      }
    } finally {
      model.dispose();
      sae.dispose();
    }
    // A one-off look at given rows: nothing is written, nothing cached.
    return { step: 'probe', key: '', files: {}, hashes: {}, result: null, finishedAt: new Date().toISOString(), seconds: 0, cached: false };
  }
  return runCachedStep<ProbeStepResult>({
    ...stepCacheOptions(ctx),
    step: 'probe',
    key: getProbeKey(ctx, saeKey),
    run: async () => {
      const [model, sae, splits] = await Promise.all([loadTrainedMlp(ctx), loadTrainedSae(ctx), loadSplits(ctx)]);
      try {
        const probes = probeInputs(model, sae, ctx.config.probe.inputs, { hook, topK: ctx.config.probe.topK });
        for (const r of probes) ctx.log.info(formatProbeReport(r));
        ctx.log.info(`Scoring ${sae.config.dSae} features against ground-truth concepts over ${splits.train.rows} training rows...`);
        const bar = createProgress('Probe', 5, { quiet: ctx.quiet });
        const stage = async <T>(done: number, label: string, work: () => T): Promise<T> => {
          bar.update(done, label);
          await checkCancelled(ctx.signal); // lets the bar draw and Ctrl-C stop the step between stages
          return work();
        };
        const activations = await stage(0, 'feature activations', () => runFeatureActivations(model, sae, splits.train, { hook }));
        const scores = await stage(1, 'concept scores', () => scoreFeatures(activations.features, splits.train));
        const stats = await stage(2, 'feature statistics', () => computeFeatureStats(model, sae, splits.train, { hook, activations }));
        const features = combineFeatureSummaries(stats, scores);
        const splice = await stage(3, 'splice test', () => runSpliceTest(model, sae, splits.test, { hook }));
        const trace = await stage(4, 'circuit trace', () => traceCircuit(model, sae, splits.train, { hook, labels: scores, activations }));
        bar.finish();
        const share = scores.scoredCount > 0 ? scores.monosemanticCount / scores.scoredCount : 0;
        const labellingConcepts = scores.labellingSingles;
        ctx.log.info(
          `Monosemantic features: ${scores.monosemanticCount} of ${scores.scoredCount} firing on >= 20 rows (${(share * 100).toFixed(1)}%)`,
        );
        ctx.log.info(
          `Splice test (test split): clean MSE ${splice.mseClean.toFixed(4)}, SAE spliced ${splice.mseSpliced.toFixed(4)}, zero-ablated ${splice.mseZeroAblated.toFixed(4)} -> MSE recovered ${splice.mseRecovered.toFixed(1)}%`,
        );
        const content: ProbeFileContent = {
          probes,
          features,
          trace,
          splice,
          scoredCount: scores.scoredCount,
          monosemanticCount: scores.monosemanticCount,
          monosemanticShare: share,
          labellingConcepts,
        };
        const files = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
          await writeFile(join(dir, PROBE_FILE), JSON.stringify(content));
          return { probeResults: PROBE_FILE };
        });
        return {
          files,
          result: {
            mseRecovered: splice.mseRecovered,
            monosemanticShare: share,
            scoredFeatures: scores.scoredCount,
            monosemanticFeatures: scores.monosemanticCount,
            labellingConcepts,
            splice,
          },
        };
      } finally {
        model.dispose();
        sae.dispose();
      }
    },
  });
}
