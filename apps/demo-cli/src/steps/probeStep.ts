import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { splitFileNames } from '@interp/dataset/node';
import type { DatasetSplit } from '@interp/dataset';
import { formatProbeReport, probeInputs, PROBE_RESULTS_FILE } from '@interp/probe';
import { runProbeStages, summarizeProbe, type ProbeFileContent, type ProbeStepResult } from '@interp/pipeline';
import { createProgress } from '../createProgress';
import { readSplitFile } from '../readSplitFile';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { checkCancelled, stepCacheOptions } from '../stepCacheOptions';
import { loadTrainedMlp } from './trainMlpStep';
import { loadTrainedSae } from './trainSaeStep';

/** File with everything the probe step computed (the report step renders it). */
export const PROBE_FILE = PROBE_RESULTS_FILE;

/** Result of the probe step and the content of `probe_results.json` (declared in @interp/pipeline; the lab exports them too). */
export type { ProbeFileContent, ProbeStepResult };

/**
 * The splits the probe step reads: the train rows (statistics, labels, trace) and the test rows (splice test);
 * `mlp_val.xlsx` is not parsed.
 */
async function loadProbeSplits(ctx: PipelineContext): Promise<{ train: DatasetSplit; test: DatasetSplit }> {
  const read = async (name: 'train' | 'test'): Promise<DatasetSplit> => {
    const path = join(ctx.out, splitFileNames[name]);
    const split = await readSplitFile(path);
    if (split.rows === 0) throw new Error(`${path}: no data rows (only a header, or empty); re-run \`interp generate --force\``);
    return split;
  };
  const train = await read('train');
  return { train, test: await read('test') };
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
      const [model, sae, splits] = await Promise.all([loadTrainedMlp(ctx), loadTrainedSae(ctx), loadProbeSplits(ctx)]);
      try {
        const probes = probeInputs(model, sae, ctx.config.probe.inputs, { hook, topK: ctx.config.probe.topK });
        for (const r of probes) ctx.log.info(formatProbeReport(r));
        ctx.log.info(`Scoring ${sae.config.dSae} features against ground-truth concepts over ${splits.train.rows} training rows...`);
        const bar = createProgress('Probe', 5, { quiet: ctx.quiet });
        const threads = ctx.config.threads;
        const stages = await runProbeStages(
          model,
          sae,
          splits.train,
          splits.test,
          hook,
          async (done, name) => {
            bar.update(done, name);
            await checkCancelled(ctx.signal); // lets the bar draw and Ctrl-C stop the step between stages
          },
          threads === undefined || threads === 'auto' ? {} : { threads },
        );
        bar.finish();
        const { result, content } = summarizeProbe(stages, probes);
        const { scores, splice } = stages;
        ctx.log.info(
          `Monosemantic features: ${scores.monosemanticCount} of ${scores.scoredCount} firing on >= 20 rows (${(result.monosemanticShare * 100).toFixed(1)}%)`,
        );
        ctx.log.info(
          `Splice test (test split): clean MSE ${splice.mseClean.toFixed(4)}, SAE spliced ${splice.mseSpliced.toFixed(4)}, zero-ablated ${splice.mseZeroAblated.toFixed(4)} -> MSE recovered ${splice.mseRecovered.toFixed(1)}%`,
        );
        const files = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
          await writeFile(join(dir, PROBE_FILE), JSON.stringify(content));
          return { probeResults: PROBE_FILE };
        });
        return { files, result };
      } finally {
        model.dispose();
        sae.dispose();
      }
    },
  });
}
