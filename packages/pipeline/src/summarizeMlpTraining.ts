import type { MlpEvaluation, MlpTrainingHistory } from '@interp/models';

/**
 * Result of the train-mlp step (the CLI's `.interp/train-mlp.json` record, the lab's too).
 *
 * @example
 * ```ts
 * const result: TrainMlpResult = summarizeMlpTraining(history, evaluation, set.rows);
 * console.log(`best epoch ${result.bestEpoch}, test MSE ${result.testMse.toFixed(4)}`);
 * ```
 */
export interface TrainMlpResult {
  trainRows: number;
  epochs: number;
  bestEpoch: number;
  bestValMse: number;
  testMse: number;
  testExact: number;
  seconds: number;
  /** Threads the training steps ran on. */
  threads: number;
  /** Why fewer threads ran than were asked for. */
  threadsNote?: string;
  /** Validation MSE per evaluated epoch, for the run summary's training curve. */
  curve: Array<{ epoch: number; trainMse: number; valMse?: number }>;
}

/**
 * The train-mlp step's record: rows trained on, epochs run, the best validation epoch, the test split's
 * MSE and exact fraction, and the per-epoch curve from the trainer's history.
 *
 * @example
 * ```ts
 * const { model, history } = await trainMlp({ train: set, val }, buildTrainMlpOptions(config));
 * const result = summarizeMlpTraining(history, evaluateMlp(model, test), set.rows);
 * ```
 */
export function summarizeMlpTraining(history: MlpTrainingHistory, evaluation: MlpEvaluation, trainRows: number): TrainMlpResult {
  return {
    trainRows,
    epochs: history.epochs.length,
    bestEpoch: history.bestEpoch,
    bestValMse: history.bestValMse,
    testMse: evaluation.mse,
    testExact: evaluation.exactFraction,
    seconds: history.seconds,
    threads: history.threads,
    ...(history.threadsNote === undefined ? {} : { threadsNote: history.threadsNote }),
    curve: history.epochs.map((e) => ({ epoch: e.epoch, trainMse: e.trainMse, ...(e.valMse === undefined ? {} : { valMse: e.valMse }) })),
  };
}
