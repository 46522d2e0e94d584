import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp train-mlp`: step 3, the bottleneck MLP.
 *
 * @example
 * ```ts
 * await trainMlpCommand.run({ out: './interp-out' }, { signal });
 * ```
 */
export const trainMlpCommand = defineCommand({
  name: 'train-mlp',
  summary: 'step 3: train the bottleneck MLP (mlp_weights.safetensors, mlp_config.json)',
  description: `Reads the splits from --out, trains 10 -> 512 -> 64 -> 1 with Adam (plus extra generated rows, see
data.mlpExtraRows), keeps the best validation checkpoint, reports test MSE, and writes
mlp_weights.safetensors and mlp_config.json.`,
  flags: {},
  commonFlags: pipelineFlags,
  examples: ['interp train-mlp --out ./interp-out'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('train-mlp', flags, io),
});
