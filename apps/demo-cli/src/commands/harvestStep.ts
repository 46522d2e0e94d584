import { join } from 'node:path';
import { harvestToFile } from '@interp/harvest/node';
import { createProgress } from '../createProgress';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { loadSplits } from './generate';
import { loadTrainedMlp } from './trainMlpStep';

/** File the harvest step writes (the reference run's `mlp_activations.pt`, as safetensors). */
export const ACTIVATIONS_FILE = 'mlp_activations.safetensors';

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
    out: ctx.out,
    step: 'harvest',
    key,
    force: ctx.force,
    run: async () => {
      ctx.log.info('Harvesting activations...');
      const { train } = await loadSplits(ctx);
      const model = await loadTrainedMlp(ctx);
      const path = join(ctx.out, ACTIVATIONS_FILE);
      const bar = createProgress('Harvest', train.rows, { quiet: ctx.quiet });
      try {
        const info = await harvestToFile(model, train, path, {
          hook: ctx.config.harvest.hook,
          batchSize: ctx.config.harvest.batchSize,
          onProgress: (p) => bar.update(p.rowsDone),
          metadata: {
            datasetFile: 'mlp_train.xlsx',
            datasetSeed: ctx.config.seed,
            backend: ctx.backend?.description ?? 'unknown',
            stepKey: key,
          },
        });
        bar.finish();
        ctx.log.info(`Success! Saved tensor of shape: [${info.rows}, ${info.width}]`);
        return { files: { activations: path }, result: { rows: info.rows, width: info.width, hook: info.hook ?? ctx.config.harvest.hook } };
      } finally {
        model.dispose();
      }
    },
  });
}
