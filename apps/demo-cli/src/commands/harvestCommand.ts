import { pipelineFlags } from '../cli/commonFlags';
import { defineCommand } from '../cli/defineCommand';

/**
 * `interp harvest`: step 4, the MLP's hidden layer over the training split.
 *
 * @example
 * ```ts
 * await harvestCommand.run({ out: './interp-out' }, { signal });
 * ```
 */
export const harvestCommand = defineCommand({
  name: 'harvest',
  summary: 'step 4: harvest the hidden layer (mlp_activations.safetensors)',
  description: 'Writes mlp_activations.safetensors ([8000, 512] for the reference preset) with its metadata.',
  flags: {},
  commonFlags: pipelineFlags,
  examples: ['interp harvest --out ./interp-out'],
  // Imported on use: `--help` and flag errors answer without loading tfjs.
  run: async (flags, io) => (await import('../runStepCommand')).runStepCommand('harvest', flags, io),
});
