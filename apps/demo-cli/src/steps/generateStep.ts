import { generateSplits, type DatasetSplit, type DatasetSplits } from '@interp/dataset';
import { splitFileNames, writeSplits } from '@interp/dataset/node';
import { basename, join } from 'node:path';
import { hashValue } from '../hashValue';
import { readSplitFile } from '../readSplitFile';
import type { PipelineContext } from '../pipelineContext';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { checkCancelled, stepCacheOptions } from '../stepCacheOptions';

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
    ...stepCacheOptions(ctx),
    step: 'generate',
    key: getGenerateKey(ctx),
    run: async () => {
      const splits = generateSplits({ seed: ctx.config.seed, train, val, test });
      await checkCancelled(ctx.signal);
      const files = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
        const written = await writeSplits(dir, splits, (name, rows) => {
          ctx.log.info(`Generating ${rows} rows for ${splitFileNames[name]}...`);
          ctx.log.info(`Successfully saved ${splitFileNames[name]}`);
        });
        return { train: basename(written.train), val: basename(written.val), test: basename(written.test) };
      }, ctx.sourceDate ? { zipDate: ctx.sourceDate } : {});
      return { files, result: { rows: { train, val, test }, seed: ctx.config.seed } };
    },
  });
}

/** Loads the splits a previous generate step wrote; a split without data rows is an error naming its file. */
export async function loadSplits(ctx: PipelineContext): Promise<DatasetSplits> {
  const read = (name: keyof DatasetSplits): Promise<DatasetSplit> => readSplitFile(join(ctx.out, splitFileNames[name]));
  const splits: DatasetSplits = { train: await read('train'), val: await read('val'), test: await read('test') };
  for (const name of ['train', 'val', 'test'] as const) {
    if (splits[name].rows === 0) {
      throw new Error(`${join(ctx.out, splitFileNames[name])}: no data rows (only a header, or empty); re-run \`interp generate --force\``);
    }
  }
  return splits;
}
