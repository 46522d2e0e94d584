import { evaluateMlp, trainMlp, type Mlp } from '@interp/models';
import { loadMlp, saveMlp } from '@interp/models/node';
import { buildMlpTrainingSet, buildTrainMlpOptions, summarizeMlpTraining, type TrainMlpResult } from '@interp/pipeline';
import { createProgress } from '../createProgress';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { basename } from 'node:path';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { checkCancelled, stepCacheOptions } from '../stepCacheOptions';
import { loadSplits } from './generateStep';

/** Result of the train-mlp step (declared in @interp/pipeline, the lab's record too). */
export type { TrainMlpResult };

/** Cache key of the train-mlp step: its config and the generate step's key. */
export function getTrainMlpKey(ctx: PipelineContext, generateKey: string): string {
  return hashValue({ step: 'train-mlp', generateKey, seed: ctx.config.seed, mlp: ctx.config.mlp, extra: ctx.config.data.mlpExtraRows });
}

/**
 * Step 3/7: trains the MLP on the train split plus `mlpExtraRows` generated rows
 * (disjoint from val and test), keeps the best validation checkpoint and scores it on the test split.
 */
export async function runTrainMlp(
  ctx: PipelineContext,
  generateKey: string,
): Promise<StepRecord<TrainMlpResult> & { cached: boolean }> {
  return runCachedStep<TrainMlpResult>({
    ...stepCacheOptions(ctx),
    step: 'train-mlp',
    key: getTrainMlpKey(ctx, generateKey),
    run: async () => {
      const splits = await loadSplits(ctx);
      const { train, val, test } = splits;
      const { inputs, targets, rows, extraRows } = buildMlpTrainingSet(ctx.config, splits);
      ctx.log.info(`Training on ${rows} rows (${train.rows} from mlp_train.xlsx + ${extraRows} generated), validating on ${val.rows}`);
      let bar: ReturnType<typeof createProgress> | undefined;
      const { model, history } = await trainMlp(
        { train: { inputs, targets, rows }, val: { inputs: val.inputs, targets: val.targets, rows: val.rows } },
        {
          ...buildTrainMlpOptions(ctx.config),
          onLog: (line) => ctx.log.info(line),
          onProgress: (p) => {
            bar ??= createProgress('MLP steps', p.epochs * p.steps, { quiet: ctx.quiet });
            bar.update((p.epoch - 1) * p.steps + p.step, `epoch ${p.epoch}/${p.epochs}${p.valMse === undefined ? '' : ` val MSE ${p.valMse.toFixed(4)}`}`);
          },
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
      );
      const evaluation = evaluateMlp(model, { inputs: test.inputs, targets: test.targets, rows: test.rows });
      bar?.finish(`best epoch ${history.bestEpoch}, val MSE ${history.bestValMse.toFixed(4)}`);
      ctx.log.info(`MLP trained on ${history.threads} thread(s)${history.threadsNote ? ` (${history.threadsNote})` : ''}: ${((history.steps * (ctx.config.mlp.batchSize)) / history.seconds).toFixed(0)} rows/s, ${history.seconds.toFixed(1)} s`);
      ctx.log.info(`Test MSE: ${evaluation.mse.toFixed(4)} | exact after rounding: ${(evaluation.exactFraction * 100).toFixed(1)}%`);
      let files: Record<string, string>;
      try {
        await checkCancelled(ctx.signal);
        files = await stageArtifacts(ctx.out, ctx.signal, async (dir) => {
          const saved = await saveMlp(model, dir);
          return { mlpWeights: basename(saved.weightsPath), mlpConfig: basename(saved.configPath) };
        });
      } finally {
        model.dispose();
      }
      return { files, result: summarizeMlpTraining(history, evaluation, rows) };
    },
  });
}

/** Loads the MLP a previous train-mlp step saved. */
export function loadTrainedMlp(ctx: PipelineContext): Promise<Mlp> {
  return loadMlp(ctx.out);
}
