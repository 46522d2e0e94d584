import { join } from 'node:path';
import { splitFileNames } from '@interp/dataset/node';
import { ACTIVATIONS_FILE, harvestToFile } from '@interp/harvest/node';
import { createProgress } from '../createProgress';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { stepCacheOptions } from '../stepCacheOptions';
import { loadSplits } from './generateStep';
import { loadTrainedMlp } from './trainMlpStep';

/** File the harvest step writes (the reference run's `mlp_activations.pt`, as safetensors). */
export { ACTIVATIONS_FILE };

/** Result of the harvest step. */
export interface HarvestResult {
  rows: number;
  width: number;
  hook: string;
}

/** Cache key of the harvest step. */
export function getHarvestKey(ctx: PipelineContext, mlpKey: string): string {
  return hashValue({ step: 'harvest', mlpKey, harvest: ctx.config.harvest });
}

/** Step 4/7: runs the frozen MLP over the training split and writes the hook's activations. */
export async function runHarvest(
  ctx: PipelineContext,
  mlpKey: string,
): Promise<StepRecord<HarvestResult> & { cached: boolean }> {
  const key = getHarvestKey(ctx, mlpKey);
  return runCachedStep<HarvestResult>({
    ...stepCacheOptions(ctx),
    step: 'harvest',
    key,
    run: async () => {
      ctx.log.info('Harvesting activations...');
      const { train } = await loadSplits(ctx);
      const model = await loadTrainedMlp(ctx);
      const bar = createProgress('Harvest', train.rows, { quiet: ctx.quiet });
      try {
        let info: Awaited<ReturnType<typeof harvestToFile>> | undefined;
        const files = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
          info = await harvestToFile(model, train, join(dir, ACTIVATIONS_FILE), {
          hook: ctx.config.harvest.hook,
          batchSize: ctx.config.harvest.batchSize,
          onProgress: (p) => {
            ctx.signal?.throwIfAborted();
            bar.update(p.rowsDone);
          },
          metadata: {
            datasetFile: splitFileNames.train,
            datasetSeed: ctx.config.seed,
            backend: ctx.backend?.description ?? 'unknown',
            stepKey: key,
          },
          });
          return { activations: ACTIVATIONS_FILE };
        });
        if (!info) throw new Error('harvest: no activations were written');
        bar.finish();
        ctx.log.info(`Success! Saved tensor of shape: [${info.rows}, ${info.width}]`);
        return { files, result: { rows: info.rows, width: info.width, hook: info.hook ?? ctx.config.harvest.hook } };
      } finally {
        model.dispose();
      }
    },
  });
}
