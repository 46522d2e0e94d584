import { generateDataset } from '@interp/dataset';
import { evaluateMlp, trainMlp, type Mlp } from '@interp/models';
import { loadMlp, saveMlp } from '@interp/models/node';
import { buildTrainMlpOptions } from '@interp/pipeline';
import { createProgress } from '../createProgress';
import { hashValue } from '../hashValue';
import type { PipelineContext } from '../pipelineContext';
import { basename } from 'node:path';
import { runCachedStep, type StepRecord } from '../runCachedStep';
import { stageArtifacts } from '../stageArtifacts';
import { checkCancelled, stepCacheOptions } from '../stepCacheOptions';
import { loadSplits } from './generateStep';

/** Result of the train-mlp step. */
export interface TrainMlpResult {
  trainRows: number;
  epochs: number;
  bestEpoch: number;
  bestValMse: number;
  testMse: number;
  testExact: number;
  seconds: number;
  /** Validation MSE per evaluated epoch, for the run summary's training curve. */
  curve: Array<{ epoch: number; trainMse: number; valMse?: number }>;
}

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
      const { train, val, test } = await loadSplits(ctx);
      const extra = generateDataset({ rows: ctx.config.data.mlpExtraRows, seed: ctx.config.seed + 1_000_003, exclude: [val, test] });
      const inputs = new Float32Array(train.inputs.length + extra.inputs.length);
      inputs.set(train.inputs);
      inputs.set(extra.inputs, train.inputs.length);
      const targets = new Float32Array(train.rows + extra.rows);
      targets.set(train.targets);
      targets.set(extra.targets, train.rows);
      const rows = train.rows + extra.rows;
      ctx.log.info(`Training on ${rows} rows (${train.rows} from mlp_train.xlsx + ${extra.rows} generated), validating on ${val.rows}`);
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
      return {
        files,
        result: {
          trainRows: rows,
          epochs: history.epochs.length,
          bestEpoch: history.bestEpoch,
          bestValMse: history.bestValMse,
          testMse: evaluation.mse,
          testExact: evaluation.exactFraction,
          seconds: history.seconds,
          curve: history.epochs.map((e) => ({ epoch: e.epoch, trainMse: e.trainMse, ...(e.valMse === undefined ? {} : { valMse: e.valMse }) })),
        },
      };
    },
  });
}

/** Loads the MLP a previous train-mlp step saved. */
export function loadTrainedMlp(ctx: PipelineContext): Promise<Mlp> {
  return loadMlp(ctx.out);
}
