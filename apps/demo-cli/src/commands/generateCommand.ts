import { pipelineFlags, splitFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp generate`: step 2, the dataset splits as xlsx.
 *
 * @example
 * ```ts
 * await generateCommand.run({ out: './data', seed: '7' }, { signal });
 * ```
 */
export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'step 2: write mlp_train.xlsx, mlp_val.xlsx, mlp_test.xlsx',
  usage: '[--out DIR] [--seed N] [--train N] [--val N] [--test N] [options]',
  description: `Writes DIR/mlp_train.xlsx (8000 rows), DIR/mlp_val.xlsx (1000) and DIR/mlp_test.xlsx (1000):
rows [c1_0..c1_3, p1, c2_0..c2_3, p2, target] with target = |c1[p1] - c2[p2]|.
The same seed gives the same rows; splits never share a row.`,
  flags: splitFlags,
  commonFlags: pipelineFlags,
  examples: ['interp generate --out ./data', 'interp generate --out ./data --seed 7 --train 64000'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('generate', flags, io),
});
