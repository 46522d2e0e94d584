import { generateSplits, type DatasetSplits } from '@interp/dataset';
import { readSplits, splitFileNames, writeSplits } from '@interp/dataset/node';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';

/** Result of the generate step. */
export interface GenerateResult {
  rows: { train: number; val: number; test: number };
  seed: number;
}

/** Cache key of the generate step. */
export function getGenerateKey(ctx: PipelineContext): string {
  const { train, val, test } = ctx.config.data;
  return hashValue({ step: 'generate', seed: ctx.config.seed, train, val, test });
}

/** Step 2/7: generates the three splits and writes them as xlsx files (skipped when cached). */
export async function runGenerate(
  ctx: PipelineContext,
): Promise<StepRecord<GenerateResult> & { cached: boolean }> {
  const { train, val, test } = ctx.config.data;
  return runCachedStep<GenerateResult>({
    out: ctx.out,
    step: 'generate',
    key: getGenerateKey(ctx),
    force: ctx.force,
    run: async () => {
      const splits = generateSplits({ seed: ctx.config.seed, train, val, test });
      const files = await writeSplits(ctx.out, splits, (name, rows) => {
        ctx.log.info(`Generating ${rows} rows for ${splitFileNames[name]}...`);
        ctx.log.info(`Successfully saved ${splitFileNames[name]}`);
      });
      return { files: { ...files }, result: { rows: { train, val, test }, seed: ctx.config.seed } };
    },
  });
}

/** Loads the splits a previous generate step wrote. */
export async function loadSplits(ctx: PipelineContext): Promise<DatasetSplits> {
  return readSplits(ctx.out);
}
