import { generateDataset, type DatasetSplits } from '@interp/dataset';
import type { PipelineConfig } from './pipelineConfigSchema';

/**
 * The rows the pipeline's MLP trains on: the train split, then `data.mlpExtraRows` generated rows.
 *
 * @example
 * ```ts
 * const { inputs, targets, rows }: MlpTrainingSet = buildMlpTrainingSet(config, splits);
 * await trainMlp({ train: { inputs, targets, rows }, val: splits.val }, buildTrainMlpOptions(config));
 * ```
 */
export interface MlpTrainingSet {
  inputs: Float32Array;
  targets: Float32Array;
  rows: number;
  /** Generated rows after the train split's (disjoint from val and test). */
  extraRows: number;
}

/**
 * The MLP's training rows: the train split followed by `data.mlpExtraRows` rows generated with seed
 * `seed + 1000003`, none of them equal to a validation or test row (the CLI's train-mlp step and the lab).
 *
 * @example
 * ```ts
 * import { generateSplits } from '@interp/dataset';
 * import { buildMlpTrainingSet, presets } from '@interp/pipeline';
 * const { seed, data } = presets.quick;
 * const set = buildMlpTrainingSet(presets.quick, generateSplits({ seed, train: data.train, val: data.val, test: data.test }));
 * set.rows; // 2000 + 30000
 * ```
 */
export function buildMlpTrainingSet(config: Pick<PipelineConfig, 'seed' | 'data'>, splits: DatasetSplits): MlpTrainingSet {
  const { train, val, test } = splits;
  const extra = generateDataset({ rows: config.data.mlpExtraRows, seed: config.seed + 1_000_003, exclude: [val, test] });
  const inputs = new Float32Array(train.inputs.length + extra.inputs.length);
  inputs.set(train.inputs);
  inputs.set(extra.inputs, train.inputs.length);
  const targets = new Float32Array(train.rows + extra.rows);
  targets.set(train.targets);
  targets.set(extra.targets, train.rows);
  return { inputs, targets, rows: train.rows + extra.rows, extraRows: extra.rows };
}
